// Go string-literal escaping, shared by PromQL and LogQL: both lexers read double-quoted strings with Go's
// strconv.Unquote, and both read regexes with Go's RE2. https://go.dev/ref/spec#String_literals

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
  '\x07': '\\a',
};

export interface GoStringOptions {
  /** Names the language in the error for a lone surrogate, e.g. "PromQL". */
  language: string;
  /** Also write U+2028 and U+2029 as \uXXXX. Go accepts them raw too; both forms decode to the same string. */
  escapeLineSeparators?: boolean;
}

/**
 * Escapes `value` for use between double quotes under Go string-literal rules; returns the body only.
 * Control characters become \uXXXX, not \xXX: in Go strings \x is a raw byte, which would corrupt C1
 * controls. A lone UTF-16 surrogate has no UTF-8 form at all, so it is rejected rather than replaced.
 */
export function escapeGoString(value: string, options: GoStringOptions): string {
  let out = '';
  for (const char of value) {
    const named = NAMED_ESCAPES[char];
    if (named !== undefined) {
      out += named;
      continue;
    }
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) throw new TypeError(`${options.language} string contains a lone UTF-16 surrogate`);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || (options.escapeLineSeparators === true && (code === 0x2028 || code === 0x2029))) {
      out += '\\u' + code.toString(16).padStart(4, '0');
      continue;
    }
    out += char;
  }
  return out;
}

// RE2 metacharacters, as Go's regexp.QuoteMeta escapes them.
const RE2_META = /[\\.+*?()|[\]{}^$]/g;

/** Escapes RE2 metacharacters (like Go's regexp.QuoteMeta) so that `value` matches literally inside a regex. */
export function quoteRegexMeta(value: string): string {
  return value.replace(RE2_META, '\\$&');
}
