// The report's route handlers, kept here so app/api/reports/** stays one line per method: parse and check the
// request, call one service function, answer JSON with one status table. Writes take JSON only (a cross-site
// form cannot send it without a CORS preflight). Unexpected failures are logged and answered without detail.
import 'server-only';
import { z } from 'zod';
import { AuthError, authErrorResponse } from '../auth/request-context';
import { getDb } from '../db';
import { currentTimeMs } from '../time-range';
import { readJsonBody } from '../permalink/read-body';
import { checkCreateActionItem, checkUpdateActionItem, MAX_BODY_BYTES } from './action-item-input';
import { createActionItem, deleteActionItem, listActionItems, updateActionItem, type WriteResult } from './action-item-store';
import type { ActionItemResponse, ActionItemsResponse, ConflictResponse, ErrorResponse, FreezeResponse, MaturityEntryResponse, ReportListResponse } from './api-types';
import { isMaturityAxis } from './maturity';
import type { ReportMonth } from './month';
import { deleteMaturityInput, saveMaturityInput } from './report-store';
import { freezeReport, getReportMarkdown, getReportOverview, getSection, listReportMonths, resolveMonth, unfreezeReport } from './report-service';
import { SECTION_KEYS, type SectionKey } from './types';

const NO_STORE = { 'Cache-Control': 'no-store' };

type Status = 'bad-request' | 'not-found' | 'conflict' | 'unsupported-media' | 'server';
const STATUS: Record<Status, number> = { 'bad-request': 400, 'not-found': 404, conflict: 409, 'unsupported-media': 415, server: 500 };

function json<T>(body: T, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

function fail(status: Status, message: string): Response {
  const body: ErrorResponse = { error: message };
  return json(body, STATUS[status]);
}

async function guarded(what: string, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    // Not signed in, or no tenant to read as: 401/403 with the reason, not a server failure.
    if (error instanceof AuthError) return authErrorResponse(error);
    console.error(`weft report: ${what} failed`, error);
    return fail('server', 'The server could not answer this request; the details are in its log.');
  }
}

function isJson(request: Request): boolean {
  return (request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json');
}

async function monthOf(request: Request, label: string): Promise<{ ok: true; month: ReportMonth } | { ok: false; response: Response }> {
  const tz = new URL(request.url).searchParams.get('tz');
  const parsed = await resolveMonth(label, tz);
  return parsed.ok ? { ok: true, month: parsed.value } : { ok: false, response: fail('bad-request', parsed.error) };
}

/** The name a person typed for "frozen by" / "updated by": one line, short, or nothing. */
const personName = z
  .string({ error: 'The name must be text' })
  .transform((value) => value.trim())
  .refine((value) => value.length <= 120, 'The name is longer than 120 characters')
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'The name must be one line without control characters')
  .transform((value) => (value === '' ? null : value));

const freezeSchema = z.strictObject({ frozenBy: personName.optional() });
const maturitySchema = z.strictObject({
  axis: z.string({ error: 'axis is required' }).refine(isMaturityAxis, 'axis is not one of the radar’s axes'),
  value: z.number({ error: 'value must be a number from 0 to 100' }).min(0, 'value must be at least 0').max(100, 'value must be at most 100'),
  note: z.string({ error: 'note must be text' }).max(1000, 'note is longer than 1000 characters').default(''),
  updatedBy: personName.optional(),
});

function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'Invalid request';
}

async function jsonBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  if (!isJson(request)) return { ok: false, response: fail('unsupported-media', 'Send JSON (Content-Type: application/json)') };
  const body = await readJsonBody(request, MAX_BODY_BYTES);
  return body.ok ? { ok: true, value: body.value } : { ok: false, response: fail('bad-request', body.error) };
}

function writeAnswer(result: WriteResult | { ok: true; item: null }, created = false): Response {
  if (result.ok) return result.item ? json<ActionItemResponse>({ item: result.item }, created ? 201 : 200) : new Response(null, { status: 204, headers: NO_STORE });
  if (result.reason === 'not-found') return fail('not-found', 'No such action item: it may have been deleted');
  if (result.reason === 'bad-reference') return fail('bad-request', result.message);
  const body: ConflictResponse = { error: 'Someone else changed this action item since you loaded it: review their change and try again', current: result.current };
  return json(body, STATUS.conflict);
}

// ---------------------------------------------------------------------------------------------------------

export function listReports(): Promise<Response> {
  return guarded('listing reports', async () => json<ReportListResponse>(await listReportMonths()));
}

export function reportOverview(request: Request, label: string): Promise<Response> {
  return guarded('reading a report', async () => {
    const month = await monthOf(request, label);
    if (!month.ok) return month.response;
    return json(await getReportOverview(month.month));
  });
}

export function reportSection(request: Request, label: string, section: string): Promise<Response> {
  return guarded(`computing report section ${section}`, async () => {
    if (!(SECTION_KEYS as readonly string[]).includes(section)) return fail('not-found', `No report section "${section.slice(0, 40)}": one of ${SECTION_KEYS.join(', ')}`);
    const month = await monthOf(request, label);
    if (!month.ok) return month.response;
    return json(await getSection(month.month, section as SectionKey));
  });
}

export function freeze(request: Request, label: string): Promise<Response> {
  return guarded('freezing a report', async () => {
    const month = await monthOf(request, label);
    if (!month.ok) return month.response;
    const body = await jsonBody(request);
    if (!body.ok) return body.response;
    const parsed = freezeSchema.safeParse(body.value);
    if (!parsed.success) return fail('bad-request', firstIssue(parsed.error));
    if (month.month.startMs > currentTimeMs()) return fail('bad-request', 'This month has not begun: there is nothing to freeze');
    const snapshot = await freezeReport(month.month, parsed.data.frozenBy ?? null);
    return json<FreezeResponse>({ snapshot }, 201);
  });
}

export function unfreeze(request: Request, label: string): Promise<Response> {
  return guarded('removing a snapshot', async () => {
    const month = await monthOf(request, label);
    if (!month.ok) return month.response;
    const removed = await unfreezeReport(month.month);
    return removed ? new Response(null, { status: 204, headers: NO_STORE }) : fail('not-found', 'This report has no snapshot');
  });
}

export function markdown(request: Request, label: string, origin: string): Promise<Response> {
  return guarded('exporting Markdown', async () => {
    const month = await monthOf(request, label);
    if (!month.ok) return month.response;
    const params = new URL(request.url).searchParams;
    const text = await getReportMarkdown(month.month, { live: params.get('live') === '1', origin });
    const headers: Record<string, string> = { ...NO_STORE, 'Content-Type': 'text/markdown; charset=utf-8' };
    if (params.get('download') === '1') headers['Content-Disposition'] = `attachment; filename="weft-review-${month.month.label}.md"`;
    return new Response(text, { status: 200, headers });
  });
}

export function listItems(request: Request, label: string): Promise<Response> {
  return guarded('listing action items', async () => {
    const month = await monthOf(request, label);
    if (!month.ok) return month.response;
    return json<ActionItemsResponse>({ items: await listActionItems(await getDb(), month.month) });
  });
}

export function createItem(request: Request): Promise<Response> {
  return guarded('creating an action item', async () => {
    const body = await jsonBody(request);
    if (!body.ok) return body.response;
    const checked = checkCreateActionItem(body.value);
    if (!checked.ok) return fail('bad-request', checked.error);
    return writeAnswer(await createActionItem(await getDb(), checked.value, currentTimeMs()), true);
  });
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function updateItem(request: Request, id: string): Promise<Response> {
  return guarded('updating an action item', async () => {
    if (!ID.test(id)) return fail('not-found', 'No such action item');
    const body = await jsonBody(request);
    if (!body.ok) return body.response;
    const checked = checkUpdateActionItem(body.value);
    if (!checked.ok) return fail('bad-request', checked.error);
    return writeAnswer(await updateActionItem(await getDb(), id, checked.value, currentTimeMs()));
  });
}

export function deleteItem(request: Request, id: string): Promise<Response> {
  return guarded('deleting an action item', async () => {
    if (!ID.test(id)) return fail('not-found', 'No such action item');
    const raw = new URL(request.url).searchParams.get('version') ?? '';
    if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) return fail('bad-request', 'Give the version you are deleting: ?version=<n>');
    return writeAnswer(await deleteActionItem(await getDb(), id, Number(raw)));
  });
}

export function saveMaturity(request: Request, label: string): Promise<Response> {
  return guarded('saving a maturity value', async () => {
    const month = await monthOf(request, label);
    if (!month.ok) return month.response;
    const body = await jsonBody(request);
    if (!body.ok) return body.response;
    const parsed = maturitySchema.safeParse(body.value);
    if (!parsed.success) return fail('bad-request', firstIssue(parsed.error));
    const entry = await saveMaturityInput(await getDb(), month.month.label, { axis: parsed.data.axis, value: parsed.data.value, note: parsed.data.note.trim(), updatedBy: parsed.data.updatedBy ?? null });
    return json<MaturityEntryResponse>({ entry });
  });
}

export function clearMaturity(request: Request, label: string): Promise<Response> {
  return guarded('removing a maturity value', async () => {
    const month = await monthOf(request, label);
    if (!month.ok) return month.response;
    const axis = new URL(request.url).searchParams.get('axis') ?? '';
    if (!isMaturityAxis(axis)) return fail('bad-request', 'Give the axis: ?axis=<one of the radar’s axes>');
    const removed = await deleteMaturityInput(await getDb(), month.month.label, axis);
    return removed ? new Response(null, { status: 204, headers: NO_STORE }) : fail('not-found', 'No value was entered for this axis');
  });
}
