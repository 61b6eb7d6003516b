import { describe, expect, it } from 'vitest';
import type { StoredTrace } from '../query/types';
import { createFleet } from './index';
import { reconcileWindow } from './jobs';
import { TEST_NOW_MS, hours, latestIncident, minutes, msToNsBig } from './testing';
import { decodeTraceId, encodeTraceId } from './trace-ids';

const fleet = createFleet({ seed: 5, now: () => TEST_NOW_MS });

/** Checks a trace's shape; returns the problems found (empty when well formed). */
function structureProblems(trace: StoredTrace): string[] {
  const problems: string[] = [];
  const byId = new Map(trace.spans.map((s) => [s.spanId, s]));
  if (byId.size !== trace.spans.length) problems.push('duplicate span ids');
  const roots = trace.spans.filter((s) => s.parentSpanId === null);
  if (roots.length !== 1) problems.push(`${roots.length} roots`);
  if (!/^[0-9a-f]{32}$/.test(trace.traceId)) problems.push('bad trace id');
  for (const span of trace.spans) {
    if (span.traceId !== trace.traceId) problems.push('foreign trace id');
    if (!/^[0-9a-f]{16}$/.test(span.spanId) || span.spanId === '0000000000000000') problems.push('bad span id');
    if (span.durationNs < 0n) problems.push('negative duration');
    if (span.parentSpanId === null) continue;
    const parent = byId.get(span.parentSpanId);
    if (!parent) {
      problems.push(`missing parent ${span.parentSpanId}`);
      continue;
    }
    if (span.startNs < parent.startNs || span.startNs + span.durationNs > parent.startNs + parent.durationNs) problems.push(`${span.name} outside its parent ${parent.name}`);
  }
  return problems;
}

describe('request traces', () => {
  const from = TEST_NOW_MS - hours(3);
  const traces = [...fleet.traces.tracesInRange(msToNsBig(from), msToNsBig(from + minutes(20)))];

  it('are a ~0.5/s sample, ascending by root start, inside the range', () => {
    expect(traces.length).toBeGreaterThan(0.3 * 1200);
    expect(traces.length).toBeLessThan(1.2 * 1200);
    const starts = traces.map((t) => t.spans.find((s) => s.parentSpanId === null)?.startNs ?? 0n);
    for (let i = 1; i < starts.length; i++) expect(starts[i] >= starts[i - 1]).toBe(true);
    expect(starts[0] >= msToNsBig(from)).toBe(true);
    expect(starts.at(-1)! < msToNsBig(from + minutes(20))).toBe(true);
  });

  it('are well-formed trees: one root, existing parents, children inside their parents', () => {
    const problems = traces.flatMap((t) => structureProblems(t).map((p) => `${t.traceId}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('carry realistic OpenTelemetry attributes and resources', () => {
    const spans = traces.flatMap((t) => t.spans);
    const services = new Set(spans.map((s) => s.serviceName));
    expect([...services].sort()).toEqual(['gateway', 'inventory', 'order', 'payment', 'user']);
    // Every 4th span keeps the expectation count reasonable; all span kinds still appear.
    for (const span of spans.filter((_, i) => i % 4 === 0)) {
      expect(span.resourceAttributes['service.name']).toBe(span.serviceName);
      expect(span.resourceAttributes['telemetry.sdk.language']).toBe('go');
      expect(span.resourceAttributes['deployment.environment']).toBe('production');
      expect(typeof span.resourceAttributes['service.version']).toBe('string');
      expect(typeof span.resourceAttributes['host.name']).toBe('string');
      if (span.kind === 'server') {
        expect(span.attributes['http.route']).toBeDefined();
        expect(span.attributes['http.request.method']).toMatch(/^(GET|POST)$/);
        expect(span.attributes['http.response.status_code']).toBeGreaterThanOrEqual(200);
        expect(String(span.attributes['url.path'])).toMatch(/^\//);
      }
      if (span.attributes['db.system'] !== undefined) {
        expect(span.attributes['db.system']).toBe('postgresql');
        expect(span.kind).toBe('client');
        expect(span.name).toBe(`${span.attributes['db.operation']} ${span.attributes['db.sql.table']}`);
        expect(span.attributes['db.statement']).toMatch(/^(SELECT|INSERT|UPDATE)/);
      }
    }
    const bank = spans.filter((s) => s.attributes['peer.service'] === 'bank-api');
    expect(bank.length).toBeGreaterThan(10);
    for (const s of bank) {
      expect(s.serviceName).toBe('payment');
      expect(s.name).toBe('POST /v1/charges');
      expect(s.attributes['server.address']).toBe('api.bank.example');
    }
    const names = new Set(spans.filter((s) => s.kind === 'server').map((s) => `${s.serviceName} ${s.name}`));
    for (const name of ['gateway POST /api/checkout', 'gateway GET /api/products', 'gateway GET /api/orders/{id}', 'gateway GET /api/users/me', 'order POST /orders', 'payment POST /charge', 'inventory POST /reserve', 'inventory GET /stock', 'user GET /users/{id}']) {
      expect(names).toContain(name);
    }
  });

  it('record an exception event on every span that failed with an error', () => {
    const incident = latestIncident(fleet, 'order-db-pool');
    const during = [...fleet.traces.tracesInRange(msToNsBig(incident.startMs + minutes(8)), msToNsBig(incident.startMs + minutes(12)))];
    const failedDb = during.flatMap((t) => t.spans).filter((s) => s.statusCode === 'error' && s.attributes['db.system'] !== undefined);
    expect(failedDb.length).toBeGreaterThan(5);
    for (const span of failedDb) {
      expect(span.serviceName).toBe('order');
      expect(span.events?.[0].name).toBe('exception');
      expect(span.events?.[0].attributes['exception.message']).toMatch(/too many clients already|acquire conn: context deadline exceeded/);
      expect(span.statusMessage).toBe(span.events?.[0].attributes['exception.message']);
      expect(span.events?.[0].timeNs).toBe(span.startNs + span.durationNs);
    }
    const gateway5xx = during.filter((t) => t.spans[0].attributes['http.response.status_code'] === 502);
    expect(gateway5xx.length).toBeGreaterThan(3);
  });

  it('show the bank retry storm during a payment incident: 2-3 bank calls, timeouts at 2.5 s', () => {
    const incident = latestIncident(fleet, 'payment-latency');
    const during = [...fleet.traces.tracesInRange(msToNsBig(incident.startMs + minutes(8)), msToNsBig(incident.startMs + minutes(14)))];
    const charges = during.flatMap((t) => t.spans.filter((s) => s.name === 'POST /charge' && s.kind === 'server').map((charge) => ({ charge, bank: t.spans.filter((s) => s.parentSpanId === charge.spanId && s.name === 'POST /v1/charges') })));
    expect(charges.length).toBeGreaterThan(20);
    expect(charges.filter((c) => c.bank.length >= 2).length / charges.length).toBeGreaterThan(0.3);
    const bankSpans = charges.flatMap((c) => c.bank);
    expect(bankSpans.filter((s) => Number(s.durationNs) >= 1e9).length / bankSpans.length).toBeGreaterThan(0.7);
    const timeouts = bankSpans.filter((s) => s.statusCode === 'error' && String(s.statusMessage).includes('context deadline exceeded'));
    expect(timeouts.length).toBeGreaterThan(5);
    for (const s of timeouts) expect(s.durationNs).toBe(2_500_000_000n);
    expect(bankSpans.some((s) => s.attributes['http.request.resend_count'] === 2)).toBe(true);
  });
});

describe('trace ids', () => {
  it('round-trip through traceById and reject foreign, malformed or future ids', () => {
    const traces = [...fleet.traces.tracesInRange(msToNsBig(TEST_NOW_MS - hours(10)), msToNsBig(TEST_NOW_MS - hours(10) + minutes(2)))];
    for (const trace of traces) expect(fleet.traces.traceById(trace.traceId)).toEqual(trace);
    expect(fleet.traces.traceById(traces[0].traceId.toUpperCase())).toEqual(traces[0]);
    expect(fleet.traces.traceById('0123456789abcdef0123456789abcdef')).toBeNull();
    expect(fleet.traces.traceById('not-a-trace')).toBeNull();
    expect(createFleet({ seed: 6, now: () => TEST_NOW_MS }).traces.traceById(traces[0].traceId)).toBeNull();
    // An id of this fleet from one hour in the future is valid but not visible yet.
    const future = encodeTraceId(5, Math.floor(TEST_NOW_MS / 1000) + 3600, 0);
    expect(decodeTraceId(5, future)).toEqual({ slot: Math.floor(TEST_NOW_MS / 1000) + 3600, index: 0 });
    expect(fleet.traces.traceById(future)).toBeNull();
  });
});

describe('batch job trace', () => {
  it('runs every hour with 20,000 spans, is listed for its hour and resolvable by id', () => {
    const hourStart = Math.floor((TEST_NOW_MS - hours(5)) / hours(1)) * hours(1);
    const batch = fleet.traces.batchTrace(hourStart + minutes(30));
    expect(batch.spans).toHaveLength(20_000);
    expect(structureProblems(batch)).toEqual([]);
    const root = batch.spans[0];
    expect(root.name).toBe('reconcile-stock');
    expect(root.serviceName).toBe('inventory');
    const job = reconcileWindow(5, hourStart);
    expect(root.startNs).toBe(msToNsBig(job.startMs));
    expect(new Set(batch.spans.map((s) => s.name))).toEqual(new Set(['reconcile-stock', 'reconcile batch', 'reconcile item', 'SELECT stock', 'UPDATE stock']));
    const listed = [...fleet.traces.tracesInRange(msToNsBig(hourStart), msToNsBig(hourStart + hours(1)))].filter((t) => t.spans.length === 20_000);
    expect(listed.map((t) => t.traceId)).toEqual([batch.traceId]);
    expect(fleet.traces.traceById(batch.traceId)?.spans).toHaveLength(20_000);
  });

  it('builds a 100,000-span variant on demand with its own id', () => {
    const big = fleet.traces.batchTrace(TEST_NOW_MS - hours(5), 100_000);
    expect(big.spans).toHaveLength(100_000);
    expect(structureProblems(big)).toEqual([]);
    expect(big.traceId).not.toBe(fleet.traces.batchTrace(TEST_NOW_MS - hours(5)).traceId);
    expect(fleet.traces.traceById(big.traceId)?.spans).toHaveLength(100_000);
    expect(() => fleet.traces.batchTrace(TEST_NOW_MS, 12_345)).toThrow(RangeError);
  });
});
