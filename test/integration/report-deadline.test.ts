// A Prometheus that accepts every request and never answers, over real HTTP: a report section gives up when
// its own deadline passes, however many of its queries wait behind the shared limiter or run one after
// another, and says that Prometheus timed out. Per-query deadlines alone would add up: here the SLO section
// queues 2 x SLO_COUNT readings behind a limiter of one, so without a section-wide deadline it would take
// 2 x SLO_COUNT x DEADLINE_MS (9.6 s); the bound below is a quarter of that.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasourceConnection } from '@/lib/datasources/http';
import { createLokiClient } from '@/lib/datasources/loki/client';
import { createPrometheusClient } from '@/lib/datasources/prometheus/client';
import { createPyroscopeClient } from '@/lib/datasources/pyroscope/client';
import { createTempoClient } from '@/lib/datasources/tempo/client';
import { createBackendLimiters } from '@/lib/report/limit';
import { reportMonth } from '@/lib/report/month';
import { computeSection, type SectionContext } from '@/lib/report/sections';
import type { ReportSlo } from '@/lib/report/slo-source';
import { startLoopbackServer, type LoopbackServer } from '../helpers/prometheus';

const DEADLINE_MS = 400;
const SLO_COUNT = 12;
const NOW_MS = Date.parse('2026-11-20T12:00:00Z');

let silent: LoopbackServer;
let requests = 0;

beforeAll(async () => {
  // Never answers: the request stays open until the client gives up (or the server closes).
  silent = await startLoopbackServer(() => {
    requests++;
    return new Promise<void>(() => undefined);
  });
});

afterAll(async () => {
  await silent?.close();
});

function slo(index: number): ReportSlo {
  return {
    ref: { id: `slo-${index}`, name: `availability-${index}`, service: `svc-${index}`, description: '', objective: 0.999, windowLabel: '30 days', latencyThresholdMs: null },
    sli: { type: 'bad', badQuery: `sum(rate(http_requests_total{service="svc-${index}",code=~"5.."}[{{.window}}]))`, totalQuery: `sum(rate(http_requests_total{service="svc-${index}"}[{{.window}}]))` },
    archivedAtMs: null,
  };
}

function context(): SectionContext {
  const connection = (backend: DatasourceConnection['backend']): DatasourceConnection => ({ backend, url: silent.url, timeoutMs: DEADLINE_MS });
  const ctx: SectionContext = {
    month: reportMonth('2026-11', 'UTC'),
    nowMs: NOW_MS,
    sources: {
      prometheus: createPrometheusClient(connection('prometheus')),
      loki: createLokiClient(connection('loki')),
      tempo: createTempoClient(connection('tempo')),
      pyroscope: createPyroscopeClient(connection('pyroscope')),
    },
    limit: createBackendLimiters(1),
    queryTimeoutMs: DEADLINE_MS,
    loadSlos: async () => ({ slos: Array.from({ length: SLO_COUNT }, (_, i) => slo(i)), problems: [] }),
    loadActionItems: async () => [],
    loadMaturityInputs: async () => [],
    section: (key) => computeSection(key, ctx),
  };
  return ctx;
}

describe('a report section under a Prometheus that never answers', () => {
  it('stops at its own deadline and names the timeout for every SLO', { timeout: 60_000 }, async () => {
    const startedMs = performance.now();
    const state = await computeSection('slos', context());
    const tookMs = performance.now() - startedMs;

    expect(requests).toBeGreaterThan(0);
    expect(tookMs).toBeLessThan((2 * SLO_COUNT * DEADLINE_MS) / 4);
    expect(state.status).toBe('error');
    if (state.status !== 'error') return;
    // Both months of every SLO, each named, each a Prometheus timeout.
    expect(state.problems).toHaveLength(2 * SLO_COUNT);
    for (const problem of state.problems) {
      expect(problem).toMatchObject({ source: 'prometheus', kind: 'timeout' });
      expect(problem.message).toMatch(/did not answer within/);
    }
  });
});
