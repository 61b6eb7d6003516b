import { beforeEach, describe, expect, it } from 'vitest';
import { parser } from '@prometheus-io/lezer-promql';
import { readFixtureJson } from '../../test/fixtures';
import { DatasourceError } from '../datasources/errors';
import { parseExemplarsResponse, parseStringListResponse } from '../datasources/prometheus/parse';
import type { PromQueryResult } from '../model/metrics';
import { clearRedProfileCache, contextExemplars, loadTraceContext, redMetricNamesSelector, type ContextPrometheus } from './trace-context';

const WINDOW = { startMs: 1795302000000, endMs: 1795305600000 };

/** A Prometheus stand-in answering from the recorded metric-name list, counting calls. */
function fakePrometheus(options: { names?: string[]; failQuery?: (query: string) => DatasourceError | null; exemplars?: unknown } = {}) {
  const calls = { labelValues: 0, queryRange: [] as string[], exemplars: [] as string[] };
  const client: ContextPrometheus = {
    labelValues: async (name, _s, _e, opts) => {
      calls.labelValues += 1;
      expect(name).toBe('__name__');
      expect(opts?.matchers).toEqual([redMetricNamesSelector()]);
      return options.names ?? parseStringListResponse(readFixtureJson('prometheus', 'label___name___values.json'), 'names');
    },
    queryRange: async (query, startMs, endMs, stepMs): Promise<PromQueryResult> => {
      calls.queryRange.push(query);
      const failure = options.failQuery?.(query);
      if (failure) throw failure;
      const samples = [];
      for (let t = startMs; t <= endMs; t += stepMs * 2) samples.push({ timeMs: t, value: 1.5 });
      return { type: 'matrix', series: [{ labels: {}, samples }] };
    },
    queryExemplars: async (query) => {
      calls.exemplars.push(query);
      return parseExemplarsResponse(options.exemplars ?? readFixtureJson('prometheus', 'query_exemplars_spanmetrics.json'));
    },
  };
  return { client, calls };
}

function parsesCleanly(query: string): boolean {
  let clean = true;
  parser.parse(query).iterate({
    enter: (node) => {
      if (node.type.isError) clean = false;
    },
  });
  return clean;
}

describe('loadTraceContext', () => {
  beforeEach(() => clearRedProfileCache());

  it('detects Tempo span metrics from the recorded name list and queries RED for each service', async () => {
    const { client, calls } = fakePrometheus();
    const context = await loadTraceContext(
      { prometheus: client, prometheusKey: 'p1' },
      { traceId: 'c5527fbb0cac1b9c5b80953ef63cd323', services: ['checkout', 'payment'], window: WINDOW, atMs: 1795303440000 },
    );
    expect(context.profile).toMatchObject({ status: 'ok', data: { id: 'tempo-spanmetrics-v1' } });
    expect(context.services.map((s) => s.service)).toEqual(['checkout', 'payment']);
    expect(calls.queryRange).toHaveLength(8);
    for (const query of calls.queryRange) expect(parsesCleanly(query), query).toBe(true);
    const rate = context.services[0].series.rate;
    if (rate.status !== 'ok') throw new Error('expected the rate');
    // Step-aligned over the aligned window; missing steps are gaps (null), not zeros.
    expect(rate.data.points[0][0]).toBe(context.window.startMs);
    expect(rate.data.points.at(-1)?.[0]).toBe(context.window.endMs);
    expect(rate.data.points.filter(([, v]) => v === null).length).toBeGreaterThan(0);
    expect(rate.data.points.filter(([, v]) => v === 1.5).length).toBeGreaterThan(0);
    expect(context.atMs).toBe(1795303440000);
  });

  it('caches the detection per Prometheus and does not cache a failure', async () => {
    const first = fakePrometheus();
    await loadTraceContext({ prometheus: first.client, prometheusKey: 'p1' }, { traceId: 'x', services: ['a'], window: WINDOW, atMs: null });
    await loadTraceContext({ prometheus: first.client, prometheusKey: 'p1' }, { traceId: 'x', services: ['b'], window: WINDOW, atMs: null });
    expect(first.calls.labelValues).toBe(1);

    let attempts = 0;
    const flaky: ContextPrometheus = {
      ...first.client,
      labelValues: async () => {
        attempts += 1;
        if (attempts === 1) throw new DatasourceError({ backend: 'prometheus', kind: 'network', message: 'connection refused' });
        return ['http_server_request_duration_seconds_count', 'http_server_request_duration_seconds_bucket'];
      },
    };
    const failed = await loadTraceContext({ prometheus: flaky, prometheusKey: 'p2' }, { traceId: 'x', services: ['a'], window: WINDOW, atMs: null });
    expect(failed.profile).toMatchObject({ status: 'error', error: { backend: 'prometheus', kind: 'network', message: 'connection refused' } });
    // Every panel of every service names the same failure.
    expect(failed.services[0].series.p99).toMatchObject({ status: 'error', error: { kind: 'network' } });
    expect(failed.services[0].exemplars).toMatchObject({ status: 'error', error: { kind: 'network' } });
    const retried = await loadTraceContext({ prometheus: flaky, prometheusKey: 'p2' }, { traceId: 'x', services: ['a'], window: WINDOW, atMs: null });
    expect(retried.profile).toMatchObject({ status: 'ok', data: { id: 'otel-http' } });
  });

  it('a failing query fails only its own panel', async () => {
    const { client } = fakePrometheus({
      failQuery: (query) =>
        query.startsWith('histogram_quantile(0.99') ? new DatasourceError({ backend: 'prometheus', kind: 'timeout', message: 'prometheus did not answer within 15 s' }) : null,
    });
    const context = await loadTraceContext({ prometheus: client }, { traceId: 'x', services: ['checkout'], window: WINDOW, atMs: null });
    const series = context.services[0].series;
    expect(series.p99).toMatchObject({ status: 'error', error: { kind: 'timeout' } });
    expect([series.rate.status, series.errorRatio.status, series.p50.status]).toEqual(['ok', 'ok', 'ok']);
  });

  it('says which metric names it looked for when none exist', async () => {
    const { client, calls } = fakePrometheus({ names: ['up', 'go_goroutines'] });
    const context = await loadTraceContext({ prometheus: client }, { traceId: 'x', services: ['checkout'], window: WINDOW, atMs: null });
    expect(context.profile).toMatchObject({ status: 'error', error: { kind: 'not-found' } });
    if (context.profile.status === 'error') expect(context.profile.error.message).toMatch(/http_server_request_duration_seconds.*traces_spanmetrics/);
    expect(calls.queryRange).toHaveLength(0);
  });

  it('reports a Prometheus that is not configured', async () => {
    const context = await loadTraceContext({ prometheus: null }, { traceId: 'x', services: ['a'], window: WINDOW, atMs: null });
    expect(context.profile).toMatchObject({ status: 'error', error: { backend: 'prometheus', kind: 'not-configured' } });
  });
});

describe('contextExemplars', () => {
  const recorded = parseExemplarsResponse(readFixtureJson('prometheus', 'query_exemplars_spanmetrics.json'));

  it('keeps exemplars with trace ids from the recorded answer, oldest first, flagging the viewed trace', () => {
    const { exemplars, truncated } = contextExemplars(recorded, 'c5527fbb0cac1b9c5b80953ef63cd323', 1000);
    expect(truncated).toBe(false);
    expect(exemplars.length).toBe(recorded.filter((e) => e.traceId).length);
    expect(exemplars.some((e) => e.current && e.traceId === 'c5527fbb0cac1b9c5b80953ef63cd323')).toBe(true);
    expect(exemplars.every((e, i) => i === 0 || exemplars[i - 1].timeMs <= e.timeMs)).toBe(true);
  });

  it('samples evenly over time beyond the limit and always keeps the viewed trace', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({
      seriesLabels: {},
      labels: {},
      value: 0.1,
      timeMs: 1_000_000 + i * 1000,
      traceId: `a${i.toString(16).padStart(31, '0')}`,
    }));
    const current = many[3].traceId;
    const { exemplars, truncated } = contextExemplars(many, current, 100);
    expect(truncated).toBe(true);
    expect(exemplars.length).toBeGreaterThanOrEqual(100);
    expect(exemplars.length).toBeLessThanOrEqual(101);
    expect(exemplars.some((e) => e.traceId === current && e.current)).toBe(true);
    // Spread over the whole range, not bunched at one end.
    expect(exemplars[0].timeMs).toBeLessThan(1_000_000 + 20_000);
    expect(exemplars.at(-1)!.timeMs).toBeGreaterThan(1_000_000 + 980_000);
  });
});
