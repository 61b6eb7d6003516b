import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parser } from '@prometheus-io/lezer-promql';
import {
  escapePromqlString,
  escapeRegex,
  isValidLabelName,
  isValidMetricName,
  labelMatcher,
  promqlStringLiteral,
  regexAlternation,
  selector,
  type MatchOp,
} from './promql';

interface ParsedMatcher {
  name: string;
  op: string;
  value: string;
}

interface ParsedSelector {
  metric: string | undefined;
  matchers: ParsedMatcher[];
}

/**
 * Decodes a double-quoted PromQL string literal the way Prometheus' lexer does (Go escapes). Strict on
 * purpose: lezer-promql accepts any `\x` escape and even a missing closing quote, Prometheus does not.
 */
function unquote(literal: string): string {
  if (literal.length < 2 || !literal.startsWith('"') || !literal.endsWith('"')) {
    throw new Error(`not a closed double-quoted literal: ${literal}`);
  }
  const body = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\n') throw new Error('raw newline inside a string literal');
    if (ch === '"') throw new Error('unescaped quote inside a string literal');
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[++i];
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };
    if (next !== undefined && simple[next] !== undefined) {
      out += simple[next];
    } else if (next === 'u' || next === 'U') {
      const width = next === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + width);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) throw new Error(`bad \\${next} escape`);
      const code = parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000)) throw new Error('escape is not a valid rune');
      out += String.fromCodePoint(code);
      i += width;
    } else {
      throw new Error(`escape \\${next} is not valid PromQL`);
    }
  }
  return out;
}

/** Parses `query` with the official grammar and returns its single vector selector, or throws. */
function parseSingleSelector(query: string): ParsedSelector {
  const tree = parser.parse(query);
  const selectors: ParsedSelector[] = [];
  let errors = 0;
  let topLevel = 0;
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) errors++;
      if (node.type.name === 'LineComment') errors++;
      if (node.node.parent?.type.name === 'PromQL') topLevel++;
      if (node.type.name !== 'VectorSelector') return;
      const metricNode = node.node.getChild('Identifier');
      const matchers: ParsedMatcher[] = [];
      const list = node.node.getChild('LabelMatchers');
      for (const m of list?.getChildren('UnquotedLabelMatcher') ?? []) {
        const nameNode = m.getChild('LabelName');
        const opNode = m.getChild('MatchOp');
        const valueNode = m.getChild('StringLiteral');
        if (!nameNode || !opNode || !valueNode) throw new Error('incomplete matcher');
        matchers.push({
          name: query.slice(nameNode.from, nameNode.to),
          op: query.slice(opNode.from, opNode.to),
          value: unquote(query.slice(valueNode.from, valueNode.to)),
        });
      }
      if ((list?.getChildren('QuotedLabelMatcher') ?? []).length > 0) errors++;
      selectors.push({ metric: metricNode ? query.slice(metricNode.from, metricNode.to) : undefined, matchers });
    },
  });
  if (errors > 0) throw new Error(`query does not parse cleanly: ${query}`);
  if (topLevel !== 1 || selectors.length !== 1) throw new Error(`expected exactly one selector in ${query}`);
  return selectors[0];
}

const HOSTILE = [
  'plain',
  '',
  'say "hi"',
  'back\\slash',
  'trailing\\',
  '\\"',
  '"} or vector(1) #',
  '"}) or on() vector(1) #',
  "single ' quote",
  'back`tick`',
  'line\nbreak',
  'carriage\rreturn\ttab',
  'nul\u0000bell\u0007del\u007fc1\u0085',
  'ünïcödé 日本語 🔥 \u2028',
  '{job=~".+"}',
  '$1 ^anchor$ (a|b)* [x] {2} +?.',
];

describe('isValidLabelName', () => {
  it('accepts classic Prometheus label names only', () => {
    for (const ok of ['job', '_x', '__name__', 'service_name', 'A9']) expect(isValidLabelName(ok)).toBe(true);
    for (const bad of ['', '9a', 'a-b', 'a.b', 'a b', 'a"', 'job}', 'é', 'a\n']) expect(isValidLabelName(bad)).toBe(false);
  });

  it('allows colons in metric names but not in label names', () => {
    expect(isValidMetricName('job:up:sum')).toBe(true);
    expect(isValidLabelName('job:up')).toBe(false);
    expect(isValidMetricName('up{')).toBe(false);
  });
});

describe('escapePromqlString', () => {
  it('escapes backslash, quote and control characters', () => {
    expect(escapePromqlString('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    expect(escapePromqlString('\u0001\u0085')).toBe('\\u0001\\u0085');
    expect(promqlStringLiteral('x')).toBe('"x"');
  });

  it('keeps printable unicode as it is', () => {
    expect(escapePromqlString('日本 🔥')).toBe('日本 🔥');
  });

  it('rejects a lone surrogate, which has no UTF-8 encoding', () => {
    expect(() => escapePromqlString('a\ud800b')).toThrow(/surrogate/);
  });

  it('round-trips every hostile value through a strict Go-style unquote', () => {
    for (const value of HOSTILE) expect(unquote(promqlStringLiteral(value))).toBe(value);
  });
});

describe('labelMatcher and selector', () => {
  it('throws on an invalid label name instead of putting it into the query', () => {
    expect(() => labelMatcher('job"}or vector(1)#', '=', 'x')).toThrow(/Invalid label name/);
    expect(() => labelMatcher('', '=', 'x')).toThrow(/Invalid label name/);
    expect(() => labelMatcher('job', '==' as MatchOp, 'x')).toThrow(/Invalid match operator/);
    expect(() => selector('up{', [])).toThrow(/Invalid metric name/);
  });

  it.each(HOSTILE)('builds exactly one selector with exactly the intended value: %j', (value) => {
    for (const op of ['=', '!='] as const) {
      const query = selector('http_requests_total', [{ name: 'job', op, value }]);
      expect(parseSingleSelector(query)).toEqual({
        metric: 'http_requests_total',
        matchers: [{ name: 'job', op, value }],
      });
    }
  });

  it.each(HOSTILE)('escapes a regex literal that still parses as one matcher: %j', (value) => {
    const query = selector(undefined, [{ name: 'service', op: '=~', value: escapeRegex(value) }]);
    const parsed = parseSingleSelector(query);
    expect(parsed.matchers).toEqual([{ name: 'service', op: '=~', value: escapeRegex(value) }]);
    // Prometheus anchors the regex: it must match the literal and nothing else.
    const regex = new RegExp(`^(?:${parsed.matchers[0].value})$`, 'u');
    expect(regex.test(value)).toBe(true);
    expect(regex.test(value + 'x')).toBe(false);
  });

  it('joins several matchers and keeps their order', () => {
    const query = selector('up', [
      { name: 'job', value: 'a"b' },
      { name: 'instance', op: '!~', value: regexAlternation(['x.y', 'z|w']) },
    ]);
    expect(query).toBe('up{job="a\\"b", instance!~"x\\\\.y|z\\\\|w"}');
    expect(parseSingleSelector(query).matchers).toEqual([
      { name: 'job', op: '=', value: 'a"b' },
      { name: 'instance', op: '!~', value: 'x\\.y|z\\|w' },
    ]);
  });

  it('returns a bare metric name or {} when there are no matchers', () => {
    expect(selector('up', [])).toBe('up');
    expect(selector(undefined, [])).toBe('{}');
  });

  it('holds for arbitrary strings (property test)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom<MatchOp>('=', '!=', '=~', '!~'), (value, op) => {
        const parsed = parseSingleSelector(selector(undefined, [{ name: 'v', op, value }]));
        expect(parsed.matchers).toEqual([{ name: 'v', op, value }]);
      }),
      { numRuns: 500 },
    );
  });

  it('would have caught naive interpolation (the checker is not vacuous)', () => {
    const hostile = '"} or vector(1) #';
    expect(() => parseSingleSelector(`up{job="${hostile}"}`)).toThrow();
    expect(() => parseSingleSelector('up{job="a\\qb"}')).toThrow(/not valid PromQL/);
    expect(() => parseSingleSelector('up{job="unterminated}')).toThrow();
  });
});
