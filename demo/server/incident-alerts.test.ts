// On the real simulation: the demo's alerts follow its incident schedule, through the HTTP APIs the console uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentWindow } from '../contract';
import { startDemoStack, type DemoStack } from '../index';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW_MS = Date.UTC(2026, 10, 21, 12, 0, 0);
const ZERO_PORTS = { prometheus: 0, loki: 0, tempo: 0, pyroscope: 0, alertmanager: 0 };

let late: DemoStack;
let payment: IncidentWindow;
let db: IncidentWindow;

beforeAll(async () => {
  late = await startDemoStack({ ports: ZERO_PORTS, now: () => NOW_MS });
  const done = late.fleet.incidentsBetween(NOW_MS - 40 * HOUR, NOW_MS).filter((i) => i.endMs < NOW_MS - HOUR);
  const p = done.filter((i) => i.kind === 'payment-latency').at(-1);
  const d = done.filter((i) => i.kind === 'order-db-pool').at(-1);
  if (!p || !d) throw new Error('expected both incident kinds in 40 h');
  payment = p;
  db = d;
}, 60_000);

afterAll(async () => {
  await late?.close();
});

async function firingTimes(stack: DemoStack, alertname: string, fromMs: number, toMs: number): Promise<number[]> {
  const params = new URLSearchParams({
    query: `ALERTS{alertname="${alertname}", alertstate="firing"}`,
    start: String(fromMs / 1000),
    end: String(toMs / 1000),
    step: '60',
  });
  const body = (await (await fetch(`${stack.urls.prometheus}/api/v1/query_range?${params}`)).json()) as {
    data: { result: { values: [number, string][] }[] };
  };
  return body.data.result.flatMap((s) => s.values.map(([t]) => t * 1000));
}

describe('demo alerts on the incident schedule', () => {
  it('ALERTS shows PaymentHighLatency firing during the payment incident only', async () => {
    const times = await firingTimes(late, 'PaymentHighLatency', payment.startMs - 2 * HOUR, payment.endMs + HOUR);
    expect(times.length).toBeGreaterThan(0);
    // `for: 5m` after the incident starts; after it ends the 5 m rate window holds the p99 up a few minutes, and
    // the series ends at the first evaluation below the threshold (staleness marker, no 5 m lookback tail)
    expect(Math.min(...times)).toBeGreaterThanOrEqual(payment.startMs + 5 * MIN);
    expect(Math.max(...times)).toBeLessThanOrEqual(payment.endMs + 6 * MIN);
  });

  it('ALERTS shows OrderHighErrorRate firing during the DB pool incident, not the payment one', async () => {
    const times = await firingTimes(late, 'OrderHighErrorRate', db.startMs - 2 * HOUR, db.endMs + HOUR);
    expect(times.length).toBeGreaterThan(0);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(db.startMs + 5 * MIN);
    expect(Math.max(...times)).toBeLessThanOrEqual(db.endMs + 6 * MIN);
    expect(await firingTimes(late, 'OrderHighErrorRate', payment.startMs, payment.endMs)).toEqual([]);
  });

  it('during the incident, Prometheus and Alertmanager list the firing alert with consistent times', async () => {
    const at = payment.startMs + 12 * MIN;
    const during = await startDemoStack({ ports: ZERO_PORTS, now: () => at });
    try {
      const prom = (await (await fetch(`${during.urls.prometheus}/api/v1/alerts`)).json()) as {
        data: { alerts: { labels: Record<string, string>; state: string; activeAt: string }[] };
      };
      const alert = prom.data.alerts.find((a) => a.labels.alertname === 'PaymentHighLatency');
      expect(alert?.state).toBe('firing');
      const activeAtMs = Date.parse(alert?.activeAt ?? '');
      expect(activeAtMs).toBeGreaterThanOrEqual(payment.startMs);
      expect(activeAtMs).toBeLessThanOrEqual(at - 5 * MIN);
      expect(prom.data.alerts.some((a) => a.labels.alertname === 'ProductListingSlow' && a.state === 'firing')).toBe(true);
      expect(prom.data.alerts.some((a) => a.labels.alertname === 'OrderHighErrorRate')).toBe(false);

      const am = (await (await fetch(`${during.urls.alertmanager}/api/v2/alerts?filter=alertname%3D%22PaymentHighLatency%22`)).json()) as {
        startsAt: string;
        receivers: { name: string }[];
        status: { state: string };
      }[];
      expect(am).toHaveLength(1);
      expect(Date.parse(am[0].startsAt)).toBe(activeAtMs + 5 * MIN);
      expect(am[0].receivers).toEqual([{ name: 'oncall-pager' }]);
      expect(am[0].status.state).toBe('active');
    } finally {
      await during.close();
    }
  });

  it('the checkout SLO ticket burns only after incidents: quiet hours stay under the budget', async () => {
    const fromMs = NOW_MS - 2 * 24 * HOUR;
    const times = await firingTimes(late, 'CheckoutAvailabilitySLOBurnTicket', fromMs, NOW_MS);
    const incidents = late.fleet.incidentsBetween(fromMs - 6 * HOUR, NOW_MS);
    expect(times.length).toBeGreaterThan(0);
    // Its slow pair is 3d/6h at 1x: it may fire while an incident is in the last 6 h, never in between.
    const quiet = times.filter((t) => !incidents.some((i) => t >= i.startMs && t <= i.endMs + 6 * HOUR));
    expect(quiet).toEqual([]);
  });

  it('after the incident, the alert is gone from /api/v1/alerts but in ALERTS history', async () => {
    const prom = (await (await fetch(`${late.urls.prometheus}/api/v1/alerts`)).json()) as { data: { alerts: { labels: Record<string, string> }[] } };
    const names = prom.data.alerts.map((a) => a.labels.alertname);
    const ongoing = late.fleet.incidentsBetween(NOW_MS - 10 * MIN, NOW_MS);
    if (!ongoing.some((i) => i.kind === 'payment-latency')) expect(names).not.toContain('PaymentHighLatency');
    expect(names).toContain('ProductListingSlow');
  });
});
