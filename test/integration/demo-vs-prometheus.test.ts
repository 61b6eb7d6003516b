// The demo stack checked against the real thing: a real Prometheus (Debian 2.42) is backfilled with the
// simulation's own history (promtool tsdb create-blocks-from openmetrics), then the console's standard queries
// (request rate, error ratio, p50/p99 via histogram_quantile, SLO burn ratios) are asked of both through the
// console's client. They must agree within 1%.
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../demo';
import { exportOpenMetrics } from '../../demo/server/openmetrics';
import type { IncidentWindow } from '../../demo/contract';
import { createPrometheusClient, type PrometheusClient } from '../../lib/datasources/prometheus/client';
import { RED_PROFILES, redQueries } from '../../lib/correlate/red-metrics';
import type { PromQueryResult } from '../../lib/model/metrics';
import { findPrometheusBinary, startPrometheus, type RunningPrometheus } from '../helpers/prometheus';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TOLERANCE = 0.01;
const OTEL = RED_PROFILES.find((profile) => profile.id === 'otel-http')!;

let demo: DemoStack;
let real: RunningPrometheus;
let workDir: string;
let incident: IncidentWindow;
let demoClient: PrometheusClient;
let realClient: PrometheusClient;

function promtoolPath(): string {
  return path.join(path.dirname(findPrometheusBinary()), 'promtool');
}

beforeAll(async () => {
  // A fixed clock on a scrape boundary: both sides then see exactly the same samples.
  const nowMs = Math.floor(Date.now() / MINUTE) * MINUTE;
  demo = await startDemoStack({ ports: { prometheus: 0, loki: 0, tempo: 0, pyroscope: 0, alertmanager: 0 }, now: () => nowMs });
  // The newest incident that has ended: the schedule guarantees one in every 24 h.
  const ended = demo.fleet.incidentsBetween(nowMs - 24 * HOUR, nowMs).filter((window) => window.endMs <= nowMs - 5 * MINUTE);
  incident = ended[ended.length - 1];
  expect(incident, 'an incident in the last 24 h').toBeDefined();

  workDir = await mkdtemp(path.join(tmpdir(), 'weft-demo-vs-prom-'));
  const exportFile = path.join(workDir, 'history.om');
  const out = createWriteStream(exportFile);
  const matchers = [
    [
      { name: '__name__', type: '=~' as const, value: 'http_server_request_duration_seconds_(bucket|count)|http_server_requests_total' },
      { name: 'service', type: '=~' as const, value: 'payment|order|gateway' },
    ],
  ];
  for (const chunk of exportOpenMetrics(demo.fleet, { startMs: incident.startMs - 2 * HOUR, endMs: Math.min(nowMs, incident.endMs + 30 * MINUTE), matchers })) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');

  const dataDir = path.join(workDir, 'data');
  const imported = spawnSync(promtoolPath(), ['tsdb', 'create-blocks-from', 'openmetrics', exportFile, dataDir], { encoding: 'utf8' });
  expect(imported.status, imported.stderr).toBe(0);
  real = await startPrometheus({
    storagePath: dataDir,
    // No scrapes: the backfilled blocks are the only data. Keep them: default retention is counted from now.
    configYaml: 'global:\n  evaluation_interval: 1m\n',
    extraArgs: ['--storage.tsdb.retention.time=60d'],
  });
  demoClient = createPrometheusClient({ backend: 'prometheus', url: demo.urls.prometheus });
  realClient = createPrometheusClient({ backend: 'prometheus', url: real.url });
}, 240_000);

afterAll(async () => {
  await real?.stop();
  await demo?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function vectorByLabels(result: PromQueryResult): Map<string, number> {
  const out = new Map<string, number>();
  if (result.type === 'scalar') out.set('{}', result.sample.value);
  if (result.type === 'vector') {
    for (const sample of result.samples) out.set(JSON.stringify(Object.entries(sample.labels).sort()), sample.value);
  }
  return out;
}

function agree(demoValue: number, realValue: number): boolean {
  if (Number.isNaN(demoValue) || Number.isNaN(realValue)) return Number.isNaN(demoValue) && Number.isNaN(realValue);
  if (demoValue === realValue) return true;
  const scale = Math.max(Math.abs(demoValue), Math.abs(realValue));
  return Math.abs(demoValue - realValue) / scale <= TOLERANCE;
}

async function compare(query: string, timeMs: number): Promise<{ compared: number; nonZero: number }> {
  const [fromDemo, fromReal] = await Promise.all([demoClient.query(query, timeMs), realClient.query(query, timeMs)]);
  const demoVector = vectorByLabels(fromDemo);
  const realVector = vectorByLabels(fromReal);
  expect([...demoVector.keys()].sort(), `series of ${query} at ${new Date(timeMs).toISOString()}`).toEqual([...realVector.keys()].sort());
  let nonZero = 0;
  for (const [key, value] of demoVector) {
    const other = realVector.get(key)!;
    expect(agree(value, other), `${query} ${key} at ${new Date(timeMs).toISOString()}: demo ${value}, Prometheus ${other}`).toBe(true);
    if (value !== 0 && Number.isFinite(value)) nonZero++;
  }
  return { compared: demoVector.size, nonZero };
}

function evaluationTimes(): number[] {
  const middle = Math.floor((incident.startMs + incident.endMs) / 2 / MINUTE) * MINUTE;
  return [incident.startMs - 20 * MINUTE, incident.startMs + 10 * MINUTE, middle, incident.endMs - 5 * MINUTE].map(
    (t) => Math.floor(t / 15_000) * 15_000,
  );
}

describe('the demo agrees with a real Prometheus holding the same samples', () => {
  it('on the RED queries of the services in the incident', async () => {
    let nonZero = 0;
    for (const service of ['payment', 'order', 'gateway']) {
      const queries = redQueries(OTEL, service, 15_000);
      for (const timeMs of evaluationTimes()) {
        for (const query of Object.values(queries)) nonZero += (await compare(query, timeMs)).nonZero;
      }
    }
    // The comparison means something only if the incident shows up in the numbers.
    expect(nonZero).toBeGreaterThan(20);
  }, 120_000);

  it('on per-route rates and SLO burn ratios over 5m, 30m and 1h windows', async () => {
    const service = incident.service;
    const total = `http_server_requests_total{service="${service}"}`;
    const errors = `http_server_requests_total{service="${service}",http_response_status_code=~"5.."}`;
    const slow = `http_server_request_duration_seconds_bucket{service="${service}",le="1"}`;
    const count = `http_server_request_duration_seconds_count{service="${service}"}`;
    const queries = [
      `sum by (http_route) (rate(${total}[5m]))`,
      ...['5m', '30m', '1h'].map((w) => `(sum(rate(${errors}[${w}])) or vector(0)) / sum(rate(${total}[${w}]))`),
      ...['5m', '1h'].map((w) => `1 - sum(rate(${slow}[${w}])) / sum(rate(${count}[${w}]))`),
      `sum by (http_route) (increase(${total}[1h]))`,
    ];
    for (const timeMs of evaluationTimes()) {
      for (const query of queries) await compare(query, timeMs);
    }
  }, 120_000);
});
