// Client-side calls of the report's route handlers. Errors carry the server's message (safe to show); a 409
// carries the item as stored now, so the page can show what someone else changed.
import { fetchApi, ApiError } from '@/components/investigation/trace/api';
import type { ActionItemResponse, ActionItemsResponse, ConflictResponse, FreezeResponse, MaturityEntryResponse, ReportOverviewResponse, SectionResponse } from '@/lib/report/api-types';
import type { ActionItemView, SectionKey } from '@/lib/report/types';

export { ApiError };

export class ConflictError extends Error {
  constructor(
    message: string,
    readonly current: ActionItemView,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

function withTz(path: string, tz: string | null, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  if (tz) params.set('tz', tz);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export function reportApiPath(month: string, tz: string | null, tail = '', extra: Record<string, string> = {}): string {
  return withTz(`/api/reports/${encodeURIComponent(month)}${tail}`, tz, extra);
}

export function fetchOverview(month: string, tz: string | null, signal?: AbortSignal): Promise<ReportOverviewResponse> {
  return fetchApi(reportApiPath(month, tz), signal);
}

export function fetchSection<K extends SectionKey>(month: string, tz: string | null, key: K, signal?: AbortSignal): Promise<SectionResponse<K>> {
  return fetchApi(reportApiPath(month, tz, `/sections/${key}`), signal);
}

export function fetchActionItems(month: string, tz: string | null, signal?: AbortSignal): Promise<ActionItemsResponse> {
  return fetchApi(reportApiPath(month, tz, '/action-items'), signal);
}

async function send<T>(method: string, url: string, body?: unknown): Promise<T | null> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('The Weft server did not answer: check that it is running.', 0);
  }
  if (response.status === 204) return null;
  const json: unknown = await response.json().catch(() => null);
  if (response.status === 409 && json && typeof json === 'object' && 'current' in json) {
    const conflict = json as ConflictResponse;
    throw new ConflictError(conflict.error, conflict.current);
  }
  if (!response.ok) {
    const message = json && typeof json === 'object' && 'error' in json && typeof json.error === 'string' ? json.error : `The Weft server answered ${response.status}`;
    throw new ApiError(message, response.status);
  }
  return json as T;
}

export interface ActionItemDraft {
  title: string;
  owner: string;
  dueDate: string | null;
  status: ActionItemView['status'];
  ticketUrl: string | null;
  notes: string;
  sloId: string | null;
  incidentRef: string | null;
}

export async function createActionItem(draft: ActionItemDraft & { reportMonth: string }): Promise<ActionItemView> {
  const answer = await send<ActionItemResponse>('POST', '/api/reports/action-items', draft);
  if (!answer) throw new ApiError('The server answered without the item', 500);
  return answer.item;
}

export async function updateActionItem(id: string, version: number, changes: Partial<ActionItemDraft>): Promise<ActionItemView> {
  const answer = await send<ActionItemResponse>('PATCH', `/api/reports/action-items/${encodeURIComponent(id)}`, { version, ...changes });
  if (!answer) throw new ApiError('The server answered without the item', 500);
  return answer.item;
}

export async function deleteActionItem(id: string, version: number): Promise<void> {
  await send('DELETE', `/api/reports/action-items/${encodeURIComponent(id)}?version=${version}`);
}

export async function freezeReport(month: string, tz: string | null, frozenBy: string): Promise<FreezeResponse> {
  const answer = await send<FreezeResponse>('POST', reportApiPath(month, tz, '/freeze'), { frozenBy });
  if (!answer) throw new ApiError('The server answered without the snapshot', 500);
  return answer;
}

export async function unfreezeReport(month: string, tz: string | null): Promise<void> {
  await send('DELETE', reportApiPath(month, tz, '/freeze'));
}

export async function saveMaturity(month: string, tz: string | null, entry: { axis: string; value: number; note: string; updatedBy: string }): Promise<MaturityEntryResponse> {
  const answer = await send<MaturityEntryResponse>('PUT', reportApiPath(month, tz, '/maturity'), entry);
  if (!answer) throw new ApiError('The server answered without the entry', 500);
  return answer;
}

export async function fetchMarkdown(month: string, tz: string | null, live: boolean): Promise<string> {
  const response = await fetch(reportApiPath(month, tz, '/markdown', live ? { live: '1' } : {}));
  if (!response.ok) throw new ApiError(`The Markdown export failed (${response.status})`, response.status);
  return response.text();
}

/** The name people type for "frozen by" / "entered by", remembered in this browser. */
const NAME_KEY = 'weft.report.name';

export function rememberedName(): string {
  try {
    return window.localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

export function rememberName(name: string): void {
  try {
    window.localStorage.setItem(NAME_KEY, name);
  } catch {
    // Private mode: the name is asked again next time.
  }
}
