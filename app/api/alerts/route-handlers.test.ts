// The home, alert view and trace search route handlers: bad input is a 400 with a message (never a 500, never a
// stack); with no backend configured a good request is a 200 whose parts name the missing source.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resetDatasourcesCache } from '@/lib/datasources/registry';
import type { AlertDetailResponse, HomeAlertsResponse } from '@/lib/investigation/alerts/types';
import type { TraceSearchResponse } from '@/lib/investigation/search/load-search';
import { GET as homeAlerts } from './route';
import { GET as alertDetail } from './[name]/route';
import { GET as search } from '../search/route';
import { GET as services } from '../search/services/route';

const BACKEND_ENV = ['PROMETHEUS_URL', 'LOKI_URL', 'TEMPO_URL', 'PYROSCOPE_URL', 'ALERTMANAGER_URL', 'WEFT_DATASOURCES_FILE'];
const saved = Object.fromEntries(BACKEND_ENV.map((name) => [name, process.env[name]]));

function setBackends(urls: Partial<Record<string, string>>) {
  for (const name of BACKEND_ENV) delete process.env[name];
  Object.assign(process.env, urls);
  resetDatasourcesCache();
}

beforeAll(() => setBackends({}));
afterEach(() => setBackends({}));
afterAll(() => {
  for (const [name, value] of Object.entries(saved)) if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  resetDatasourcesCache();
});

async function read(response: Response): Promise<{ status: number; body: unknown; text: string }> {
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), text };
}

const callHome = async (query: string) => read(await homeAlerts(new Request(`http://weft.test/api/alerts?${query}`)));
const callDetail = async (name: string, query: string) =>
  read(await alertDetail(new Request(`http://weft.test/api/alerts/${encodeURIComponent(name)}?${query}`), { params: Promise.resolve({ name }) }));
const callSearch = async (query: string) => read(await search(new Request(`http://weft.test/api/search?${query}`)));

function expect400(result: { status: number; body: unknown; text: string }, message: RegExp) {
  expect(result.status).toBe(400);
  expect(result.body).toEqual({ error: expect.stringMatching(message) });
  expect(result.text).not.toMatch(/\bat .*\.ts:\d+|Error:/);
}

describe('GET /api/alerts', () => {
  it('refuses a bad range with 400', async () => {
    expect400(await callHome('from=now&to=now-1h'), /after the end/);
    expect400(await callHome('from=now-1h'), /both "from" and "to"/);
    expect400(await callHome('from=now-60d&to=now'), /longest allowed is/);
    expect400(await callHome('from=a&from=b&to=now'), /once, not 2 times/);
    expect400(await callHome(`from=${'9'.repeat(300)}&to=now`), /at most 200 characters/);
  });

  it('answers 200 with the missing source named in each part when nothing is configured', async () => {
    const { status, body } = await callHome('from=now-1h&to=now');
    expect(status).toBe(200);
    const home = body as HomeAlertsResponse;
    expect(home.current).toMatchObject({ status: 'error', error: { backend: 'prometheus', kind: 'not-configured', message: expect.stringMatching(/PROMETHEUS_URL/) } });
    expect(home.resolved).toMatchObject({ status: 'error', error: { backend: 'prometheus', kind: 'not-configured' } });
  });

  it('reads alerts from a configured Alertmanager and says when it cannot be reached', async () => {
    setBackends({ PROMETHEUS_URL: 'http://127.0.0.1:1', ALERTMANAGER_URL: 'http://127.0.0.1:1' });
    const { status, body } = await callHome('');
    expect(status).toBe(200);
    const home = body as HomeAlertsResponse;
    expect(home.current).toMatchObject({ status: 'error', backend: 'alertmanager', error: { kind: 'network' } });
    expect(home.resolved).toMatchObject({ status: 'error', backend: 'prometheus', error: { kind: 'network' } });
  }, 30_000);
});

describe('GET /api/alerts/[name]', () => {
  const cases: [string, string, string, RegExp][] = [
    ['control character in the name', 'A\nB', '', /control character/],
    ['blank name', '   ', '', /alert name is empty/],
    ['very long name', 'x'.repeat(300), '', /longer than 256/],
    ['labels not JSON', 'A', 'labels=service%3Dpayment', /not JSON/],
    ['labels an array', 'A', 'labels=%5B%5D', /JSON object/],
    ['label value a number', 'A', `labels=${encodeURIComponent('{"a":1}')}`, /not a string/],
    ['labels naming another alert', 'A', `labels=${encodeURIComponent('{"alertname":"B"}')}`, /another alert/],
    ['labels twice', 'A', 'labels=%7B%7D&labels=%7B%7D', /once/],
    ['window too long', 'A', 'from=now-40d&to=now', /longest allowed/],
    ['reversed window', 'A', 'from=1795300000000&to=1795200000000', /after the end/],
  ];
  for (const [what, name, query, message] of cases) {
    it(`400 for ${what}`, async () => expect400(await callDetail(name, query), message));
  }

  it('never answers 500 for any name and labels text (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.string({ maxLength: 60 }), async (name, labels) => {
        const { status } = await callDetail(name, `labels=${encodeURIComponent(labels)}`);
        expect([200, 400]).toContain(status);
      }),
      { numRuns: 60 },
    );
  });

  it('answers 200 with per-source errors for a valid request and nothing configured', async () => {
    const { status, body } = await callDetail('Payment "High" \\ Latency', `labels=${encodeURIComponent('{"service":"pay\\"ment"}')}&from=now-1h&to=now`);
    expect(status).toBe(200);
    const detail = body as AlertDetailResponse;
    expect(detail.name).toBe('Payment "High" \\ Latency');
    expect(detail.service).toBe('pay"ment');
    expect(detail.rule).toMatchObject({ status: 'error', error: { kind: 'not-configured' } });
    expect(detail.chart).toBeNull();
    expect(detail.slowest).toMatchObject({ status: 'error', error: { backend: 'tempo', kind: 'not-configured' } });
  });
});

describe('GET /api/search and /api/search/services', () => {
  const cases: [string, RegExp][] = [
    ['minDuration=soon', /not a duration/],
    ['minDuration=2s&maxDuration=1s', /below the minimum/],
    ['status=failed', /any, error or ok/],
    ['limit=100000', /whole number/],
    ['limit=0', /from 1 to 500/],
    ['service=a%00b', /control character/],
    ['from=now-30d&to=now', /longest allowed/],
    ['q=%7B%7D&q=%7B%7D', /once/],
  ];
  for (const [query, message] of cases) {
    it(`400 for ${query}`, async () => expect400(await callSearch(query), message));
  }

  it('answers 200 naming Tempo when it is not configured', async () => {
    const { status, body } = await callSearch('service=payment&status=error');
    expect(status).toBe(200);
    const response = body as TraceSearchResponse;
    expect(response.query).toBe('{ resource.service.name = "payment" && status = error }');
    expect(response.result).toMatchObject({ status: 'error', error: { backend: 'tempo', kind: 'not-configured', message: expect.stringMatching(/TEMPO_URL/) } });
    const servicesAnswer = await read(await services(new Request('http://weft.test/api/search/services')));
    expect(servicesAnswer.status).toBe(200);
    expect(servicesAnswer.body).toMatchObject({ services: { status: 'error', error: { backend: 'tempo', kind: 'not-configured' } } });
  });
});
