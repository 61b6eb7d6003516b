// The stores at full scale (24 h of histograms, an hour of traces, a 20k-span batch, a day of profiles) answer
// completely. How fast is measured in `npm run bench` (bench/demo-endpoints.ts), never asserted in a test.
import { describe, expect, it } from 'vitest';
import { createFleet } from './index';
import { Lru } from './lru';
import { TEST_NOW_MS, hours, msToNsBig } from './testing';

function timed<T>(run: () => T): { result: T } {
  return { result: run() };
}

describe('stores at full scale', () => {
  const fleet = createFleet({ seed: 21, now: () => TEST_NOW_MS });
  fleet.warmUp();

  it('selects all histogram series of one service over 24 h', () => {
    const matchers = [
      { name: '__name__', type: '=~' as const, value: 'http_server_request_duration_seconds_.*' },
      { name: 'service', type: '=' as const, value: 'gateway' },
    ];
    const cold = timed(() => fleet.metrics.select(matchers, TEST_NOW_MS - hours(24), TEST_NOW_MS));
    expect(cold.result.length).toBe(12 * 17);
    expect(cold.result[0].values.length).toBe(5760);
    // The second select is served from the memoised hours and must be the same answer.
    const warm = timed(() => fleet.metrics.select(matchers, TEST_NOW_MS - hours(24), TEST_NOW_MS));
    expect(warm.result).toEqual(cold.result);
  });

  it('selects one service\'s logs over 1 h', () => {
    const run = timed(() => fleet.logs.select([{ name: 'service', type: '=', value: 'payment' }], msToNsBig(TEST_NOW_MS - hours(6)), msToNsBig(TEST_NOW_MS - hours(5))));
    expect(run.result.length).toBeGreaterThan(0);
  });

  it('finds one trace\'s logs from its id from its id', () => {
    const [trace] = fleet.traces.tracesInRange(msToNsBig(TEST_NOW_MS - hours(20)), msToNsBig(TEST_NOW_MS - hours(19)));
    const run = timed(() => fleet.logs.select([], msToNsBig(TEST_NOW_MS - hours(24)), msToNsBig(TEST_NOW_MS), { lineContains: [trace.traceId] }));
    expect(run.result.length).toBeGreaterThan(0);
  });

  it('lists 1 h of traces', () => {
    const run = timed(() => {
      let spans = 0;
      for (const t of fleet.traces.tracesInRange(msToNsBig(TEST_NOW_MS - hours(8)), msToNsBig(TEST_NOW_MS - hours(7)))) spans += t.spans.length;
      return spans;
    });
    expect(run.result).toBeGreaterThan(20_000);
  });

  it('builds the 20,000-span batch trace', () => {
    const run = timed(() => fleet.traces.batchTrace(TEST_NOW_MS - hours(12)));
    expect(run.result.spans).toHaveLength(20_000);
  });

  it('merges a day of CPU profiles', () => {
    const run = timed(() => fleet.profiles.select('process_cpu:cpu:nanoseconds:cpu:nanoseconds', [], TEST_NOW_MS - hours(24), TEST_NOW_MS));
    expect(run.result.length).toBeGreaterThan(50);
  });
});

describe('Lru', () => {
  it('keeps at most its capacity, evicting the least recently used', () => {
    const lru = new Lru<number, string>(3);
    lru.set(1, 'a');
    lru.set(2, 'b');
    lru.set(3, 'c');
    expect(lru.get(1)).toBe('a'); // 1 is now the most recent
    lru.set(4, 'd');
    expect(lru.size).toBe(3);
    expect(lru.get(2)).toBeUndefined();
    expect(lru.get(1)).toBe('a');
    expect(lru.getOrCompute(5, () => 'e')).toBe('e');
    expect(lru.get(3)).toBeUndefined();
    expect(() => new Lru(0)).toThrow();
  });
});
