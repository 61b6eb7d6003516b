// The checker the escaping fuzz relies on: it must catch a value that breaks out of its literal.
import { describe, expect, it } from 'vitest';
import { escapingProblems, goUnquote, queriesOf, readQuery } from './query-literals';

const plant = (value: string) => ({ forms: [value], marker: 'QZX1QZX' });

describe('escapingProblems', () => {
  it('accepts a value escaped into one literal, in each language', () => {
    const value = 'a"} or vector(1) #QZX1QZX\\';
    expect(escapingProblems('promql', `up{service="${'a\\"} or vector(1) #QZX1QZX\\\\'}"}`, plant(value))).toEqual([]);
    expect(escapingProblems('logql', `{job="x"} |= "${'a\\"} or vector(1) #QZX1QZX\\\\'}"`, plant(value))).toEqual([]);
    expect(escapingProblems('traceql', `{ resource.service.name = "${'a\\"} or vector(1) #QZX1QZX\\\\'}" }`, plant(value))).toEqual([]);
  });

  it('catches a value pasted in unescaped', () => {
    const value = 'a"} or vector(1) #QZX1QZX';
    expect(escapingProblems('promql', `up{service="${value}"}`, plant(value)).join()).toMatch(/escaped its literal|does not parse/);
    expect(escapingProblems('logql', `{job="x"} |= "${value}"`, plant(value)).join()).toMatch(/escaped its literal|does not parse/);
    expect(escapingProblems('traceql', `{ resource.service.name = "x" } || { .a = "QZX1QZX" }`, plant('x" } || { .a = "QZX1QZX')).join()).toMatch(/part of the value/);
  });

  it('catches a value split across two literals', () => {
    expect(escapingProblems('promql', 'up{a="QZX1QZX", b="rest"}', plant('QZX1QZX", b="rest')).join()).toMatch(/part of the value/);
  });

  it('ignores queries without the marker', () => {
    expect(escapingProblems('promql', 'up{', plant('QZX1QZX'))).toEqual([]);
  });
});

describe('readQuery and goUnquote', () => {
  it('decode Go escapes and blank out literals', () => {
    expect(goUnquote('"a\\"b\\\\c\\n\\x41\\u00e9\\101"')).toBe('a"b\\c\nAéA');
    expect(goUnquote('`raw\\n`')).toBe('raw\\n');
    expect(readQuery('promql', 'sum(rate(x{a="b"}[5m]))')).toEqual({ errors: 0, literals: ['b'], skeleton: 'sum(rate(x{a=""}[5m]))' });
  });
});

describe('queriesOf', () => {
  it('finds the query of each backend request shape', () => {
    expect(queriesOf('prometheus', 'POST', '/api/v1/query_range', 'query=up%7Ba%3D%22b%22%7D&start=1')).toEqual([{ language: 'promql', query: 'up{a="b"}' }]);
    expect(queriesOf('loki', 'GET', '/loki/api/v1/query_range?query=%7Bjob%3D%22x%22%7D', undefined)).toEqual([{ language: 'logql', query: '{job="x"}' }]);
    expect(queriesOf('tempo', 'GET', '/api/search?q=%7B%7D&limit=20', undefined)).toEqual([{ language: 'traceql', query: '{}' }]);
    expect(queriesOf('pyroscope', 'POST', '/querier.v1.QuerierService/SelectMergeStacktraces', '{"labelSelector":"{service_name=\\"x\\"}"}')).toEqual([{ language: 'promql', query: '{service_name="x"}' }]);
  });
});
