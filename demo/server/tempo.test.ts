import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLogfmt, parseTraceIdParam } from './tempo';
import { FAKE_SERVICES, fakeTraceId } from './testing/fake-fleet';
import { get, getJson, query, startFakeStack } from './testing/harness';

type Stack = Awaited<ReturnType<typeof startFakeStack>>;
let stack: Stack;
let base: string;
const MIN = 60_000;

beforeAll(async () => {
  stack = await startFakeStack();
  base = stack.urls.tempo;
});
afterAll(async () => {
  await stack.close();
});

interface OtlpValue {
  stringValue?: string;
  intValue?: string;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: { key: string; value: OtlpValue }[];
  events?: { timeUnixNano: string; name: string; attributes: unknown[] }[];
  status: { code?: string; message?: string };
}
interface Batch {
  resource: { attributes: { key: string; value: OtlpValue }[] };
  scopeSpans: { scope: { name: string; version: string }; spans: OtlpSpan[] }[];
}

const b64ToHex = (s: string) => Buffer.from(s, 'base64').toString('hex');
const recentMinute = () => Math.floor((stack.nowMs - 10 * MIN) / MIN) * MIN;

describe('parseTraceIdParam', () => {
  it('normalises hex ids and rejects others with Tempo messages', () => {
    expect(parseTraceIdParam('ABCDEF')).toBe('00000000000000000000000000abcdef');
    expect(parseTraceIdParam('abc')).toBe('00000000000000000000000000000abc');
    expect(() => parseTraceIdParam('not-a-trace-id')).toThrow("trace IDs can only contain hex characters: invalid character 'n' at position 1");
    expect(() => parseTraceIdParam('0'.repeat(33))).toThrow("trace IDs can't be larger than 128 bits");
  });
});

describe('parseLogfmt', () => {
  it('reads Tempo tags parameters', () => {
    expect(parseLogfmt('service.name=frontend http.status_code=500')).toEqual({ 'service.name': 'frontend', 'http.status_code': '500' });
    expect(parseLogfmt('name="GET /checkout" x=1')).toEqual({ name: 'GET /checkout', x: '1' });
    expect(() => parseLogfmt('novalue')).toThrow(/invalid tags/);
  });
});

describe('demo Tempo: trace by id', () => {
  it('serves a trace in Tempo 2.0 batches with base64 ids and enum strings', async () => {
    const traceId = fakeTraceId('payment', recentMinute());
    const r = await getJson(`${base}/api/traces/${traceId}`);
    expect(r.status).toBe(200);
    expect(r.contentType).toBe('application/json');
    const { batches } = r.json as { batches: Batch[] };
    expect(batches).toHaveLength(1);
    const resource = Object.fromEntries(batches[0].resource.attributes.map((a) => [a.key, a.value.stringValue]));
    expect(resource['service.name']).toBe('payment');
    const spans = batches[0].scopeSpans[0].spans;
    expect(spans).toHaveLength(2);
    const [root, child] = spans;
    expect(b64ToHex(root.traceId)).toBe(traceId);
    expect(root.parentSpanId).toBeUndefined();
    expect(b64ToHex(child.parentSpanId ?? '')).toBe(b64ToHex(root.spanId));
    expect(root.kind).toBe('SPAN_KIND_SERVER');
    expect(child.kind).toBe('SPAN_KIND_CLIENT');
    expect(BigInt(root.endTimeUnixNano) - BigInt(root.startTimeUnixNano)).toBeGreaterThan(0n);
    expect(root.attributes?.find((a) => a.key === 'http.status_code')?.value).toEqual({ intValue: '500' });
    // the incident is on: payment errors, with an exception event like an OTel SDK records
    expect(root.status).toEqual({ message: 'bank timeout', code: 'STATUS_CODE_ERROR' });
    expect(root.events?.[0]).toMatchObject({ name: 'exception', timeUnixNano: root.endTimeUnixNano });
    expect(child.status).toEqual({});
  });

  it('serves the same trace in the newer /api/v2/traces shape', async () => {
    const traceId = fakeTraceId('checkout', recentMinute());
    const v1 = (await getJson(`${base}/api/traces/${traceId}`)).json as { batches: unknown[] };
    const v2 = await getJson(`${base}/api/v2/traces/${traceId}`);
    expect(v2.status).toBe(200);
    expect(v2.json).toEqual({ trace: { resourceSpans: v1.batches } });
  });

  it('answers unknown and malformed ids like Tempo', async () => {
    const missing = await get(`${base}/api/traces/0123456789abcdef0123456789abcdef`);
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('trace not found');
    const badId = await get(`${base}/api/traces/not-a-trace-id`);
    expect(badId.status).toBe(400);
    expect(badId.body).toBe("trace IDs can only contain hex characters: invalid character 'n' at position 1");
  });

  it('honours start/end: a trace outside the range is not found', async () => {
    const minute = recentMinute();
    const traceId = fakeTraceId('checkout', minute);
    const inside = await get(`${base}/api/traces/${traceId}?${query({ start: minute / 1000 - 60, end: minute / 1000 + 60 })}`);
    expect(inside.status).toBe(200);
    const outside = await get(`${base}/api/traces/${traceId}?${query({ start: minute / 1000 + 600, end: minute / 1000 + 900 })}`);
    expect(outside.status).toBe(404);
    expect((await get(`${base}/api/traces/${traceId}?start=abc`)).status).toBe(400);
  });

  // Its speed is measured in `npm run bench`, not asserted here.
  it('streams a 20,000-span batch trace whole', async () => {
    const batch = stack.fleet.traces.batchTrace(stack.nowMs - 30 * MIN, 20_000);
    const r = await getJson(`${base}/api/traces/${batch.traceId}`);
    expect(r.status).toBe(200);
    const spans = (r.json as { batches: Batch[] }).batches.flatMap((b) => b.scopeSpans.flatMap((s) => s.spans));
    expect(spans).toHaveLength(20_000);
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(20_000);
  });
});

describe('demo Tempo: tags', () => {
  it('lists v1 tag names and values from recent traces', async () => {
    const names = (await getJson(`${base}/api/search/tags`)).json as { tagNames: string[] };
    expect(names.tagNames).toEqual(expect.arrayContaining(['service.name', 'http.status_code', 'db.system', 'deployment.environment']));
    expect((await getJson(`${base}/api/search/tag/service.name/values`)).json).toEqual({ tagValues: [...FAKE_SERVICES] });
    expect((await getJson(`${base}/api/search/tag/http.status_code/values`)).json).toEqual({ tagValues: ['200', '500'] });
  });

  it('lists v2 scoped tags and typed values', async () => {
    const v2 = (await getJson(`${base}/api/v2/search/tags`)).json as { scopes: { name: string; tags: string[] }[] };
    expect(v2.scopes.map((s) => s.name)).toEqual(['span', 'resource', 'intrinsic']);
    expect(v2.scopes[0].tags).toContain('http.status_code');
    expect(v2.scopes[1].tags).toContain('service.name');
    expect((await getJson(`${base}/api/v2/search/tags?scope=resource`)).json).toEqual({ scopes: [v2.scopes[1]] });
    expect((await getJson(`${base}/api/v2/search/tag/resource.service.name/values`)).json).toEqual({
      tagValues: [
        { type: 'string', value: 'checkout' },
        { type: 'string', value: 'payment' },
      ],
    });
    expect((await getJson(`${base}/api/v2/search/tag/span.http.status_code/values`)).json).toEqual({
      tagValues: [
        { type: 'int', value: '200' },
        { type: 'int', value: '500' },
      ],
    });
    const status = (await getJson(`${base}/api/v2/search/tag/status/values`)).json as { tagValues: { type: string; value: string }[] };
    expect(status.tagValues).toEqual([
      { type: 'keyword', value: 'error' },
      { type: 'keyword', value: 'unset' },
    ]);
    expect((await get(`${base}/api/v2/search/tag/bogus/values`)).status).toBe(400);
  });

  it('rejects search ranges longer than Tempo allows', async () => {
    const r = await get(`${base}/api/search/tags?${query({ start: Math.floor(stack.nowMs / 1000) - 8 * 86400, end: Math.floor(stack.nowMs / 1000) })}`);
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/^range specified by start and end exceeds 168h0m0s/);
    const reversed = await get(`${base}/api/search?${query({ start: 200, end: 100 })}`);
    expect(reversed.status).toBe(400);
    expect(reversed.body).toBe('http parameter start must be before end. received start=200 end=100');
  });
});

interface SearchBody {
  traces: { traceID: string; rootServiceName: string; rootTraceName?: string; startTimeUnixNano: string; durationMs?: number; spanSet?: unknown }[];
  metrics: { inspectedTraces: number; inspectedBytes: string };
}

describe('demo Tempo: tag search', () => {
  const range = () => ({ start: Math.floor((stack.nowMs - 30 * MIN) / 1000), end: Math.floor(stack.nowMs / 1000) });

  it('finds traces by logfmt tags, newest first, limited', async () => {
    const r = await getJson(`${base}/api/search?${query({ tags: 'service.name=payment http.status_code=500', limit: 5, ...range() })}`);
    expect(r.status).toBe(200);
    const body = r.json as SearchBody;
    expect(body.traces).toHaveLength(5);
    for (const t of body.traces) {
      expect(t.rootServiceName).toBe('payment');
      expect(t.rootTraceName).toBe('POST /charge');
      expect(t.durationMs).toBe(900);
      expect(t.spanSet).toBeUndefined();
      const minute = Number(BigInt(t.startTimeUnixNano) / 1_000_000n) - 1000;
      expect(t.traceID).toBe(fakeTraceId('payment', minute).replace(/^0+/, ''));
    }
    const starts = body.traces.map((t) => BigInt(t.startTimeUnixNano));
    expect(starts).toEqual([...starts].sort((a, b) => (a > b ? -1 : 1)));
    expect(body.metrics.inspectedTraces).toBeGreaterThan(0);
    expect(typeof body.metrics.inspectedBytes).toBe('string');
  });

  it('filters by duration and answers no match with an empty list', async () => {
    const slow = (await getJson(`${base}/api/search?${query({ tags: 'service.name=checkout', minDuration: '500ms', ...range() })}`)).json as SearchBody;
    expect(slow.traces).toEqual([]);
    const fast = (await getJson(`${base}/api/search?${query({ tags: 'service.name=checkout', maxDuration: '200ms', limit: 3, ...range() })}`)).json as SearchBody;
    expect(fast.traces).toHaveLength(3);
    const bad = await get(`${base}/api/search?${query({ tags: 'service.name=checkout', minDuration: 'fast' })}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/^invalid minDuration/);
    const both = await get(`${base}/api/search?${query({ tags: 'a=b', q: '{}' })}`);
    expect(both.body).toBe("invalid request: can't specify tags and q in the same query");
  });
});

describe('demo Tempo: TraceQL search', () => {
  const range = () => ({ start: Math.floor((stack.nowMs - 30 * MIN) / 1000), end: Math.floor(stack.nowMs / 1000) });
  interface SpanSet {
    spans: { spanID: string; name: string; startTimeUnixNano: string; durationNanos: string; attributes: { key: string; value: Record<string, unknown> }[] }[];
    matched: number;
  }

  it('returns span sets with the attributes the query looked at, in both Tempo shapes', async () => {
    const r = await getJson(`${base}/api/search?${query({ q: '{ resource.service.name = "payment" && status = error }', limit: 3, ...range() })}`);
    expect(r.status).toBe(200);
    const body = r.json as { traces: { traceID: string; spanSet: SpanSet; spanSets: SpanSet[] }[] };
    expect(body.traces).toHaveLength(3);
    for (const t of body.traces) {
      expect(t.spanSets).toEqual([t.spanSet]);
      expect(t.spanSet.matched).toBe(1);
      const [span] = t.spanSet.spans;
      expect(span.spanID).toMatch(/^[0-9a-f]{16}$/);
      expect(span.name).toBe('POST /charge');
      expect(span.durationNanos).toBe('900000000');
      expect(span.attributes).toEqual([
        { key: 'status', value: { stringValue: 'error' } },
        { key: 'service.name', value: { stringValue: 'payment' } },
      ]);
    }
  });

  it('answers an empty span set query with recent traces and rejects bad TraceQL like Tempo', async () => {
    const all = (await getJson(`${base}/api/search?${query({ q: '{}', limit: 4, ...range() })}`)).json as { traces: unknown[] };
    expect(all.traces).toHaveLength(4);
    const bad = await get(`${base}/api/search?${query({ q: '{ .service.name = ', ...range() })}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toBe('invalid TraceQL query: parse error at line 1, col 19: syntax error: unexpected $end');
  });
});

describe('demo Tempo: status endpoints', () => {
  it('serves echo, ready and buildinfo', async () => {
    expect((await get(`${base}/api/echo`)).body).toBe('echo\n');
    expect((await get(`${base}/ready`)).body).toBe('ready\n');
    expect((await getJson(`${base}/api/status/buildinfo`)).json).toMatchObject({ version: '2.0.1' });
    expect((await get(`${base}/status/version`)).body).toContain('tempo, version 2.0.1');
  });
});
