// The home and alert view loaders against a real Prometheus 2.42 evaluating real alerting rules (Debian's
// /usr/bin/prometheus on a free port), and a loopback Tempo answering with a recorded Tempo 2.0 search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '../../../test/fixtures';
import { startLoopbackServer, startPrometheus, type LoopbackServer, type RunningPrometheus } from '../../../test/helpers/prometheus';
import { createPrometheusClient } from '../../datasources/prometheus/client';
import { createTempoClient } from '../../datasources/tempo/client';
import { DatasourceError } from '../../datasources/errors';
import { parser } from '@grafana/lezer-traceql';
import { loadAlertDetail } from './load-alert-detail';
import { loadHomeAlerts } from './load-home-alerts';

// Flaps: fires for 3 s of every 6 s, so a few seconds of history hold resolved episodes.
const RULES = `
groups:
  - name: weft-test
    interval: 1s
    rules:
      - alert: PaymentFlapping
        expr: (vector(time()) % 6) < 3
        labels: { severity: page, service: payment }
        annotations:
          summary: 'Payment {{ $labels.service }} flaps'
          runbook_url: 'https://runbooks.example/payment'
      - alert: AlwaysFiring
        expr: vector(1) > 0
        labels: { severity: warning, service: 'we"ird\\svc' }
        annotations: { summary: 'always' }
`;

let prometheus: RunningPrometheus;
let tempo: LoopbackServer;
const tempoQueries: string[] = [];

beforeAll(async () => {
  prometheus = await startPrometheus({ rulesYaml: RULES });
  tempo = await startLoopbackServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://tempo');
    tempoQueries.push(url.searchParams.get('q') ?? '');
    if (url.pathname !== '/api/search') {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('404 page not found\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(readFixture('tempo', 'search_traceql_error_status.json'));
  });
  // Let the flapping rule fire and resolve at least twice.
  await new Promise((resolve) => setTimeout(resolve, 9_000));
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await tempo?.close();
});

describe('loadHomeAlerts on a real Prometheus', () => {
  it('lists the alerts firing now from the alerts API and resolved episodes from ALERTS', async () => {
    const client = createPrometheusClient({ backend: 'prometheus', url: prometheus.url });
    const nowMs = Date.now();
    const home = await loadHomeAlerts({ prometheus: client, alertmanager: null }, { fromMs: nowMs - 9_000, toMs: nowMs, nowMs, stepMs: 1000 });

    expect(home.current.status).toBe('ok');
    if (home.current.status !== 'ok') return;
    expect(home.current.data.source).toBe('prometheus');
    const always = home.current.data.groups.find((group) => group.name === 'AlwaysFiring');
    expect(always?.rows[0]).toMatchObject({ state: 'firing', severity: 'warning', service: 'we"ird\\svc', summary: 'always' });

    expect(home.resolved.status).toBe('ok');
    if (home.resolved.status !== 'ok') return;
    const flapping = home.resolved.data.groups.find((group) => group.name === 'PaymentFlapping');
    expect(flapping, JSON.stringify(home.resolved.data)).toBeDefined();
    for (const row of flapping!.rows) {
      expect(row.state).toBe('resolved');
      // Fires for 3 s: first to last step seen spans at most 3 steps of 1 s.
      expect(row.lastSeenMs! - row.sinceMs!).toBeLessThanOrEqual(3000);
      // The summary comes from the rule with $labels filled in.
      expect(row.summary).toBe('Payment payment flaps');
    }
    expect(home.resolved.data.groups.some((group) => group.name === 'AlwaysFiring')).toBe(false);
  });

  it('names the failed source and keeps the other part when the history query fails', async () => {
    const client = createPrometheusClient({ backend: 'prometheus', url: prometheus.url });
    const failing = { ...client, queryRange: () => Promise.reject(new DatasourceError({ backend: 'prometheus', kind: 'timeout', message: 'prometheus did not answer within 15 s' })) };
    const nowMs = Date.now();
    const home = await loadHomeAlerts({ prometheus: failing, alertmanager: null }, { fromMs: nowMs - 60_000, toMs: nowMs, nowMs });
    expect(home.current.status).toBe('ok');
    expect(home.resolved).toMatchObject({ status: 'error', error: { backend: 'prometheus', kind: 'timeout', message: 'prometheus did not answer within 15 s' } });
  });
});

describe('loadAlertDetail on a real Prometheus and a loopback Tempo', () => {
  it('finds the rule, plots the comparison side with its threshold, and lists episodes and traces', async () => {
    const nowMs = Date.now();
    const detail = await loadAlertDetail(
      {
        prometheus: createPrometheusClient({ backend: 'prometheus', url: prometheus.url }),
        alertmanager: null,
        tempo: createTempoClient({ backend: 'tempo', url: tempo.url }),
      },
      { name: 'PaymentFlapping', labels: { alertname: 'PaymentFlapping', severity: 'page', service: 'payment' }, fromMs: nowMs - 8_000, toMs: nowMs },
    );
    expect(detail.rule.status).toBe('ok');
    if (detail.rule.status !== 'ok' || detail.rule.data === null) throw new Error('no rule');
    expect(detail.rule.data).toMatchObject({ query: '(vector(time()) % 6) < 3', forSeconds: 0, runbookUrl: 'https://runbooks.example/payment' });
    expect(detail.rule.data.comparison).toEqual({ valueExpr: '(vector(time()) % 6)', op: '<', threshold: 3, literalFirst: false });

    expect(detail.chart?.status).toBe('ok');
    if (detail.chart?.status === 'ok') {
      expect(detail.chart.data.series).toHaveLength(1);
      // The comparison's left side has a value at every step, not only while the alert fires.
      const values = detail.chart.data.series[0].points.map(([, value]) => value).filter((value): value is number => value !== null);
      expect(values.some((value) => value >= 3)).toBe(true);
      expect(values.some((value) => value < 3)).toBe(true);
    }
    expect(detail.exemplars).toMatchObject({ status: 'ok', data: { items: [], total: 0 } });
    expect(detail.firing.status).toBe('ok');
    if (detail.firing.status === 'ok') expect(detail.firing.data.length).toBeGreaterThanOrEqual(1);

    expect(detail.service).toBe('payment');
    expect(detail.failed?.status).toBe('ok');
    if (detail.failed?.status === 'ok') {
      expect(detail.failed.data.query).toBe('{ resource.service.name = "payment" && status = error }');
      expect(detail.failed.data.traces.length).toBeGreaterThan(0);
      expect(detail.failed.data.traces[0].href).toMatch(/^\/trace\/[0-9a-f]{32}\?from=\d+&to=\d+$/);
    }
    expect(detail.slowest?.status).toBe('ok');
    if (detail.slowest?.status === 'ok') {
      const durations = detail.slowest.data.traces.map((trace) => trace.durationMs);
      expect(durations).toEqual([...durations].sort((a, b) => b - a));
    }
  });

  it('keeps the rule, chart and episodes on screen when Tempo is switched off, naming it as the reason', async () => {
    const nowMs = Date.now();
    const detail = await loadAlertDetail(
      {
        prometheus: createPrometheusClient({ backend: 'prometheus', url: prometheus.url }),
        alertmanager: null,
        tempo: createTempoClient({ backend: 'tempo', url: 'http://127.0.0.1:1', timeoutMs: 2000 }),
      },
      { name: 'PaymentFlapping', labels: { alertname: 'PaymentFlapping', service: 'payment' }, fromMs: nowMs - 8_000, toMs: nowMs },
    );
    expect(detail.rule.status).toBe('ok');
    expect(detail.chart?.status).toBe('ok');
    expect(detail.firing.status).toBe('ok');
    expect(detail.slowest).toMatchObject({ status: 'error', backend: 'tempo', error: { backend: 'tempo', kind: 'network' } });
    expect(detail.failed).toMatchObject({ status: 'error', backend: 'tempo', error: { backend: 'tempo', kind: 'network' } });
  }, 30_000);

  it('escapes a hostile service name into the Tempo query and finds no rule for an unknown alert', async () => {
    tempoQueries.length = 0;
    const nowMs = Date.now();
    const service = 'x" } || { name =~ ".*';
    const detail = await loadAlertDetail(
      {
        prometheus: createPrometheusClient({ backend: 'prometheus', url: prometheus.url }),
        alertmanager: null,
        tempo: createTempoClient({ backend: 'tempo', url: tempo.url }),
      },
      { name: 'No"Such\\Alert', labels: { alertname: 'No"Such\\Alert', service }, fromMs: nowMs - 60_000, toMs: nowMs },
    );
    expect(detail.rule).toMatchObject({ status: 'ok', data: null });
    expect(detail.chart).toBeNull();
    expect(detail.instance).toMatchObject({ status: 'ok', data: null });
    expect(detail.firing).toMatchObject({ status: 'ok', data: [] });
    expect(tempoQueries.length).toBe(2);
    for (const q of tempoQueries) {
      let errors = 0;
      const strings: string[] = [];
      parser.parse(q).iterate({
        enter(node) {
          if (node.type.isError) errors++;
          if (node.name === 'String') strings.push(q.slice(node.from + 1, node.to - 1).replace(/\\(.)/g, '$1'));
        },
      });
      expect(errors, q).toBe(0);
      expect(strings).toEqual([service]);
    }
  });
});
