// SLO numbers from a real Prometheus (Debian 2.42) fed with known counters. The history is written through
// Prometheus' remote-write receiver in time order (a fresh TSDB accepts old samples that arrive in order), so
// a week of data exists at once and every expected value follows from the counters' known rates.
//
// The scenario, around T = 2026-03-03T12:00Z: 10 requests per second throughout; 0.05 % fail (burn 0.5 for a
// 99.9 % SLO) except in (T - 1 h, T], where 2 % fail (burn 20). A latency histogram tells the same story as
// "good" events (requests under 1 s). Instants: T (the page pair is Critical), T + 10 min (Recovering).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient, type PrometheusClient } from '../../lib/datasources/prometheus/client';
import { checkSliQueries } from '../../lib/slo/check-queries';
import { calendarPeriod } from '../../lib/slo/calendar';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../lib/slo/durations';
import { importSloSpecs } from '../../lib/slo/import';
import type { SloDefinition } from '../../lib/slo/model';
import { dailyBudget } from '../../lib/slo/period';
import { BucketCache, readBurnRates, readPeriod, readSliSeries } from '../../lib/slo/read-slo';
import { sloRulesYaml } from '../../lib/slo/rules';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheus';

const T = Date.UTC(2026, 2, 3, 12);
const STEP_MS = MINUTE_MS;
const START_MS = T - 8 * DAY_MS;
const END_MS = T + 30 * MINUTE_MS;
const TOTAL_PER_S = 10;
const BASE_RATIO = 0.0005;
const INCIDENT_RATIO = 0.02;

/** Failure share of requests at an instant (the rate is constant within each minute, changes on whole hours). */
function badRatioAt(timeMs: number): number {
  return timeMs > T - HOUR_MS && timeMs <= T ? INCIDENT_RATIO : BASE_RATIO;
}

/** The counters' exact values at each minute from START_MS. */
function counters(): { times: number[]; total: number[]; bad: number[] } {
  const times: number[] = [];
  const total: number[] = [];
  const bad: number[] = [];
  let t = START_MS;
  let sumTotal = 0;
  let sumBad = 0;
  while (t <= END_MS) {
    times.push(t);
    total.push(sumTotal);
    bad.push(sumBad);
    // Events in (t, t + 1 min] at the rates of that minute.
    sumTotal += TOTAL_PER_S * 60;
    sumBad += TOTAL_PER_S * 60 * badRatioAt(t + STEP_MS);
    t += STEP_MS;
  }
  return { times, total, bad };
}

const COUNTERS = counters();

function counterAt(values: number[], timeMs: number): number {
  const index = (timeMs - START_MS) / STEP_MS;
  if (!Number.isInteger(index) || index < 0 || index >= values.length) throw new Error(`no sample at ${new Date(timeMs).toISOString()}`);
  return values[index];
}

/**
 * What rate() computes over a window on these samples: Prometheus 2.x selects [at - w, at] with both ends
 * (3.x leaves the start out), so with a sample on every minute the ratio is exactly the counters' increase
 * over the window.
 */
function promRatio(atMs: number, windowMs: number): number {
  const from = atMs - windowMs;
  return (counterAt(COUNTERS.bad, atMs) - counterAt(COUNTERS.bad, from)) / (counterAt(COUNTERS.total, atMs) - counterAt(COUNTERS.total, from));
}

// --- Prometheus remote write, by hand: protobuf WriteRequest, snappy block format (one literal). ---

function varint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest > 127) {
    out.push((rest % 128) | 128);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

function field(number: number, wireType: number): number[] {
  return varint(number * 8 + wireType);
}

function lengthDelimited(number: number, bytes: number[]): number[] {
  return [...field(number, 2), ...varint(bytes.length), ...bytes];
}

function utf8(text: string): number[] {
  return [...Buffer.from(text, 'utf8')];
}

function encodeSeries(labels: Record<string, string>, samples: [number, number][]): number[] {
  const out: number[] = [];
  for (const [name, value] of Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))) {
    out.push(...lengthDelimited(1, [...lengthDelimited(1, utf8(name)), ...lengthDelimited(2, utf8(value))]));
  }
  for (const [timeMs, value] of samples) {
    const double = Buffer.alloc(8);
    double.writeDoubleLE(value);
    out.push(...lengthDelimited(2, [...field(1, 1), ...double, ...field(2, 0), ...varint(timeMs)]));
  }
  return out;
}

function snappyLiteral(data: Buffer): Buffer {
  const length = data.length - 1;
  const header = length < 60 ? [length << 2] : [63 << 2, length & 0xff, (length >> 8) & 0xff, (length >> 16) & 0xff, (length >>> 24) & 0xff];
  return Buffer.concat([Buffer.from(varint(data.length)), Buffer.from(header), data]);
}

const SERIES: { labels: Record<string, string>; values: (i: number) => number }[] = [
  { labels: { __name__: 'weft_requests_total', job: 'shop', code: '200' }, values: (i) => COUNTERS.total[i] - COUNTERS.bad[i] },
  { labels: { __name__: 'weft_requests_total', job: 'shop', code: '500' }, values: (i) => COUNTERS.bad[i] },
  // Latency: "slow" is the same share of requests as "failed" above, so both SLIs read the same.
  { labels: { __name__: 'weft_request_duration_seconds_bucket', job: 'shop', le: '1' }, values: (i) => COUNTERS.total[i] - COUNTERS.bad[i] },
  { labels: { __name__: 'weft_request_duration_seconds_bucket', job: 'shop', le: '+Inf' }, values: (i) => COUNTERS.total[i] },
  { labels: { __name__: 'weft_request_duration_seconds_count', job: 'shop' }, values: (i) => COUNTERS.total[i] },
];

async function writeHistory(url: string): Promise<void> {
  // Chunks under an hour, in time order, every series in each: the head accepts samples back to its max time - 1 h.
  const perChunk = 50;
  for (let first = 0; first < COUNTERS.times.length; first += perChunk) {
    const indexes = COUNTERS.times.slice(first, first + perChunk).map((_, k) => first + k);
    const body: number[] = [];
    for (const series of SERIES) body.push(...lengthDelimited(1, encodeSeries(series.labels, indexes.map((i) => [COUNTERS.times[i], series.values(i)]))));
    const response = await fetch(`${url}/api/v1/write`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy', 'X-Prometheus-Remote-Write-Version': '0.1.0' },
      body: new Uint8Array(snappyLiteral(Buffer.from(body))),
    });
    if (response.status !== 204) throw new Error(`remote write answered ${response.status}: ${await response.text()}`);
  }
}

// --- The SLOs under test. ---

const AVAILABILITY_SLI = { type: 'bad', badQuery: 'weft_requests_total{job="shop",code=~"5.."}', totalQuery: 'weft_requests_total{job="shop"}' } as const;

const AVAILABILITY: SloDefinition = {
  name: 'availability',
  service: 'shop',
  description: '',
  sli: AVAILABILITY_SLI,
  objective: 0.999,
  window: { kind: 'rolling', days: 7 },
  owner: '',
  labels: {},
};

const LATENCY: SloDefinition = {
  ...AVAILABILITY,
  name: 'latency',
  sli: { type: 'good', goodQuery: 'weft_request_duration_seconds_bucket{job="shop",le="1"}', totalQuery: 'weft_request_duration_seconds_count{job="shop"}' },
};

const SLOTH_SPEC = `
version: prometheus/v1
service: shop
slos:
  - name: availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(weft_requests_total{job="shop",code=~"5.."}[{{.window}}]))
        total_query: sum(rate(weft_requests_total{job="shop"}[{{.window}}]))
`;

const OPENSLO_SPEC = `
apiVersion: openslo/v1
kind: SLO
metadata:
  name: availability
spec:
  service: shop
  budgetingMethod: Occurrences
  indicator:
    metadata:
      name: shop-errors
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(weft_requests_total{job="shop",code!~"5.."})
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(weft_requests_total{job="shop"})
  timeWindow:
    - duration: 7d
      isRolling: true
  objectives:
    - target: 0.999
`;

let prometheus: RunningPrometheus;
let client: PrometheusClient;

beforeAll(async () => {
  prometheus = await startPrometheus({ extraArgs: ['--web.enable-remote-write-receiver', '--storage.tsdb.retention.time=3650d'] });
  client = createPrometheusClient({ backend: 'prometheus', url: prometheus.url, timeoutMs: 20_000 });
  await writeHistory(prometheus.url);
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
});

describe('burn rates from a real Prometheus', () => {
  it('match the known counters in every window, and the page pair is Critical during the burn', async () => {
    const rates = await readBurnRates(client, AVAILABILITY, T);
    for (const reading of rates.windows) {
      expect(reading.errorRatio, reading.window).toBeCloseTo(promRatio(T, reading.windowMs), 12);
      expect(reading.totalEvents, reading.window).toBeCloseTo((TOTAL_PER_S * reading.windowMs) / 1000, 6);
    }
    // The burn itself: 2 % of requests failing is 20x the budget in the short windows of the page pairs.
    expect(rates.pairs[0].shortBurnRate).toBeCloseTo(20, 9);
    expect(rates.pairs[0].longBurnRate).toBeCloseTo(20, 9);
    expect(rates.pairs.map((p) => [p.long, p.short, p.threshold, p.status])).toEqual([
      ['1h', '5m', 3.36, 'critical'],
      ['6h', '30m', 1.4, 'critical'],
      ['1d', '2h', 0.7, 'critical'],
      ['3d', '6h', 0.233333333333, 'critical'],
    ]);
    expect(rates.status).toBe('critical');
    expect(rates.lowTraffic).toBe(false);
  });

  it('turn Recovering once the short window is past the burn', async () => {
    const at = T + 10 * MINUTE_MS;
    const thirtyDays = { ...AVAILABILITY, window: { kind: 'rolling' as const, days: 30 } };
    const rates = await readBurnRates(client, thirtyDays, at);
    expect(rates.pairs[0].shortBurnRate).toBeCloseTo(0.5, 9);
    expect(rates.pairs[0].longBurnRate).toBeCloseTo(promRatio(at, HOUR_MS) / 0.001, 9);
    expect(rates.pairs[0].longBurnRate).toBeGreaterThan(14.4);
    expect(rates.pairs[0]).toMatchObject({ threshold: 14.4, status: 'recovering' });
    // 6h/30m: the 30-minute window still holds 20 minutes of the burn (13.5x, above 6); 6 h is below 6.
    expect(rates.pairs[1].status).toBe('increasing');
    expect(rates.pairs[1].shortBurnRate).toBeCloseTo(promRatio(at, 30 * MINUTE_MS) / 0.001, 9);
    const before = await readBurnRates(client, thirtyDays, T - 2 * HOUR_MS);
    expect(before.pairs.map((p) => p.status)).toEqual(['acceptable', 'acceptable', 'acceptable', 'acceptable']);
    expect(before.pairs[3].longBurnRate).toBeCloseTo(0.5, 9);
  });

  it('read the same from good events, from an imported Sloth spec and from an OpenSLO document', async () => {
    const handMade = await readBurnRates(client, AVAILABILITY, T);
    const sloth = importSloSpecs(SLOTH_SPEC);
    const openslo = importSloSpecs(OPENSLO_SPEC);
    if (!sloth.ok || !openslo.ok) throw new Error('import failed');
    const others = await Promise.all([
      readBurnRates(client, LATENCY, T),
      readBurnRates(client, { ...sloth.slos[0].definition, window: AVAILABILITY.window }, T),
      readBurnRates(client, openslo.slos[0].definition, T),
    ]);
    for (const other of others) {
      expect(other.status).toBe(handMade.status);
      other.pairs.forEach((pair, index) => {
        expect(pair.longBurnRate).toBeCloseTo(handMade.pairs[index].longBurnRate ?? NaN, 9);
        expect(pair.shortBurnRate).toBeCloseTo(handMade.pairs[index].shortBurnRate ?? NaN, 9);
      });
    }
  });
});

describe('the error budget over a period', () => {
  it('counts a rolling week exactly, and a second read asks only for what is not settled', async () => {
    const cache = new BucketCache();
    let rangeQueries = 0;
    const counting: typeof client = { ...client, queryRange: (...args) => ((rangeQueries += 1), client.queryRange(...args)) };
    const at = T + 10 * MINUTE_MS;
    const { period, report, buckets } = await readPeriod(counting, AVAILABILITY, at, { cache, nowMs: Date.now() });
    expect(period).toMatchObject({ startMs: at - 7 * DAY_MS, endMs: at, periodMs: 7 * DAY_MS });
    const expectedTotal = counterAt(COUNTERS.total, at) - counterAt(COUNTERS.total, at - 7 * DAY_MS);
    const expectedBad = counterAt(COUNTERS.bad, at) - counterAt(COUNTERS.bad, at - 7 * DAY_MS);
    expect(report.totalEvents).toBeCloseTo(expectedTotal, 4);
    expect(report.badEvents).toBeCloseTo(expectedBad, 6);
    expect(report.budget.consumed).toBeCloseTo(expectedBad / (0.001 * expectedTotal), 9);
    expect(report.budget.remaining).toBeCloseTo(1 - expectedBad / (0.001 * expectedTotal), 9);
    // Head (the 50 minutes up to the first whole hour), 167 hours, tail (10 minutes).
    expect(buckets).toHaveLength(169);
    expect(report.emptyBuckets).toBe(0);
    expect(rangeQueries).toBe(2);

    const again = await readPeriod(counting, AVAILABILITY, at, { cache, nowMs: Date.now() });
    expect(again.report).toEqual(report);
    expect(rangeQueries).toBe(2);
  });

  it('adds up over a calendar month in its time zone: the days sum to the month', async () => {
    const slo: SloDefinition = { ...AVAILABILITY, window: { kind: 'calendar', period: 'month', timeZone: 'Europe/Berlin' } };
    const at = T + 10 * MINUTE_MS;
    const { period, report, buckets } = await readPeriod(client, slo, at, { nowMs: Date.now() });
    const march = calendarPeriod('2026-03', 'Europe/Berlin');
    expect(period).toMatchObject({ label: '2026-03', startMs: march.startMs, endMs: march.endMs, periodMs: 31 * DAY_MS - HOUR_MS });
    expect(new Date(period.startMs).toISOString()).toBe('2026-02-28T23:00:00.000Z');
    const expectedBad = counterAt(COUNTERS.bad, at) - counterAt(COUNTERS.bad, march.startMs);
    const expectedTotal = counterAt(COUNTERS.total, at) - counterAt(COUNTERS.total, march.startMs);
    expect(report.badEvents).toBeCloseTo(expectedBad, 6);
    expect(report.totalEvents).toBeCloseTo(expectedTotal, 4);
    // Burn so far x the share of the month gone.
    const burn = expectedBad / expectedTotal / 0.001;
    expect(report.budget.consumed).toBeCloseTo((burn * (at - march.startMs)) / (31 * DAY_MS - HOUR_MS), 9);
    const days = dailyBudget(buckets, report.budget, { startMs: period.startMs, endMs: at }, 'Europe/Berlin');
    expect(days.map((d) => d.date)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(days.reduce((sum, d) => sum + d.consumed, 0)).toBeCloseTo(report.budget.consumed, 12);
    // 3 March so far (13 h 10 min): the hour of the burn at 2 %, the rest at 0.05 %.
    expect(days[2].badEvents).toBeCloseTo(TOTAL_PER_S * (13 * 3600 + 600 - 3600) * BASE_RATIO + TOTAL_PER_S * 3600 * INCIDENT_RATIO, 6);
    expect(days[0].attainment).toBeCloseTo(1 - BASE_RATIO, 12);
  });

  it('draws the SLI over a range on the step grid', async () => {
    const series = await readSliSeries(client, AVAILABILITY, { fromMs: T - 3 * HOUR_MS, toMs: T + 20 * MINUTE_MS, stepMs: 5 * MINUTE_MS });
    expect(series.windowMs).toBe(5 * MINUTE_MS);
    const at = (timeMs: number) => series.attainment.find(([t]) => t === timeMs)?.[1];
    expect(at(T - 2 * HOUR_MS)).toBeCloseTo(1 - BASE_RATIO, 12);
    expect(at(T - 10 * MINUTE_MS)).toBeCloseTo(1 - INCIDENT_RATIO, 12);
    expect(series.burnRate.find(([t]) => t === T)?.[1]).toBeCloseTo(20, 9);
  });
});

describe('queries checked against Prometheus before saving', () => {
  it('pass valid queries and report Prometheus\' own errors, several series and no data', async () => {
    expect(await checkSliQueries(client, AVAILABILITY.sli, T)).toEqual({ errors: [], warnings: [] });
    const badRegex = await checkSliQueries(client, { ...AVAILABILITY_SLI, badQuery: 'weft_requests_total{code=~"5(.."}' }, T);
    expect(badRegex.errors).toHaveLength(1);
    expect(badRegex.errors[0]).toMatch(/^badQuery: prometheus answered HTTP 400: .*(parse|regex|error)/i);
    // Both parse with the PromQL grammar; Prometheus 2.42 refuses them (a type error, a function of 3.x).
    const typeError = await checkSliQueries(client, { ...AVAILABILITY_SLI, totalQuery: 'sum(rate(weft_requests_total[{{.window}}])) + "a"' }, T);
    expect(typeError.errors).toHaveLength(1);
    expect(typeError.errors[0]).toMatch(/^totalQuery: prometheus answered HTTP 400: .*binary expression/);
    const newerFunction = await checkSliQueries(client, { ...AVAILABILITY_SLI, badQuery: 'sum(histogram_avg(rate(weft_requests_total[{{.window}}])))' }, T);
    expect(newerFunction.errors[0]).toMatch(/^badQuery: prometheus answered HTTP 400: .*histogram_avg/);
    const split = await checkSliQueries(client, { ...AVAILABILITY_SLI, totalQuery: 'sum by (code) (rate(weft_requests_total[{{.window}}]))' }, T);
    expect(split.errors).toEqual(['totalQuery: returns 2 series; the SLI needs one number per window: aggregate them with sum(...)']);
    const empty = await checkSliQueries(client, { ...AVAILABILITY_SLI, totalQuery: 'weft_requests_total{job="typo"}' }, T);
    expect(empty.errors).toEqual([]);
    expect(empty.warnings[0]).toMatch(/^totalQuery: Prometheus has no data/);
    const down = createPrometheusClient({ backend: 'prometheus', url: 'http://127.0.0.1:9', timeoutMs: 2000 });
    expect((await checkSliQueries(down, AVAILABILITY.sli, T)).errors[0]).toMatch(/^Prometheus: /);
  });
});

describe('exported rules', () => {
  it('fire the page and ticket alerts in promtool on the same scenario', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-slo-rules-'));
    try {
      writeFileSync(path.join(dir, 'rules.yml'), sloRulesYaml([{ ...AVAILABILITY, window: { kind: 'rolling', days: 30 } }]));
      // Four days in 5-minute samples (promtool evaluates every rule at every step: minutes would take a minute):
      // 0.05 % failing, then 3 hours at 2 % — long enough for the 3-day window of the ticket pair to cross 1x.
      const stepS = 300;
      const steps = (4 * DAY_MS) / (stepS * 1000);
      const burnSteps = (3 * HOUR_MS) / (stepS * 1000);
      const beforeBurn = steps - burnSteps;
      const perStep = (ratio: number) => TOTAL_PER_S * stepS * ratio;
      const series = (ratioBefore: number, ratioDuring: number) =>
        `0+${perStep(ratioBefore)}x${beforeBurn} ${perStep(ratioBefore) * beforeBurn + perStep(ratioDuring)}+${perStep(ratioDuring)}x${burnSteps - 1}`;
      const labels = { sloth_id: 'shop-availability', sloth_service: 'shop', sloth_slo: 'availability' };
      const annotations = (severity: string, summary: string) => ({
        summary: `shop availability: error budget burning ${summary}`,
        title: `(${severity}) shop availability SLO error budget burn rate is too fast.`,
        description: `The 99.9 % SLO shop-availability over 30d burns its error budget above the ${severity} thresholds (multiwindow, multi-burn-rate).`,
      });
      const test = {
        rule_files: ['rules.yml'],
        evaluation_interval: '5m',
        tests: [
          {
            interval: '5m',
            input_series: [
              { series: 'weft_requests_total{job="shop",code="500"}', values: series(BASE_RATIO, INCIDENT_RATIO) },
              { series: 'weft_requests_total{job="shop",code="200"}', values: series(1 - BASE_RATIO, 1 - INCIDENT_RATIO) },
            ],
            alert_rule_test: [
              { eval_time: `${(beforeBurn - 6) * 5}m`, alertname: 'AvailabilitySLOBurnPage', exp_alerts: [] },
              { eval_time: `${(beforeBurn - 6) * 5}m`, alertname: 'AvailabilitySLOBurnTicket', exp_alerts: [] },
              {
                eval_time: `${steps * 5}m`,
                alertname: 'AvailabilitySLOBurnPage',
                exp_alerts: [{ exp_labels: { ...labels, sloth_window: '5m', severity: 'page', sloth_severity: 'page' }, exp_annotations: annotations('page', 'fast') }],
              },
              {
                eval_time: `${steps * 5}m`,
                alertname: 'AvailabilitySLOBurnTicket',
                exp_alerts: [{ exp_labels: { ...labels, sloth_window: '6h', severity: 'ticket', sloth_severity: 'ticket' }, exp_annotations: annotations('ticket', 'faster than it refills') }],
              },
            ],
          },
        ],
      };
      writeFileSync(path.join(dir, 'test.yml'), JSON.stringify(test));
      const result = spawnSync('/usr/bin/promtool', ['test', 'rules', 'test.yml'], { cwd: dir, encoding: 'utf8' });
      expect(result.stdout + result.stderr).toContain('SUCCESS');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
