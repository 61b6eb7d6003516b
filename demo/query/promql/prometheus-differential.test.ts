// The PromQL engine against a real Prometheus (Debian's 2.42): the same synthetic samples are backfilled into
// a TSDB with promtool and loaded into an in-memory store, then many queries run on both. Samples include
// jittered and step-aligned scrapes, counter resets, gaps longer than the lookback, histograms and NaN-free
// gauges; instant queries land on sample times, window edges and in gaps.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/helpers/prometheus';
import { QueryError, type Labels, type RawSeries } from '../types';
import { formatLabels } from '../shared/labels';
import { InMemoryMetricStore } from '../testing/in-memory-stores';
import { evaluateInstant, evaluateRange } from './index';

const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';
const available = existsSync(PROMETHEUS) && existsSync(PROMTOOL);

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;

/** A deterministic pseudo-random stream (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function buildSeries(): RawSeries[] {
  const rnd = random(42);
  const out: RawSeries[] = [];
  const add = (labels: Labels, times: number[], values: number[]) => out.push({ labels, timestampsMs: times, values });
  for (const [job, jitter] of [
    ['aligned', false],
    ['jittered', true],
  ] as const) {
    for (const code of ['200', '500']) {
      const times: number[] = [];
      const values: number[] = [];
      let total = code === '200' ? 1000 : 3;
      for (let t = T0; t <= T0 + 2 * HOUR; t += 15_000) {
        const ts = jitter ? t + Math.floor(rnd() * 4000) : t;
        // A counter reset at 50 minutes for the jittered job.
        if (jitter && ts >= T0 + 50 * 60_000 && ts < T0 + 50 * 60_000 + 15_000) total = 0;
        total += Math.floor(rnd() * (code === '200' ? 20 : 3));
        times.push(ts);
        values.push(total);
      }
      add({ __name__: 'requests_total', job, code }, times, values);
    }
    const gt: number[] = [];
    const gv: number[] = [];
    for (let t = T0; t <= T0 + 2 * HOUR; t += 15_000) {
      // A 12-minute gap: longer than the 5-minute lookback.
      if (t > T0 + 70 * 60_000 && t < T0 + 82 * 60_000) continue;
      gt.push(jitter ? t + Math.floor(rnd() * 4000) : t);
      gv.push(Math.round((40 + 30 * Math.sin(t / 400_000) + rnd() * 10) * 1000) / 1000);
    }
    add({ __name__: 'temperature', job }, gt, gv);
    const bounds = ['0.05', '0.1', '0.25', '0.5', '1', '+Inf'];
    const counts = bounds.map(() => 0);
    const bt: number[] = [];
    const bv: number[][] = bounds.map(() => []);
    for (let t = T0; t <= T0 + 2 * HOUR; t += 15_000) {
      for (let n = 0; n < 10; n++) {
        const latency = rnd() ** 2 * 1.5;
        bounds.forEach((b, i) => {
          if (b === '+Inf' || latency <= Number(b)) counts[i]++;
        });
      }
      bt.push(t + (jitter ? 1000 : 0));
      bounds.forEach((_, i) => bv[i].push(counts[i]));
    }
    bounds.forEach((le, i) => add({ __name__: 'latency_seconds_bucket', job, le }, bt, bv[i]));
  }
  return out;
}

function openMetrics(series: RawSeries[]): string {
  const byName = new Map<string, RawSeries[]>();
  for (const s of series) byName.set(s.labels.__name__, [...(byName.get(s.labels.__name__) ?? []), s]);
  const lines: string[] = [];
  for (const [name, list] of byName) {
    lines.push(`# TYPE ${name} gauge`);
    for (const s of list) {
      const labels = Object.entries(s.labels)
        .filter(([k]) => k !== '__name__')
        .map(([k, v]) => `${k}="${v}"`)
        .join(',');
      s.timestampsMs.forEach((t, i) => lines.push(`${name}{${labels}} ${s.values[i]} ${(t / 1000).toFixed(3)}`));
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

interface PromSample {
  metric: Labels;
  value?: [number, string];
  values?: [number, string][];
}

let child: ChildProcess | undefined;
let url = '';
let dir = '';
const series = buildSeries();
const store = new InMemoryMetricStore(series);

async function apiBody(pathAndQuery: string): Promise<{ status: string; data: { resultType: string; result: PromSample[] }; error?: string }> {
  const response = await fetch(`${url}${pathAndQuery}`, { signal: AbortSignal.timeout(10_000) });
  return (await response.json()) as { status: string; data: { resultType: string; result: PromSample[] }; error?: string };
}

async function api(pathAndQuery: string): Promise<{ resultType: string; result: PromSample[] | [number, string] }> {
  const body = await apiBody(pathAndQuery);
  if (body.status !== 'success') throw new Error(`Prometheus: ${body.error}`);
  return body.data;
}

const ERROR_QUERIES = [
  'avg_over_time(temperature[1h]) offset 10m',
  'sum(rate(requests_total[5m])',
  'rate(temperature)',
  'temperature{',
  'temperature +',
  '1 == 1',
  'temperature[5m] + 1',
  'sum(temperature[5m])',
  'topk(temperature, temperature)',
  'temperature and 1',
  '{}',
  '{job=~".*"}',
  'temperature > bool on(job) group_left',
  'temperature{job=~"("}',
  'histogram_quantile(temperature, latency_seconds_bucket)',
  'round()',
  'temperature up',
  'sum(temperature) by (job) offset 5m',
  'sum by',
  'temperature + on',
  'temperature + ignoring(job) group_right',
  'temperature + on(job) group_left(job) temperature',
  'temperature + bool 1',
  'rate(temperature[5m], 1)',
  'label_join(temperature)',
  'temperature and on(job) group_left temperature',
  'time() + on(job) temperature',
];

function num(text: string): number {
  return text === '+Inf' ? Number.POSITIVE_INFINITY : text === '-Inf' ? Number.NEGATIVE_INFINITY : Number(text);
}

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

const QUERIES = [
  'requests_total',
  'requests_total offset 3m',
  'temperature[2m]',
  'requests_total[1m] offset 1m',
  'temperature[10m:1m]',
  'rate(requests_total[1m])[5m:30s] @ 1700003600',
  'rate(requests_total[5m])',
  'increase(requests_total[5m])',
  'irate(requests_total[1m])',
  'rate(requests_total[1m])',
  'increase(requests_total[10m])',
  'resets(requests_total[30m])',
  'sum by (job) (rate(requests_total[5m]))',
  'sum without (code) (increase(requests_total[2m]))',
  'rate(requests_total{code="500"}[5m]) / ignoring(code) rate(requests_total{code="200"}[5m])',
  'rate(requests_total[5m]) / on(job) group_left sum by (job) (rate(requests_total[5m]))',
  'temperature',
  'delta(temperature[10m])',
  'deriv(temperature[10m])',
  'predict_linear(temperature[10m], 600)',
  'idelta(temperature[5m])',
  'avg_over_time(temperature[3m])',
  'max_over_time(temperature[7m])',
  'min_over_time(temperature[7m])',
  'sum_over_time(temperature[2m])',
  'count_over_time(temperature[5m])',
  'quantile_over_time(0.9, temperature[10m])',
  'stddev_over_time(temperature[10m])',
  'changes(temperature[10m])',
  'last_over_time(temperature[10m])',
  'avg(temperature)',
  'max by (job) (temperature)',
  'quantile(0.5, temperature)',
  'topk(1, temperature)',
  'temperature > 50',
  'temperature > bool 50',
  '60 < temperature',
  'clamp_max(temperature, 60) - clamp_min(temperature, 30)',
  'round(temperature, 0.5)',
  'abs(-temperature) ^ 0.5',
  'timestamp(temperature)',
  'histogram_quantile(0.9, rate(latency_seconds_bucket[5m]))',
  'histogram_quantile(0.5, sum by (le) (rate(latency_seconds_bucket[10m])))',
  'histogram_quantile(0.99, sum by (le, job) (increase(latency_seconds_bucket[3m])))',
  'max_over_time(rate(requests_total[1m])[10m:1m])',
  'avg_over_time(temperature[30m:2m])',
  'absent(nonexistent{job="x"})',
  'vector(1) + scalar(sum(temperature))',
  'label_replace(temperature, "host", "h-$1", "job", "(.*)ed")',
  'temperature and on(job) rate(requests_total{code="500"}[5m]) > 0.05',
  'temperature unless temperature < 40',
  'sum(rate(requests_total{code="500"}[5m])) / sum(rate(requests_total[5m])) > bool (1 - 0.99)',
  'count by (job) (requests_total)',
  'group by (code) (requests_total)',
  'stdvar(temperature)',
  'bottomk(1, temperature)',
  '-temperature % 7',
  '2 ^ (temperature / 20) / 1e3',
  'absent_over_time(nonexistent{job="y"}[5m])',
  'present_over_time(temperature[1m])',
  'requests_total @ 1700003600',
  'rate(requests_total[5m] @ end())',
  'hour(timestamp(temperature)) + minute(timestamp(temperature)) / 60',
  'day_of_week() + days_in_month() + month(vector(1709251200))',
  'requests_total - requests_total offset 1h > 1000',
  '-requests_total offset 5m',
  'temperature - temperature @ 1700003600',
  'ln(temperature) + exp(temperature / 100) + sgn(temperature - 50)',
  'label_join(temperature, "x", "-", "job", "__name__")',
  'histogram_quantile(0.9, latency_seconds_bucket)',
  'rate(latency_seconds_bucket{le="+Inf"}[5m])',
  'scalar(temperature) + 1',
  'time() - timestamp(temperature)',
  'sum by (code) (rate(requests_total[5m])) / ignoring(code) group_left sum(rate(requests_total[5m]))',
  'requests_total - requests_total offset 1h',
  'max_over_time(temperature[1h:])',
  '1 + 2 * 3 - 4 / 2 ^ 2',
  '1 > bool 0',
  '-2 ^ 2',
  '- 2 ^ 2 + 1',
  '2 * -3 ^ 2',
  '-1 + 2',
  '-temperature ^ 2',
  '-temperature * 2 + 1',
  'count(count by (job) (temperature))',
  'topk by (job) (1, requests_total)',
  'quantile by (job) (0.9, requests_total)',
  'avg_over_time((temperature > 50)[10m:30s])',
  'rate(requests_total[5m:30s])',
  'increase(requests_total[1h])',
  'histogram_quantile(0.5, rate(latency_seconds_bucket[1m]))',
  'max(temperature) by (job) / ignoring(job) group_left min(temperature)',
  'requests_total{code=~"2.."}',
  'requests_total{job!~"ali.*"}',
  '{__name__=~"temp.*|requests_total", job="aligned"}',
  'abs(delta(temperature[30s]))',
  'irate(temperature[30s])',
  'changes(requests_total[2m])',
  'last_over_time(temperature[2m] offset 1m)',
  'predict_linear(requests_total[15m], 3600)',
  'rate(requests_total[15s])',
  'idelta(requests_total[16s])',
  'vector(time() % 3600)',
  'sort(temperature)',
  'ceil(temperature) - floor(temperature)',
  'sum(temperature) without (job) + on() group_left count(temperature)',
  'temperature == bool on(job) max by (job) (temperature)',
  'stddev by (job) (rate(requests_total[5m]))',

  'sort_desc(sum by (job, code) (rate(requests_total[5m])))',
];

// Sample times, window edges (sample time + 5 m), inside the gap and after it.
const INSTANTS = [
  T0 + 10 * 60_000,
  T0 + 10 * 60_000 + 7_500,
  T0 + 31 * 60_000 + 1_234,
  T0 + 55 * 60_000,
  T0 + 74 * 60_000,
  T0 + 76 * 60_000 + 500,
  T0 + 83 * 60_000,
  T0 + 119 * 60_000 + 59_000,
];

describe.skipIf(!available)('PromQL against a real Prometheus 2.42', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'weft-promql-diff-'));
    const input = path.join(dir, 'samples.om');
    await writeFile(input, openMetrics(series));
    const data = path.join(dir, 'data');
    const backfill = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', input, data], { encoding: 'utf8' });
    if (backfill.status !== 0) throw new Error(`promtool failed: ${backfill.stderr}`);
    const config = path.join(dir, 'prometheus.yml');
    await writeFile(config, 'global:\n  scrape_interval: 1m\n');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(
      PROMETHEUS,
      [`--config.file=${config}`, `--storage.tsdb.path=${data}`, '--storage.tsdb.retention.time=100y', `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
      { stdio: ['ignore', 'ignore', 'ignore'] },
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
        await ready.arrayBuffer();
        if (ready.ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('Prometheus did not start');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(QUERIES)('instant: %s', async (query) => {
    let compared = 0;
    for (const timeMs of INSTANTS) {
      const theirs = await api(`/api/v1/query?query=${encodeURIComponent(query)}&time=${timeMs / 1000}`);
      const ours = evaluateInstant(query, timeMs, store);
      expect(ours.resultType).toBe(theirs.resultType);
      if (ours.resultType === 'scalar') {
        expect(close(ours.result[1], num((theirs.result as [number, string])[1]))).toBe(true);
        compared++;
        continue;
      }
      if (ours.resultType === 'matrix') {
        const expected = new Map((theirs.result as PromSample[]).map((s) => [formatLabels(s.metric), (s.values ?? []).map(([t, v]) => [Math.round(t * 1000), num(v)])]));
        const actual = new Map(ours.result.map((s) => [formatLabels(s.labels), s.values]));
        expect(actual, `${query} @ ${timeMs}`).toEqual(expected);
        compared += expected.size;
        continue;
      }
      if (ours.resultType !== 'vector') continue;
      const expected = new Map((theirs.result as PromSample[]).map((s) => [formatLabels(s.metric), num(s.value?.[1] ?? 'NaN')]));
      const actual = new Map(ours.result.map((s) => [formatLabels(s.labels), s.value[1]]));
      expect([...actual.keys()].sort(), `${query} @ ${timeMs}`).toEqual([...expected.keys()].sort());
      for (const [labels, value] of expected) {
        const got = actual.get(labels) as number;
        if (!close(got, value)) throw new Error(`${query} @ ${timeMs} ${labels}: ours ${got}, Prometheus ${value}`);
        compared++;
      }
    }
    // Not vacuous: Prometheus answered something for this query at some of the instants.
    expect(compared).toBeGreaterThan(0);
  });

  it.each(ERROR_QUERIES)('error: %s', async (query) => {
    const theirs = await apiBody(`/api/v1/query?query=${encodeURIComponent(query)}&time=${(T0 + HOUR) / 1000}`);
    expect(theirs.status).toBe('error');
    let ours: unknown;
    try {
      evaluateInstant(query, T0 + HOUR, store);
    } catch (error) {
      ours = error;
    }
    expect(ours).toBeInstanceOf(QueryError);
    expect(theirs.error).toBe(`invalid parameter "query": ${(ours as QueryError).message}`);
  });

  it.each(QUERIES)('range: %s', async (query) => {
    const start = T0 + 5 * 60_000;
    const end = T0 + 115 * 60_000;
    const step = 60_000;
    const body = await apiBody(`/api/v1/query_range?query=${encodeURIComponent(query)}&start=${start / 1000}&end=${end / 1000}&step=${step / 1000}`);
    if (body.status === 'error') {
      // Range vectors cannot be range-queried: both must refuse, in the same words.
      expect(() => evaluateRange(query, start, end, step, store)).toThrow(QueryError);
      try {
        evaluateRange(query, start, end, step, store);
      } catch (error) {
        expect(body.error).toContain((error as QueryError).message);
      }
      return;
    }
    const theirs = body.data;
    const ours = evaluateRange(query, start, end, step, store);
    const expected = new Map((theirs.result as PromSample[]).map((s) => [formatLabels(s.metric), s.values ?? []]));
    const actual = new Map(ours.result.map((s) => [formatLabels(s.labels), s.values]));
    expect([...actual.keys()].sort(), query).toEqual([...expected.keys()].sort());
    expect(expected.size).toBeGreaterThan(0);
    for (const [labels, values] of expected) {
      const got = actual.get(labels) ?? [];
      expect(got.map(([t]) => t), `${query} ${labels} steps`).toEqual(values.map(([t]) => Math.round(t * 1000)));
      values.forEach(([t, v], i) => {
        if (!close(got[i][1], num(v))) throw new Error(`${query} ${labels} @ ${t}: ours ${got[i][1]}, Prometheus ${v}`);
      });
    }
  });
});
