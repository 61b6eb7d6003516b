import { describe, expect, it } from 'vitest';
import type { IncidentWindow } from '../contract';
import { createFleet } from './index';
import { CYCLE_FRAMES, FRAME_MS, fleetStateAt, incidentAt, incidentsOverlapping, MAX_DURATION_MIN, MIN_DURATION_MIN, MINOR_PEAK_LEVEL } from './incidents';
import { Rng } from './random';
import { TEST_NOW_MS, hours, minutes, quantileAt, sumIncrease } from './testing';

const DAY = hours(24);

describe('incident schedule', () => {
  it('keeps incidents 20-90 min long, never overlapping; payment ones 18 h apart, one major of each kind per 6-day cycle', () => {
    for (const seed of [1, 2, 42]) {
      const incidents = incidentsOverlapping(seed, TEST_NOW_MS - 40 * DAY, TEST_NOW_MS);
      const payment = incidents.filter((i) => i.kind === 'payment-latency');
      expect(payment.length).toBeGreaterThan(50);
      incidents.forEach((incident, i) => {
        const durationMin = (incident.endMs - incident.startMs) / 60_000;
        expect(durationMin).toBeGreaterThanOrEqual(MIN_DURATION_MIN);
        expect(durationMin).toBeLessThanOrEqual(MAX_DURATION_MIN);
        expect(incident.startMs % 60_000).toBe(0);
        expect(incident.service).toBe(incident.kind === 'payment-latency' ? 'payment' : 'order');
        // Every order-db-pool incident is major; payment ones are mostly minor.
        if (incident.kind === 'order-db-pool') expect(incident.severity).toBe('major');
        if (i > 0) {
          const gap = incident.startMs - incidents[i - 1].endMs;
          expect(gap).toBeGreaterThanOrEqual(hours(4));
          expect(gap).toBeLessThanOrEqual(hours(22));
        }
      });
      payment.forEach((incident, i) => {
        if (i > 0) expect(incident.startMs - payment[i - 1].endMs).toBeLessThanOrEqual(hours(22));
      });
      // 40 days: 6 or 7 cycles, one major payment-latency and one order-db-pool incident each, 7 or 9 frames apart.
      const majors = incidents.filter((i) => i.severity === 'major');
      for (const kind of ['payment-latency', 'order-db-pool'] as const) {
        const ofKind = majors.filter((i) => i.kind === kind);
        expect(ofKind.length).toBeGreaterThanOrEqual(6);
        expect(ofKind.length).toBeLessThanOrEqual(7);
        ofKind.forEach((incident, i) => {
          if (i > 0) expect(Math.round((incident.startMs - ofKind[i - 1].startMs) / FRAME_MS)).toBe(CYCLE_FRAMES);
        });
      }
      majors.forEach((incident, i) => {
        if (i > 0) {
          expect(incident.kind).not.toBe(majors[i - 1].kind);
          expect([7, 9]).toContain(Math.round((incident.startMs - majors[i - 1].startMs) / FRAME_MS));
        }
      });
    }
  });

  it('has a complete incident in the last 24 h, and a complete major one of each kind in the last 150 h, at any moment (5,000 random moments over 35 days, 5 seeds)', () => {
    const rng = new Rng(1234);
    for (let k = 0; k < 5000; k++) {
      const seed = k % 5;
      const t = TEST_NOW_MS - rng.next() * 35 * DAY;
      const complete = incidentsOverlapping(seed, t - DAY, t).filter((i) => i.startMs >= t - DAY && i.endMs <= t);
      expect(complete.length, `seed ${seed} at ${new Date(t).toISOString()}`).toBeGreaterThanOrEqual(1);
      const majors = incidentsOverlapping(seed, t - hours(150), t).filter((i) => i.severity === 'major' && i.startMs >= t - hours(150) && i.endMs <= t);
      for (const kind of ['payment-latency', 'order-db-pool']) expect(majors.some((i) => i.kind === kind), `${kind}, seed ${seed} at ${new Date(t).toISOString()}`).toBe(true);
    }
  });

  it('answers the state of any moment without history, ramping up and down in quarters of the peak level', () => {
    const recent = incidentsOverlapping(42, TEST_NOW_MS - 7 * DAY, TEST_NOW_MS);
    for (const severity of ['major', 'minor'] as const) {
      const incident = recent.find((i) => i.severity === severity);
      if (!incident) throw new Error(`no ${severity} incident in a week`);
      const peak = severity === 'major' ? 1 : MINOR_PEAK_LEVEL;
      expect(fleetStateAt(42, incident.startMs - 1).kind).toBe('normal');
      expect(fleetStateAt(42, incident.startMs).level).toBe(0.25 * peak);
      expect(fleetStateAt(42, incident.startMs + minutes(1)).level).toBe(0.5 * peak);
      expect(fleetStateAt(42, incident.startMs + minutes(3)).level).toBe(peak);
      expect(fleetStateAt(42, incident.endMs - minutes(1)).level).toBe(0.25 * peak);
      expect(fleetStateAt(42, incident.endMs).kind).toBe('normal');
      expect(incidentAt(42, (incident.startMs + incident.endMs) / 2)).toEqual(incident);
    }
  });

  it('exposes incidents of the retention window through the fleet', () => {
    const fleet = createFleet({ seed: 42, now: () => TEST_NOW_MS });
    const all = fleet.incidentsBetween(0, TEST_NOW_MS + DAY);
    expect(all.length).toBeGreaterThan(45);
    expect(all[0].endMs).toBeGreaterThan(TEST_NOW_MS - 35 * DAY);
    expect(all.every((i) => i.startMs < TEST_NOW_MS)).toBe(true);
  });
});

describe('alerts follow the incidents (evaluated on the raw metric data)', () => {
  const seed = 42;
  const fleet = createFleet({ seed, now: () => TEST_NOW_MS });
  const grid = (t: number) => Math.floor(t / 15_000) * 15_000;
  const bucketsOf = (selector: { route: string }, from: number, to: number) =>
    fleet.metrics.select(
      [
        { name: '__name__', type: '=', value: 'http_server_request_duration_seconds_bucket' },
        { name: 'http_route', type: '=', value: selector.route },
      ],
      from,
      to,
    );
  const p99Charge = (t: number) => quantileAt(0.99, bucketsOf({ route: '/charge' }, t - minutes(6), t), t, minutes(5));
  const orderErrorRatio = (t: number) => {
    const series = fleet.metrics.select(
      [
        { name: '__name__', type: '=', value: 'http_server_requests_total' },
        { name: 'service', type: '=', value: 'order' },
      ],
      t - minutes(6),
      t,
    );
    const errors = sumIncrease(
      series.filter((s) => s.labels.http_response_status_code.startsWith('5')),
      t - minutes(5),
      t,
    );
    return errors / sumIncrease(series, t - minutes(5), t);
  };
  const pending = (t: number) =>
    fleet.metrics.select(
      [
        { name: '__name__', type: '=', value: 'db_client_connections_pending_requests' },
        { name: 'service', type: '=', value: 'order' },
      ],
      t - minutes(5),
      t,
    )[0].values;

  // A week: order-db-pool incidents come once per 6-day cycle.
  const incidents = fleet.incidentsBetween(TEST_NOW_MS - 7 * DAY, TEST_NOW_MS);
  const payment = incidents.filter((i) => i.kind === 'payment-latency' && i.endMs < TEST_NOW_MS);
  const db = incidents.filter((i) => i.kind === 'order-db-pool' && i.endMs < TEST_NOW_MS);
  const near = (t: number, list: IncidentWindow[]) => list.some((i) => t > i.startMs - minutes(20) && t < i.endMs + minutes(20));

  it('PaymentHighLatency: payment p99 > 1 s for 5 min inside every payment incident, < 1 s away from it', () => {
    expect(payment.length).toBeGreaterThanOrEqual(2);
    for (const incident of payment) {
      for (let t = grid(incident.startMs + minutes(7)); t <= incident.startMs + minutes(12); t += minutes(1)) expect(p99Charge(t)).toBeGreaterThan(1);
      const quiet = grid(incident.startMs - hours(2));
      if (!near(quiet, incidents)) expect(p99Charge(quiet)).toBeLessThan(0.75);
    }
  });

  it('OrderHighErrorRate and DBPoolSaturated: inside every DB pool incident, not outside', () => {
    expect(db.length).toBeGreaterThanOrEqual(1);
    for (const incident of db) {
      const t = grid(incident.startMs + minutes(12));
      expect(orderErrorRatio(t)).toBeGreaterThan(0.05);
      expect(pending(t).every((v) => v > 0)).toBe(true);
      const quiet = grid(incident.startMs - hours(2));
      if (!near(quiet, incidents)) {
        expect(orderErrorRatio(quiet)).toBeLessThan(0.01);
        expect(pending(quiet).every((v) => v === 0)).toBe(true);
      }
    }
  });

  it('ProductListingSlow (histogram p95 > 0.25 s for 15 min) fires at every sampled moment of 35 days', () => {
    const rng = new Rng(99);
    const values: number[] = [];
    for (let k = 0; k < 30; k++) {
      const t = grid(TEST_NOW_MS - minutes(20) - rng.next() * (35 * DAY - hours(1)));
      const series = bucketsOf({ route: '/api/products' }, t - minutes(21), t);
      for (let e = t - minutes(15); e <= t; e += minutes(1)) {
        const p95 = quantileAt(0.95, series, e, minutes(5));
        values.push(p95);
        expect(p95, new Date(e).toISOString()).toBeGreaterThan(0.25);
      }
    }
    // It lingers without being flat: the value moves with traffic.
    expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(0.02);
    expect(Math.max(...values)).toBeLessThan(0.5);
  });
});
