import { describe, expect, it } from 'vitest';
import { importSloSpecs, type ImportResult } from './import';
import { sliQueries } from './sli-query';
import { HOUR_MS } from './durations';

const SLOTH = `
version: "prometheus/v1"
service: "gateway"
labels:
  owner: "storefront"
  tier: 1
slos:
  - name: "checkout-availability"
    objective: 99.9
    description: "Checkouts that do not fail with a 5xx."
    labels:
      category: availability
    sli:
      events:
        error_query: sum(rate(http_server_requests_total{service="gateway",http_route="/api/checkout",http_response_status_code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_server_requests_total{service="gateway",http_route="/api/checkout"}[{{ .window }}]))
    alerting:
      name: CheckoutAvailability
      page_alert:
        labels:
          severity: critical
      ticket_alert:
        disable: true
  - name: "charge-latency"
    objective: 99
    sli:
      events:
        errorQuery: |
          (
            sum(rate(http_server_request_duration_seconds_count{service="payment",http_route="/charge"}[{{.window}}]))
            -
            sum(rate(http_server_request_duration_seconds_bucket{service="payment",http_route="/charge",le="1"}[{{.window}}]))
          )
        totalQuery: sum(rate(http_server_request_duration_seconds_count{service="payment",http_route="/charge"}[{{.window}}]))
`;

const OPENSLO = `
apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
  displayName: Checkout availability
  labels:
    team: [storefront]
    env: [prod, eu]
spec:
  service: gateway
  indicator:
    metadata:
      name: checkout-errors
    spec:
      ratioMetric:
        counter: true
        bad:
          metricSource:
            type: Prometheus
            spec:
              query: sum(http_server_requests_total{service="gateway",http_route="/api/checkout",http_response_status_code=~"5.."})
        total:
          metricSource:
            type: prometheus
            spec:
              query: http_server_requests_total{service="gateway",http_route="/api/checkout"}
  timeWindow:
    - duration: 1M
      isRolling: false
      calendar:
        startTime: 2022-01-01 00:00:00
        timeZone: Europe/Berlin
  budgetingMethod: Occurrences
  objectives:
    - displayName: Good
      target: 0.999
`;

function ok(result: ImportResult) {
  if (!result.ok) throw new Error(`expected an import, got: ${result.error}`);
  return result;
}

function error(result: ImportResult): string {
  if (result.ok) throw new Error('expected an import error');
  return result.error;
}

describe('Sloth prometheus/v1 specs', () => {
  it('import every SLO of the service with merged labels and the default 30-day window', () => {
    const result = ok(importSloSpecs(SLOTH));
    expect(result.slos).toHaveLength(2);
    const [checkout, latency] = result.slos;
    expect(checkout.source).toBe('sloth');
    expect(checkout.definition).toEqual({
      name: 'checkout-availability',
      service: 'gateway',
      description: 'Checkouts that do not fail with a 5xx.',
      sli: {
        type: 'bad',
        badQuery: 'sum(rate(http_server_requests_total{service="gateway",http_route="/api/checkout",http_response_status_code=~"5.."}[{{.window}}]))',
        totalQuery: 'sum(rate(http_server_requests_total{service="gateway",http_route="/api/checkout"}[{{.window}}]))',
      },
      objective: 0.999,
      window: { kind: 'rolling', days: 30 },
      owner: 'storefront',
      labels: { owner: 'storefront', tier: '1', category: 'availability' },
    });
    expect(checkout.notes.some((n) => n.includes('alerting is not kept'))).toBe(true);
    expect(checkout.notes.some((n) => n.includes('ticket_alert.disable'))).toBe(true);
    expect(latency.definition.objective).toBe(0.99);
    expect(latency.definition.sli.type).toBe('bad');
    expect(sliQueries(latency.definition.sli, HOUR_MS).numerator).toContain('le="1"}[1h]');
  });

  it('read the Kubernetes PrometheusServiceLevel form', () => {
    const k8s = `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata:
  name: gateway
spec:
  service: gateway
  slos:
    - name: checkout-availability
      objective: 99.5
      sli:
        events:
          errorQuery: sum(rate(x{code=~"5.."}[{{.window}}]))
          totalQuery: sum(rate(x[{{.window}}]))
`;
    const result = ok(importSloSpecs(k8s));
    expect(result.slos[0].definition).toMatchObject({ service: 'gateway', objective: 0.995, sli: { badQuery: 'sum(rate(x{code=~"5.."}[{{.window}}]))' } });
  });

  it('refuse what Weft cannot compute, naming the field', () => {
    const raw = SLOTH.replace(/sli:\n\s+events:\n\s+errorQuery[\s\S]*$/, 'sli:\n      raw:\n        error_ratio_query: sum(rate(x[{{.window}}]))\n');
    expect(error(importSloSpecs(raw))).toMatch(/^document 1\.slos\[1\]\.sli\.raw: a raw SLI .* not supported/);
    expect(error(importSloSpecs(SLOTH.replace('objective: 99.9', 'objective: 0.999').replace('objective: 99\n', 'objective: 100\n')))).toBe(
      'document 1.slos[1].objective: Sloth objectives are percentages between 0 and 100 (exclusive), got 100',
    );
    expect(error(importSloSpecs(SLOTH.replace('version: "prometheus/v1"', 'version: "prometheus/v2"')))).toBe('document 1.version: "prometheus/v2" is not supported: use prometheus/v1');
    expect(error(importSloSpecs(SLOTH.replace('version: "prometheus/v1"', 'apiVersion: sloth.slok.dev/v1')))).toBe('document 1.kind: is required (PrometheusServiceLevel)');
    expect(error(importSloSpecs(SLOTH.replace('name: "checkout-availability"', 'name: "Checkout Availability"')))).toMatch(/^document 1\.slos\[0\]: name may hold lowercase/);
    expect(error(importSloSpecs(SLOTH.replace(/error_query: .*\n/, '')))).toBe('document 1.slos[0].sli.events.error_query: is required');
    expect(error(importSloSpecs(SLOTH.replace('[{{.window}}]))\n        total_query', '[5m]))\n        total_query')))).toMatch(/^document 1\.slos\[0\]: sli\.badQuery is neither/);
    expect(error(importSloSpecs(SLOTH.replace('  - name: "charge-latency"', '  - name: "checkout-availability"')))).toMatch(/appears twice/);
  });
});

describe('OpenSLO v1 SLO documents', () => {
  it('import a ratio SLO with a calendar month in its time zone', () => {
    const result = ok(importSloSpecs(OPENSLO));
    const [slo] = result.slos;
    expect(slo.source).toBe('openslo');
    expect(slo.definition).toEqual({
      name: 'checkout-availability',
      service: 'gateway',
      description: 'Checkout availability',
      sli: {
        type: 'bad',
        // sum(<counter>) and a bare counter both become the selector form: sum(rate(<counter>[window])).
        badQuery: 'http_server_requests_total{service="gateway",http_route="/api/checkout",http_response_status_code=~"5.."}',
        totalQuery: 'http_server_requests_total{service="gateway",http_route="/api/checkout"}',
      },
      objective: 0.999,
      window: { kind: 'calendar', period: 'month', timeZone: 'Europe/Berlin' },
      owner: 'storefront',
      labels: { team: 'storefront', env: 'prod,eu' },
    });
    expect(slo.notes.some((n) => n.includes('calendar.startTime is not read'))).toBe(true);
  });

  it('gives the same SLI queries as the Sloth spec and a hand-made selector SLO', () => {
    const sloth = ok(importSloSpecs(SLOTH)).slos[0].definition;
    const openslo = ok(importSloSpecs(OPENSLO)).slos[0].definition;
    const handMade = {
      type: 'bad' as const,
      badQuery: 'http_server_requests_total{service="gateway",http_route="/api/checkout",http_response_status_code=~"5.."}',
      totalQuery: 'http_server_requests_total{service="gateway",http_route="/api/checkout"}',
    };
    for (const windowMs of [5 * 60_000, HOUR_MS, 72 * HOUR_MS]) {
      expect(sliQueries(openslo.sli, windowMs)).toEqual(sliQueries(sloth.sli, windowMs));
      expect(sliQueries(handMade, windowMs)).toEqual(sliQueries(sloth.sli, windowMs));
    }
  });

  it('reads rolling windows, targetPercent, good events and SLIs by reference', () => {
    const text = `
apiVersion: openslo/v1
kind: SLI
metadata:
  name: fast-charges
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        type: Prometheus
        spec:
          query: latency_bucket{le="1"}
    total:
      metricSource:
        type: Prometheus
        spec:
          query: latency_count
---
- apiVersion: openslo/v1
  kind: Service
  metadata:
    name: payment
  spec: {}
- apiVersion: openslo/v1
  kind: SLO
  metadata:
    name: charge-latency
  spec:
    service: payment
    indicatorRef: fast-charges
    timeWindow:
      - duration: 4w
        isRolling: true
    budgetingMethod: Occurrences
    objectives:
      - targetPercent: 99.5
`;
    const result = ok(importSloSpecs(text));
    expect(result.slos[0].definition).toMatchObject({
      service: 'payment',
      objective: 0.995,
      window: { kind: 'rolling', days: 28 },
      sli: { type: 'good', goodQuery: 'latency_bucket{le="1"}', totalQuery: 'latency_count' },
    });
    expect(result.notes).toEqual(['document 2[0]: OpenSLO Service documents are not imported']);
  });

  it('refuse what Weft cannot compute, naming the field', () => {
    const at = (find: string, replace: string) => error(importSloSpecs(OPENSLO.replace(find, replace)));
    expect(at('budgetingMethod: Occurrences', 'budgetingMethod: Timeslices')).toBe('document 1.spec.budgetingMethod: "Timeslices" is not supported: Weft budgets by Occurrences (events)');
    expect(at('duration: 1M', 'duration: 1w')).toMatch(/^document 1\.spec\.timeWindow\[0\]\.duration: a calendar window of "1w" is not supported/);
    expect(at('isRolling: false', 'isRolling: true')).toMatch(/^document 1\.spec\.timeWindow\[0\]\.duration: a rolling window of "1M"/);
    expect(at('type: Prometheus', 'type: Datadog')).toBe('document 1.spec.indicator.spec.ratioMetric.bad.metricSource.type: "Datadog" is not supported: Weft reads Prometheus metric sources');
    expect(at('ratioMetric:', 'thresholdMetric:')).toMatch(/^document 1\.spec\.indicator\.spec\.thresholdMetric: threshold SLIs are not supported/);
    expect(at('apiVersion: openslo/v1', 'apiVersion: openslo/v1alpha')).toBe('document 1.apiVersion: "openslo/v1alpha" is not supported: Weft reads openslo/v1');
    expect(at('target: 0.999', 'target: 0.999\n      timeSliceTarget: 0.95')).toMatch(/timeSliceTarget: time slices are not supported/);
    expect(at('    - displayName: Good\n      target: 0.999', '    - target: 0.999\n    - target: 0.99')).toMatch(/^document 1\.spec\.objectives: lists 2 objectives/);
    expect(at('query: http_server_requests_total{service="gateway",http_route="/api/checkout"}', 'query: sum by (code) (http_server_requests_total)')).toMatch(
      /^document 1\.spec\.indicator\.spec\.ratioMetric\.total\.metricSource\.spec\.query: "sum by \(code\)/,
    );
    expect(at('counter: true', 'counter: false')).toMatch(/with counter: false the query must compute events per second/);
    expect(at('target: 0.999', 'target: 1')).toMatch(/^document 1: objective must be below 100 %/);
  });
});

describe('pasted text', () => {
  it('reports YAML errors with their line and refuses unknown documents', () => {
    expect(error(importSloSpecs('service: [unclosed'))).toMatch(/^document 1: not valid YAML \(line \d+, column \d+\)/);
    expect(error(importSloSpecs('kind: Deployment\napiVersion: apps/v1\n'))).toMatch(/^document 1: is neither a Sloth spec/);
    expect(error(importSloSpecs('# nothing\n'))).toMatch(/^Nothing to import/);
    expect(error(importSloSpecs('a: 1\na: 2\n'))).toMatch(/^document 1: not valid YAML/);
    expect(error(importSloSpecs('x'.repeat(600 * 1024)))).toMatch(/larger than 512 KiB/);
  });

  it('imports Sloth and OpenSLO documents from one paste', () => {
    const result = ok(importSloSpecs(`${SLOTH}\n---\n${OPENSLO.replace('name: checkout-availability', 'name: checkout-availability-monthly')}`));
    expect(result.slos.map((s) => `${s.source}:${s.definition.name}`)).toEqual(['sloth:checkout-availability', 'sloth:charge-latency', 'openslo:checkout-availability-monthly']);
  });
});
