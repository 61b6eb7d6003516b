// The permalink API on an in-memory database, with loopback Tempo and Loki serving the recorded sample data:
// creating stores an absolute range and a summary looked up from the backends; reading gives it back (old state
// versions upgraded); bad input is a 400 with a message, an unknown slug a 404, never a 500.
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSampleBackends, type SampleBackends } from '@/lib/correlate/testing/sample-backends';
import { resetDatasourcesCache } from '@/lib/datasources/registry';
import { closeDb, getDb } from '@/lib/db';
import type { PermalinkJson } from '@/lib/permalink/api-types';
import { isSlug } from '@/lib/permalink/slug';
import { GET as getPermalink } from './[slug]/route';
import { POST as createPermalink } from './route';

const TRACE = 'bd5a131c670a194676bcd097a4eac415';
const ENV = ['PROMETHEUS_URL', 'LOKI_URL', 'TEMPO_URL', 'PYROSCOPE_URL', 'ALERTMANAGER_URL', 'WEFT_DATASOURCES_FILE', 'WEFT_DATA_DIR', 'DATABASE_URL', 'WEFT_PUBLIC_URL', 'WEFT_PERMALINK_RETENTION_DAYS'];
const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));

function setEnv(values: Partial<Record<string, string>>) {
  for (const name of ENV) if (name !== 'WEFT_DATA_DIR') delete process.env[name];
  Object.assign(process.env, values);
  resetDatasourcesCache();
}

async function post(body: unknown, init: { contentType?: string | null; raw?: string } = {}): Promise<{ status: number; json: unknown; headers: Headers }> {
  const headers: Record<string, string> = { host: 'weft.test' };
  if (init.contentType !== null) headers['content-type'] = init.contentType ?? 'application/json';
  const response = await createPermalink(new Request('http://weft.test/api/permalinks', { method: 'POST', headers, body: init.raw ?? JSON.stringify(body) }));
  return { status: response.status, json: await response.json(), headers: response.headers };
}

async function get(slug: string): Promise<{ status: number; json: unknown }> {
  const response = await getPermalink(new Request(`http://weft.test/api/permalinks/${slug}`, { headers: { host: 'weft.test' } }), { params: Promise.resolve({ slug }) });
  return { status: response.status, json: await response.json() };
}

function fromTo(href: string): { from: number; to: number } {
  const params = new URL(href, 'http://x').searchParams;
  return { from: Number(params.get('from')), to: Number(params.get('to')) };
}

let backends: SampleBackends;
beforeAll(async () => {
  process.env.WEFT_DATA_DIR = 'memory://';
  delete process.env.DATABASE_URL;
  backends = await startSampleBackends();
});
afterEach(() => setEnv({}));
afterAll(async () => {
  await closeDb();
  await backends.close();
  for (const [name, value] of Object.entries(saved)) if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  resetDatasourcesCache();
});

describe('POST /api/permalinks', () => {
  it('stores a trace view with its relative range pinned, titled from the trace and its logs', async () => {
    setEnv({ TEMPO_URL: backends.tempo.url, LOKI_URL: backends.loki.url });
    const before = Date.now();
    const { status, json, headers } = await post({ href: `/trace/${TRACE}?span=4c6b5a0a4b9c3d21&tab=logs&from=now-6h&to=now` });
    const after = Date.now();
    expect(status).toBe(201);
    const link = json as PermalinkJson;
    expect(isSlug(link.slug)).toBe(true);
    expect(link.url).toBe(`http://weft.test/s/${link.slug}`);
    expect(headers.get('location')).toBe(link.url);
    // Relative -> absolute at creation, to the second.
    const { from, to } = fromTo(link.href);
    expect(to).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(to).toBeLessThanOrEqual(after);
    expect(to - from).toBe(6 * 3_600_000);
    expect(link.href).toBe(`/trace/${TRACE}?span=4c6b5a0a4b9c3d21&tab=logs&from=${from}&to=${to}`);
    expect(link.state).toMatchObject({ v: 1, path: `/trace/${TRACE}`, range: { fromMs: from, toMs: to }, summary: { kind: 'trace', traceId: TRACE, services: ['checkout', 'frontend', 'payment'] } });
    if (link.state.summary.kind !== 'trace') throw new Error('expected a trace summary');
    expect(link.state.summary.errorCount).toBeGreaterThan(0);
    expect(link.state.summary.keyLogLine).toEqual(expect.any(String));
    expect(link.title).toMatch(/^\S.* · .* · error · .+ trace$/);
    expect(link.description).toMatch(/spans across checkout, frontend, payment · \d+ error spans? · \d{4}-\d{2}-\d{2} /);
    expect(link.expiresAt).toBeNull();
  });

  it('gives a trace view without a range the range around the trace', async () => {
    setEnv({ TEMPO_URL: backends.tempo.url, LOKI_URL: backends.loki.url });
    const { status, json } = await post({ path: `/trace/${TRACE}`, params: { tab: 'details' } });
    expect(status).toBe(201);
    const link = json as PermalinkJson;
    if (link.state.summary.kind !== 'trace') throw new Error('expected a trace summary');
    const { from, to } = fromTo(link.href);
    expect(to - from).toBeGreaterThanOrEqual(30 * 60_000);
    expect(to - from).toBeLessThan(31 * 60_000 + (link.state.summary.durationMs ?? 0) + 2000);
  });

  it('still makes the link, titled by the id, when Tempo is not configured', async () => {
    setEnv({});
    const { status, json } = await post({ href: `/trace/${TRACE}?from=1795250700000&to=1795254330000` });
    expect(status).toBe(201);
    const link = json as PermalinkJson;
    expect(link.title).toBe(`Trace ${TRACE}`);
    expect(link.state.range).toEqual({ fromMs: 1795250700000, toMs: 1795254330000 });
  });

  it('titles an SLO from the database', async () => {
    const db = await getDb();
    const slo = await db.slo.create({ data: { name: 'checkout availability', service: 'checkout', sliType: 'good', goodQuery: 'a', totalQuery: 'b', objective: 0.999, windowKind: 'rolling', windowDays: 30 } });
    const { status, json } = await post({ path: `/slo/${slo.id}`, range: { from: 'now-30d', to: 'now' } });
    expect(status).toBe(201);
    expect((json as PermalinkJson).title).toBe('checkout availability · checkout · 99.9 % SLO');
  });

  it('uses WEFT_PUBLIC_URL for the link, and sets an expiry under a retention', async () => {
    setEnv({ WEFT_PUBLIC_URL: 'https://weft.example.com/', WEFT_PERMALINK_RETENTION_DAYS: '30' });
    const { json } = await post({ href: '/traces?q=%7Bstatus%3Derror%7D' });
    const link = json as PermalinkJson;
    expect(link.url).toBe(`https://weft.example.com/s/${link.slug}`);
    expect(link.title).toBe('Trace search · {status=error}');
    expect(Date.parse(link.expiresAt!) - Date.parse(link.createdAt)).toBe(30 * 86_400_000);
  });

  it.each([
    ['not JSON', undefined, 'not json', 400, /not JSON/],
    ['no view', {}, undefined, 400, /Give the view/],
    ['extra keys', { href: '/', admin: true }, undefined, 400, /Give the view/],
    ['another site', { href: '//evil.example/x' }, undefined, 400, /single "\/"/],
    ['an absolute URL', { href: 'https://evil.example/' }, undefined, 400, /single "\/"/],
    ['an API route', { href: '/api/permalinks' }, undefined, 400, /not a view/],
    ['a reversed range', { href: '/?from=now&to=now-1h' }, undefined, 400, /after the end/],
    ['a range too long', { path: '/', range: { from: 'now-400d', to: 'now' } }, undefined, 400, /longest allowed/],
    ['a huge body', { href: `/?q=${'x'.repeat(70_000)}` }, undefined, 400, /larger than/],
  ])('refuses %s with 400', async (_name, body, raw, status, message) => {
    const answer = await post(body, raw === undefined ? {} : { raw });
    expect(answer.status).toBe(status);
    expect(answer.json).toEqual({ error: expect.stringMatching(message) });
  });

  it('wants JSON (415 otherwise)', async () => {
    const answer = await post({ href: '/' }, { contentType: 'text/plain' });
    expect(answer.status).toBe(415);
  });

  it('never answers 500 to arbitrary input (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 60 }).map((href) => ({ href })), fc.json().map((raw) => JSON.parse(raw) as unknown)), async (body) => {
        const { status } = await post(body);
        expect([201, 400]).toContain(status);
      }),
      { numRuns: 60 },
    );
  });
});

describe('GET /api/permalinks/<slug>', () => {
  it('gives back what was stored', async () => {
    const created = (await post({ href: '/alerts/HighLatency?labels=%7B%22service%22%3A%22payment%22%7D&from=1795250700000&to=1795254330000' })).json as PermalinkJson;
    const { status, json } = await get(created.slug);
    expect(status).toBe(200);
    expect(json).toEqual(created);
    expect(created.title).toBe('HighLatency · payment · alert');
  });

  it('answers 404 for unknown and malformed slugs', async () => {
    for (const slug of ['AAAAAAAAAAAA', 'nope', '../../etc', 'a'.repeat(5000)]) {
      expect(await get(slug)).toEqual({ status: 404, json: { error: 'This link does not exist or was removed' } });
    }
  });

  it('answers 410 for an expired link, and when the retention has passed', async () => {
    const db = await getDb();
    const created = (await post({ href: '/' })).json as PermalinkJson;
    await db.permalink.update({ where: { slug: created.slug }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await get(created.slug)).toEqual({ status: 410, json: { error: 'This link has expired' } });
    const old = (await post({ href: '/' })).json as PermalinkJson;
    await db.permalink.update({ where: { slug: old.slug }, data: { createdAt: new Date(Date.now() - 40 * 86_400_000) } });
    expect((await get(old.slug)).status).toBe(200);
    setEnv({ WEFT_PERMALINK_RETENTION_DAYS: '30' });
    expect((await get(old.slug)).status).toBe(410);
  });

  it('opens a link stored in the old version 0 shape, and explains one from a newer version', async () => {
    const db = await getDb();
    await db.permalink.create({
      data: { slug: 'OldV0link001', stateVersion: 0, state: { url: `/trace/${TRACE}?tab=logs`, from: '2026-11-21T09:45:00Z', to: '2026-11-21T10:15:00Z' }, title: 'old', fromMs: 0n, toMs: 1n },
    });
    const { status, json } = await get('OldV0link001');
    expect(status).toBe(200);
    expect((json as PermalinkJson).href).toBe(`/trace/${TRACE}?tab=logs&from=${Date.UTC(2026, 10, 21, 9, 45)}&to=${Date.UTC(2026, 10, 21, 10, 15)}`);
    await db.permalink.create({ data: { slug: 'NewerV9link1', stateVersion: 9, state: { v: 9 }, title: 'future', fromMs: 0n, toMs: 1n } });
    expect(await get('NewerV9link1')).toEqual({ status: 422, json: { error: expect.stringMatching(/newer version of Weft/) } });
  });
});
