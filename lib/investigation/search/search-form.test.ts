import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parser } from '@grafana/lezer-traceql';
import { EMPTY_SEARCH_FORM, errorTraceql, parseDurationMs, parseSearchForm, searchFormParams, searchFormToTraceql, type SearchForm } from './search-form';

interface Parsed {
  errors: number;
  strings: string[];
  nodes: string[];
}

/** Grafana's TraceQL grammar; String nodes decoded as Tempo's lexer reads them (only \\ and \" are escaped). */
function parseTraceql(query: string): Parsed {
  const out: Parsed = { errors: 0, strings: [], nodes: [] };
  parser.parse(query).iterate({
    enter(node) {
      out.nodes.push(node.name);
      if (node.type.isError) out.errors++;
      if (node.name === 'String') {
        const text = query.slice(node.from, node.to);
        out.strings.push(text.startsWith('`') ? text.slice(1, -1) : text.slice(1, -1).replace(/\\(.)/gs, '$1'));
      }
    },
  });
  return out;
}

function form(patch: Partial<SearchForm>): SearchForm {
  return { ...EMPTY_SEARCH_FORM, ...patch };
}

describe('searchFormToTraceql', () => {
  it('builds the service and status conditions with the escaper', () => {
    expect(searchFormToTraceql(form({ service: 'payment' }))).toEqual({ query: '{ resource.service.name = "payment" }', generated: true });
    expect(searchFormToTraceql(form({ service: 'payment', status: 'error' })).query).toBe('{ resource.service.name = "payment" && status = error }');
    expect(searchFormToTraceql(form({ status: 'ok' })).query).toBe('{ status != error }');
    expect(searchFormToTraceql(form({})).query).toBe('{}');
  });

  it('sends the user TraceQL as written, ahead of the fields', () => {
    const q = '{ span.http.status_code >= 500 } | count() > 2';
    expect(searchFormToTraceql(form({ service: 'payment', status: 'error', q }))).toEqual({ query: q, generated: false });
  });

  it('keeps hostile service names one string value in the parsed query (Grafana grammar)', () => {
    const hostile = ['pay"ment', 'a\\', '" } || { name =~ ".*', 'multi\nline', 'x` }', 'ü-服务', '\\"', '{}', ' || true'];
    for (const service of hostile) {
      const { query } = searchFormToTraceql(form({ service, status: 'error' }));
      const parsed = parseTraceql(query);
      expect(parsed.errors, query).toBe(0);
      expect(parsed.strings, query).toEqual([service]);
      expect(parsed.nodes.filter((n) => n === 'SpansetFilter')).toHaveLength(1);
    }
  });

  it('keeps any service name one string value (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => !s.includes('\u0000') && !(s.includes('\n') && (s.includes('`') || s.includes('\r')))),
        (service) => {
          const parsed = parseTraceql(searchFormToTraceql(form({ service })).query);
          expect(parsed.errors).toBe(0);
          expect(parsed.strings).toEqual([service]);
        },
      ),
    );
  });
});

describe('errorTraceql', () => {
  it('ANDs the search with a spanset holding an error, and needs none when the search is on errors', () => {
    expect(errorTraceql(form({ service: 'order' }))).toBe('{ resource.service.name = "order" } && { status = error }');
    expect(errorTraceql(form({ service: 'order', status: 'error' }))).toBeNull();
    expect(errorTraceql(form({ q: '{ .a = 1 } | count() > 2' }))).toBe('({ .a = 1 } | count() > 2) && { status = error }');
  });

  it('stays one valid query for hostile names and for pipelines typed by users', () => {
    for (const query of [errorTraceql(form({ service: '" } && { "' })), errorTraceql(form({ q: '{ .a = 1 } | count() > 2' })), errorTraceql(form({ q: '{ .a = 1 } >> { .b = "x" }' }))]) {
      expect(query).not.toBeNull();
      expect(parseTraceql(query!).errors, query!).toBe(0);
    }
  });
});

describe('parseSearchForm', () => {
  it('reads every field and defaults the rest', () => {
    const parsed = parseSearchForm(new URLSearchParams('service=payment&minDuration=500ms&maxDuration=2.5s&status=error&limit=20'));
    expect(parsed).toEqual({
      ok: true,
      value: { service: 'payment', minDuration: '500ms', maxDuration: '2.5s', minDurationMs: 500, maxDurationMs: 2500, status: 'error', q: null, limit: 20 },
    });
    expect(parseSearchForm(new URLSearchParams(''))).toEqual({ ok: true, value: { ...EMPTY_SEARCH_FORM, minDurationMs: null, maxDurationMs: null } });
    expect(parseSearchForm(new URLSearchParams('service=&q=%20%20'))).toMatchObject({ ok: true, value: { service: null, q: null } });
  });

  it('refuses bad values with a message that says what to write', () => {
    const cases: [string, RegExp][] = [
      ['minDuration=fast', /not a duration: write it like 500ms/],
      ['maxDuration=-1s', /not a duration/],
      ['minDuration=2s&maxDuration=1s', /maximum duration is below the minimum/],
      ['status=broken', /any, error or ok/],
      ['limit=0', /from 1 to 500/],
      ['limit=501', /from 1 to 500/],
      ['limit=abc', /whole number/],
      ['service=a&service=b', /once, not 2 times/],
      ['service=a%0Ab', /control character/],
      [`service=${'x'.repeat(300)}`, /longer than 256/],
      [`q=${'x'.repeat(9000)}`, /longer than 8192/],
      ['q=%7B%7D%00', /NUL/],
    ];
    for (const [query, message] of cases) {
      const parsed = parseSearchForm(new URLSearchParams(query));
      expect(parsed.ok, query.slice(0, 40)).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(message);
    }
  });

  it('round-trips through its own URL', () => {
    const original = form({ service: 'a "b" & c', minDuration: '1.5s', status: 'ok', q: '{ .x = "y" }\n| count() > 1', limit: 25 });
    const parsed = parseSearchForm(searchFormParams(original, { from: 'now-1h', to: 'now' }));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      const { minDurationMs: _min, maxDurationMs: _max, ...back } = parsed.value;
      expect(back).toEqual(original);
    }
    expect(searchFormParams(EMPTY_SEARCH_FORM).toString()).toBe('');
  });
});

describe('parseDurationMs', () => {
  it('reads Go-style units; a bare number is milliseconds', () => {
    expect(parseDurationMs('250')).toBe(250);
    expect(parseDurationMs('1.5s')).toBe(1500);
    expect(parseDurationMs('2m')).toBe(120_000);
    expect(parseDurationMs('250us')).toBe(0.25);
    expect(parseDurationMs('250µs')).toBe(0.25);
    expect(parseDurationMs('100ns')).toBeCloseTo(0.0001, 10);
    expect(parseDurationMs(' 3 s ')).toBe(3000);
    expect(parseDurationMs('1h30m')).toBeNull();
    expect(parseDurationMs('8d')).toBeNull();
    expect(parseDurationMs('')).toBeNull();
  });
});
