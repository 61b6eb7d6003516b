// The HTTP server histogram as counter columns: per (route, status) 14 finite buckets, the count (= +Inf bucket =
// http_server_requests_total) and the sum. Per minute: requests = entry rate x calls per entry x status share, and
// each bucket gets the share of the Monte Carlo durations (scaled by the minute's latency factor) at or below its bound.
import type { FleetMinutes } from '../fleet-minutes';
import { bucketSharesOf, type RouteStatsTable } from '../route-stats';
import { MINUTE_MS } from '../time';
import { ENTRY_ROUTES, LATENCY_BUCKETS_S, ROUTES, type ServiceName } from '../topology';
import type { CounterSource } from './counters';

export const FINITE_BUCKETS = LATENCY_BUCKETS_S.length;
/** Columns per (route, status): finite buckets, then count, then sum. */
export const HTTP_BLOCK = FINITE_BUCKETS + 2;
export const COUNT_OFFSET = FINITE_BUCKETS;
export const SUM_OFFSET = FINITE_BUCKETS + 1;

/** First column of each (route index, status). */
export const HTTP_BLOCK_START: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  let col = 0;
  ROUTES.forEach((route, r) => {
    for (const status of route.statuses) {
      map.set(`${r}|${status}`, col);
      col += HTTP_BLOCK;
    }
  });
  return map;
})();

export const HTTP_WIDTH = HTTP_BLOCK_START.size * HTTP_BLOCK;

export function httpBlockStart(routeIndex: number, status: number): number {
  const col = HTTP_BLOCK_START.get(`${routeIndex}|${status}`);
  if (col === undefined) throw new Error(`route ${ROUTES[routeIndex].id} has no status ${status} in the catalog`);
  return col;
}

export class HttpCounterSource implements CounterSource {
  readonly width = HTTP_WIDTH;
  readonly columnService: readonly ServiceName[];

  constructor(
    private readonly minutes: FleetMinutes,
    private readonly stats: RouteStatsTable,
  ) {
    const services: ServiceName[] = [];
    ROUTES.forEach((route) => {
      for (let k = 0; k < route.statuses.length * HTTP_BLOCK; k++) services.push(route.service);
    });
    this.columnService = services;
  }

  fillHour(hourStartMs: number, out: Float64Array): void {
    const minutes = this.minutes.hour(hourStartMs);
    const seconds = MINUTE_MS / 1000;
    for (let m = 0; m < 60; m++) {
      const ctx = minutes[m];
      const row = m * HTTP_WIDTH;
      const stats = this.stats.forState(ctx.state);
      for (let e = 0; e < ENTRY_ROUTES.length; e++) {
        const requests = ctx.entryRates[e] * seconds;
        for (const route of stats[e].routes) {
          const r = route.routeIndex;
          for (const s of route.statuses) {
            const n = requests * route.callsPerEntry * s.share;
            if (n === 0) continue;
            const base = row + httpBlockStart(r, s.status);
            const shares = bucketSharesOf(s, ctx.scale);
            for (let j = 0; j < FINITE_BUCKETS; j++) out[base + j] += n * shares[j];
            out[base + COUNT_OFFSET] += n;
            out[base + SUM_OFFSET] += n * s.meanDurationS * ctx.scale;
          }
        }
      }
    }
  }
}
