// Loki's `| logfmt` parser: the go-logfmt decoder's rules. key=value pairs separated by blanks, quoted values
// with JSON-style escapes, a bare key means an empty value, a stray `=` or `"` is a syntax error (pairs read
// before the error are kept, as Loki does).

export interface LogfmtResult {
  pairs: [string, string][];
  error: string | null;
}

function unquote(quoted: string): string | null {
  try {
    const value: unknown = JSON.parse(quoted);
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

export function parseLogfmt(line: string): LogfmtResult {
  const pairs: [string, string][] = [];
  const n = line.length;
  let pos = 0;
  const fail = (message: string): LogfmtResult => ({ pairs, error: `logfmt syntax error at pos ${pos + 1} : ${message}` });
  while (pos < n) {
    while (pos < n && line.charCodeAt(pos) <= 0x20) pos++;
    if (pos >= n) break;
    const keyStart = pos;
    while (pos < n) {
      const c = line[pos];
      if (c === '=' || c === '"' || line.charCodeAt(pos) <= 0x20) break;
      pos++;
    }
    if (pos < n && line[pos] === '"') return fail("unexpected '\"'");
    const key = line.slice(keyStart, pos);
    if (pos >= n || line[pos] !== '=') {
      pairs.push([key, '']);
      continue;
    }
    if (key === '') return fail("unexpected '='");
    pos++;
    if (pos >= n || line.charCodeAt(pos) <= 0x20) {
      pairs.push([key, '']);
      continue;
    }
    if (line[pos] === '"') {
      const start = pos;
      pos++;
      let escaped = false;
      let closed = false;
      while (pos < n) {
        const c = line[pos];
        pos++;
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') {
          closed = true;
          break;
        }
      }
      if (!closed) return fail('unterminated quoted value');
      const value = unquote(line.slice(start, pos));
      if (value === null) return fail('invalid quoted value');
      pairs.push([key, value]);
      continue;
    }
    const valueStart = pos;
    while (pos < n && line.charCodeAt(pos) > 0x20) {
      const c = line[pos];
      if (c === '=' || c === '"') return fail(`unexpected '${c}'`);
      pos++;
    }
    pairs.push([key, line.slice(valueStart, pos)]);
  }
  return { pairs, error: null };
}
