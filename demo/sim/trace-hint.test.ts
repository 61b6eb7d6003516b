// Trace searches with the store's hint (skip traces without a span of the service, in error) give exactly what a
// full scan gives, on the real simulation: the hint may only save work.
import { describe, expect, it } from 'vitest';
import { evaluateTraceQL } from '../query/traceql';
import type { StoredTrace, TraceStore } from '../query/types';
import { createFleet } from './index';
import { TEST_NOW_MS, hours } from './testing';

const fleet = createFleet({ seed: 42, now: () => TEST_NOW_MS });
const counted = (hinted: boolean) => {
  const seen = { traces: 0 };
  const store: TraceStore = {
    *tracesInRange(startNs, endNs, hint) {
      const traces: Iterable<StoredTrace> = hinted ? fleet.traces.tracesInRange(startNs, endNs, hint) : fleet.traces.tracesInRange(startNs, endNs);
      for (const trace of traces) {
        seen.traces++;
        yield trace;
      }
    },
  };
  return { store, seen };
};

const QUERIES = [
  '{ resource.service.name = "payment" && status = error }',
  '{ resource.service.name = "order" && status = error } | count() > 1',
  '{ resource.service.name = "inventory" }',
  '{ resource.service.name = "inventory" && status = error }',
  '{ name = "POST /api/checkout" } >> { resource.service.name = "payment" && status = error }',
];

describe('trace search with store hints', () => {
  it.each(QUERIES)('%s: same answer as a full scan, fewer traces built', (query) => {
    const options = { startNs: BigInt(TEST_NOW_MS - hours(3)) * 1_000_000n, endNs: BigInt(TEST_NOW_MS) * 1_000_000n, limit: 30, spssLimit: 3 };
    const full = counted(false);
    const hinted = counted(true);
    const expected = evaluateTraceQL(query, options, full.store);
    const actual = evaluateTraceQL(query, options, hinted.store);
    expect(actual.map((r) => [r.traceId, r.matchedCount, r.matchedSpans.map((s) => s.spanId)])).toEqual(
      expected.map((r) => [r.traceId, r.matchedCount, r.matchedSpans.map((s) => s.spanId)]),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(hinted.seen.traces).toBeLessThan(full.seen.traces);
  });
});
