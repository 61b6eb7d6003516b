// Trace search against a loopback Tempo answering with recorded Tempo 2.0.1 search responses: what is asked
// (TraceQL, window, limit + 1, durations), how error traces are marked, and each failure named.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFixture } from '../../../test/fixtures';
import { startLoopbackServer, type LoopbackServer } from '../../../test/helpers/prometheus';
import { createTempoClient } from '../../datasources/tempo/client';
import { loadSearchServices, loadTraceSearch } from './load-search';
import { parseSearchForm } from './search-form';

interface Seen {
  path: string;
  params: URLSearchParams;
}

let tempo: LoopbackServer;
const seen: Seen[] = [];
/** What the fake answers for the error query: a fixture, or a status with a plain-text body. */
let errorAnswer: { fixture: string } | { status: number; text: string } = { fixture: 'search_traceql_error_status.json' };

beforeAll(async () => {
  tempo = await startLoopbackServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://tempo');
    seen.push({ path: url.pathname, params: url.searchParams });
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(body);
    };
    if (url.pathname === '/api/v2/search/tag/resource.service.name/values') return send(200, readFixture('tempo', 'v2_search_tag_resource_service_name_values.json'));
    if (url.pathname !== '/api/search') return send(404, '404 page not found\n', 'text/plain');
    const q = url.searchParams.get('q') ?? '';
    if (q.endsWith('&& { status = error }')) {
      return 'fixture' in errorAnswer ? send(200, readFixture('tempo', errorAnswer.fixture)) : send(errorAnswer.status, errorAnswer.text, 'text/plain');
    }
    if (q.startsWith('{ span.http.status_code')) return send(200, readFixture('tempo', 'search_traceql_http_500.json'));
    return send(200, readFixture('tempo', 'search_min_duration.json'));
  });
});

afterAll(async () => {
  await tempo?.close();
});

beforeEach(() => {
  seen.length = 0;
  errorAnswer = { fixture: 'search_traceql_error_status.json' };
});

function form(query: string) {
  const parsed = parseSearchForm(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const WINDOW = { fromMs: 1795300280_000, toMs: 1795303940_000 };

describe('loadTraceSearch', () => {
  it('sends the generated TraceQL with window, durations and limit + 1, and marks the error traces', async () => {
    const client = createTempoClient({ backend: 'tempo', url: tempo.url });
    const response = await loadTraceSearch(client, { form: form('service=frontend&minDuration=250ms&limit=20'), ...WINDOW });
    expect(response.query).toBe('{ resource.service.name = "frontend" }');
    expect(response.generated).toBe(true);

    const main = seen.find((s) => s.params.get('q') === '{ resource.service.name = "frontend" }');
    expect(main?.params.get('start')).toBe('1795300280');
    expect(main?.params.get('end')).toBe('1795303940');
    expect(main?.params.get('minDuration')).toBe('250ms');
    expect(main?.params.get('limit')).toBe('21');
    expect(main?.params.get('spss')).toBe('20');
    const errors = seen.find((s) => s.params.get('q') === '{ resource.service.name = "frontend" } && { status = error }');
    expect(errors?.params.get('limit')).toBe('81');

    expect(response.result.status).toBe('ok');
    if (response.result.status !== 'ok') return;
    expect(response.result.data.traces.map((t) => [t.traceId, t.error])).toEqual([
      ['18ecb897e25eb533c3750a32149eb100', false],
      ['7d721efb63bcec752b8528a2af7411c7', true],
      ['88f38719ffb3d0c47d6677c5c1998baa', false],
      ['faa1111b41925d13ad08605ad5300a28', false],
      ['bd5a131c670a194676bcd097a4eac415', true],
    ]);
    expect(response.result.data.truncated).toBe(false);
    expect(response.errorMarking).toEqual({ kind: 'marked', complete: true });
    const first = response.result.data.traces[0];
    expect(first).toMatchObject({ rootServiceName: 'frontend', durationMs: 373 });
    expect(first.href).toMatch(/^\/trace\/18ecb897e25eb533c3750a32149eb100\?from=\d+&to=\d+$/);
  });

  it('runs a user TraceQL as written, pads short ids, and leaves out hits outside the duration bounds', async () => {
    const client = createTempoClient({ backend: 'tempo', url: tempo.url });
    const q = '{ span.http.status_code >= 500 }';
    const response = await loadTraceSearch(client, { form: form(`q=${encodeURIComponent(q)}&maxDuration=100ms&service=ignored`), ...WINDOW });
    expect(response).toMatchObject({ query: q, generated: false });
    expect(seen.map((s) => s.params.get('q'))).toEqual(expect.arrayContaining([q, `(${q}) && { status = error }`]));
    if (response.result.status !== 'ok') throw new Error('search failed');
    // The recorded answer holds two 335 ms traces: this Tempo honoured no bounds, Weft drops them and says so.
    expect(response.result.data.outsideBounds).toBe(2);
    expect(response.result.data.traces.every((t) => t.durationMs <= 100)).toBe(true);
    expect(response.result.data.traces.map((t) => t.traceId)).toContain('00000000000000005331030cee4e0199');
  });

  it('needs no error search when the search is on errors', async () => {
    const client = createTempoClient({ backend: 'tempo', url: tempo.url });
    const response = await loadTraceSearch(client, { form: form('service=payment&status=error'), ...WINDOW });
    expect(seen).toHaveLength(1);
    expect(response.errorMarking).toEqual({ kind: 'all' });
    if (response.result.status === 'ok') expect(response.result.data.traces.every((t) => t.error === true)).toBe(true);
  });

  it('keeps the results when only the error search fails, and names why', async () => {
    errorAnswer = { status: 400, text: 'invalid TraceQL query: parse error at line 1, col 3' };
    const client = createTempoClient({ backend: 'tempo', url: tempo.url });
    const response = await loadTraceSearch(client, { form: form('service=frontend'), ...WINDOW });
    expect(response.result.status).toBe('ok');
    if (response.result.status === 'ok') expect(response.result.data.traces.every((t) => t.error === null)).toBe(true);
    expect(response.errorMarking).toMatchObject({ kind: 'failed', error: { backend: 'tempo', kind: 'bad-request', message: expect.stringMatching(/parse error/) } });
  });

  it('names a Tempo that cannot be reached', async () => {
    const client = createTempoClient({ backend: 'tempo', url: 'http://127.0.0.1:1' });
    const response = await loadTraceSearch(client, { form: form(''), ...WINDOW });
    expect(response.result).toMatchObject({ status: 'error', error: { backend: 'tempo', kind: 'network' } });
    expect(response.errorMarking).toBeNull();
  }, 20_000);
});

describe('loadSearchServices', () => {
  it('lists service names from the typed tag values (recorded Tempo 2.0.1 answer), sorted', async () => {
    const client = createTempoClient({ backend: 'tempo', url: tempo.url });
    const { services } = await loadSearchServices(client);
    expect(services.status).toBe('ok');
    if (services.status === 'ok') {
      expect(services.data).toEqual(expect.arrayContaining(['checkout', 'frontend', 'payment']));
      expect(services.data).toEqual([...services.data].sort((a, b) => a.localeCompare(b)));
    }
  });
});
