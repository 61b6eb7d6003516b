// The simulated fleet: a small Go shop (gateway, order, payment, inventory, user; PostgreSQL; an external bank API)
// whose metrics, logs, traces and profiles are pure functions of (seed, time), computed on demand and memoised per
// hour in bounded caches. See README.md for the catalogue (metric names, labels, log format, incident schedule).
import type { Fleet } from '../contract';
import { ALERT_RULES } from './alert-rules';
import { BatchPlans } from './batch-trace';
import { exemplarsOf } from './exemplars';
import { FleetMinutes } from './fleet-minutes';
import { INCIDENT_LEVELS, incidentsOverlapping } from './incidents';
import { FleetLogStore } from './logs/store';
import { CumulativeCounters } from './metrics/counters';
import { CpuCounterSource } from './metrics/cpu-source';
import { GaugeModel } from './metrics/gauges';
import { HttpCounterSource } from './metrics/http-source';
import { FleetMetricStore, type SimMetricStore } from './metrics/store';
import { FleetProfileStore } from './profiles/store';
import { RequestIndex } from './request-index';
import { RouteStatsTable } from './route-stats';
import { stateOf, NORMAL_STATE } from './incidents';
import { HOUR_MS, MINUTE_MS, RETENTION_MS } from './time';
import { FleetTraceStore } from './trace-store';
import { TraceSampler, materialize } from './traces';
import { requestRecords } from './logs/records';
import { formatLine } from './logs/format';

export const DEFAULT_SEED = 42;

export interface FleetOptions {
  seed?: number;
  /** The clock (epoch ms). Data exists for [now - 35 d, now]. Defaults to Date.now. */
  now?: () => number;
}

export interface SimFleet extends Fleet {
  metrics: SimMetricStore;
  traces: FleetTraceStore;
  /** Precompute the Monte Carlo statistics of every fleet state (~0.5-1 s), so no query pays for them. */
  warmUp(): void;
  /**
   * Precompute the last day in small steps (one yield per step, ~20-200 ms each), newest hour first: the request
   * index behind exemplars, trace searches and span profiles, and the log lines of each hour.
   */
  warmUpRecent(hours?: number): Generator<void>;
}

export function createFleet(options: FleetOptions = {}): SimFleet {
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  const now = options.now ?? (() => Date.now());
  const stats = new RouteStatsTable(seed);
  const minutes = new FleetMinutes(seed, stats);
  const gauges = new GaugeModel(seed, minutes);
  const http = new CumulativeCounters(seed, new HttpCounterSource(minutes, stats));
  const cpu = new CumulativeCounters(seed, new CpuCounterSource(seed, minutes));
  const sampler = new TraceSampler(seed, minutes);
  const requests = new RequestIndex(seed, sampler);
  const batches = new BatchPlans(seed);
  const logs = new FleetLogStore(seed, now, sampler, minutes, gauges, batches);
  return {
    seed,
    metrics: new FleetMetricStore(seed, now, http, cpu, gauges),
    logs,
    traces: new FleetTraceStore(seed, now, sampler, batches, requests),
    profiles: new FleetProfileStore(seed, now, minutes, gauges, requests),
    alertRules: ALERT_RULES.map((rule) => ({ ...rule, labels: { ...rule.labels }, annotations: { ...rule.annotations } })),
    incidentsBetween(startMs, endMs) {
      const t = now();
      const fromMs = Math.max(startMs, t - RETENTION_MS);
      const toMs = Math.min(endMs, t);
      return toMs > fromMs ? incidentsOverlapping(seed, fromMs, toMs) : [];
    },
    exemplars(matchers, startMs, endMs) {
      return exemplarsOf(requests, now(), matchers, startMs, endMs);
    },
    *warmUpRecent(hours = 26) {
      const newest = Math.floor(now() / HOUR_MS) * HOUR_MS;
      for (let h = newest; h > newest - hours * HOUR_MS; h -= HOUR_MS) {
        requests.hour(h);
        yield;
        logs.warmHour(h);
        yield;
      }
    },
    warmUp() {
      stats.forState(NORMAL_STATE);
      for (const level of INCIDENT_LEVELS) {
        stats.forState(stateOf('payment-latency', level));
        stats.forState(stateOf('order-db-pool', level));
      }
      // Run the trace and log code once so the first real query finds it compiled (results are not kept).
      const t = now() - HOUR_MS;
      for (const req of sampler.requestsBetween(t, t + 10 * MINUTE_MS, true)) {
        materialize(seed, req);
        requestRecords(seed, req).forEach(formatLine);
      }
    },
  };
}
