import { describe, expect, it, vi } from 'vitest';
import { createFleet } from '../sim';
import { expandTemplate, humanize, humanizeDuration, humanizePercentage } from './alert-template';
import { AlertEvaluator, alertLabels, deriveStates } from './alerts';
import { createDefaultEngines } from './engines-default';

describe('deriveStates', () => {
  const MIN = 60_000;
  const values = (xs: (number | null)[]) => Float64Array.from(xs.map((x) => (x === null ? NaN : x)));

  it('goes pending at the first tick, firing once present for `for`, and resets on a gap', () => {
    const states = deriveStates(values([null, 5, 6, 7, null, 8]), 0, MIN, 2 * MIN);
    expect(states).toEqual([
      { timeMs: 1 * MIN, state: 'pending', activeAtMs: 1 * MIN, value: 5 },
      { timeMs: 2 * MIN, state: 'pending', activeAtMs: 1 * MIN, value: 6 },
      { timeMs: 3 * MIN, state: 'firing', activeAtMs: 1 * MIN, value: 7 },
      { timeMs: 5 * MIN, state: 'pending', activeAtMs: 5 * MIN, value: 8 },
    ]);
  });

  it('fires at once with for: 0', () => {
    expect(deriveStates(values([1]), 0, MIN, 0)[0].state).toBe('firing');
  });
});

describe('alertLabels', () => {
  it('drops __name__, adds the rule labels (templated) and alertname, sorted', () => {
    const rule = { group: 'g', name: 'High', expr: 'x', forSeconds: 0, labels: { severity: 'page', team: '{{ $labels.service }}-team' }, annotations: {} };
    expect(Object.entries(alertLabels(rule, { __name__: 'x', service: 'payment' }))).toEqual([
      ['alertname', 'High'],
      ['service', 'payment'],
      ['severity', 'page'],
      ['team', 'payment-team'],
    ]);
  });
});

describe('alert templates', () => {
  it('expands labels, values and Prometheus template functions', () => {
    const labels = { service: 'payment', instance: 'payment-1:9464' };
    expect(expandTemplate('{{ $labels.service }} on {{ .Labels.instance }}', labels, 1)).toBe('payment on payment-1:9464');
    expect(expandTemplate('p99 is {{ $value | humanizeDuration }}', labels, 1.5)).toBe('p99 is 1.5s');
    expect(expandTemplate('{{ $value | humanizePercentage }} errors', labels, 0.0123)).toBe('1.23% errors');
    expect(expandTemplate('{{ printf "%.2f" $value }}', labels, 3.14159)).toBe('3.14');
    expect(expandTemplate('{{ $value }}', labels, 2)).toBe('2');
    expect(expandTemplate('{{ .Unknown }} stays', labels, 2)).toBe('{{ .Unknown }} stays');
  });

  it('humanizes like Prometheus', () => {
    expect(humanize(1234567)).toBe('1.235M');
    expect(humanize(0.0012)).toBe('1.2m');
    expect(humanize(0)).toBe('0');
    expect(humanizePercentage(0.5)).toBe('50%');
    expect(humanizeDuration(3725)).toBe('1h 2m 5s');
    expect(humanizeDuration(0.25)).toBe('250ms');
  });
});

describe('AlertEvaluator on a moving clock', () => {
  it('extends the chunk being written tick by tick with exactly the answer of a whole evaluation', () => {
    const startMs = Date.UTC(2026, 10, 21, 11, 45); // crosses the 12:00 chunk boundary
    let nowMs = startMs;
    const fleet = createFleet({ seed: 42, now: () => nowMs });
    const engines = createDefaultEngines();
    const moving = new AlertEvaluator({ fleet, engines, now: () => nowMs });
    const evaluate = vi.spyOn(moving as unknown as { evaluateChunk: (rule: unknown, from: number, to: number) => unknown }, 'evaluateChunk');
    moving.history(startMs - 3_600_000, nowMs);
    for (let minute = 1; minute <= 40; minute++) {
      nowMs = startMs + minute * 60_000;
      evaluate.mockClear();
      const grown = moving.history(nowMs - 3 * 3_600_000, nowMs);
      // Only the new tick was evaluated, for each rule.
      for (const [, fromMs, toMs] of evaluate.mock.calls) expect(toMs).toBe(fromMs);
      if (minute % 13 === 0 || minute === 40) {
        const fresh = new AlertEvaluator({ fleet, engines, now: () => nowMs }).history(nowMs - 3 * 3_600_000, nowMs);
        expect(grown).toEqual(fresh);
        expect(grown.some((h) => h.rule.name === 'ProductListingSlow' && h.ticks.at(-1)?.timeMs === nowMs)).toBe(true);
      }
    }
  });
});
