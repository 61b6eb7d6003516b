import { describe, expect, it } from 'vitest';
import type { RawSeries } from '../../query/types';
import { deploysBetween } from '../deploys';
import { FleetMinutes } from '../fleet-minutes';
import { createFleet } from '../index';
import { RouteStatsTable } from '../route-stats';
import { TEST_NOW_MS, hours, latestIncident, minutes } from '../testing';
import { ROUTES, type ServiceName } from '../topology';

const SEED = 11;
const fleet = createFleet({ seed: SEED, now: () => TEST_NOW_MS });
/** The last scrape at or before TEST_NOW_MS. */
const GRID_NOW = Math.floor(TEST_NOW_MS / 15_000) * 15_000;

function restartsBetween(service: string, fromMs: number, toMs: number): number {
  return deploysBetween(SEED, service as ServiceName, fromMs + 1, toMs + 1).length;
}

describe('metric catalogue', () => {
  it('exposes the OTel/Prometheus metric names with job/instance/service labels', () => {
    const names = fleet.metrics.labelValues('__name__', TEST_NOW_MS - hours(1), TEST_NOW_MS);
    expect(names).toEqual([
      'db_client_connections_max',
      'db_client_connections_pending_requests',
      'db_client_connections_usage',
      'go_goroutines',
      'go_memstats_heap_alloc_bytes',
      'http_server_request_duration_seconds_bucket',
      'http_server_request_duration_seconds_count',
      'http_server_request_duration_seconds_sum',
      'http_server_requests_total',
      'process_cpu_seconds_total',
      'process_start_time_seconds',
      'up',
    ]);
    expect(fleet.metrics.labelValues('job', TEST_NOW_MS - hours(1), TEST_NOW_MS)).toEqual(['weft-demo/gateway', 'weft-demo/inventory', 'weft-demo/order', 'weft-demo/payment', 'weft-demo/user']);
    expect(fleet.metrics.labelValues('le', TEST_NOW_MS - hours(1), TEST_NOW_MS)).toContain('+Inf');
    const bucket = fleet.metrics.select([{ name: '__name__', type: '=', value: 'http_server_request_duration_seconds_bucket' }, { name: 'http_route', type: '=', value: '/charge' }, { name: 'le', type: '=', value: '1' }, { name: 'http_response_status_code', type: '=', value: '200' }], TEST_NOW_MS - minutes(1), TEST_NOW_MS);
    expect(bucket).toHaveLength(1);
    expect(bucket[0].labels).toEqual({
      __name__: 'http_server_request_duration_seconds_bucket',
      job: 'weft-demo/payment',
      instance: 'payment-1:9464',
      service: 'payment',
      http_route: '/charge',
      http_request_method: 'POST',
      http_response_status_code: '200',
      le: '1',
    });
  });

  it('samples every 15 s on the minute grid, inside [start, end]', () => {
    const [up] = fleet.metrics.select([{ name: '__name__', type: '=', value: 'up' }, { name: 'job', type: '=', value: 'weft-demo/order' }], TEST_NOW_MS - minutes(10) + 1, TEST_NOW_MS);
    expect(up.timestampsMs).toHaveLength(40);
    expect(up.timestampsMs.every((t) => t % 15_000 === 0)).toBe(true);
    expect(up.values.every((v) => v === 1)).toBe(true);
  });

  it('honours regex and negative matchers', () => {
    const series = fleet.metrics.select(
      [
        { name: '__name__', type: '=', value: 'http_server_requests_total' },
        { name: 'service', type: '=~', value: 'order|payment' },
        { name: 'http_response_status_code', type: '!~', value: '2..' },
      ],
      TEST_NOW_MS - minutes(1),
      TEST_NOW_MS,
    );
    const combos = series.map((s) => `${s.labels.service} ${s.labels.http_response_status_code}`).sort();
    expect(combos).toEqual(['order 402', 'order 404', 'order 409', 'order 500', 'order 500', 'order 502', 'payment 402', 'payment 502']);
  });
});

describe('counters', () => {
  const from = GRID_NOW - hours(4 * 24);
  const counters = fleet.metrics.select([{ name: '__name__', type: '=~', value: 'http_server_requests_total|process_cpu_seconds_total' }], from, TEST_NOW_MS);

  it('are monotonic except for resets exactly at a deploy of their service', () => {
    let resets = 0;
    const violations: string[] = [];
    for (const s of counters) {
      const deploys = deploysBetween(SEED, s.labels.service as ServiceName, from, TEST_NOW_MS + 1).map((d) => d.timeMs);
      let next = 0;
      for (let i = 1; i < s.values.length; i++) {
        // A deploy in (t[i-1], t[i]] restarts the process: the counter starts again from 0.
        let restarted = false;
        while (next < deploys.length && deploys[next] <= s.timestampsMs[i]) {
          if (deploys[next] > s.timestampsMs[i - 1]) restarted = true;
          next++;
        }
        if (restarted) {
          resets++;
          if (s.values[i] > s.values[i - 1]) violations.push(`${JSON.stringify(s.labels)} did not reset at ${s.timestampsMs[i]}`);
        } else if (s.values[i] < s.values[i - 1]) {
          violations.push(`${JSON.stringify(s.labels)} decreased at ${s.timestampsMs[i]}`);
        }
      }
    }
    expect(violations).toEqual([]);
    expect(resets).toBeGreaterThan(0);
  });

  it('increase exactly as the integral of the rate model (what rate() sees)', () => {
    const stats = new RouteStatsTable(SEED);
    const model = new FleetMinutes(SEED, stats);
    let checked = 0;
    for (let k = 0; k < 40; k++) {
      const end = from + hours(2) + Math.floor(((k * 7919) % 90) * hours(1) / 15_000) * 15_000;
      const start = end - minutes(5);
      ROUTES.forEach((route, r) => {
        if (restartsBetween(route.service, start - 15_000, end) > 0) return;
        const series = counters.filter((s) => s.labels.__name__ === 'http_server_requests_total' && s.labels.service === route.service && s.labels.http_route === route.route);
        const observed = series.reduce((sum, s) => sum + (valueAt(s, end) - valueAt(s, start)), 0);
        let expected = 0;
        for (let m = start; m < end; m += minutes(1)) expected += model.at(m).routeRates[r] * 60;
        expect(Math.abs(observed - expected) / expected).toBeLessThan(1e-9);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('agree with process CPU: a plausible, positive CPU rate per service', () => {
    for (const s of counters.filter((c) => c.labels.__name__ === 'process_cpu_seconds_total')) {
      const end = GRID_NOW - minutes(30);
      const cores = (valueAt(s, end) - valueAt(s, end - minutes(10))) / 600;
      if (restartsBetween(s.labels.service, end - minutes(10), end) > 0) continue;
      expect(cores).toBeGreaterThan(0.001);
      expect(cores).toBeLessThan(2);
    }
  });
});

function valueAt(series: RawSeries, timeMs: number): number {
  const i = series.timestampsMs.indexOf(timeMs);
  if (i < 0) throw new Error(`no sample at ${timeMs}`);
  return series.values[i];
}

describe('histogram', () => {
  const end = GRID_NOW - minutes(3);
  const all = fleet.metrics.select([{ name: '__name__', type: '=~', value: 'http_server_request_duration_seconds_.*|http_server_requests_total' }], end - hours(1), end);

  it('has cumulative buckets, +Inf equal to _count, _count equal to http_server_requests_total', () => {
    const groups = new Map<string, RawSeries[]>();
    for (const s of all) {
      const key = `${s.labels.service} ${s.labels.http_route} ${s.labels.http_response_status_code}`;
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    expect(groups.size).toBe(30);
    for (const series of groups.values()) {
      const buckets = series.filter((s) => s.labels.__name__.endsWith('_bucket')).sort((a, b) => (a.labels.le === '+Inf' ? 1 : b.labels.le === '+Inf' ? -1 : Number(a.labels.le) - Number(b.labels.le)));
      expect(buckets).toHaveLength(15);
      const count = series.find((s) => s.labels.__name__.endsWith('_count')) as RawSeries;
      const total = series.find((s) => s.labels.__name__ === 'http_server_requests_total') as RawSeries;
      const sum = series.find((s) => s.labels.__name__.endsWith('_sum')) as RawSeries;
      let bad = 0;
      for (let i = 0; i < count.values.length; i++) {
        for (let j = 1; j < buckets.length; j++) if (buckets[j].values[i] < buckets[j - 1].values[i] - 1e-9) bad++;
        if (buckets[14].values[i] !== count.values[i] || total.values[i] !== count.values[i]) bad++;
        // Every request takes between 0.02 ms and 10 s.
        if (sum.values[i] < count.values[i] * 0.00002 - 1e-9 || sum.values[i] > count.values[i] * 10 + 1e-9) bad++;
      }
      expect(bad).toBe(0);
      expect(count.values.at(-1)).toBeGreaterThanOrEqual(0);
    }
  });

  it('can be read at any instant (scrape), consistent with the 15 s samples', () => {
    const matchers = [{ name: '__name__', type: '=' as const, value: 'http_server_requests_total' }, { name: 'http_route', type: '=' as const, value: '/api/products' }, { name: 'http_response_status_code', type: '=' as const, value: '200' }];
    const [series] = fleet.metrics.select(matchers, end - minutes(1), end);
    const atGrid = fleet.metrics.scrape(matchers, series.timestampsMs[1]);
    expect(atGrid[0].value).toBe(series.values[1]);
    const between = fleet.metrics.scrape(matchers, series.timestampsMs[1] + 7_500)[0].value;
    expect(between).toBeGreaterThan(series.values[1]);
    expect(between).toBeLessThan(series.values[2]);
    expect(fleet.metrics.scrape(matchers, TEST_NOW_MS + 1)).toEqual([]);
  });
});

describe('gauges', () => {
  it('keep DB pool usage within its limits and show saturation only during the order DB incident', () => {
    const db = latestIncident(fleet, 'order-db-pool');
    const pool = fleet.metrics.select([{ name: '__name__', type: '=~', value: 'db_client_connections_.*' }, { name: 'service', type: '=', value: 'order' }], db.startMs - hours(2), db.endMs + hours(1));
    const get = (name: string, state?: string) => pool.find((s) => s.labels.__name__ === name && (state === undefined || s.labels.state === state)) as RawSeries;
    const used = get('db_client_connections_usage', 'used');
    const pending = get('db_client_connections_pending_requests');
    const max = get('db_client_connections_max');
    used.timestampsMs.forEach((t, i) => {
      expect(used.values[i]).toBeLessThanOrEqual(max.values[i]);
      const inIncident = t >= db.startMs && t < db.endMs;
      if (!inIncident) expect(pending.values[i]).toBe(0);
      if (t >= db.startMs + minutes(4) && t < db.endMs - minutes(4)) {
        expect(pending.values[i]).toBeGreaterThan(0);
        expect(used.values[i]).toBe(max.values[i]);
      }
    });
  });

  it('report goroutines and heap in plausible ranges', () => {
    const series = fleet.metrics.select([{ name: '__name__', type: '=~', value: 'go_goroutines|go_memstats_heap_alloc_bytes' }], TEST_NOW_MS - hours(6), TEST_NOW_MS);
    expect(series).toHaveLength(10);
    for (const s of series) {
      const min = Math.min(...s.values);
      const max = Math.max(...s.values);
      if (s.labels.__name__ === 'go_goroutines') {
        expect(min).toBeGreaterThanOrEqual(10);
        expect(max).toBeLessThan(500);
      } else {
        expect(min).toBeGreaterThan(5e6);
        expect(max).toBeLessThan(300e6);
      }
    }
  });
});
