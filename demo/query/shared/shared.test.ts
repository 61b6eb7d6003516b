// The building blocks the three engines share: Go regexps as JavaScript ones, Go string literals, the two
// duration syntaxes, label matchers and precedence rebuilding.
import { describe, expect, it } from 'vitest';
import { DurationError, parseGoDurationNs, parseLokiDurationMs, parsePrometheusDurationMs } from './durations';
import { compileGoRegex, GoRegexError } from './go-regex';
import { GoStringError, unquoteGoString } from './go-string';
import { compileMatchers, formatLabels, labelsKey } from './labels';
import { buildByPrecedence } from './precedence';

function matches(pattern: string, input: string, anchored = false): boolean {
  return compileGoRegex(pattern, { anchored }).test(input);
}

describe('Go regexps', () => {
  it.each([
    ['(?i)abc', 'xABCx', true],
    ['a(?i)b', 'aB', true],
    ['a(?i)b', 'AB', false],
    ['(?i:b)c', 'Bc', true],
    ['(?i:b)c', 'BC', false],
    ['(?i)[a-c]+', 'CAB', true],
    ['a.b', 'a\nb', false],
    ['(?s)a.b', 'a\nb', true],
    ['^b$', 'a\nb', false],
    ['(?m)^b$', 'a\nb\nc', true],
    ['\\s', '\v', false],
    ['\\s', '\t', true],
    ['[[:alpha:]]+', 'abc', true],
    ['^[[:alpha:]]+$', 'ab1', false],
    ['^[[:^digit:]]+$', 'ab-', true],
    ['\\Qa.b\\E', 'axb', false],
    ['\\Qa.b\\E', 'a.b', true],
    ['\\pL+', 'é', true],
    ['\\p{Greek}', 'λ', true],
    ['\\PL', 'a', false],
    ['x{2}', 'xx', true],
    ['a{', 'a{', true],
    ['[]a]', ']', true],
    ['\\x{263a}', '☺', true],
    ['\\Afoo\\z', 'foo', true],
    ['[\\d-]+', '1-2', true],
    ['a|b{1,2}', 'bb', true],
    ['\\.', 'a', false],
  ])('%s on %j', (pattern, input, expected) => {
    expect(matches(pattern, input)).toBe(expected);
  });

  it('anchors fully when asked (Prometheus and TraceQL), not for LogQL line filters', () => {
    expect(matches('a', 'ab', true)).toBe(false);
    expect(matches('a|b', 'b', true)).toBe(true);
    expect(matches('a', 'ab', false)).toBe(true);
  });

  it('keeps named groups', () => {
    const match = compileGoRegex('(?P<code>\\d+)-(?<rest>.*)', { anchored: true }).exec('42-x');
    expect(match?.groups).toEqual({ code: '42', rest: 'x' });
  });

  it.each(['(?=x)', '(?<!x)y', '\\1', '(', 'a)', '[a', 'a{1001}', '(?U)a', '\\e', '\\8', '*a'])('rejects %s like RE2', (pattern) => {
    expect(() => compileGoRegex(pattern, { anchored: false })).toThrow(GoRegexError);
  });

  it('rejects overly long patterns', () => {
    expect(() => compileGoRegex('a'.repeat(5000), { anchored: false })).toThrow(/too long/);
  });
});

describe('Go string literals', () => {
  it.each([
    ['"a\\"b"', 'a"b'],
    ["'single \\' q'", "single ' q"],
    ['`raw \\n`', 'raw \\n'],
    ['"\\t\\n\\\\"', '\t\n\\'],
    ['"\\u00e9\\U0001F600"', 'é😀'],
    ['"\\xc3\\xa9"', 'é'],
    ['"\\101"', 'A'],
  ])('%s', (literal, value) => {
    expect(unquoteGoString(literal)).toBe(value);
  });

  it.each(['"unterminated', '"bad \\q escape"', '"\\x4"', '"\\u12"', '"\\777"'])('rejects %s', (literal) => {
    expect(() => unquoteGoString(literal)).toThrow(GoStringError);
  });
});

describe('durations', () => {
  it('Prometheus durations', () => {
    expect(parsePrometheusDurationMs('5m')).toBe(300_000);
    expect(parsePrometheusDurationMs('1h30m')).toBe(5_400_000);
    expect(parsePrometheusDurationMs('1d2h')).toBe(93_600_000);
    expect(parsePrometheusDurationMs('250ms')).toBe(250);
    expect(parsePrometheusDurationMs('1y')).toBe(365 * 24 * 3_600_000);
    for (const bad of ['', '5', '1.5h', '30m1h', 'abc']) expect(() => parsePrometheusDurationMs(bad)).toThrow(DurationError);
  });

  it('Go durations', () => {
    expect(parseGoDurationNs('300ms')).toBe(3e8);
    expect(parseGoDurationNs('1.5h')).toBe(5.4e12);
    expect(parseGoDurationNs('-2s')).toBe(-2e9);
    expect(parseGoDurationNs('1h2m3s4ms5us6ns')).toBe(3_723_004_005_006);
    expect(parseGoDurationNs('0')).toBe(0);
    for (const bad of ['', '5', '1d', 's', '1.5']) expect(() => parseGoDurationNs(bad)).toThrow(DurationError);
  });

  it("Loki's durations take both", () => {
    expect(parseLokiDurationMs('90s')).toBe(90_000);
    expect(parseLokiDurationMs('1.5m')).toBe(90_000);
    expect(parseLokiDurationMs('1d')).toBe(86_400_000);
  });
});

describe('labels', () => {
  it('matchers treat a missing label as empty and anchor regexps', () => {
    const match = compileMatchers([
      { name: 'job', type: '=~', value: 'api|web' },
      { name: 'env', type: '!=', value: 'dev' },
      { name: 'zone', type: '=', value: '' },
    ]);
    expect(match({ job: 'api', env: 'prod' })).toBe(true);
    expect(match({ job: 'api2' })).toBe(false);
    expect(match({ job: 'web', env: 'dev' })).toBe(false);
    expect(match({ job: 'web', zone: 'a' })).toBe(false);
  });

  it('keys and formats label sets independently of order', () => {
    expect(labelsKey({ b: '2', a: '1' })).toBe(labelsKey({ a: '1', b: '2' }));
    expect(labelsKey({ a: '1,b=2' })).not.toBe(labelsKey({ a: '1', b: '2' }));
    expect(formatLabels({ b: 'x"y', a: '1' })).toBe('{a="1", b="x\\"y"}');
  });
});

describe('buildByPrecedence', () => {
  const prec = (op: string) => ({ precedence: op === '+' ? 1 : op === '*' ? 2 : 3, rightAssociative: op === '^' });
  const show = (op: string, l: string, r: string) => `(${l}${op}${r})`;

  it('nests by precedence, left-associative unless told otherwise', () => {
    expect(buildByPrecedence(['1', '2', '3'], ['+', '*'], prec, show)).toBe('(1+(2*3))');
    expect(buildByPrecedence(['1', '2', '3'], ['*', '+'], prec, show)).toBe('((1*2)+3)');
    expect(buildByPrecedence(['1', '2', '3'], ['+', '+'], prec, show)).toBe('((1+2)+3)');
    expect(buildByPrecedence(['1', '2', '3'], ['^', '^'], prec, show)).toBe('(1^(2^3))');
    expect(buildByPrecedence(['1'], [], prec, show)).toBe('1');
  });
});
