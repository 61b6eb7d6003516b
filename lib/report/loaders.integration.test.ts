// The incident and coverage loaders over real HTTP against the demo stack (its Prometheus, Loki, Tempo and
// Pyroscope APIs on free loopback ports, a fixed clock so the answers are the same every run), over one day:
// ALERTS history into episodes with pending starts and exemplar links, LogQL counts of lines with a trace id
// (the demo writes them for ~77 % of inventory's lines and 90-95 % of the others'), traces looked up in Loki,
// services from Pyroscope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../demo/index';
import { createLokiClient } from '../datasources/loki/client';
import { createPrometheusClient } from '../datasources/prometheus/client';
import { createPyroscopeClient } from '../datasources/pyroscope/client';
import { createTempoClient } from '../datasources/tempo/client';
import { createBackendLimiters, createLimiter } from './limit';
import { loadCoverage } from './load-coverage';
import { loadIncidents } from './load-incidents';
import type { ReportMonth } from './month';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const DAY = 24 * 3_600_000;
// A one-day "month": the loaders only read its bounds.
const span: ReportMonth = { label: '2026-11', timeZone: 'UTC', startMs: NOW - DAY, endMs: NOW, days: 1 };

let stack: DemoStack;
beforeAll(async () => {
  stack = await startDemoStack({ ports: { prometheus: 0, loki: 0, tempo: 0, pyroscope: 0, alertmanager: 0 }, now: () => NOW });
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

describe('report loaders on the demo stack', { timeout: 600_000 }, () => {
  it('turns a day of ALERTS history into the incidents of that day, with exemplar trace links', async () => {
    const prometheus = createPrometheusClient({ backend: 'prometheus', url: stack.urls.prometheus });
    const { data, problems } = await loadIncidents({ prometheus }, span, { nowMs: NOW, limit: createLimiter(4), queryTimeoutMs: 300_000 });
    expect(problems).toEqual([]);
    const names = new Set(data.episodes.map((episode) => episode.name));
    // Every 24 h window holds at least one complete incident (a payment one at least: they come every 18 h).
    expect([...names].some((name) => name === 'PaymentHighLatency' || name === 'OrderHighErrorRate')).toBe(true);
    const always = data.episodes.find((episode) => episode.name === 'ProductListingSlow');
    expect(always).toMatchObject({ startedBeforeMonth: true, ongoing: true, severity: 'warning', service: 'gateway', summary: 'Product listing p95 above 250 ms' });
    const paged = data.episodes.filter((episode) => episode.name === 'PaymentHighLatency' || episode.name === 'OrderHighErrorRate');
    for (const episode of paged) {
      // for: 5m — the condition held (pending) about five minutes before it fired.
      expect(episode.pendingStartMs).not.toBeNull();
      expect(episode.startMs - (episode.pendingStartMs ?? 0)).toBeGreaterThanOrEqual(4 * 60_000);
      expect(episode.startMs - (episode.pendingStartMs ?? 0)).toBeLessThanOrEqual(7 * 60_000);
      expect(episode.timeToResolveMs).toBeGreaterThan(episode.durationMs);
      expect(episode.durationMs).toBeGreaterThanOrEqual(10 * 60_000);
    }
    // The demo keeps exemplars for a day: the incidents of this day link straight to their traces.
    const withTraces = data.episodes.filter((episode) => episode.exemplarLookup === 'found');
    expect(withTraces.length).toBeGreaterThan(0);
    for (const link of withTraces.flatMap((episode) => episode.exemplars)) expect(link.href).toMatch(/^\/trace\/[0-9a-f]{32}\?from=\d+&to=\d+$/);
  });

  it('samples log and trace coverage per service and reads which services send profiles', async () => {
    const sources = {
      loki: createLokiClient({ backend: 'loki', url: stack.urls.loki }),
      tempo: createTempoClient({ backend: 'tempo', url: stack.urls.tempo }),
      pyroscope: createPyroscopeClient({ backend: 'pyroscope', url: stack.urls.pyroscope }),
    };
    const { data, problems } = await loadCoverage(sources, span, { nowMs: NOW, limit: createBackendLimiters(4), queryTimeoutMs: 300_000, sloServices: Promise.resolve(['gateway', 'checkout']), logWindows: 3, traceWindows: 2, tracesPerWindow: 3 });
    expect(problems).toEqual([]);
    expect(data.logs).toMatchObject({ serviceLabel: 'service_name', windowsWithData: 3 });
    expect(data.logs?.windows).toHaveLength(3);
    const share = (service: string) => data.logs?.services.find((row) => row.service === service)?.share ?? NaN;
    expect(share('inventory')).toBeGreaterThan(0.65);
    expect(share('inventory')).toBeLessThan(0.85);
    for (const service of ['gateway', 'order', 'payment', 'user']) {
      expect(share(service)).toBeGreaterThan(0.82);
      expect(share(service)).toBeLessThan(0.99);
    }
    // Every sampled trace wrote log lines with its id.
    expect(data.traceLogs).toMatchObject({ sampled: 6, withLogs: 6, share: 1, failedLookups: 0 });
    expect(data.profiles?.profiled).toEqual(['gateway', 'inventory', 'order', 'payment', 'user']);
    // Services: Tempo's and Loki's, and the SLOs' (an SLO of a service without telemetry shows up too).
    expect(data.services.map((row) => row.service)).toEqual(['checkout', 'gateway', 'inventory', 'order', 'payment', 'user']);
    expect(data.services.find((row) => row.service === 'checkout')).toEqual({ service: 'checkout', sendsTraces: false, logShare: null, sendsProfiles: false, hasSlo: true });
    expect(data.services.find((row) => row.service === 'payment')).toMatchObject({ sendsTraces: true, sendsProfiles: true, hasSlo: false });
    expect(data.serviceSources).toEqual(['tempo', 'loki']);
  });
});
