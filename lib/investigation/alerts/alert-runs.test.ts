import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../../test/fixtures';
import { parseAlertsResponse } from '../../datasources/prometheus/parse';
import type { Labels, Series } from '../../model/metrics';
import { alertLabelsOfSeries, firingRuns, historyStepMs } from './alert-runs';

const STEP = 60_000;
const T0 = Date.UTC(2026, 10, 21, 10, 0, 0);

function alertsSeries(labels: Labels, stepIndexes: number[], value = 1): Series {
  return {
    labels: { __name__: 'ALERTS', alertstate: 'firing', ...labels },
    samples: stepIndexes.map((i) => ({ timeMs: T0 + i * STEP, value })),
  };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('firingRuns', () => {
  it('turns consecutive steps into one run with its first and last step', () => {
    const runs = firingRuns([alertsSeries({ alertname: 'PaymentHighLatency', service: 'payment' }, [5, 6, 7, 8])], {
      stepMs: STEP,
      rangeEndMs: T0 + 60 * STEP,
    });
    expect(runs).toEqual([
      expect.objectContaining({
        name: 'PaymentHighLatency',
        labels: { alertname: 'PaymentHighLatency', service: 'payment' },
        firstSeenMs: T0 + 5 * STEP,
        lastSeenMs: T0 + 8 * STEP,
        ongoing: false,
      }),
    ]);
  });

  it('splits a series at a gap longer than 1.5 steps, newest run first', () => {
    const runs = firingRuns([alertsSeries({ alertname: 'OrderHighErrorRate' }, [1, 2, 3, 10, 11])], { stepMs: STEP, rangeEndMs: T0 + 60 * STEP });
    expect(runs.map((r) => [r.firstSeenMs - T0, r.lastSeenMs - T0].map((ms) => ms / STEP))).toEqual([
      [10, 11],
      [1, 3],
    ]);
  });

  it('keeps a run whose samples are slightly off the grid together', () => {
    const series: Series = {
      labels: { __name__: 'ALERTS', alertstate: 'firing', alertname: 'A' },
      samples: [0, 1, 2].map((i) => ({ timeMs: T0 + i * STEP + (i === 1 ? 20_000 : 0), value: 1 })),
    };
    expect(firingRuns([series], { stepMs: STEP, rangeEndMs: T0 + 10 * STEP })).toHaveLength(1);
  });

  it('marks a run that reaches the last step of the range as ongoing', () => {
    const runs = firingRuns([alertsSeries({ alertname: 'ProductListingSlow' }, range(61))], { stepMs: STEP, rangeEndMs: T0 + 60 * STEP });
    expect(runs).toHaveLength(1);
    expect(runs[0].ongoing).toBe(true);
    const ended = firingRuns([alertsSeries({ alertname: 'ProductListingSlow' }, range(59))], { stepMs: STEP, rangeEndMs: T0 + 60 * STEP });
    expect(ended[0].ongoing).toBe(false);
  });

  it('reads samples in any order and ignores zero and NaN samples', () => {
    const series: Series = {
      labels: { __name__: 'ALERTS', alertstate: 'firing', alertname: 'A' },
      samples: [
        { timeMs: T0 + 3 * STEP, value: 1 },
        { timeMs: T0 + 1 * STEP, value: 1 },
        { timeMs: T0 + 2 * STEP, value: 1 },
        { timeMs: T0 + 7 * STEP, value: 0 },
        { timeMs: T0 + 8 * STEP, value: NaN },
      ],
    };
    const runs = firingRuns([series], { stepMs: STEP, rangeEndMs: T0 + 60 * STEP });
    expect(runs.map((r) => [r.firstSeenMs, r.lastSeenMs])).toEqual([[T0 + STEP, T0 + 3 * STEP]]);
  });

  it('keeps separate alert instances apart and does not mutate its input', () => {
    const a = alertsSeries({ alertname: 'DBPoolSaturated', service: 'order', pool_name: 'orders' }, [1, 2]);
    const b = alertsSeries({ alertname: 'DBPoolSaturated', service: 'inventory', pool_name: 'stock' }, [4, 5]);
    const before = JSON.stringify([a, b]);
    const runs = firingRuns([a, b], { stepMs: STEP, rangeEndMs: T0 + 60 * STEP });
    expect(runs.map((r) => r.labels.service)).toEqual(['inventory', 'order']);
    expect(new Set(runs.map((r) => r.fingerprint)).size).toBe(2);
    expect(JSON.stringify([a, b])).toBe(before);
  });

  it('gives a run the fingerprint the alerts API gives the same alert (recorded Prometheus answer)', () => {
    const alerts = parseAlertsResponse(readFixtureJson('prometheus', 'alerts.json'));
    const targetDown = alerts.find((alert) => alert.name === 'TargetDown');
    expect(targetDown).toBeDefined();
    const runs = firingRuns([alertsSeries(targetDown!.labels, [0, 1])], { stepMs: STEP, rangeEndMs: T0 + 60 * STEP });
    expect(runs[0].fingerprint).toBe(targetDown!.fingerprint);
    expect(runs[0].labels).toEqual(targetDown!.labels);
  });

  it('rejects a step that is not positive', () => {
    expect(() => firingRuns([], { stepMs: 0, rangeEndMs: T0 })).toThrow(RangeError);
  });
});

describe('alertLabelsOfSeries', () => {
  it('drops __name__ and alertstate and sorts the rest', () => {
    expect(Object.keys(alertLabelsOfSeries({ __name__: 'ALERTS', zeta: '1', alertstate: 'firing', alertname: 'X' }))).toEqual(['alertname', 'zeta']);
  });
});

describe('historyStepMs', () => {
  it('is at least 15 s and keeps long ranges near 1500 points', () => {
    expect(historyStepMs(T0, T0 + 3_600_000)).toBe(15_000);
    const day = historyStepMs(T0, T0 + 86_400_000);
    expect(day).toBe(60_000);
    const month = historyStepMs(T0, T0 + 31 * 86_400_000);
    expect((31 * 86_400_000) / month).toBeLessThanOrEqual(1500);
  });
});
