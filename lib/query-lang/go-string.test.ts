import { describe, expect, it } from 'vitest';
import { escapeGoString, quoteRegexMeta } from './go-string';

describe('escapeGoString', () => {
  it('writes named escapes, \\u for other controls, and keeps the rest raw', () => {
    expect(escapeGoString('a"b\\c\n\t\x07', { language: 'X' })).toBe('a\\"b\\\\c\\n\\t\\a');
    expect(escapeGoString('\u0000\u001f\u007f\u0085', { language: 'X' })).toBe('\\u0000\\u001f\\u007f\\u0085');
    expect(escapeGoString('ok 🔥 日本', { language: 'X' })).toBe('ok 🔥 日本');
  });

  it('escapes line and paragraph separators only when asked', () => {
    expect(escapeGoString('a\u2028b\u2029', { language: 'X' })).toBe('a\u2028b\u2029');
    expect(escapeGoString('a\u2028b\u2029', { language: 'X', escapeLineSeparators: true })).toBe('a\\u2028b\\u2029');
  });

  it('names the language when it refuses a lone surrogate', () => {
    expect(() => escapeGoString('a\ud800', { language: 'PromQL' })).toThrow('PromQL string contains a lone UTF-16 surrogate');
  });
});

describe('quoteRegexMeta', () => {
  it('escapes every RE2 metacharacter and nothing else', () => {
    expect(quoteRegexMeta('a.b+c*d?e(f)g|h[i]j{k}l^m$n\\o-p/q')).toBe('a\\.b\\+c\\*d\\?e\\(f\\)g\\|h\\[i\\]j\\{k\\}l\\^m\\$n\\\\o-p/q');
  });
});
