// Go string literals as PromQL, LogQL and TraceQL lexers read them (strconv.Unquote rules): "double" and
// 'single' quotes with escapes, `backtick` raw strings. \x and octal escapes are bytes, so the result is
// decoded as UTF-8 at the end, like Go does when the bytes are later used as a string.

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  '\\': 0x5c,
  "'": 0x27,
  '"': 0x22,
};

export class GoStringError extends Error {}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

function pushCodePoint(bytes: number[], codePoint: number): void {
  for (const byte of utf8Encoder.encode(String.fromCodePoint(codePoint))) bytes.push(byte);
}

function parseHex(text: string, what: string): number {
  if (!/^[0-9a-fA-F]+$/.test(text)) throw new GoStringError(`invalid ${what} escape sequence`);
  return Number.parseInt(text, 16);
}

/** The value of a quoted Go string literal (quotes included in `literal`). Throws GoStringError. */
export function unquoteGoString(literal: string): string {
  if (literal.length < 2) throw new GoStringError('unterminated quoted string');
  const quote = literal[0];
  if (literal[literal.length - 1] !== quote) throw new GoStringError('unterminated quoted string');
  const body = literal.slice(1, -1);
  if (quote === '`') {
    if (body.includes('`')) throw new GoStringError('invalid raw string');
    return body.replace(/\r/g, '');
  }
  if (quote !== '"' && quote !== "'") throw new GoStringError('invalid quoted string');
  if (!body.includes('\\')) {
    if (body.includes('\n')) throw new GoStringError('newline in string');
    return body;
  }
  const bytes: number[] = [];
  let i = 0;
  while (i < body.length) {
    const ch = body[i];
    if (ch === '\n') throw new GoStringError('newline in string');
    if (ch !== '\\') {
      const codePoint = body.codePointAt(i) ?? 0;
      pushCodePoint(bytes, codePoint);
      i += codePoint > 0xffff ? 2 : 1;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) throw new GoStringError('unterminated escape sequence');
    if (next in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[next]);
      i += 2;
    } else if (next === 'x') {
      const hex = body.slice(i + 2, i + 4);
      if (hex.length !== 2) throw new GoStringError('invalid hex escape sequence');
      bytes.push(parseHex(hex, 'hex'));
      i += 4;
    } else if (next === 'u' || next === 'U') {
      const width = next === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + width);
      if (hex.length !== width) throw new GoStringError('invalid unicode escape sequence');
      const codePoint = parseHex(hex, 'unicode');
      if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
        throw new GoStringError('invalid unicode code point');
      }
      pushCodePoint(bytes, codePoint);
      i += 2 + width;
    } else if (next >= '0' && next <= '7') {
      const octal = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(octal)) throw new GoStringError('invalid octal escape sequence');
      const value = Number.parseInt(octal, 8);
      if (value > 255) throw new GoStringError('invalid octal escape sequence');
      bytes.push(value);
      i += 4;
    } else {
      throw new GoStringError(`unknown escape sequence \\${next}`);
    }
  }
  return utf8Decoder.decode(new Uint8Array(bytes));
}
