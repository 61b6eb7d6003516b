import { describe, expect, it } from 'vitest';
import { deployAtOrBefore, deploysBetween, processesBetween } from './deploys';
import { NORMAL_STATE, stateOf } from './incidents';
import { Rng } from './random';
import { RouteStatsTable } from './route-stats';
import { TEST_NOW_MS, hours } from './testing';
import { decodeTraceId, encodeTraceId, spanIdOf } from './trace-ids';
import { ENTRY_ROUTES, ROUTES, SERVICES } from './topology';

describe('trace ids', () => {
  it('encode (slot, index) reversibly, look random, and reject any altered id', () => {
    const rng = new Rng(5);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const slot = Math.floor(TEST_NOW_MS / 1000) - Math.floor(rng.next() * 40 * 86_400);
      const index = rng.int(0, 255);
      const id = encodeTraceId(17, slot, index);
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(decodeTraceId(17, id)).toEqual({ slot, index });
      const flipped = id.slice(0, 31) + (id[31] === '0' ? '1' : '0');
      expect(decodeTraceId(17, flipped)).toBeNull();
      expect(decodeTraceId(18, id)).toBeNull();
      seen.add(id.slice(0, 2));
    }
    expect(seen.size).toBeGreaterThan(200); // the leading byte is spread over its 256 values
    expect(spanIdOf(17, encodeTraceId(17, 1, 0), 0)).toMatch(/^[0-9a-f]{16}$/);
    expect(spanIdOf(17, encodeTraceId(17, 1, 0), 0)).not.toBe(spanIdOf(17, encodeTraceId(17, 1, 0), 1));
  });
});

describe('deploys', () => {
  it('restart every service at least every 3.5 days, in working hours, and tile time into processes', () => {
    for (const service of SERVICES) {
      const deploys = deploysBetween(3, service, TEST_NOW_MS - hours(24 * 35), TEST_NOW_MS);
      expect(deploys.length).toBeGreaterThan(10);
      for (let i = 1; i < deploys.length; i++) expect(deploys[i].timeMs - deploys[i - 1].timeMs).toBeLessThan(hours(84));
      for (const d of deploys) {
        const hour = new Date(d.timeMs).getUTCHours();
        expect(hour).toBeGreaterThanOrEqual(9);
        expect(hour).toBeLessThan(17);
        expect(deployAtOrBefore(3, service, d.timeMs)).toEqual(d);
      }
      const processes = processesBetween(3, service, TEST_NOW_MS - hours(24 * 7), TEST_NOW_MS);
      expect(processes[0].fromMs).toBe(TEST_NOW_MS - hours(24 * 7));
      expect(processes.at(-1)!.toMs).toBe(TEST_NOW_MS);
      for (let i = 1; i < processes.length; i++) expect(processes[i].fromMs).toBe(processes[i - 1].toMs);
    }
  });
});

describe('request model statistics', () => {
  const stats = new RouteStatsTable(1);
  const states = [NORMAL_STATE, ...[0.25, 0.5, 0.75, 1].flatMap((l) => [stateOf('payment-latency', l), stateOf('order-db-pool', l)])];

  it('only produce status codes the metric catalogue has series for, in every state', () => {
    for (const state of states) {
      for (let e = 0; e < ENTRY_ROUTES.length; e++) {
        for (const route of stats.get(e, state).routes) {
          const def = ROUTES[route.routeIndex];
          for (const s of route.statuses) expect(def.statuses, `${def.id} ${state.key}`).toContain(s.status);
          const shares = route.statuses.reduce((sum, s) => sum + s.share, 0);
          expect(shares).toBeCloseTo(1, 9);
        }
      }
    }
  });

  it('make incidents hurt: payment slower, order failing, checkout failing in both', () => {
    const checkout = 1;
    const route = (state: ReturnType<typeof stateOf>, id: string) => stats.get(checkout, state).routes.find((r) => r.route === id)!;
    const failShare = (r: ReturnType<typeof route>) => r.statuses.filter((s) => s.status >= 500).reduce((sum, s) => sum + s.share, 0);
    const meanOf = (r: ReturnType<typeof route>) => r.meanDurationS;
    expect(meanOf(route(stateOf('payment-latency', 1), 'payment POST /charge'))).toBeGreaterThan(5 * meanOf(route(NORMAL_STATE, 'payment POST /charge')));
    expect(route(stateOf('payment-latency', 1), 'payment POST /charge').bankAttemptsPerCall).toBeGreaterThan(1.4);
    expect(failShare(route(stateOf('order-db-pool', 1), 'order POST /orders'))).toBeGreaterThan(0.2);
    expect(failShare(route(NORMAL_STATE, 'order POST /orders'))).toBeLessThan(0.002);
    expect(failShare(route(stateOf('order-db-pool', 1), 'gateway POST /api/checkout'))).toBeGreaterThan(0.2);
    expect(failShare(route(stateOf('payment-latency', 1), 'gateway POST /api/checkout'))).toBeGreaterThan(0.05);
    expect(failShare(route(NORMAL_STATE, 'gateway POST /api/checkout'))).toBeLessThan(0.001);
  });
});
