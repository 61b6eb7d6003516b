// JSON of the SLO route handlers, shared by the handlers and the components that read them. Numbers read
// from Prometheus are SourceResults: a failed Prometheus leaves the definitions on the page, with its reason.
import type { SourceResult } from '../correlate/source-result';
import type { PeriodBudget } from './burn-rate';
import type { BurnRates } from './burn-status';
import type { QueryCheck } from './check-queries';
import type { Slo, SloPeriod } from './model';
import type { BurnDown } from './period';
import type { SliSeries } from './read-slo';
import type { TraceLinks } from './trace-links';

/** GET /api/slo */
export interface SloListResponse {
  slos: Slo[];
}

export interface SloPeriodSummary {
  period: SloPeriod;
  budget: PeriodBudget;
  badEvents: number;
  totalEvents: number;
  /** Hour buckets in which Prometheus had no data. */
  emptyBuckets: number;
}

export interface SloSummary {
  /** The instant the numbers are for: the end of the time range (never in the future). */
  atMs: number;
  burn: SourceResult<BurnRates>;
  period: SourceResult<SloPeriodSummary>;
}

/** GET /api/slo/[id]/summary?from&to — a list row or a home tile. */
export interface SloSummaryResponse extends SloSummary {
  slo: Slo;
}

/** GET /api/slo/[id]/report?from&to — the SLO page. */
export interface SloReportResponse extends SloSummary {
  slo: Slo;
  range: { fromMs: number; toMs: number; stepMs: number };
  burnDown: BurnDown | null;
  sli: SourceResult<SliSeries>;
  /** Traces of the service in the worst window (or the time range when no window burns). */
  traces: TraceLinks & { window: string | null };
  /** The PromQL behind the numbers, over one hour, to copy into Prometheus. */
  queries: { numerator: string; total: string; errorRatio: string };
}

/** POST /api/slo, PUT /api/slo/[id]: 200/201 */
export interface SloSaveResponse {
  slo: Slo;
  warnings: string[];
}

/** 4xx of the SLO handlers: a message, and for a failed query check each problem. */
export interface SloErrorBody {
  error: string;
  errors?: string[];
  warnings?: string[];
}

/** POST /api/slo/check */
export type SloCheckResponse = QueryCheck;

export interface ImportedSloPreview {
  name: string;
  service: string;
  source: 'sloth' | 'openslo';
  objective: number;
  window: Slo['window'];
  /** Replaces the SLO of this service and name. */
  replaces: boolean;
  notes: string[];
  warnings: string[];
  /** Set when the import was saved. */
  id: string | null;
}

/** POST /api/slo/import */
export interface SloImportResponse {
  saved: boolean;
  slos: ImportedSloPreview[];
  notes: string[];
}
