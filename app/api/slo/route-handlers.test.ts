// The SLO route handlers end to end on an in-memory database and a stub Prometheus on loopback: create (with
// the query check), conflicts, optimistic concurrency, delete, import, export, and a Prometheus that fails.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { closeDb, getDb } from '@/lib/db';
import { resetDatasourcesCache } from '@/lib/datasources/registry';
import type { SloImportResponse, SloReportResponse, SloSaveResponse, SloSummaryResponse } from '@/lib/slo/api-types';
import type { Slo } from '@/lib/slo/model';
import { seedDemoSlos } from '@/lib/slo/slo-service';
import { startLoopbackServer, type LoopbackServer } from '../../../test/helpers/prometheus';
import { GET as listGet, POST as create } from './route';
import { DELETE as remove, GET as getOne, PUT as update } from './[id]/route';
import { GET as summaryGet } from './[id]/summary/route';
import { GET as reportGet } from './[id]/report/route';
import { GET as rulesGet } from './[id]/rules/route';
import { GET as allRulesGet } from './rules/route';
import { POST as check } from './check/route';
import { POST as importPost } from './import/route';

const ENV = ['PROMETHEUS_URL', 'LOKI_URL', 'TEMPO_URL', 'PYROSCOPE_URL', 'ALERTMANAGER_URL', 'WEFT_DATASOURCES_FILE', 'WEFT_DATA_DIR', 'DATABASE_URL', 'WEFT_DEMO', 'WEFT_SEED_DEMO_SLOS'];
const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));

/** What the stub Prometheus answers: a scalar-free vector with this value, or an error for queries matching. */
let prometheusMode: 'ok' | 'down' = 'ok';
const queries: string[] = [];
let prometheus: LoopbackServer;

function vector(value: number): string {
  return JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1795300000, String(value)] }] } });
}

beforeAll(async () => {
  prometheus = await startLoopbackServer((req, res, body) => {
    const form = new URLSearchParams(body);
    const query = form.get('query') ?? '';
    queries.push(query);
    if (prometheusMode === 'down') {
      res.writeHead(503, { 'Content-Type': 'text/plain' });
      res.end('service unavailable');
      return;
    }
    if (query.includes('typo_metric')) {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:1: parse error: unknown thing' }));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    if (req.url?.startsWith('/api/v1/query_range')) {
      const start = Number(form.get('start'));
      const end = Number(form.get('end'));
      const step = Number.parseFloat(form.get('step') ?? '3600');
      const values: [number, string][] = [];
      for (let t = start; t <= end; t += step) values.push([t, query.includes('5..') ? '0.1' : '10']);
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values }] } }));
      return;
    }
    // 10 requests per second, 0.1 per second failing (1 %: burn 10 for a 99.9 % SLO).
    res.end(vector(query.includes('5..') ? 0.1 : 10));
  });
  for (const name of ENV) delete process.env[name];
  process.env.PROMETHEUS_URL = prometheus.url;
  process.env.WEFT_DATA_DIR = 'memory://';
  resetDatasourcesCache();
  await closeDb();
}, 60_000);

afterAll(async () => {
  await closeDb();
  await prometheus?.close();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetDatasourcesCache();
});

beforeEach(() => {
  prometheusMode = 'ok';
  queries.length = 0;
});

const DEFINITION = {
  name: 'checkout-availability',
  service: 'gateway',
  description: 'Checkouts that do not fail',
  sli: { type: 'bad', badQuery: 'http_requests_total{route="/checkout",code=~"5.."}', totalQuery: 'http_requests_total{route="/checkout"}' },
  objective: 0.999,
  window: { kind: 'rolling', days: 30 },
  owner: 'storefront',
  labels: {},
};

function json(body: unknown, method = 'POST'): Request {
  return new Request('http://weft.test/api/slo', { method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
}

function params(id: string) {
  return { params: Promise.resolve({ id }) };
}

async function createOne(definition: unknown = DEFINITION): Promise<Slo> {
  const response = await create(json({ definition }));
  expect(response.status).toBe(201);
  return ((await response.json()) as SloSaveResponse).slo;
}

describe('creating, editing and deleting SLOs', () => {
  it('creates an SLO after running its queries against Prometheus, and lists it', async () => {
    const slo = await createOne();
    expect(slo).toMatchObject({ name: 'checkout-availability', service: 'gateway', source: 'ui', version: 1, objective: 0.999 });
    expect(queries).toEqual(expect.arrayContaining(['sum(rate(http_requests_total{route="/checkout",code=~"5.."}[1h]))', 'sum(rate(http_requests_total{route="/checkout"}[1h]))']));
    const list = (await (await listGet()).json()) as { slos: Slo[] };
    expect(list.slos.map((s) => s.id)).toContain(slo.id);
    const one = await getOne(new Request('http://weft.test'), params(slo.id));
    expect(((await one.json()) as { slo: Slo }).slo).toEqual(slo);
  });

  it('refuses invalid input with 400 and a message naming the field', async () => {
    const response = await create(json({ definition: { ...DEFINITION, name: 'x', objective: 1 } }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'objective must be below 100 %: a 100 % objective leaves no error budget' });
    const notJson = await create(new Request('http://weft.test/api/slo', { method: 'POST', body: '{nope' }));
    expect(notJson.status).toBe(400);
    expect((await getOne(new Request('http://weft.test'), params('../etc'))).status).toBe(400);
  });

  it('refuses queries Prometheus rejects with 422 and its reason, and saves nothing', async () => {
    const response = await create(json({ definition: { ...DEFINITION, name: 'typo', sli: { ...DEFINITION.sli, totalQuery: 'typo_metric' } } }));
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: string; errors: string[] };
    expect(body.errors).toEqual(['totalQuery: prometheus answered HTTP 400: invalid parameter "query": 1:1: parse error: unknown thing']);
    const list = (await (await listGet()).json()) as { slos: Slo[] };
    expect(list.slos.some((s) => s.name === 'typo')).toBe(false);
    prometheusMode = 'down';
    const down = await create(json({ definition: { ...DEFINITION, name: 'while-down' } }));
    expect(down.status).toBe(422);
    expect(((await down.json()) as { errors: string[] }).errors[0]).toMatch(/^Prometheus: prometheus answered HTTP 503/);
  });

  it('answers 409 for a duplicate name and for an edit of a stale version', async () => {
    const slo = await createOne({ ...DEFINITION, name: 'dup' });
    const duplicate = await create(json({ definition: { ...DEFINITION, name: 'dup' } }));
    expect(duplicate.status).toBe(409);
    const edited = await update(json({ definition: { ...DEFINITION, name: 'dup', objective: 0.995 }, version: 1 }, 'PUT'), params(slo.id));
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as SloSaveResponse).slo).toMatchObject({ objective: 0.995, version: 2 });
    const stale = await update(json({ definition: { ...DEFINITION, name: 'dup', objective: 0.99 }, version: 1 }, 'PUT'), params(slo.id));
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: string }).error).toMatch(/Someone changed this SLO/);
  });

  it('archives on delete: gone from the list, the name free again', async () => {
    const slo = await createOne({ ...DEFINITION, name: 'to-delete' });
    const stale = await remove(new Request(`http://weft.test/api/slo/${slo.id}?version=7`, { method: 'DELETE' }), params(slo.id));
    expect(stale.status).toBe(409);
    const deleted = await remove(new Request(`http://weft.test/api/slo/${slo.id}?version=1`, { method: 'DELETE' }), params(slo.id));
    expect(deleted.status).toBe(200);
    expect((await getOne(new Request('http://weft.test'), params(slo.id))).status).toBe(404);
    const row = await (await getDb()).slo.findUniqueOrThrow({ where: { id: slo.id } });
    expect(row.archivedAt).toBeInstanceOf(Date);
    const again = await createOne({ ...DEFINITION, name: 'to-delete', objective: 0.99 });
    expect(again).toMatchObject({ id: slo.id, objective: 0.99, version: 3 });
  });
});

describe('reading an SLO', () => {
  it('summarises burn rates and budget at the end of the range', async () => {
    const slo = await createOne({ ...DEFINITION, name: 'summary' });
    const response = await summaryGet(new Request(`http://weft.test/api/slo/${slo.id}/summary?from=now-1h&to=now`), params(slo.id));
    expect(response.status).toBe(200);
    const body = (await response.json()) as SloSummaryResponse;
    if (body.burn.status !== 'ok' || body.period.status !== 'ok') throw new Error('expected numbers');
    // 1 % failing against a 0.1 % budget: burn 10, below 14.4 and above 6.
    expect(body.burn.data.pairs.map((p) => p.status)).toEqual(['acceptable', 'critical', 'critical', 'critical']);
    expect(body.period.data.budget.burnRate).toBeCloseTo(10, 9);
    expect(body.period.data.budget.remaining).toBeCloseTo(-9, 9);
  });

  it('still answers when Prometheus fails, naming it', async () => {
    const slo = await createOne({ ...DEFINITION, name: 'prometheus-down' });
    prometheusMode = 'down';
    const response = await reportGet(new Request(`http://weft.test/api/slo/${slo.id}/report?from=now-6h&to=now`), params(slo.id));
    expect(response.status).toBe(200);
    const body = (await response.json()) as SloReportResponse;
    expect(body.slo.id).toBe(slo.id);
    expect(body.burn).toMatchObject({ status: 'error', error: { backend: 'prometheus', kind: 'http', status: 503 } });
    expect(body.period.status).toBe('error');
    expect(body.sli.status).toBe('error');
    expect(body.traces.failed).toMatch(/^\/traces\?service=gateway&status=error&from=\d+&to=\d+$/);
  });

  it('answers 404 for an unknown SLO and 400 for a bad range', async () => {
    expect((await summaryGet(new Request('http://weft.test/api/slo/nope/summary'), params('nope'))).status).toBe(404);
    const slo = await createOne({ ...DEFINITION, name: 'range' });
    const bad = await reportGet(new Request(`http://weft.test/api/slo/${slo.id}/report?from=now&to=now-1h`), params(slo.id));
    expect(bad.status).toBe(400);
  });

  it('exports Prometheus rules for one SLO and for all', async () => {
    const slo = await createOne({ ...DEFINITION, name: 'rules' });
    const one = await rulesGet(new Request('http://weft.test'), params(slo.id));
    expect(one.headers.get('content-type')).toMatch(/yaml/);
    const groups = (parse(await one.text()) as { groups: { name: string }[] }).groups;
    expect(groups.map((g) => g.name)).toEqual(['sloth-slo-sli-recordings-gateway-rules', 'sloth-slo-meta-recordings-gateway-rules', 'sloth-slo-alerts-gateway-rules']);
    const all = parse(await (await allRulesGet()).text()) as { groups: unknown[] };
    expect(all.groups.length).toBeGreaterThan(3);
  });

  it('checks queries on demand', async () => {
    const response = await check(json({ sli: { type: 'bad', badQuery: 'x{code="500"}', totalQuery: 'typo_metric' } }));
    expect(await response.json()).toEqual({ errors: ['totalQuery: prometheus answered HTTP 400: invalid parameter "query": 1:1: parse error: unknown thing'], warnings: [] });
    expect((await check(json({ sli: { type: 'bad', badQuery: 'sum(rate(x[5m]))', totalQuery: 'x' } }))).status).toBe(400);
  });
});

describe('importing specs', () => {
  const SLOTH = `version: prometheus/v1
service: payment
slos:
  - name: charge-availability
    objective: 99.5
    sli:
      events:
        error_query: sum(rate(http_requests_total{service="payment",code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{service="payment"}[{{.window}}]))
`;

  it('previews, then saves, then replaces on a second import', async () => {
    const preview = await importPost(json({ yaml: SLOTH, dryRun: true }));
    expect(preview.status).toBe(200);
    const previewBody = (await preview.json()) as SloImportResponse;
    expect(previewBody).toMatchObject({ saved: false, slos: [{ name: 'charge-availability', service: 'payment', source: 'sloth', objective: 0.995, replaces: false, id: null }] });
    const saved = await importPost(json({ yaml: SLOTH }));
    expect(saved.status).toBe(201);
    const savedBody = (await saved.json()) as SloImportResponse;
    expect(savedBody.saved).toBe(true);
    const id = savedBody.slos[0].id;
    expect(id).toMatch(/\w+/);
    const again = (await (await importPost(json({ yaml: SLOTH.replace('99.5', '99.9') }))).json()) as SloImportResponse;
    expect(again.slos[0]).toMatchObject({ replaces: true, id });
    const one = (await (await getOne(new Request('http://weft.test'), params(id ?? ''))).json()) as { slo: Slo };
    expect(one.slo).toMatchObject({ objective: 0.999, source: 'sloth', version: 2 });
  });

  it('names the field it cannot import, and saves nothing', async () => {
    const response = await importPost(json({ yaml: SLOTH.replace('events:', 'raw:') }));
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: string }).error).toMatch(/^document 1\.slos\[0\]\.sli\.raw: /);
  });
});

describe('the demo SLOs', () => {
  it('are seeded once, and seeding again changes nothing (not even an edited or deleted one)', async () => {
    const prisma = await getDb();
    const first = await seedDemoSlos(prisma);
    // gateway/checkout-availability was made in the UI above: the seed leaves it alone.
    expect(first).toEqual(['payment/charge-latency', 'order/orders-availability', 'gateway/product-listing-availability']);
    expect((await prisma.slo.findUniqueOrThrow({ where: { service_name: { service: 'gateway', name: 'checkout-availability' } } })).source).toBe('ui');
    const checkout = await prisma.slo.findUniqueOrThrow({ where: { service_name: { service: 'payment', name: 'charge-latency' } } });
    expect(checkout).toMatchObject({ source: 'demo', sliType: 'good', windowKind: 'rolling', windowDays: 30 });
    await prisma.slo.update({ where: { id: checkout.id }, data: { objective: 0.995, version: { increment: 1 } } });
    await prisma.slo.update({ where: { service_name: { service: 'order', name: 'orders-availability' } }, data: { archivedAt: new Date() } });
    expect(await seedDemoSlos(prisma)).toEqual([]);
    expect((await prisma.slo.findUniqueOrThrow({ where: { id: checkout.id } })).objective).toBe(0.995);
    const orders = await prisma.slo.findUniqueOrThrow({ where: { service_name: { service: 'order', name: 'orders-availability' } } });
    expect(orders.archivedAt).not.toBeNull();
  });
});
