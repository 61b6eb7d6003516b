// The report API on an in-memory database: action item CRUD (bad input is a 400 naming the field, a stale or
// concurrent edit a 409 with the stored item, a missing item a 404), carry-over of open items into the next
// month, freezing a report and reading it back, Markdown export and maturity entries. No datasource is
// configured here: the sections fail fast with "not configured", which a snapshot records as such.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetDatasourcesCache } from '@/lib/datasources/registry';
import { closeDb, getDb } from '@/lib/db';
import type { ActionItemResponse, ActionItemsResponse, ConflictResponse, ReportListResponse, ReportOverviewResponse } from '@/lib/report/api-types';
import { clearReportCache } from '@/lib/report/report-service';
import { GET as listReports } from './route';
import { GET as overview } from './[month]/route';
import { POST as freeze, DELETE as unfreeze } from './[month]/freeze/route';
import { GET as markdown } from './[month]/markdown/route';
import { GET as listItems } from './[month]/action-items/route';
import { PUT as putMaturity } from './[month]/maturity/route';
import { GET as section } from './[month]/sections/[section]/route';
import { POST as createItem } from './action-items/route';
import { PATCH as patchItem, DELETE as deleteItem } from './action-items/[id]/route';

const ENV = ['PROMETHEUS_URL', 'LOKI_URL', 'TEMPO_URL', 'PYROSCOPE_URL', 'ALERTMANAGER_URL', 'WEFT_DATASOURCES_FILE', 'WEFT_DATA_DIR', 'DATABASE_URL', 'WEFT_REPORT_TIME_ZONE'];
const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
const BASE = 'http://weft.test';

function request(method: string, path: string, body?: unknown, contentType = 'application/json'): Request {
  const init: RequestInit = { method, headers: { host: 'weft.test', 'content-type': contentType } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  return new Request(`${BASE}${path}`, init);
}

const monthParams = (month: string) => ({ params: Promise.resolve({ month }) });
const idParams = (id: string) => ({ params: Promise.resolve({ id }) });

async function create(body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await createItem(request('POST', '/api/reports/action-items', body));
  return { status: response.status, json: await response.json() };
}

async function patch(id: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await patchItem(request('PATCH', `/api/reports/action-items/${id}`, body), idParams(id));
  return { status: response.status, json: await response.json() };
}

async function items(month: string): Promise<ActionItemsResponse['items']> {
  const response = await listItems(request('GET', `/api/reports/${month}/action-items`), monthParams(month));
  expect(response.status).toBe(200);
  return ((await response.json()) as ActionItemsResponse).items;
}

const valid = { title: 'Add a connection-pool alert on order', owner: 'orders team', dueDate: '2026-11-15', ticketUrl: 'https://tickets.example/OPS-42', reportMonth: '2026-10' };

beforeAll(async () => {
  for (const name of ENV) delete process.env[name];
  process.env.WEFT_DATA_DIR = 'memory://';
  resetDatasourcesCache();
  clearReportCache();
  await getDb();
}, 120_000);

afterAll(async () => {
  await closeDb();
  for (const [name, value] of Object.entries(saved)) if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  resetDatasourcesCache();
});

describe('action items: bad input is a 400 naming the problem', () => {
  it.each([
    [{ ...valid, title: '' }, 'title is required'],
    [{ ...valid, title: undefined }, 'title'],
    [{ ...valid, owner: '   ' }, 'owner is required'],
    [{ ...valid, dueDate: '2026-02-30' }, 'dueDate must be a real date'],
    [{ ...valid, dueDate: 'next friday' }, 'dueDate'],
    [{ ...valid, ticketUrl: 'javascript:alert(1)' }, 'ticketUrl must be an http:// or https:// link'],
    [{ ...valid, status: 'closed' }, 'status is one of open, in_progress, done, dropped'],
    [{ ...valid, reportMonth: '2026-13' }, 'reportMonth must be a month'],
    [{ ...valid, colour: 'red' }, 'Unknown field colour'],
    [{ ...valid, title: 'two\nlines' }, 'one line'],
    [['not', 'an', 'object'], 'Invalid input'],
  ])('%j -> 400 %s', async (body, message) => {
    const { status, json } = await create(body);
    expect(status).toBe(400);
    expect((json as { error: string }).error).toContain(message);
  });

  it('refuses a body that is not JSON, and a link to an SLO that does not exist', async () => {
    const notJson = await createItem(request('POST', '/api/reports/action-items', 'title=x', 'application/x-www-form-urlencoded'));
    expect(notJson.status).toBe(415);
    const broken = await createItem(request('POST', '/api/reports/action-items', '{"title":'));
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ error: 'The request body is not JSON' });
    const unknownSlo = await create({ ...valid, sloId: 'no-such-slo' });
    expect(unknownSlo).toEqual({ status: 400, json: { error: 'sloId names no SLO' } });
  });
});

describe('action items: create, edit, close, delete', () => {
  it('creates an item (201) that the month lists', async () => {
    const { status, json } = await create(valid);
    expect(status).toBe(201);
    const { item } = json as ActionItemResponse;
    expect(item).toMatchObject({ title: valid.title, owner: 'orders team', dueDate: '2026-11-15', status: 'open', ticketUrl: 'https://tickets.example/OPS-42', version: 1, closedAtMs: null, reportMonth: '2026-10' });
    expect((await items('2026-10')).map((one) => one.id)).toContain(item.id);
  });

  it('edits with the version read, bumps it, and sets / clears the close time with the status', async () => {
    const { item } = (await create({ ...valid, title: 'Raise the order pool to 40' })).json as ActionItemResponse;
    const done = await patch(item.id, { version: 1, status: 'done' });
    expect(done.status).toBe(200);
    const closed = (done.json as ActionItemResponse).item;
    expect(closed).toMatchObject({ status: 'done', version: 2 });
    expect(closed.closedAtMs).toEqual(expect.any(Number));
    const reopened = (await patch(item.id, { version: 2, status: 'in_progress', dueDate: null })).json as ActionItemResponse;
    expect(reopened.item).toMatchObject({ status: 'in_progress', version: 3, closedAtMs: null, dueDate: null });
  });

  it('answers a stale version with 409 and the stored item; of two concurrent edits exactly one wins', async () => {
    const { item } = (await create({ ...valid, title: 'Concurrent' })).json as ActionItemResponse;
    const [a, b] = await Promise.all([patch(item.id, { version: 1, owner: 'alice' }), patch(item.id, { version: 1, owner: 'bob' })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = (a.status === 200 ? a : b).json as ActionItemResponse;
    const loser = (a.status === 409 ? a : b).json as ConflictResponse;
    expect(loser.error).toMatch(/Someone else changed/);
    expect(loser.current).toMatchObject({ id: item.id, version: 2, owner: winner.item.owner });
    const stale = await patch(item.id, { version: 1, title: 'late' });
    expect(stale.status).toBe(409);
  });

  it('404 for an unknown item, 400 for an edit without a version or without changes', async () => {
    expect((await patch('c0000000000000000000000000', { version: 1, title: 'x' })).status).toBe(404);
    const { item } = (await create(valid)).json as ActionItemResponse;
    expect(await patch(item.id, { title: 'x' })).toEqual({ status: 400, json: { error: expect.stringContaining('version') } });
    expect(await patch(item.id, { version: 1 })).toEqual({ status: 400, json: { error: expect.stringContaining('Nothing to change') } });
    expect((await patch(item.id, { version: 1, ticketUrl: 'ftp://x' })).status).toBe(400);
  });

  it('deletes with the version read: 409 when stale, 204 when current, then 404', async () => {
    const { item } = (await create({ ...valid, title: 'To delete' })).json as ActionItemResponse;
    await patch(item.id, { version: 1, notes: 'edited' });
    const del = (version: string) => deleteItem(request('DELETE', `/api/reports/action-items/${item.id}?version=${version}`), idParams(item.id));
    expect((await del('1')).status).toBe(409);
    expect((await del('x')).status).toBe(400);
    expect((await del('2')).status).toBe(204);
    expect((await del('2')).status).toBe(404);
  });
});

describe('carry-over', () => {
  it('open items of earlier months carry over; items closed before the month began do not', async () => {
    const open = ((await create({ ...valid, title: 'Open since August', reportMonth: '2026-08' })).json as ActionItemResponse).item;
    const closedEarly = ((await create({ ...valid, title: 'Closed in August', reportMonth: '2026-08', status: 'done' })).json as ActionItemResponse).item;
    // Closed on 20 August (the API stamps "now"; the past is set in the database).
    await (await getDb()).actionItem.update({ where: { id: closedEarly.id }, data: { closedAt: new Date('2026-08-20T10:00:00Z') } });
    const december = ((await create({ ...valid, title: 'Raised in December', reportMonth: '2026-12' })).json as ActionItemResponse).item;
    const october = await items('2026-10');
    expect(october.find((one) => one.id === open.id)).toMatchObject({ carriedOver: true, reportMonth: '2026-08' });
    expect(october.find((one) => one.id === closedEarly.id)).toBeUndefined();
    expect(october.find((one) => one.id === december.id)).toBeUndefined();
    expect((await items('2026-08')).find((one) => one.id === closedEarly.id)).toMatchObject({ carriedOver: false, status: 'done' });
    // Closed now: it still shows in the month it was closed in (as done), and no longer after.
    await patch(open.id, { version: 1, status: 'done' });
    const now = new Date();
    const thisMonth = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    expect((await items(thisMonth)).find((one) => one.id === open.id)).toMatchObject({ status: 'done', carriedOver: true });
  });
});

describe('freeze, overview, Markdown, maturity', () => {
  it('freezes a month; the overview and the Markdown then say "Snapshot frozen at ... by ..."', async () => {
    const before = await overview(request('GET', '/api/reports/2026-10'), monthParams('2026-10'));
    expect(((await before.json()) as ReportOverviewResponse).snapshot).toBeNull();

    const frozen = await freeze(request('POST', '/api/reports/2026-10/freeze', { frozenBy: 'Ada' }), monthParams('2026-10'));
    expect(frozen.status).toBe(201);
    const after = (await (await overview(request('GET', '/api/reports/2026-10'), monthParams('2026-10'))).json()) as ReportOverviewResponse;
    expect(after.snapshot?.info).toMatchObject({ frozenBy: 'Ada', dataVersion: 1 });
    expect(after.snapshot?.data?.month).toMatchObject({ label: '2026-10', timeZone: 'UTC', days: 31 });
    // Nothing is configured: the sections failed and the snapshot says so instead of showing zeros.
    expect(after.snapshot?.data?.sections.incidents).toMatchObject({ status: 'error', problems: [expect.objectContaining({ source: 'prometheus', kind: 'not-configured' })] });

    const md = await markdown(request('GET', '/api/reports/2026-10/markdown?download=1'), monthParams('2026-10'));
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.headers.get('content-disposition')).toBe('attachment; filename="weft-review-2026-10.md"');
    const text = await md.text();
    expect(text).toMatch(/^# Monthly review: October 2026\n\nSnapshot frozen at \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC\) by Ada\./);
    expect(text).toContain('Open since August');

    const list = (await (await listReports()).json()) as ReportListResponse;
    expect(list.timeZone).toBe('UTC');
    expect(list.months.find((month) => month.label === '2026-10')?.snapshot?.frozenBy).toBe('Ada');

    expect((await unfreeze(request('DELETE', '/api/reports/2026-10/freeze'), monthParams('2026-10'))).status).toBe(204);
    expect((await unfreeze(request('DELETE', '/api/reports/2026-10/freeze'), monthParams('2026-10'))).status).toBe(404);
  });

  it('refuses a bad month, zone, section or freeze body', async () => {
    expect((await overview(request('GET', '/api/reports/2026-1'), monthParams('2026-1'))).status).toBe(400);
    const badZone = await overview(request('GET', '/api/reports/2026-10?tz=Mars/Olympus'), monthParams('2026-10'));
    expect(badZone.status).toBe(400);
    expect(await badZone.json()).toEqual({ error: expect.stringContaining('IANA') });
    const badSection = await section(request('GET', '/api/reports/2026-10/sections/weather'), { params: Promise.resolve({ month: '2026-10', section: 'weather' }) });
    expect(badSection.status).toBe(404);
    expect((await freeze(request('POST', '/api/reports/2026-10/freeze', { frozenBy: 42 }), monthParams('2026-10'))).status).toBe(400);
    expect((await freeze(request('POST', '/api/reports/2099-10/freeze', {}), monthParams('2099-10'))).status).toBe(400);
  });

  it('stores a team-entered maturity value that the radar then uses for that axis', async () => {
    const bad = await putMaturity(request('PUT', '/api/reports/2026-10/maturity', { axis: 'happiness', value: 50 }), monthParams('2026-10'));
    expect(bad.status).toBe(400);
    const tooHigh = await putMaturity(request('PUT', '/api/reports/2026-10/maturity', { axis: 'self-service', value: 101 }), monthParams('2026-10'));
    expect(tooHigh.status).toBe(400);
    const ok = await putMaturity(request('PUT', '/api/reports/2026-10/maturity', { axis: 'self-service', value: 60, note: 'Most teams build their own dashboards', updatedBy: 'Ada' }), monthParams('2026-10'));
    expect(ok.status).toBe(200);
    const radar = await section(request('GET', '/api/reports/2026-10/sections/maturity'), { params: Promise.resolve({ month: '2026-10', section: 'maturity' }) });
    const state = await radar.json();
    expect(state.status).toBe('ok');
    const selfService = state.section.data.scores.find((score: { axis: string }) => score.axis === 'self-service');
    expect(selfService).toMatchObject({ value: 60, source: 'entered', entered: { updatedBy: 'Ada', note: 'Most teams build their own dashboards' } });
    // The measured axes have no data here: they say so rather than showing 0.
    expect(state.section.data.scores.find((score: { axis: string }) => score.axis === 'alert-effectiveness')).toMatchObject({ value: null, source: 'missing' });
  });
});
