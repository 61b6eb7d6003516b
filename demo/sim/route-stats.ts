// Monte Carlo statistics of the request model: for each entry route and fleet state, how often each server route is
// called, its status mix and its latency distribution. The latency histograms and request counters are computed
// from these, so a metric's shape is the distribution of the traces the same model produces.
import { NORMAL_STATE, type FleetState } from './incidents';
import { hash4, stringKey } from './random';
import { entryAffectedBy, simulateRequest } from './request-model';
import { ENTRY_ROUTES, LATENCY_BUCKETS_S, ROUTE_INDEX, type RouteId } from './topology';
import { LATENCY_SCALE_STEPS } from './traffic';

export interface StatusStats {
  status: number;
  /** Share of this route's calls answering this status. */
  share: number;
  /** Durations in seconds at latency scale 1, ascending. */
  sortedDurationsS: Float64Array;
  meanDurationS: number;
  /** Memo: share of durations x scale at or below each finite bucket bound, per quantised scale. */
  bucketShares: Map<number, Float64Array>;
}

/** Share of this status's durations, scaled by `scale`, at or below each finite latency bucket bound. */
export function bucketSharesOf(stats: StatusStats, scale: number): Float64Array {
  const key = Math.round(scale * LATENCY_SCALE_STEPS);
  let shares = stats.bucketShares.get(key);
  if (!shares) {
    shares = new Float64Array(LATENCY_BUCKETS_S.length);
    for (let j = 0; j < LATENCY_BUCKETS_S.length; j++) shares[j] = cdfAt(stats.sortedDurationsS, LATENCY_BUCKETS_S[j] / scale);
    stats.bucketShares.set(key, shares);
  }
  return shares;
}

export interface RouteStats {
  route: RouteId;
  /** Index in ROUTES. */
  routeIndex: number;
  /** Mean duration over all statuses, seconds at scale 1. */
  meanDurationS: number;
  /** Mean number of calls of this route per entry request. */
  callsPerEntry: number;
  statuses: StatusStats[];
  /** Mean bank attempts per call (payment's charge), 0 elsewhere. */
  bankAttemptsPerCall: number;
}

export interface EntryStats {
  entry: RouteId;
  routes: RouteStats[];
}

export const MONTE_CARLO_SAMPLES = 4000;
const MC_SALT = stringKey('monte-carlo');

function computeEntryStats(seed: number, entryIndex: number, state: FleetState): EntryStats {
  const entry = ENTRY_ROUTES[entryIndex].route;
  const durations = new Map<RouteId, Map<number, number[]>>();
  const calls = new Map<RouteId, number>();
  const bankAttempts = new Map<RouteId, number>();
  const stateKey = stringKey(state.key);
  for (let i = 0; i < MONTE_CARLO_SAMPLES; i++) {
    const plan = simulateRequest(entry, hash4(seed ^ MC_SALT, entryIndex, stateKey, i), null, 1, state);
    for (const node of plan.nodes) {
      if (node.op === 'bank') {
        const parentRoute = plan.nodes[node.parent].route;
        if (parentRoute) bankAttempts.set(parentRoute, (bankAttempts.get(parentRoute) ?? 0) + 1);
      }
      if (node.kind !== 'server' || !node.route || node.httpStatus === undefined) continue;
      calls.set(node.route, (calls.get(node.route) ?? 0) + 1);
      let byStatus = durations.get(node.route);
      if (!byStatus) {
        byStatus = new Map();
        durations.set(node.route, byStatus);
      }
      let list = byStatus.get(node.httpStatus);
      if (!list) {
        list = [];
        byStatus.set(node.httpStatus, list);
      }
      list.push(node.durationNs / 1e9);
    }
  }
  const routes: RouteStats[] = [];
  for (const [route, byStatus] of durations) {
    const total = calls.get(route) ?? 0;
    const statuses: StatusStats[] = [];
    for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
      const sorted = Float64Array.from(list).sort();
      let sum = 0;
      for (const d of list) sum += d;
      statuses.push({ status, share: list.length / total, sortedDurationsS: sorted, meanDurationS: sum / list.length, bucketShares: new Map() });
    }
    let mean = 0;
    for (const s of statuses) mean += s.share * s.meanDurationS;
    routes.push({
      route,
      routeIndex: ROUTE_INDEX.get(route) as number,
      meanDurationS: mean,
      callsPerEntry: total / MONTE_CARLO_SAMPLES,
      statuses,
      bankAttemptsPerCall: (bankAttempts.get(route) ?? 0) / total,
    });
  }
  return { entry, routes };
}

/** Memoised per (seed, entry, state): at most 4 entries x 9 states. */
export class RouteStatsTable {
  private readonly cache = new Map<string, EntryStats>();
  private readonly byState = new Map<FleetState, EntryStats[]>();

  constructor(private readonly seed: number) {}

  get(entryIndex: number, state: FleetState): EntryStats {
    return this.forState(state)[entryIndex];
  }

  /** Stats of every entry route (ENTRY_ROUTES order) in a state. States are canonical objects (incidents.ts). */
  forState(state: FleetState): EntryStats[] {
    let all = this.byState.get(state);
    if (!all) {
      all = ENTRY_ROUTES.map((_, entryIndex) => {
        const effective = entryAffectedBy(ENTRY_ROUTES[entryIndex].route, state.kind) ? state : NORMAL_STATE;
        const key = `${entryIndex}|${effective.key}`;
        let stats = this.cache.get(key);
        if (!stats) {
          stats = computeEntryStats(this.seed, entryIndex, effective);
          this.cache.set(key, stats);
        }
        return stats;
      });
      this.byState.set(state, all);
    }
    return all;
  }
}

/** Share of values <= x in an ascending array (binary search). */
export function cdfAt(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length === 0 ? 0 : lo / sorted.length;
}
