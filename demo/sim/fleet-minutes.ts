// Per-minute context of the whole fleet: state, latency factor, request rates per route (from the entry rates and
// the Monte Carlo call statistics). Shared by metrics, profiles and logs; memoised per hour.
import { fleetStateAt, type FleetState } from './incidents';
import { Lru } from './lru';
import { RouteStatsTable } from './route-stats';
import { HOUR_MS, MINUTE_MS, floorTo } from './time';
import { ENTRY_ROUTES, ROUTES } from './topology';
import { entryRatePerSec, latencyScale } from './traffic';

export interface MinuteContext {
  startMs: number;
  state: FleetState;
  /** Latency factor of the minute (traffic.ts). */
  scale: number;
  /** Requests per second of each entry route (ENTRY_ROUTES order). */
  entryRates: Float64Array;
  /** Requests per second served by each route (ROUTES order). */
  routeRates: Float64Array;
  /** Requests in flight per route (Little's law: rate x mean duration). */
  routeInflight: Float64Array;
  /** Bank attempts per second made while serving each route (payment's charge). */
  routeBankAttempts: Float64Array;
}

export class FleetMinutes {
  private readonly hours = new Lru<number, MinuteContext[]>(96);
  private lastHourStart = Number.NaN;
  private lastHour: MinuteContext[] = [];

  constructor(
    readonly seed: number,
    readonly stats: RouteStatsTable,
  ) {}

  hour(hourStartMs: number): MinuteContext[] {
    // Callers sweep time in order: the last hour answers most calls without touching the LRU.
    if (hourStartMs === this.lastHourStart) return this.lastHour;
    const hour = this.hours.getOrCompute(hourStartMs, () => {
      const out: MinuteContext[] = [];
      for (let m = 0; m < 60; m++) out.push(this.compute(hourStartMs + m * MINUTE_MS));
      return out;
    });
    this.lastHourStart = hourStartMs;
    this.lastHour = hour;
    return hour;
  }

  at(timeMs: number): MinuteContext {
    const hourStart = floorTo(timeMs, HOUR_MS);
    return this.hour(hourStart)[Math.floor((timeMs - hourStart) / MINUTE_MS)];
  }

  private compute(startMs: number): MinuteContext {
    const state = fleetStateAt(this.seed, startMs);
    const scale = latencyScale(this.seed, startMs);
    const entryRates = new Float64Array(ENTRY_ROUTES.length);
    const routeRates = new Float64Array(ROUTES.length);
    const routeInflight = new Float64Array(ROUTES.length);
    const routeBankAttempts = new Float64Array(ROUTES.length);
    const stats = this.stats.forState(state);
    for (let e = 0; e < ENTRY_ROUTES.length; e++) {
      const rate = entryRatePerSec(this.seed, e, startMs);
      entryRates[e] = rate;
      for (const route of stats[e].routes) {
        const r = route.routeIndex;
        const calls = rate * route.callsPerEntry;
        routeRates[r] += calls;
        routeBankAttempts[r] += calls * route.bankAttemptsPerCall;
        routeInflight[r] += calls * route.meanDurationS * scale;
      }
    }
    return { startMs, state, scale, entryRates, routeRates, routeInflight, routeBankAttempts };
  }
}
