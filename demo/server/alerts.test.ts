import { describe, expect, it } from 'vitest';
import { expandTemplate, humanize, humanizeDuration, humanizePercentage } from './alert-template';
import { alertLabels, deriveStates } from './alerts';

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
