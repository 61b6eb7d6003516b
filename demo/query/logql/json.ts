// Loki's `| json` parser. A small scanner instead of JSON.parse so that numbers keep their text (4200 stays
// "4200", big integers keep every digit) like Loki's jsoniter-based parser: nested keys are flattened with
// `_`, arrays are skipped, keys are sanitized to label names. `| json a="x.y[0]"` extracts by path.

export type JsonNode =
  | { kind: 'object'; entries: [string, JsonNode][]; start: number; end: number }
  | { kind: 'array'; items: JsonNode[]; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'number' | 'true' | 'false' | 'null'; start: number; end: number };

export class JsonError extends Error {}

const MAX_DEPTH = 64;

class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  ws(): void {
    while (this.i < this.s.length) {
      const c = this.s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else break;
    }
  }

  fail(what: string): never {
    throw new JsonError(`${what} at offset ${this.i}`);
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail('too deeply nested');
    this.ws();
    const start = this.i;
    const c = this.s[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return { kind: 'string', value: this.string(), start, end: this.i };
    for (const word of ['true', 'false', 'null'] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return { kind: word, start, end: this.i };
      }
    }
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.i;
    if (m.exec(this.s)) {
      this.i = m.lastIndex;
      return { kind: 'number', start, end: this.i };
    }
    return this.fail(c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`);
  }

  string(): string {
    const start = this.i;
    this.i++;
    let hasEscape = false;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '"') {
        this.i++;
        const raw = this.s.slice(start, this.i);
        if (!hasEscape) return raw.slice(1, -1);
        try {
          return JSON.parse(raw) as string;
        } catch {
          return this.fail('invalid string escape');
        }
      }
      if (c === '\\') {
        hasEscape = true;
        this.i += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) this.fail('control character in string');
      this.i++;
    }
    return this.fail('unterminated string');
  }

  object(depth: number): JsonNode {
    const start = this.i;
    this.i++;
    const entries: [string, JsonNode][] = [];
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return { kind: 'object', entries, start, end: this.i };
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a key');
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail('expected ":"');
      this.i++;
      entries.push([key, this.value(depth + 1)]);
      this.ws();
      const c = this.s[this.i];
      this.i++;
      if (c === '}') return { kind: 'object', entries, start, end: this.i };
      if (c !== ',') this.fail('expected "," or "}"');
    }
  }

  array(depth: number): JsonNode {
    const start = this.i;
    this.i++;
    const items: JsonNode[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return { kind: 'array', items, start, end: this.i };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.i];
      this.i++;
      if (c === ']') return { kind: 'array', items, start, end: this.i };
      if (c !== ',') this.fail('expected "," or "]"');
    }
  }
}

/** Parses one JSON document; throws JsonError. */
export function parseJson(text: string): JsonNode {
  const scanner = new Scanner(text);
  const node = scanner.value(0);
  scanner.ws();
  if (scanner.i !== text.length) scanner.fail('unexpected data after the value');
  return node;
}

/** The label value Loki gives a JSON scalar: strings unquoted, numbers and literals as written. */
function scalarText(node: JsonNode, source: string): string | null {
  switch (node.kind) {
    case 'string':
      return node.value;
    case 'number':
    case 'true':
    case 'false':
      return source.slice(node.start, node.end);
    case 'null':
      return '';
    default:
      return null;
  }
}

/** Loki's sanitizeLabelKey: characters outside [A-Za-z0-9_] become `_`, a leading digit gets a `_` prefix. */
export function sanitizeLabelKey(key: string, isPrefix: boolean): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return key;
  const trimmed = key.trim();
  if (trimmed === '') return trimmed;
  const sanitized = trimmed.replace(/[^A-Za-z0-9_]/g, '_');
  return isPrefix && /^[0-9]/.test(sanitized) ? `_${sanitized}` : sanitized;
}

/** Flattens a JSON object line into label pairs (nested keys joined with `_`). Throws JsonError. */
export function flattenJsonLine(line: string): [string, string][] {
  const root = parseJson(line);
  if (root.kind !== 'object') throw new JsonError('Value looks like object, but can\'t find closing \'}\' symbol');
  const out: [string, string][] = [];
  const walk = (node: JsonNode & { kind: 'object' }, prefix: string): void => {
    for (const [rawKey, value] of node.entries) {
      const key = sanitizeLabelKey(rawKey, prefix === '');
      if (key === '') continue;
      const name = prefix === '' ? key : `${prefix}_${key}`;
      if (value.kind === 'object') walk(value, name);
      else if (value.kind !== 'array') out.push([name, scalarText(value, line) ?? '']);
    }
  };
  walk(root, '');
  return out;
}

/** Parses a json-parser path expression: a.b[0]["c d"]. Returns null when it is not one. */
export function parseJsonPath(expression: string): (string | number)[] | null {
  const path: (string | number)[] = [];
  const re = /\s*(?:\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\])/y;
  let i = 0;
  while (i < expression.length) {
    re.lastIndex = i;
    const m = re.exec(expression);
    if (!m) return null;
    if (m[1] !== undefined) path.push(m[1]);
    else if (m[2] !== undefined) path.push(Number(m[2]));
    else path.push(m[3].replace(/\\(.)/g, '$1'));
    i = re.lastIndex;
  }
  return path.length > 0 ? path : null;
}

/** The value at a path: scalars as label text, objects and arrays as their JSON source. */
export function extractJsonPath(root: JsonNode, path: readonly (string | number)[], source: string): string | null {
  let node: JsonNode | undefined = root;
  for (const step of path) {
    if (node === undefined) return null;
    if (typeof step === 'number') node = node.kind === 'array' ? node.items[step] : undefined;
    else node = node.kind === 'object' ? node.entries.find(([k]) => k === step)?.[1] : undefined;
  }
  if (node === undefined) return null;
  const scalar = scalarText(node, source);
  return scalar ?? source.slice(node.start, node.end);
}
