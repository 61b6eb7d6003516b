// Alert episodes from ALERTS history and their matching against SLO burns: which alerts matter, which are noise.
import { describe, expect, it } from 'vitest';
import type { Labels, Series } from '../model/metrics';
import { alertEpisodes, mergeSeriesChunks } from './alert-episodes';
import { alertQuality, DEFAULT_QUALITY_RULE, matchEpisodesToBurns, unionOf } from './alert-quality';
import { reportMonth } from './month';
import type { AlertEpisode, BurnInterval, SloRef } from './types';

const MIN = 60_000;
const month = reportMonth('2026-10', 'UTC');
const T0 = Date.parse('2026-10-10T12:00:00Z');

/** An ALERTS series with value 1 at every minute in [fromMs, toMs]. */
function alerts(labels: Labels, state: 'firing' | 'pending', fromMs: number, toMs: number): Series {
  const samples = [];
  for (let t = fromMs; t <= toMs; t += MIN) samples.push({ timeMs: t, value: 1 });
  return { labels: { __name__: 'ALERTS', alertstate: state, ...labels }, samples };
}

const payment = { alertname: 'PaymentHighLatency', service: 'payment', severity: 'page' };
const listing = { alertname: 'ProductListingSlow', service: 'gateway', severity: 'warning' };
const options = { month, stepMs: MIN, dataEndMs: month.endMs, nowMs: Date.parse('2026-11-22T00:00:00Z') };

describe('alertEpisodes', () => {
  it('makes one episode per firing run, with time to resolve counted from the pending run before it', () => {
    const series = [
      alerts(payment, 'pending', T0 - 5 * MIN, T0 - MIN),
      alerts(payment, 'firing', T0, T0 + 44 * MIN),
      alerts(payment, 'firing', T0 + 9 * 60 * MIN, T0 + 9 * 60 * MIN + 19 * MIN),
    ];
    const episodes = alertEpisodes(series, options);
    expect(episodes).toHaveLength(2);
    expect(episodes[0]).toMatchObject({
      ref: `PaymentHighLatency@${T0}`,
      name: 'PaymentHighLatency',
      severity: 'page',
      service: 'payment',
      startMs: T0,
      endMs: T0 + 45 * MIN,
      durationMs: 45 * MIN,
      pendingStartMs: T0 - 5 * MIN,
      timeToResolveMs: 50 * MIN,
      ongoing: false,
      startedBeforeMonth: false,
    });
    // No pending run seen before the second one: time to resolve is its duration.
    expect(alertEpisodes([alerts(payment, 'pending', T0 - 5 * MIN, T0 + 4 * MIN), alerts(payment, 'firing', T0, T0 + 44 * MIN)], options)[0].pendingStartMs).toBe(T0 - 5 * MIN); // pending shown through the lookback
    expect(episodes[1]).toMatchObject({ durationMs: 20 * MIN, pendingStartMs: null, timeToResolveMs: 20 * MIN });
    expect(episodes[0].alertHref).toMatch(/^\/alerts\/PaymentHighLatency\?labels=/);
    expect(new URL(episodes[0].failedTracesHref, 'http://x').searchParams.get('status')).toBe('error');
    expect(new URL(episodes[0].tracesHref, 'http://x').searchParams.get('service')).toBe('payment');
  });

  it('flags an alert firing since before the month and still firing at its end; trace links look at its first hour', () => {
    const episodes = alertEpisodes([alerts(listing, 'firing', month.startMs, month.endMs)], options);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({ startedBeforeMonth: true, ongoing: true, endMs: month.endMs, durationMs: month.endMs - month.startMs });
    const params = new URL(episodes[0].tracesHref, 'http://x').searchParams;
    expect(Number(params.get('to')) - Number(params.get('from'))).toBe(70 * MIN);
  });

  it('joins week-long chunks of the same series into one run across the boundary', () => {
    const boundary = month.startMs + 7 * 24 * 60 * MIN;
    const merged = mergeSeriesChunks([[alerts(payment, 'firing', boundary - 10 * MIN, boundary - MIN)], [alerts(payment, 'firing', boundary, boundary + 9 * MIN)]]);
    expect(merged).toHaveLength(1);
    const episodes = alertEpisodes(merged, options);
    expect(episodes).toHaveLength(1);
    expect(episodes[0].durationMs).toBe(20 * MIN);
  });
});

function episode(name: string, startMs: number, endMs: number, severity = 'page'): AlertEpisode {
  return {
    ref: `${name}@${startMs}`,
    name,
    labels: { alertname: name },
    fingerprint: name,
    severity,
    service: null,
    summary: null,
    startMs,
    endMs,
    durationMs: endMs - startMs,
    pendingStartMs: null,
    timeToResolveMs: endMs - startMs,
    ongoing: false,
    startedBeforeMonth: false,
    alertHref: '/alerts/x',
    tracesHref: '/traces',
    failedTracesHref: '/traces?status=error',
    exemplars: [],
    exemplarLookup: 'none',
  };
}

const burn = (sloId: string, startMs: number, endMs: number): BurnInterval => ({ sloId, startMs, endMs, peakBurnRate: 50, budgetShare: 0.1 });
const slos: SloRef[] = [
  { id: 'checkout', name: 'checkout-availability', service: 'gateway', description: '', objective: 0.999, windowLabel: '30 days rolling', latencyThresholdMs: null },
  { id: 'charge', name: 'charge-latency', service: 'payment', description: '', objective: 0.99, windowLabel: '30 days rolling', latencyThresholdMs: 1000 },
];

describe('matching alerts to SLO burns', () => {
  const burns = [burn('charge', T0, T0 + 60 * MIN), burn('checkout', T0 + 10 * MIN, T0 + 50 * MIN), burn('checkout', T0 + 24 * 60 * MIN, T0 + 25 * 60 * MIN)];

  it('an alert firing during a burn matters, and names every SLO that was burning', () => {
    const [match] = matchEpisodesToBurns([episode('PaymentHighLatency', T0 + 5 * MIN, T0 + 55 * MIN)], burns);
    expect(match).toEqual({ ref: `PaymentHighLatency@${T0 + 5 * MIN}`, sloIds: ['charge', 'checkout'], overlapShare: 1, matters: true });
  });

  it('an alert that resolves within the tolerance after a burn still matters; one an hour later does not', () => {
    const late = episode('Late', T0 + 60 * MIN, T0 + 70 * MIN);
    const noise = episode('Noise', T0 + 3 * 60 * MIN, T0 + 4 * 60 * MIN);
    const [lateMatch, noiseMatch] = matchEpisodesToBurns([late, noise], burns);
    expect(lateMatch.matters).toBe(true);
    expect(noiseMatch).toMatchObject({ sloIds: [], overlapShare: 0, matters: false });
  });

  it('an alert flapping back on an hour after the burn is noise, though it overlaps the next burn', () => {
    const [flap] = matchEpisodesToBurns([episode('CheckoutSLOBurnTicket', T0 + 2 * 60 * MIN, T0 + 24 * 60 * MIN + 30 * MIN, 'ticket')], burns);
    expect(flap.sloIds).toEqual(['checkout']);
    expect(flap.overlapShare).toBeGreaterThan(0);
    expect(flap.matters).toBe(false);
  });

  it('an always-on alert overlapping a few burns is still noise: it did not begin with any of them', () => {
    const [match] = matchEpisodesToBurns([episode('ProductListingSlow', month.startMs, month.endMs, 'warning')], burns);
    expect(match.sloIds).toEqual(['charge', 'checkout']);
    expect(match.overlapShare).toBeLessThan(0.01);
    expect(match.matters).toBe(false);
  });

  it('summarises the share that matters, the noisiest alerts and the burns no alert fired for', () => {
    const episodes = [
      episode('PaymentHighLatency', T0 + 5 * MIN, T0 + 55 * MIN),
      episode('OrderHighErrorRate', T0 + 12 * MIN, T0 + 40 * MIN),
      episode('ProductListingSlow', month.startMs, month.endMs, 'warning'),
      episode('DBPoolSaturated', T0 + 5 * 60 * MIN, T0 + 5 * 60 * MIN + 20 * MIN, 'ticket'),
      episode('DBPoolSaturated', T0 + 9 * 60 * MIN, T0 + 9 * 60 * MIN + 20 * MIN, 'ticket'),
    ];
    const quality = alertQuality(episodes, burns, slos);
    expect(quality).toMatchObject({ episodes: 5, matched: 2, share: 0.4, missedBurns: 0, complete: true, rule: DEFAULT_QUALITY_RULE });
    // Two noise episodes beat one, however long that one fired.
    expect(quality.noisiest.map((entry) => [entry.name, entry.noise])).toEqual([
      ['DBPoolSaturated', 2],
      ['ProductListingSlow', 1],
    ]);
    expect(quality.byAlert.find((entry) => entry.name === 'PaymentHighLatency')).toMatchObject({ episodes: 1, matched: 1, noise: 0, firingMs: 50 * MIN, firingInBurnMs: 50 * MIN });
    expect(quality.burns.map((b) => [b.sloName, b.service, b.alertedBy])).toEqual([
      ['charge-latency', 'payment', ['OrderHighErrorRate', 'PaymentHighLatency', 'ProductListingSlow']],
      ['checkout-availability', 'gateway', ['OrderHighErrorRate', 'PaymentHighLatency', 'ProductListingSlow']],
      ['checkout-availability', 'gateway', ['ProductListingSlow']],
    ]);
    // Without the always-on alert, the burn a day later had no alert at all.
    expect(alertQuality(episodes.filter((e) => e.name !== 'ProductListingSlow'), burns, slos).missedBurns).toBe(1);
  });

  it('no alerts: no share, not a zero', () => {
    expect(alertQuality([], burns, slos)).toMatchObject({ episodes: 0, matched: 0, share: null, missedBurns: 3 });
  });

  it('unionOf merges overlapping spans without touching its input', () => {
    const spans = [
      { startMs: 5, endMs: 9 },
      { startMs: 0, endMs: 6 },
      { startMs: 12, endMs: 13 },
    ];
    expect(unionOf(spans)).toEqual([
      { startMs: 0, endMs: 9 },
      { startMs: 12, endMs: 13 },
    ]);
    expect(spans[0]).toEqual({ startMs: 5, endMs: 9 });
  });
});
