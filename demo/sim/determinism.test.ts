import { describe, expect, it } from 'vitest';
import { createFleet } from './index';
import { TEST_NOW_MS, hours, minutes, msToNsBig } from './testing';

function snapshot(seed: number, now = TEST_NOW_MS) {
  const fleet = createFleet({ seed, now: () => now });
  const from = now - hours(2);
  const to = now - hours(1) - minutes(50);
  const traces = [...fleet.traces.tracesInRange(msToNsBig(from), msToNsBig(to))];
  return {
    metrics: fleet.metrics.select([{ name: 'service', type: '=', value: 'payment' }], from, to),
    logs: fleet.logs.select([{ name: 'service', type: '=~', value: 'order|payment' }], msToNsBig(from), msToNsBig(to)),
    traces,
    profile: fleet.profiles.select('process_cpu:cpu:nanoseconds:cpu:nanoseconds', [{ name: 'service_name', type: '=', value: 'payment' }], from, to),
    exemplars: fleet.exemplars([{ name: 'service', type: '=', value: 'payment' }], from, to),
    incidents: fleet.incidentsBetween(now - hours(48), now),
  };
}

describe('determinism', () => {
  it('gives identical telemetry for the same seed and time, from independent fleets', () => {
    const a = snapshot(7);
    const b = snapshot(7);
    expect(a.traces.length).toBeGreaterThan(100);
    expect(b).toEqual(a);
  });

  it('does not depend on the clock for data both clocks can see', () => {
    const a = snapshot(7);
    const later = createFleet({ seed: 7, now: () => TEST_NOW_MS + hours(30) });
    const from = TEST_NOW_MS - hours(2);
    const to = TEST_NOW_MS - hours(1) - minutes(50);
    expect([...later.traces.tracesInRange(msToNsBig(from), msToNsBig(to))]).toEqual(a.traces);
    expect(later.metrics.select([{ name: 'service', type: '=', value: 'payment' }], from, to)).toEqual(a.metrics);
  });

  it('gives different telemetry for a different seed', () => {
    const a = snapshot(7);
    const c = snapshot(8);
    expect(c.traces.map((t) => t.traceId)).not.toEqual(a.traces.map((t) => t.traceId));
    const count = (m: typeof a.metrics) => m.find((s) => s.labels.__name__ === 'http_server_requests_total' && s.labels.http_response_status_code === '200')?.values;
    expect(count(a.metrics)?.length).toBeGreaterThan(10);
    expect(count(c.metrics)).not.toEqual(count(a.metrics));
    expect(c.incidents).not.toEqual(a.incidents);
  });

  it('has no data outside the last 35 days nor in the future', () => {
    const fleet = createFleet({ seed: 7, now: () => TEST_NOW_MS });
    const old = TEST_NOW_MS - hours(24 * 36);
    expect(fleet.metrics.select([{ name: '__name__', type: '=', value: 'up' }], old, old + hours(1))).toEqual([]);
    expect([...fleet.traces.tracesInRange(msToNsBig(old), msToNsBig(old + hours(1)))]).toEqual([]);
    expect(fleet.logs.select([], msToNsBig(old), msToNsBig(old + hours(1)))).toEqual([]);
    expect(fleet.metrics.select([{ name: '__name__', type: '=', value: 'up' }], TEST_NOW_MS + 1, TEST_NOW_MS + hours(1))).toEqual([]);
    expect([...fleet.traces.tracesInRange(msToNsBig(TEST_NOW_MS), msToNsBig(TEST_NOW_MS + hours(1)))]).toEqual([]);
    expect(fleet.profiles.select('process_cpu:cpu:nanoseconds:cpu:nanoseconds', [], old, old + hours(1))).toEqual([]);
    const recent = fleet.metrics.select([{ name: '__name__', type: '=', value: 'up' }], TEST_NOW_MS - hours(24 * 34), TEST_NOW_MS);
    expect(recent).toHaveLength(5);
    expect(recent[0].timestampsMs.at(-1)).toBeLessThanOrEqual(TEST_NOW_MS);
  });
});
