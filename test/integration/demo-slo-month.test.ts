// The demo's story read as the monthly review reads it: the report's SLO loader over real HTTP against the demo's
// Prometheus, per UTC day of a month. Ordinary days meet checkout availability and charge latency; the days of
// the major incidents miss them. (With a paging incident every day, every day was red: the month said nothing.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../demo/index';
import type { IncidentWindow } from '../../demo/contract';
import { createPrometheusClient } from '../../lib/datasources/prometheus/client';
import { createLimiter } from '../../lib/report/limit';
import { loadSloSection } from '../../lib/report/load-slos';
import { reportMonth } from '../../lib/report/month';
import { reportSlo } from '../../lib/report/slo-source';
import type { DayAttainment, SloAttainment } from '../../lib/report/types';
import { DEMO_SLOS } from '../../lib/slo/demo-slos';

const NOW = Date.UTC(2026, 10, 21, 12);
const MONTH = reportMonth('2026-11', 'UTC');

let stack: DemoStack;
let slos: SloAttainment[];
let incidents: IncidentWindow[];

beforeAll(async () => {
  stack = await startDemoStack({ ports: { prometheus: 0, loki: 0, tempo: 0, pyroscope: 0, alertmanager: 0 }, now: () => NOW });
  const prometheus = createPrometheusClient({ backend: 'prometheus', url: stack.urls.prometheus, timeoutMs: 120_000 });
  const wanted = DEMO_SLOS.filter((slo) => slo.name === 'checkout-availability' || slo.name === 'charge-latency');
  const measured = wanted.map((slo) => reportSlo({ ...slo, id: `${slo.service}-${slo.name}`, source: 'demo', version: 1, createdAtMs: 0, updatedAtMs: 0 }));
  const { data, problems } = await loadSloSection({ prometheus }, measured, MONTH, { nowMs: NOW, limit: createLimiter(4), queryTimeoutMs: 120_000 });
  expect(problems).toEqual([]);
  slos = data.slos;
  incidents = stack.fleet.incidentsBetween(MONTH.startMs, NOW);
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

function sloDays(name: string): DayAttainment[] {
  const slo = slos.find((s) => s.slo.name === name);
  if (!slo) throw new Error(`no ${name}`);
  // The days that have ended.
  return slo.days.filter((day) => day.endMs <= NOW);
}

const red = (day: DayAttainment) => day.burnRate !== null && day.burnRate > 1;

describe('the demo month in the review', { timeout: 120_000 }, () => {
  for (const [name, kinds] of [
    ['checkout-availability', ['payment-latency', 'order-db-pool']],
    ['charge-latency', ['payment-latency']],
  ] as const) {
    it(`${name}: red exactly on the days of a major ${kinds.join(' or ')} incident`, () => {
      const days = sloDays(name);
      expect(days).toHaveLength(20);
      const burning = incidents.filter((i) => i.severity === 'major' && (kinds as readonly string[]).includes(i.kind));
      expect(burning.length).toBeGreaterThanOrEqual(3);
      for (const day of days) {
        expect(day.totalEvents, day.date).toBeGreaterThan(100_000);
        const overlapping = burning.filter((i) => i.endMs > day.startMs && i.startMs < day.endMs);
        const inside = overlapping.filter((i) => i.startMs >= day.startMs && i.endMs <= day.endMs);
        if (overlapping.length === 0) {
          // An ordinary day (minor incidents included) stays within its share of the budget, with room to spare.
          expect(day.burnRate, `${day.date} has no major incident`).toBeLessThan(0.75);
        }
        if (inside.length > 0) expect(red(day), `${day.date} holds a major incident`).toBe(true);
      }
      // A few bad days, not all of them.
      const redDays = days.filter(red).length;
      expect(redDays).toBeGreaterThanOrEqual(2);
      expect(redDays).toBeLessThanOrEqual(8);
    });
  }

  it('the month still misses checkout availability (the review has something to discuss), its baseline spending half the budget', () => {
    const checkout = slos.find((s) => s.slo.name === 'checkout-availability');
    expect(checkout?.month?.met).toBe(false);
    const quiet = sloDays('checkout-availability').filter((day) => !incidents.some((i) => i.severity === 'major' && i.endMs > day.startMs && i.startMs < day.endMs));
    expect(quiet.length).toBeGreaterThan(8);
    for (const day of quiet) {
      expect(day.burnRate).toBeGreaterThan(0.3);
      expect(day.burnRate).toBeLessThan(0.7);
    }
  });
});
