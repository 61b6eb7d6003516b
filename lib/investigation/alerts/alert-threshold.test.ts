import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../../test/fixtures';
import { parseRulesResponse } from '../../datasources/prometheus/parse';
import { alertComparison, parseNumberLiteral } from './alert-threshold';

describe('alertComparison', () => {
  it('finds `<expr> > <number>` and plots the left side', () => {
    const query = 'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{service="payment",http_route="/charge"}[5m]))) > 1';
    expect(alertComparison(query)).toEqual({
      valueExpr: 'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{service="payment",http_route="/charge"}[5m])))',
      op: '>',
      threshold: 1,
      literalFirst: false,
    });
  });

  it('reads the literal on either side, in parentheses, negated, or as constant arithmetic', () => {
    expect(alertComparison('0.5 < rate(x_total[5m])')).toMatchObject({ valueExpr: 'rate(x_total[5m])', op: '<', threshold: 0.5, literalFirst: true });
    expect(alertComparison('(up == 0)')).toMatchObject({ valueExpr: 'up', op: '==', threshold: 0 });
    expect(alertComparison('delta(x[1h]) <= -2.5')).toMatchObject({ op: '<=', threshold: -2.5 });
    expect(alertComparison('errors > (14.4 * 0.001)')?.threshold).toBeCloseTo(0.0144, 10);
    expect(alertComparison('x >= 1e3')?.threshold).toBe(1000);
    expect(alertComparison('x != 0x10')?.threshold).toBe(16);
  });

  it('keeps the whole matching clause of a vector-matched comparison', () => {
    expect(alertComparison('sum by (job) (rate(e_total[5m])) > on() group_left 3')).toMatchObject({ valueExpr: 'sum by (job) (rate(e_total[5m]))', threshold: 3 });
  });

  it('takes the left comparison of `and` / `unless` (the right side only gates it)', () => {
    expect(alertComparison('rate(e_total[5m]) > 0.1 and rate(r_total[5m]) > 10')).toMatchObject({ valueExpr: 'rate(e_total[5m])', threshold: 0.1 });
    expect(alertComparison('up == 0 unless on(instance) maintenance')).toMatchObject({ valueExpr: 'up', threshold: 0 });
  });

  it('has no threshold for `bool`, `or`, two vectors, no comparison, or a broken query', () => {
    expect(alertComparison('x > bool 1')).toBeNull();
    expect(alertComparison('(a > 1) or (b > 2)')).toBeNull();
    expect(alertComparison('a > b')).toBeNull();
    expect(alertComparison('vector(1)')).toBeNull();
    expect(alertComparison('rate(x[5m]) >')).toBeNull();
    expect(alertComparison('1 > 2')).toBeNull();
  });

  it('reads every recorded alerting rule (Prometheus 2.42 rules API)', () => {
    const rules = parseRulesResponse(readFixtureJson('prometheus', 'rules_type_alert.json')).filter((rule) => rule.type === 'alerting');
    const byName = Object.fromEntries(rules.map((rule) => [rule.name, alertComparison(rule.query)]));
    expect(byName).toEqual({
      AlwaysFiring: null,
      TargetDown: { valueExpr: 'up', op: '==', threshold: 0, literalFirst: false },
      PendingLongFor: null,
      NeverFires: { valueExpr: 'vector(0)', op: '>', threshold: 1, literalFirst: false },
    });
  });
});

describe('parseNumberLiteral', () => {
  it('reads decimals, hex, infinities and durations (as seconds)', () => {
    expect(parseNumberLiteral('0.25')).toBe(0.25);
    expect(parseNumberLiteral('.5')).toBe(0.5);
    expect(parseNumberLiteral('0x1F')).toBe(31);
    expect(parseNumberLiteral('Inf')).toBe(Infinity);
    expect(parseNumberLiteral('-inf')).toBe(-Infinity);
    expect(parseNumberLiteral('NaN')).toBeNaN();
    expect(parseNumberLiteral('1m30s')).toBe(90);
    expect(parseNumberLiteral('250ms')).toBe(0.25);
    expect(parseNumberLiteral('foo')).toBeNull();
    expect(parseNumberLiteral('1m30')).toBeNull();
  });
});
