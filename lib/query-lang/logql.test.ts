import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parser } from '@grafana/lezer-logql';
import {
  escapeLogqlString,
  escapeRegexForLogql,
  lineContains,
  lineFilter,
  logqlString,
  streamSelector,
  traceIdLogQuery,
  type LogqlMatcher,
} from './logql';
import { normaliseTraceId, traceIdFromHex } from '../model/ids';
import type { TraceId } from '../model/trace';

interface ParsedQuery {
  errors: number;
  strings: string[];
  nodes: string[];
}

/** Parses with Grafana's LogQL grammar and returns error count, the decoded string literals and node names. */
function parseLogql(query: string): ParsedQuery {
  const tree = parser.parse(query);
  const result: ParsedQuery = { errors: 0, strings: [], nodes: [] };
  tree.iterate({
    enter(node) {
      result.nodes.push(node.name);
      if (node.type.isError) result.errors++;
      if (node.name === 'String') result.strings.push(goUnquote(query.slice(node.from, node.to)));
    },
  });
  return result;
}

/** Go's strconv.Unquote for double-quoted literals: what Loki's lexer does with our output. */
function goUnquote(literal: string): string {
  if (literal.length < 2 || literal[0] !== '"' || literal[literal.length - 1] !== '"') throw new Error(`not a literal: ${literal}`);
  const body = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char === '\n') throw new Error('newline inside a Go string literal');
    if (char === '"') throw new Error('unescaped quote inside a Go string literal');
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = body[++i];
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };
    if (next in simple) {
      out += simple[next];
    } else if (next === 'u' || next === 'U') {
      const width = next === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + width);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) throw new Error(`bad \\${next} escape`);
      out += String.fromCodePoint(parseInt(hex, 16));
      i += width;
    } else {
      throw new Error(`escape \\${next} not produced by our escaper`);
    }
  }
  return out;
}

const HOSTILE_VALUES = [
  '',
  'plain',
  '"} |= "x',
  '"}',
  'a"b',
  'trailing backslash\\',
  '\\"',
  '\\\\"',
  'line\nbreak',
  'carriage\rreturn',
  'tab\there',
  'nul\u0000byte',
  'del\u007f c1\u0085',
  'bell\u0007 vt\u000b ff\u000c bs\u0008',
  'back`tick`',
  '{job="x"} or vector(1)',
  '| json | line_format "{{.foo}}"',
  '$__interval ${var}',
  'emoji 🔥 and rtl \u202e override',
  'line sep \u2028 para \u2029',
  '日本語のログ',
];

const SHOP: LogqlMatcher = { name: 'job', op: '=', value: 'shop' };

describe('escapeLogqlString', () => {
  it('escapes quotes, backslashes and control characters the Go way', () => {
    expect(escapeLogqlString('a"b\\c')).toBe('a\\"b\\\\c');
    expect(escapeLogqlString('x\ny\tz\r')).toBe('x\\ny\\tz\\r');
    expect(escapeLogqlString('\u0000\u001f\u007f\u0085')).toBe('\\u0000\\u001f\\u007f\\u0085');
    expect(escapeLogqlString('\x07\b\f\v')).toBe('\\a\\b\\f\\v');
    expect(escapeLogqlString('ok 🔥 日本')).toBe('ok 🔥 日本');
  });

  it('rejects a lone surrogate rather than sending broken UTF-8', () => {
    expect(() => escapeLogqlString('x\ud800y')).toThrow(TypeError);
    expect(() => escapeLogqlString('\udfff')).toThrow(TypeError);
  });

  it.each(HOSTILE_VALUES)('keeps %j inside one string literal that decodes back to it', (value) => {
    const query = `{job=${logqlString(value)}} |= ${logqlString(value)}`;
    const parsed = parseLogql(query);
    expect(parsed.errors).toBe(0);
    expect(parsed.strings).toEqual([value, value]);
    expect(parsed.nodes.filter((name) => name === 'Matcher')).toHaveLength(1);
    expect(parsed.nodes.filter((name) => name === 'LineFilter')).toHaveLength(1);
  });

  it('round-trips any string through the real grammar (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }).filter((value) => !/[\ud800-\udfff]/.test(value.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))),
        (value) => {
          const parsed = parseLogql(`{job="shop"} |= ${logqlString(value)}`);
          return parsed.errors === 0 && parsed.strings.length === 2 && parsed.strings[1] === value;
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('streamSelector', () => {
  it('builds a selector the grammar accepts', () => {
    const query = streamSelector([SHOP, { name: 'service', op: '!=', value: 'catalog' }, { name: 'level', op: '=~', value: 'error|warn' }]);
    expect(query).toBe('{job="shop", service!="catalog", level=~"error|warn"}');
    expect(parseLogql(query).errors).toBe(0);
  });

  it('rejects an empty selector', () => {
    expect(() => streamSelector([])).toThrow(/at least one matcher/);
  });

  it.each([
    [[{ name: 'job', op: '=', value: '' }]],
    [[{ name: 'job', op: '!=', value: 'shop' }]],
    [[{ name: 'job', op: '!~', value: 'shop' }]],
    [[{ name: 'job', op: '=~', value: '.*' }]],
    [[{ name: 'job', op: '=~', value: 'shop|' }]],
    [[{ name: 'job', op: '=~', value: '(?i)x*' }]],
    [[{ name: 'job', op: '=', value: '' }, { name: 'service', op: '!=', value: 'x' }]],
  ] as LogqlMatcher[][][])('rejects a selector whose matchers all accept the empty value: %j', (matchers) => {
    expect(() => streamSelector(matchers)).toThrow(/cannot match the empty value/);
  });

  it('accepts a selector with one non-empty matcher among empty-compatible ones', () => {
    expect(streamSelector([{ name: 'job', op: '=~', value: '.+' }])).toBe('{job=~".+"}');
    expect(streamSelector([{ name: 'a', op: '!=', value: '' }, { name: 'b', op: '=~', value: '(?i)shop' }])).toBe('{a!="", b=~"(?i)shop"}');
  });

  it.each(['', '1job', 'job-name', 'job.name', 'job name', 'job"', '{', 'jöb', '__name__}'])('rejects label name %j', (name) => {
    expect(() => streamSelector([{ name, op: '=', value: 'x' }])).toThrow(/Invalid Loki label name/);
  });

  it('rejects an unknown operator', () => {
    expect(() => streamSelector([{ name: 'job', op: '==' as never, value: 'x' }])).toThrow(/operator/);
  });

  it.each(HOSTILE_VALUES.filter((value) => value !== ''))('keeps hostile value %j inside the matcher', (value) => {
    const query = streamSelector([SHOP, { name: 'service', op: '=', value }]);
    const parsed = parseLogql(query);
    expect(parsed.errors).toBe(0);
    expect(parsed.strings).toEqual(['shop', value]);
    expect(parsed.nodes.filter((name) => name === 'Matcher')).toHaveLength(2);
    expect(parsed.nodes).not.toContain('PipelineExpr');
  });
});

describe('line filters', () => {
  it('lineContains builds |= with an escaped literal', () => {
    expect(lineContains('say "hi"')).toBe('|= "say \\"hi\\""');
    const parsed = parseLogql(`{job="shop"} ${lineContains('"} |~ ".*')}`);
    expect(parsed.errors).toBe(0);
    expect(parsed.strings).toEqual(['shop', '"} |~ ".*']);
    expect(parsed.nodes.filter((name) => name === 'LineFilter')).toHaveLength(1);
  });

  it('lineFilter supports the four operators and rejects others', () => {
    for (const op of ['|=', '!=', '|~', '!~'] as const) {
      expect(parseLogql(`{job="shop"} ${lineFilter(op, 'x')}`).errors).toBe(0);
    }
    expect(() => lineFilter('|>' as never, 'x')).toThrow(TypeError);
  });
});

describe('escapeRegexForLogql', () => {
  it('escapes every RE2 metacharacter so the value matches literally', () => {
    const value = 'a.b+c*d?e(f)g|h[i]j{k}l^m$n\\o';
    const escaped = escapeRegexForLogql(value);
    expect(escaped).toBe('a\\.b\\+c\\*d\\?e\\(f\\)g\\|h\\[i\\]j\\{k\\}l\\^m\\$n\\\\o');
    // JS and RE2 agree on these escapes: the escaped pattern matches exactly the value.
    expect(new RegExp(`^${escaped}$`).test(value)).toBe(true);
    expect(new RegExp(`^${escaped}$`).test('aXb+c')).toBe(false);
  });

  it('survives the string escaper and the grammar', () => {
    const value = 'GET /api/v1/orders?id=(1|2)';
    const query = `{job="shop"} ${lineFilter('|~', escapeRegexForLogql(value))}`;
    const parsed = parseLogql(query);
    expect(parsed.errors).toBe(0);
    expect(parsed.strings[1]).toBe(escapeRegexForLogql(value));
  });
});

describe('traceIdLogQuery', () => {
  const id = (hex: string): TraceId => {
    const traceId = normaliseTraceId(hex) ?? traceIdFromHex(hex);
    if (!traceId) throw new Error(`bad id ${hex}`);
    return traceId;
  };

  it('uses one cheap literal filter for a full 128-bit id (the fixture query)', () => {
    const query = traceIdLogQuery({ selector: [SHOP], traceId: id('bd5a131c670a194676bcd097a4eac415') });
    // Exactly the query recorded in loki/query_range_streams_traceid.json.
    expect(query).toBe('{job="shop"} |= "bd5a131c670a194676bcd097a4eac415"');
    expect(parseLogql(query).errors).toBe(0);
  });

  it('matches the 16-hex, padded and unpadded spellings of a 64-bit id, and nothing else', () => {
    const query = traceIdLogQuery({ selector: [SHOP], traceId: id('01e00fff4138673d') });
    expect(query).toBe('{job="shop"} |= "1e00fff4138673d" |~ "\\\\b0*1e00fff4138673d\\\\b"');
    const parsed = parseLogql(query);
    expect(parsed.errors).toBe(0);
    const pattern = new RegExp(parsed.strings[2]);
    expect(pattern.test('traceID=01e00fff4138673d')).toBe(true);
    expect(pattern.test('traceID=1e00fff4138673d msg="x"')).toBe(true);
    expect(pattern.test('{"trace_id":"000000000000000001e00fff4138673d"}')).toBe(true);
    expect(pattern.test('traceID=ab1e00fff4138673d')).toBe(false);
    expect(pattern.test('traceID=c5527fbb0cac1b9c01e00fff4138673d')).toBe(false);
  });

  it('handles a 128-bit id with leading zeros', () => {
    const query = traceIdLogQuery({ selector: [SHOP], traceId: id('00f38719ffb3d0c47d6677c5c1998baa') });
    expect(query).toBe('{job="shop"} |= "f38719ffb3d0c47d6677c5c1998baa" |~ "\\\\b0*f38719ffb3d0c47d6677c5c1998baa\\\\b"');
    expect(parseLogql(query).errors).toBe(0);
  });

  it('refuses a selector Loki would refuse', () => {
    expect(() => traceIdLogQuery({ selector: [], traceId: id('bd5a131c670a194676bcd097a4eac415') })).toThrow();
    expect(() =>
      traceIdLogQuery({ selector: [{ name: 'job', op: '=~', value: '.*' }], traceId: id('bd5a131c670a194676bcd097a4eac415') }),
    ).toThrow();
  });
});
