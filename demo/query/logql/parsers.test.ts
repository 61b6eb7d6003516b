// The line parsers on their own: Loki's json flattening and path extraction, the logfmt decoder's rules,
// byte sizes and the template subset.
import { describe, expect, it } from 'vitest';
import { extractJsonPath, flattenJsonLine, JsonError, parseJson, parseJsonPath, sanitizeLabelKey } from './json';
import { parseLogfmt } from './logfmt';
import { parseTemplate, renderTemplate, TemplateError } from './template';
import { parseBytes, utf8Length } from './units';

describe('json', () => {
  it('flattens nested objects with _, skips arrays, keeps number text, sanitizes keys', () => {
    expect(flattenJsonLine('{"a":{"b":{"c":1.50}},"arr":[1,{"x":2}],"n":null,"t":true,"k-e y":"v","1st":"x","s":"\\u00e9\\n"}')).toEqual([
      ['a_b_c', '1.50'],
      ['n', ''],
      ['t', 'true'],
      ['k_e_y', 'v'],
      ['_1st', 'x'],
      ['s', 'é\n'],
    ]);
  });

  it.each(['not json', '[1,2]', '{"a":1', '{"a":1} x', '{"a":tru}', '{a:1}'])('rejects %s', (line) => {
    expect(() => flattenJsonLine(line)).toThrow(JsonError);
  });

  it('extracts by path', () => {
    const line = '{"a":{"b":[{"c":"x"},7]},"d e":{"f":1}}';
    const root = parseJson(line);
    const at = (expression: string) => extractJsonPath(root, parseJsonPath(expression) ?? [], line);
    expect(at('a.b[0].c')).toBe('x');
    expect(at('a.b[1]')).toBe('7');
    expect(at('a.b')).toBe('[{"c":"x"},7]');
    expect(at('["d e"].f')).toBe('1');
    expect(at('a.missing')).toBeNull();
    expect(parseJsonPath('a..b')).toBeNull();
  });

  it('sanitizes like Loki', () => {
    expect(sanitizeLabelKey(' a.b ', true)).toBe('a_b');
    expect(sanitizeLabelKey('9x', true)).toBe('_9x');
    expect(sanitizeLabelKey('9x', false)).toBe('9x');
  });
});

describe('logfmt', () => {
  it.each([
    ['a=1 b="two words" c= d', [['a', '1'], ['b', 'two words'], ['c', ''], ['d', '']], null],
    ['msg="esc \\"q\\" \\n" x=y', [['msg', 'esc "q" \n'], ['x', 'y']], null],
    ['  lead=1   trail=2  ', [['lead', '1'], ['trail', '2']], null],
    ['a=1 b="unterminated', [['a', '1']], 'unterminated quoted value'],
    ['a=1 =2', [['a', '1']], "unexpected '='"],
    ['a=b=c', [], "unexpected '='"],
    ['ke"y=1', [], "unexpected '\"'"],
  ])('%s', (line, pairs, error) => {
    const result = parseLogfmt(line);
    expect(result.pairs).toEqual(pairs);
    if (error === null) expect(result.error).toBeNull();
    else expect(result.error).toContain(error);
  });
});

describe('units and templates', () => {
  it('parses byte sizes like go-humanize', () => {
    expect(parseBytes('1KB')).toBe(1000);
    expect(parseBytes('1KiB')).toBe(1024);
    expect(parseBytes('1.5 MB')).toBe(1.5e6);
    expect(parseBytes('42')).toBe(42);
    expect(parseBytes('1XB')).toBeNull();
    expect(utf8Length('aé😀')).toBe(1 + 2 + 4);
  });

  it('renders the supported template subset and refuses the rest', () => {
    const parts = parseTemplate('{{ .a }}-{{.b}}  {{- __line__ -}}  !');
    expect(renderTemplate(parts, (n) => (n === 'a' ? 'A' : ''), 'LINE')).toBe('A-LINE!');
    expect(() => parseTemplate('{{ .a | ToUpper }}')).toThrow(TemplateError);
    expect(() => parseTemplate('{{ if .a }}x{{ end }}')).toThrow(TemplateError);
    expect(() => parseTemplate('{{ .a ')).toThrow(TemplateError);
  });
});
