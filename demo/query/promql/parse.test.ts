// PromQL parse and type errors read like Prometheus' (the messages and positions below were checked against
// Prometheus 2.42, see prometheus-differential.test.ts), unsupported features are named, and no input makes
// the engine throw anything but QueryError.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../../test/fixtures';
import { QueryError } from '../types';
import { InMemoryMetricStore } from '../testing/in-memory-stores';
import { expectOnlyQueryErrors } from '../testing/query-errors';
import { evaluateInstant, evaluateRange, parsePromQL, parseSeriesSelector, vectorSelectors } from './index';

const store = new InMemoryMetricStore([
  { labels: { __name__: 'up', job: 'api', instance: 'a' }, timestampsMs: [0, 15_000, 30_000], values: [1, 1, 0] },
  { labels: { __name__: 'x_bucket', le: '0.5' }, timestampsMs: [0, 15_000], values: [1, 2] },
  { labels: { __name__: 'x_bucket', le: '+Inf' }, timestampsMs: [0, 15_000], values: [2, 4] },
]);

function errorOf(query: string): QueryError {
  try {
    parsePromQL(query);
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
  throw new Error(`no error for ${query}`);
}

describe('syntax errors', () => {
  it('matches the message recorded from Prometheus 2.42 for an unclosed parenthesis', () => {
    const fixture = readFixtureJson('prometheus', 'query_error_bad_syntax.json') as { error: string };
    const error = errorOf('sum(rate(up[1m])');
    expect(error.kind).toBe('parse');
    expect(fixture.error).toBe(`invalid parameter "query": ${error.message}`);
  });

  it.each([
    ['foo{', '1:5: parse error: unexpected end of input inside braces'],
    ['foo +', '1:6: parse error: unexpected end of input'],
    ['foo[5m', '1:7: parse error: unclosed left bracket'],
    ['foo(bar)', '1:1: parse error: unknown function with name "foo"'],
    ['up )', "1:4: parse error: unexpected right parenthesis ')'"],
    ['up up', '1:4: parse error: unexpected identifier "up"'],
    ['', '1:1: parse error: no expression found in input'],
    ['up{job="a}', '1:11: parse error: unterminated quoted string'],
  ])('%s', (query, message) => {
    const error = errorOf(query);
    expect(error.kind).toBe('parse');
    expect(error.message).toBe(message);
  });
});

describe('type and semantic errors', () => {
  it.each([
    ['rate(up)', '1:6: parse error: expected type range vector in call to function "rate", got instant vector'],
    ['abs(up[5m])', '1:5: parse error: expected type instant vector in call to function "abs", got range vector'],
    ['histogram_quantile(up, x_bucket)', '1:20: parse error: expected type scalar in call to function "histogram_quantile", got instant vector'],
    ['round()', '1:1: parse error: expected at least 1 argument(s) in call to "round", got 0'],
    ['abs(up, up)', '1:1: parse error: expected 1 argument(s) in call to "abs", got 2'],
    ['round(up, 1, 2)', '1:1: parse error: expected at most 2 argument(s) in call to "round", got 3'],
    ['sum(up[5m])', '1:5: parse error: expected type instant vector in aggregation expression, got range vector'],
    ['topk(up, up)', '1:6: parse error: expected type scalar in aggregation parameter, got instant vector'],
    ['up[5m] + 1', '1:1: parse error: binary expression must contain only scalar and instant vector types'],
    ['1 == 1', '1:3: parse error: comparisons between scalars must use BOOL modifier'],
    ['up + bool 1', '1:4: parse error: bool modifier can only be used on comparison operators'],
    ['up and 1', '1:1: parse error: set operator "and" not allowed in binary scalar expression'],
    ['up and on(job) group_left up', '1:1: parse error: no grouping allowed for "and" operation'],
    ['{}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
    ['{job=~".*"}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
    ['up{__name__="x"}', '1:4: parse error: metric name must not be set twice: "up" or "x"'],
    ['up{job=~"("}', '1:4: parse error: error parsing regexp: missing closing ): `^(?:()$`'],
    ['-(up[5m])', '1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "range vector"'],
    ['rate(up[5m])[10m]', '1:1: parse error: ranges only allowed for vector selectors'],
  ])('%s', (query, message) => {
    const error = errorOf(query);
    expect(error.kind).toBe('parse');
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });
});

describe('unsupported features', () => {
  it.each([
    ['double_exponential_smoothing(up[5m], 0.5, 0.5)', 'function "double_exponential_smoothing" is not supported by this engine'],
    ['histogram_count(up)', 'function "histogram_count" is not supported by this engine'],
    ['count_values("value", up)', 'aggregation "count_values" is not supported by this engine'],
    ['limitk(1, up)', 'aggregation "limitk" is not supported by this engine'],
    ['rate(up[5m+1m])', 'duration expressions are not supported in ranges: "5m+1m"'],
  ])('%s', (query, message) => {
    const error = errorOf(query);
    expect(error.kind).toBe('unsupported');
    expect(error.message).toBe(message);
  });
});

describe('parseSeriesSelector', () => {
  it('returns the matchers of one selector, the name first', () => {
    expect(parseSeriesSelector('up{job="api", instance=~"a|b"}')).toEqual([
      { name: '__name__', type: '=', value: 'up' },
      { name: 'job', type: '=', value: 'api' },
      { name: 'instance', type: '=~', value: 'a|b' },
    ]);
    expect(parseSeriesSelector('{service_name="checkout", env!="dev"}')).toEqual([
      { name: 'service_name', type: '=', value: 'checkout' },
      { name: 'env', type: '!=', value: 'dev' },
    ]);
    expect(parseSeriesSelector('{"service.name"="a\\"b"}')).toEqual([{ name: 'service.name', type: '=', value: 'a"b' }]);
  });

  it('rejects anything else, and {} unless asked to accept it', () => {
    expect(() => parseSeriesSelector('sum(up)')).toThrow(QueryError);
    expect(() => parseSeriesSelector('up offset 5m')).toThrow(QueryError);
    expect(() => parseSeriesSelector('{}')).toThrow(/non-empty matcher/);
    expect(parseSeriesSelector(' {} ', { allowEmpty: true })).toEqual([]);
  });
});

describe('hostile input', () => {
  const tokens = [
    'up', 'x_bucket', 'sum', 'rate', 'by', 'without', 'on', 'ignoring', 'group_left', 'bool', 'offset', '@', 'start()',
    'histogram_quantile', 'topk', 'and', 'or', 'unless', '(', ')', '{', '}', '[', ']', ',', '5m', ':', '1m', '0.5', '-',
    '+', '*', '/', '^', '%', '==', '>', '=~', '!~', '"', '"a"', '".*"', 'le', '=', 'label_replace', 'vector', 'time()',
    'NaN', 'Inf', '0x1f', '#', '\n', 'scalar', 'absent', '1e309',
  ];
  const soup = fc.array(fc.constantFrom(...tokens), { maxLength: 14 }).map((t) => t.join(' '));

  function onlyQueryErrors(query: string): void {
    expectOnlyQueryErrors(query, [() => evaluateInstant(query, 30_000, store), () => evaluateRange(query, 0, 60_000, 15_000, store)]);
  }

  it('throws only QueryError for random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), onlyQueryErrors), { numRuns: 400 });
  });

  it('throws only QueryError for random token soups', () => {
    fc.assert(fc.property(soup, onlyQueryErrors), { numRuns: 1500 });
  });
});

describe('vectorSelectors', () => {
  it('lists every selector of an expression', () => {
    const selectors = vectorSelectors('sum(rate(a{x="1"}[5m])) / on() group_left max_over_time(b[1h:1m]) + absent(c) * scalar(d)');
    expect(selectors.map((m) => m[0].value)).toEqual(['a', 'b', 'c', 'd']);
    expect(selectors[0]).toEqual([
      { name: '__name__', type: '=', value: 'a' },
      { name: 'x', type: '=', value: '1' },
    ]);
  });
});

describe('postfix modifiers bind to the nearest operand', () => {
  it('offset, @ and subqueries apply to the right operand, not the whole binary expression', () => {
    const offset = parsePromQL('a - b offset 1h');
    expect(offset).toMatchObject({ kind: 'binary', lhs: { kind: 'vectorSelector', offsetMs: 0 }, rhs: { kind: 'vectorSelector', offsetMs: 3_600_000 } });
    const at = parsePromQL('a * b @ 100');
    expect(at).toMatchObject({ kind: 'binary', lhs: { at: null }, rhs: { at: { kind: 'time', timeMs: 100_000 } } });
    expect(parsePromQL('-a offset 1m')).toMatchObject({ kind: 'unary', expr: { kind: 'vectorSelector', offsetMs: 60_000 } });
    expect(() => parsePromQL('a - b[5m:1m]')).toThrow('binary expression must contain only scalar and instant vector types');
    expect(() => parsePromQL('a - b[5m]')).toThrow('binary expression must contain only scalar and instant vector types');
    expect(parsePromQL('(a - b)[5m:1m]')).toMatchObject({ kind: 'subquery', expr: { kind: 'paren' } });
    expect(() => parsePromQL('(a - b) offset 1m')).toThrow('offset modifier must be preceded by');
  });
});
