// The demo's SLOs: valid, consistent with the demo's own Sloth-style alert rules, and burned by its incidents
// at the right times when read from the demo's Prometheus API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../demo/index';
import { CHARGE_SELECTOR, CHECKOUT_SELECTOR, CHECKOUT_SLO, PAYMENT_LATENCY_SLO } from '../../demo/sim/alert-rules';
import type { IncidentWindow } from '../../demo/contract';
import { createPrometheusClient, type PrometheusClient } from '../datasources/prometheus/client';
import { DEMO_SLOS, shouldSeedDemoSlos } from './demo-slos';
import { MINUTE_MS } from './durations';
import { validateSloDefinition, type SloDefinition } from './model';
import { readBurnRates } from './read-slo';
import { numeratorQuery } from './sli-query';

function demoSlo(service: string, name: string): SloDefinition {
  const slo = DEMO_SLOS.find((s) => s.service === service && s.name === name);
  if (!slo) throw new Error(`no demo SLO ${service}/${name}`);
  return slo;
}

describe('demo SLO definitions', () => {
  it('are valid', () => {
    for (const slo of DEMO_SLOS) expect(validateSloDefinition(slo), `${slo.service}/${slo.name}`).toEqual({ ok: true, value: slo });
  });

  it('match the demo alert rules they stand for', () => {
    const checkout = demoSlo('gateway', 'checkout-availability');
    expect(checkout.objective).toBeCloseTo(CHECKOUT_SLO.objectivePercent / 100, 12);
    expect(numeratorQuery(checkout.sli)).toContain(CHECKOUT_SELECTOR);
    const charge = demoSlo('payment', 'charge-latency');
    expect(charge.objective).toBeCloseTo(PAYMENT_LATENCY_SLO.objectivePercent / 100, 12);
    expect(numeratorQuery(charge.sli)).toContain(CHARGE_SELECTOR);
    expect(numeratorQuery(charge.sli)).toContain('le="1"');
  });

  it('are seeded on the demo', () => {
    expect(shouldSeedDemoSlos({ WEFT_SEED_DEMO_SLOS: '1' })).toBe(true);
    expect(shouldSeedDemoSlos({ WEFT_DEMO: '1' })).toBe(true);
    expect(shouldSeedDemoSlos({ WEFT_DEMO: '1', WEFT_SEED_DEMO_SLOS: '0' })).toBe(false);
    expect(shouldSeedDemoSlos({})).toBe(false);
    expect(shouldSeedDemoSlos({ PROMETHEUS_URL: 'http://prometheus:9090' })).toBe(false);
  });
});

describe('demo SLOs burned by the demo incidents', { timeout: 120_000 }, () => {
  const NOW = Date.UTC(2026, 10, 21, 12);
  let demo: DemoStack;
  let client: PrometheusClient;

  beforeAll(async () => {
    demo = await startDemoStack({ ports: { prometheus: 0, loki: 0, tempo: 0, pyroscope: 0, alertmanager: 0 }, now: () => NOW });
    client = createPrometheusClient({ backend: 'prometheus', url: demo.urls.prometheus, timeoutMs: 60_000 });
  }, 60_000);

  afterAll(async () => {
    await demo?.close();
  });

  /** The latest finished incident of a kind lasting at least 40 minutes, with no other incident in the hour around it. */
  function incident(kind: IncidentWindow['kind']): IncidentWindow {
    // Major incidents burn the SLOs; the demo holds one of each kind in every 150 h.
    const all = demo.fleet.incidentsBetween(NOW - 7 * 86_400_000, NOW - 2 * 3_600_000);
    const found = all
      .filter((i) => i.severity === 'major' && i.kind === kind && i.endMs - i.startMs >= 40 * MINUTE_MS)
      .filter((i) => !all.some((o) => o !== i && o.endMs > i.startMs - 90 * MINUTE_MS && o.startMs < i.endMs + 90 * MINUTE_MS))
      .at(-1);
    if (!found) throw new Error(`no ${kind} incident to test with`);
    return found;
  }

  for (const [kind, service, name] of [
    ['payment-latency', 'payment', 'charge-latency'],
    ['order-db-pool', 'gateway', 'checkout-availability'],
  ] as const) {
    it(`${service}/${name}: Acceptable before a ${kind} incident, Critical in it, Recovering after it`, async () => {
      const slo = demoSlo(service, name);
      const window = incident(kind);
      const [before, during, after] = await Promise.all([
        readBurnRates(client, slo, window.startMs - 10 * MINUTE_MS),
        readBurnRates(client, slo, window.startMs + 30 * MINUTE_MS),
        readBurnRates(client, slo, window.endMs + 10 * MINUTE_MS),
      ]);
      expect(before.pairs[0].status).toBe('acceptable');
      expect(during.pairs[0].status).toBe('critical');
      expect(during.pairs[0].shortBurnRate).toBeGreaterThan(14.4);
      expect(during.lowTraffic).toBe(false);
      expect(after.pairs[0].status).toBe('recovering');
      expect(after.pairs[0].shortBurnRate).toBeLessThan(14.4);
    });
  }
});
