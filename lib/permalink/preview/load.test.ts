// The preview loaders against real HTTP on loopback: the recorded sample trace from a Tempo stand-in, an SLO's
// SLI from a Prometheus stand-in answering query_range, and a failing Tempo (a card that says so, not cached).
// WEFT_PREVIEW_OUT=<dir> writes the SLO picture for a look.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSampleBackends, type SampleBackends } from '../../correlate/testing/sample-backends';
import { resetDatasourcesCache } from '../../datasources/registry';
import { closeDb, getDb } from '../../db';
import { startLoopbackServer, type LoopbackServer } from '../../../test/helpers/prometheus';
import { summaryFromLocation, type PermalinkState } from '../view-state';
import { renderPreviewPng, renderPreviewSvg } from './load';
import { pngSize, svgToPng } from './png';

const TRACE = 'bd5a131c670a194676bcd097a4eac415';
const ENV = ['TEMPO_URL', 'LOKI_URL', 'PROMETHEUS_URL', 'PYROSCOPE_URL', 'ALERTMANAGER_URL', 'WEFT_DATASOURCES_FILE', 'WEFT_DATA_DIR', 'DATABASE_URL', 'WEFT_AUTH_MODE'];
const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
const range = { fromMs: Date.UTC(2026, 10, 21, 10, 0), toMs: Date.UTC(2026, 10, 21, 16, 0) };

let samples: SampleBackends;
let prometheus: LoopbackServer;
let failingTempo: LoopbackServer;
let failingCalls = 0;
const promQueries: string[] = [];

function setEnv(values: Record<string, string>) {
  for (const name of ['TEMPO_URL', 'LOKI_URL', 'PROMETHEUS_URL']) delete process.env[name];
  Object.assign(process.env, values);
  resetDatasourcesCache();
}

/** Prometheus' step: a float of seconds or a duration such as 300s / 5m. */
function stepSeconds(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text);
  if (!m) throw new Error(`unexpected step ${text}`);
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] ?? 's']!;
}

// query_range: good events 0.97/s, total 1/s at every step: 3 % bad against a 1 % budget.
async function answerPrometheus(req: IncomingMessage, body: string): Promise<{ status: number; json: unknown }> {
  const form = new URLSearchParams(body);
  if (!req.url?.startsWith('/api/v1/query_range')) return { status: 404, json: { status: 'error', error: 'not here' } };
  const query = form.get('query') ?? '';
  promQueries.push(query);
  const start = Number(form.get('start'));
  const end = Number(form.get('end'));
  const step = stepSeconds(form.get('step') ?? '');
  const value = query.includes('good_total') ? '0.97' : '1';
  const values: [number, string][] = [];
  for (let t = start; t <= end; t += step) values.push([t, value]);
  return { status: 200, json: { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values }] } } };
}

beforeAll(async () => {
  for (const name of ENV) delete process.env[name];
  process.env.WEFT_DATA_DIR = 'memory://';
  samples = await startSampleBackends();
  prometheus = await startLoopbackServer(async (req, res, body) => {
    const answer = await answerPrometheus(req, body);
    res.writeHead(answer.status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(answer.json));
  });
  failingTempo = await startLoopbackServer((_req, res) => {
    failingCalls += 1;
    res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end('ingester unavailable');
  });
});

afterAll(async () => {
  await closeDb();
  await Promise.all([samples.close(), prometheus.close(), failingTempo.close()]);
  for (const [name, value] of Object.entries(saved)) if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  resetDatasourcesCache();
});

function traceLink(): { title: string; state: PermalinkState } {
  const path = `/trace/${TRACE}`;
  return { title: 'checkout trace', state: { v: 1, path, params: [], range, summary: summaryFromLocation(path, []) } };
}

describe('renderPreviewSvg', () => {
  it('draws the trace read from Tempo as a waterfall', async () => {
    setEnv({ TEMPO_URL: samples.tempo.url });
    const { svg, complete } = await renderPreviewSvg(traceLink(), null);
    expect(complete).toBe(true);
    expect(svg).toContain('TRACE');
    expect(svg).toContain('ERROR');
    for (const service of ['frontend', 'checkout', 'payment']) expect(svg).toContain(service);
  });

  it('draws an SLO\'s share of bad events from Prometheus against its budget', async () => {
    setEnv({ PROMETHEUS_URL: prometheus.url });
    const db = await getDb();
    const slo = await db.slo.create({
      data: {
        name: 'checkout-availability',
        service: 'gateway',
        sliType: 'good',
        goodQuery: 'sum(rate(http_requests_good_total{service="gateway"}[{{.window}}]))',
        totalQuery: 'sum(rate(http_requests_total{service="gateway"}[{{.window}}]))',
        objective: 0.99,
        windowKind: 'rolling',
        windowDays: 30,
      },
    });
    const summary = { kind: 'slo' as const, id: slo.id, name: slo.name, service: slo.service, objective: 0.99 };
    const { svg, complete } = await renderPreviewSvg({ title: 'checkout-availability · gateway · 99 % SLO', state: { v: 1, path: `/slo/${slo.id}`, params: [], range, summary } }, null);
    expect(complete).toBe(true);
    expect(promQueries.some((q) => q.includes('http_requests_good_total') && !q.includes('{{.window}}'))).toBe(true);
    expect(svg).toContain('OVER BUDGET');
    expect(svg).toContain('error budget (99 % good)');
    expect(svg).toContain('share of bad events');
    // The line crosses the whole range (one point per step), not a dot.
    const line = /<path d="(M[^"]+)"[^>]*stroke="#3b82f6" stroke-width="3"/.exec(svg);
    expect(line?.[1].match(/L/g)?.length ?? 0).toBeGreaterThan(60);
    const out = process.env.WEFT_PREVIEW_OUT;
    if (out) {
      mkdirSync(out, { recursive: true });
      writeFileSync(path.join(out, 'slo-chart.png'), svgToPng(svg));
    }
  });

  it('says when the data could not be read, and does not keep that picture', async () => {
    setEnv({ TEMPO_URL: failingTempo.url });
    const before = failingCalls;
    const first = await renderPreviewSvg(traceLink(), null);
    expect(first.complete).toBe(false);
    expect(first.svg).toContain('could not be read for this picture');
    const png = await renderPreviewPng('Fail00000001', traceLink(), null);
    expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
    const afterFirst = failingCalls;
    await renderPreviewPng('Fail00000001', traceLink(), null);
    // Asked again: the card was not cached.
    expect(afterFirst).toBeGreaterThan(before);
    expect(failingCalls).toBeGreaterThan(afterFirst);
  });
});
