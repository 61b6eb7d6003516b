// LogQL errors read like Loki's, unsupported features are named, and no input makes the engine throw
// anything but QueryError.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QueryError } from '../types';
import { InMemoryLogStore } from '../testing/in-memory-stores';
import { expectOnlyQueryErrors } from '../testing/query-errors';
import { EMPTY_SELECTOR_MESSAGE, evaluateLogMetricInstant, evaluateLogMetricRange, evaluateLogQuery, parseLogQL } from './index';

function errorOf(query: string): QueryError {
  try {
    parseLogQL(query);
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
  throw new Error(`no error for ${query}`);
}

describe('syntax errors', () => {
  it.each([
    ['{job="shop"', 'parse error at line 1, col 12: syntax error: unexpected $end, expecting } or ,'],
    ['{}', 'parse error at line 1, col 2: syntax error: unexpected }'],
    ['sum(', 'parse error at line 1, col 5: syntax error: unexpected $end'],
    ['{a="b"} | json | x >', 'parse error at line 1, col 21: syntax error: unexpected $end'],
    ['count_over_time({a="b"})', 'parse error at line 1, col 24: syntax error: unexpected )'],
    ['{a="b"}\n| json | }', 'parse error at line 2, col 10: syntax error: unexpected }'],
  ])('%s', (query, message) => {
    const error = errorOf(query);
    expect(error.kind).toBe('parse');
    expect(error.message).toBe(message);
  });
});

describe("Loki's semantic checks", () => {
  it('rejects selectors without a non-empty equality or regexp matcher', () => {
    for (const query of ['{job=~".*"}', '{job!="x"}', '{job=""}', '{job!~"a"}', 'rate({job=~".*"}[1m])']) {
      const error = errorOf(query);
      expect(error.kind).toBe('parse');
      expect(error.message).toBe(`parse error : ${EMPTY_SELECTOR_MESSAGE}`);
    }
    expect(() => parseLogQL('{job=~".+"}')).not.toThrow();
    expect(() => parseLogQL('{job=~".*", app="x"}')).not.toThrow();
  });

  it.each([
    ['count_over_time({a="b"}[5m]) by (x)', 'parse error : grouping not allowed for count_over_time aggregation'],
    ['sum_over_time({a="b"}[5m])', 'parse error : invalid aggregation sum_over_time without unwrap'],
    ['bytes_rate({a="b"} | unwrap x [5m])', 'parse error : invalid aggregation bytes_rate with unwrap'],
    ['topk(0, rate({a="b"}[1m]))', 'parse error : invalid parameter (must be strictly positive integer) for topk: 0'],
    ['{a="b"} |~ "("', 'parse error : error parsing regexp: missing closing ): `(`'],
    ['{a="b"} + 1', 'parse error : unexpected log query where a metric query is expected'],
  ])('%s', (query, message) => {
    const error = errorOf(query);
    expect(error.kind).toBe('parse');
    expect(error.message).toBe(message);
  });
});

describe('unsupported features', () => {
  it.each([
    ['{a="b"} |> "<_>"', 'the |> pattern line filter is not supported by this engine'],
    ['{a="b"} | pattern "<x>"', 'the pattern parser is not supported by this engine'],
    ['{a="b"} | unpack', 'the unpack parser is not supported by this engine'],
    ['{a="b"} | line_format "{{ToUpper .x}}"', 'template action "{{ToUpper .x}}" is not supported (only {{.label}} and {{__line__}})'],
    ['{a="b"} | logfmt --strict', 'logfmt parser flags are not supported by this engine'],
    ['approx_topk(2, rate({a="b"}[1m]))', 'the aggregation approx_topk is not supported by this engine'],
    ['{a="b"} |= ip("1.1.1.1")', 'ip() line filters are not supported by this engine'],
    ['rate_counter({a="b"} | unwrap x [1m])', 'the range aggregation rate_counter is not supported by this engine'],
  ])('%s', (query, message) => {
    const error = errorOf(query);
    expect(error.kind).toBe('unsupported');
    expect(error.message).toBe(message);
  });
});

describe('hostile input', () => {
  const store = new InMemoryLogStore([
    {
      labels: { app: 'a', level: 'info' },
      entries: [
        { timestampNs: 1_000_000_000n, line: 'level=info msg="x y" n=3 d=5ms' },
        { timestampNs: 2_000_000_000n, line: '{"a":{"b":[1,2]},"n":"4"}' },
        { timestampNs: 3_000_000_000n, line: 'k="unterminated' },
      ],
    },
  ]);
  const tokens = [
    '{', '}', 'app="a"', 'app=~"a|b"', 'level!="x"', ',', '|', '|=', '!=', '|~', '!~', '"a"', '"(?i)X"', '"("', 'or', 'and',
    'json', 'logfmt', 'regexp', '"(?P<v>\\\\w+)"', 'line_format', '"{{.n}}"', 'label_format', 'n=d', 'drop', 'keep', 'n',
    '>', '>=', '==', '5', '5ms', '1KB', 'unwrap', 'duration(d)', '[1s]', '[5m]', '(', ')', 'count_over_time', 'rate',
    'sum', 'by', '(app)', 'topk', '2', '+', '/', 'bool', 'on', 'offset', '1m', '__error__=""', 'vector(1)', '\n',
  ];
  const soup = fc.array(fc.constantFrom(...tokens), { maxLength: 16 }).map((t) => t.join(' '));
  const options = { startNs: 0n, endNs: 10_000_000_000n, limit: 10, direction: 'backward' as const };

  function onlyQueryErrors(query: string): void {
    expectOnlyQueryErrors(query, [
      () => evaluateLogQuery(query, options, store),
      () => evaluateLogMetricInstant(query, 5_000_000_000n, store),
      () => evaluateLogMetricRange(query, 0n, 10_000_000_000n, 1000, store),
    ]);
  }

  it('throws only QueryError for random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), onlyQueryErrors), { numRuns: 400 });
  });

  it('throws only QueryError for random token soups', () => {
    fc.assert(fc.property(soup, onlyQueryErrors), { numRuns: 1500 });
  });

  it('throws only QueryError for valid-looking queries with random pieces', () => {
    const query = fc
      .tuple(fc.constantFrom('{app="a"}', '{app=~"a.*"}'), fc.array(fc.constantFrom(...tokens.slice(8)), { maxLength: 8 }))
      .map(([selector, rest]) => `${selector} ${rest.join(' ')}`);
    fc.assert(fc.property(query, onlyQueryErrors), { numRuns: 1500 });
  });
});
