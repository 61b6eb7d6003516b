// What the report's route handlers answer (shared by the handlers, the page and the tests).
import type { MonthListEntry, ReportOverview } from './report-service';
import type { ActionItemView, SectionKey, SectionState, SnapshotInfo } from './types';
import type { EnteredValue } from './maturity';

export type { MonthListEntry, ReportOverview } from './report-service';

/** GET /api/reports */
export interface ReportListResponse {
  timeZone: string;
  months: MonthListEntry[];
}

/** GET /api/reports/[month]?tz= */
export type ReportOverviewResponse = ReportOverview;

/** GET /api/reports/[month]/sections/[section]?tz= */
export type SectionResponse<K extends SectionKey = SectionKey> = SectionState<K>;

/** GET /api/reports/[month]/action-items?tz= */
export interface ActionItemsResponse {
  items: ActionItemView[];
}

/** POST/PATCH /api/reports/action-items[/id] */
export interface ActionItemResponse {
  item: ActionItemView;
}

/** 409 of PATCH/DELETE: someone else changed the item; `current` is what is stored now. */
export interface ConflictResponse {
  error: string;
  current: ActionItemView;
}

/** POST /api/reports/[month]/freeze */
export interface FreezeResponse {
  snapshot: SnapshotInfo;
}

/** PUT /api/reports/[month]/maturity */
export interface MaturityEntryResponse {
  entry: EnteredValue;
}

export interface ErrorResponse {
  error: string;
}
