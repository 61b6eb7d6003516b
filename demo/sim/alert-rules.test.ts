// The alert rules against the demo's own PromQL engine (demo/query/promql) over this fleet's metrics: they parse,
// the incident alerts fire inside their incidents, and a histogram alert is firing at any moment.
import { describe, expect, it } from 'vitest';
import { evaluateInstant } from '../query/promql';
import { CHECKOUT_SLO } from './alert-rules';
import { NORMAL_STATE } from './incidents';
import { createFleet } from './index';
import { RouteStatsTable } from './route-stats';
import { Rng } from './random';
import { TEST_NOW_MS, hours, latestIncident, minutes } from './testing';

const fleet = createFleet({ seed: 42, now: () => TEST_NOW_MS });
const rule = (name: string) => fleet.alertRules.find((r) => r.name === name)!;
const firing = (name: string, timeMs: number) => {
  const result = evaluateInstant(rule(name).expr, timeMs, fleet.metrics);
  return result.resultType === 'vector' && result.result.length > 0;
};

describe('alert rules', () => {
  it('are grouped, labelled and annotated, and every expression evaluates', () => {
    expect(fleet.alertRules.map((r) => r.name)).toEqual([
      'PaymentHighLatency',
      'OrderHighErrorRate',
      'ProductListingSlow',
      'DBPoolSaturated',
      'TargetDown',
      'CheckoutAvailabilitySLOBurnPage',
      'CheckoutAvailabilitySLOBurnTicket',
      'ChargeLatencySLOBurnPage',
      'ChargeLatencySLOBurnTicket',
    ]);
    for (const r of fleet.alertRules) {
      expect(['page', 'ticket', 'warning']).toContain(r.labels.severity);
      expect(r.annotations.summary).toBeTruthy();
      expect(r.annotations.runbook_url).toMatch(/^https:\/\//);
      expect(evaluateInstant(r.expr, TEST_NOW_MS - hours(1), fleet.metrics).resultType).toBe('vector');
    }
  });

  it('fire inside their incidents and stay quiet away from them', () => {
    const payment = latestIncident(fleet, 'payment-latency');
    const db = latestIncident(fleet, 'order-db-pool');
    const inPayment = payment.startMs + minutes(12);
    const inDb = db.startMs + minutes(12);
    expect(firing('PaymentHighLatency', inPayment)).toBe(true);
    expect(firing('ChargeLatencySLOBurnPage', inPayment)).toBe(true);
    expect(firing('OrderHighErrorRate', inPayment)).toBe(false);
    expect(firing('OrderHighErrorRate', inDb)).toBe(true);
    expect(firing('DBPoolSaturated', inDb)).toBe(true);
    expect(firing('CheckoutAvailabilitySLOBurnPage', inDb)).toBe(true);
    expect(firing('PaymentHighLatency', inDb)).toBe(false);
    const quiet = payment.startMs - hours(2);
    for (const name of ['PaymentHighLatency', 'OrderHighErrorRate', 'DBPoolSaturated', 'TargetDown', 'CheckoutAvailabilitySLOBurnPage', 'ChargeLatencySLOBurnPage']) {
      expect(firing(name, quiet), name).toBe(false);
    }
  });

  it('page on a minor payment incident with the service alert only: the SLOs are not burning fast', () => {
    const minor = latestIncident(fleet, 'payment-latency', 'minor');
    const inMinor = minor.startMs + minutes(12);
    expect(firing('PaymentHighLatency', inMinor)).toBe(true);
    for (const name of ['ChargeLatencySLOBurnPage', 'CheckoutAvailabilitySLOBurnPage', 'OrderHighErrorRate']) expect(firing(name, inMinor), name).toBe(false);
  });

  it('keep a histogram-based alert firing at every sampled moment', () => {
    const rng = new Rng(7);
    for (let k = 0; k < 12; k++) {
      const t = TEST_NOW_MS - minutes(30) - rng.next() * hours(24 * 34);
      expect(firing('ProductListingSlow', t), new Date(t).toISOString()).toBe(true);
      expect(rule('ProductListingSlow').expr).toContain('http_server_request_duration_seconds_bucket');
    }
  });
});

describe('checkout availability baseline', () => {
  it('sits well below the 99.9% SLO budget outside incidents (no float-noise ticket burns)', () => {
    const budget = 1 - CHECKOUT_SLO.objectivePercent / 100;
    const normal = new RouteStatsTable(42).forState(NORMAL_STATE);
    const checkout = normal.flatMap((e) => e.routes).find((r) => r.route === 'gateway POST /api/checkout');
    const fiveXx = (checkout?.statuses ?? []).filter((s) => s.status >= 500).reduce((sum, s) => sum + s.share, 0);
    expect(checkout).toBeDefined();
    expect(fiveXx).toBeGreaterThan(0);
    expect(fiveXx).toBeLessThan(budget * 0.6);
  });
});
