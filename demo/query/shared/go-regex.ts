// Go (RE2) regular expressions translated to JavaScript ones. The three query languages take Go regexps;
// JavaScript's dialect differs in flags groups ((?i) mid-pattern, (?i:...)), \s, \A \z \Q..\E, POSIX classes,
// named groups and what is a syntax error. The translation emits a `u`-mode JavaScript source and rejects
// what RE2 rejects (look-around, back-references) instead of silently matching something else.
// https://github.com/google/re2/wiki/Syntax

/** Messages start like Go's ("error parsing regexp: ..."). */
export class GoRegexError extends Error {
  constructor(reason: string) {
    super(`error parsing regexp: ${reason}`);
  }
}

/** Longest pattern accepted: JavaScript backtracks where RE2 does not, so keep hostile inputs small. */
export const MAX_REGEX_LENGTH = 4096;

interface Flags {
  caseInsensitive: boolean;
  multiLine: boolean;
  dotAll: boolean;
}

type Range = [number, number];

const POSIX_CLASSES: Record<string, Range[]> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
};

// Go's \s is ASCII-only: [\t\n\f\r ].
const GO_SPACE = '\\t\\n\\f\\r ';
const SYNTAX_CHARS = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);
const GENERAL_CATEGORY = /^(?:[CLMNPSZ]|C[cfos]|L[lmotu]|M[cen]|N[dlo]|P[cdefios]|S[ckmo]|Z[lps])$/;
const MAX_CODE_POINT = 0x10ffff;

function hex(codePoint: number): string {
  return `\\u{${codePoint.toString(16)}}`;
}

/** A literal outside a character class, escaped for `u` mode. */
function literalOutside(codePoint: number): string {
  const ch = String.fromCodePoint(codePoint);
  if (SYNTAX_CHARS.has(ch)) return `\\${ch}`;
  if (codePoint < 0x20 || codePoint === 0x7f) return hex(codePoint);
  return ch;
}

/** A literal inside a character class, escaped for `u` mode. */
function literalInside(codePoint: number): string {
  const ch = String.fromCodePoint(codePoint);
  if (ch === '\\' || ch === ']' || ch === '[' || ch === '^' || ch === '-') return `\\${ch}`;
  if (codePoint < 0x20 || codePoint === 0x7f) return hex(codePoint);
  return ch;
}

function otherCases(codePoint: number): number[] {
  const ch = String.fromCodePoint(codePoint);
  const variants = new Set<number>();
  for (const v of [ch.toLowerCase(), ch.toUpperCase()]) {
    const cp = v.codePointAt(0);
    // Only single code point foldings (simple case folding, as RE2 does).
    if (cp !== undefined && v.length === String.fromCodePoint(cp).length && cp !== codePoint) variants.add(cp);
  }
  return [...variants];
}

function caseRanges(lo: number, hi: number): Range[] {
  const out: Range[] = [];
  const lowerLo = Math.max(lo, 0x61);
  const lowerHi = Math.min(hi, 0x7a);
  if (lowerLo <= lowerHi) out.push([lowerLo - 0x20, lowerHi - 0x20]);
  const upperLo = Math.max(lo, 0x41);
  const upperHi = Math.min(hi, 0x5a);
  if (upperLo <= upperHi) out.push([upperLo + 0x20, upperHi + 0x20]);
  return out;
}

function complement(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

function rangesInside(ranges: Range[]): string {
  return ranges.map(([lo, hi]) => (lo === hi ? literalInside(lo) : `${literalInside(lo)}-${literalInside(hi)}`)).join('');
}

class Translator {
  private i = 0;
  private out = '';
  private readonly flagStack: Flags[] = [];
  private flags: Flags = { caseInsensitive: false, multiLine: false, dotAll: false };

  constructor(private readonly src: string) {}

  translate(): string {
    while (this.i < this.src.length) this.step();
    if (this.flagStack.length > 0) throw new GoRegexError('missing closing ): `' + this.src + '`');
    return this.out;
  }

  private codePointAt(index: number): number {
    return this.src.codePointAt(index) ?? 0;
  }

  private fail(message: string): never {
    throw new GoRegexError(message);
  }

  private step(): void {
    const ch = this.src[this.i];
    switch (ch) {
      case '(':
        this.openGroup();
        return;
      case ')':
        if (this.flagStack.length === 0) this.fail('unexpected ): `' + this.src + '`');
        this.flags = this.flagStack.pop() as Flags;
        this.out += ')';
        this.i++;
        return;
      case '[':
        this.charClass();
        return;
      case '\\':
        this.escapeOutside();
        return;
      case '.':
        this.out += this.flags.dotAll ? '[\\s\\S]' : '[^\\n]';
        this.i++;
        return;
      case '^':
        this.out += this.flags.multiLine ? '(?:^|(?<=\\n))' : '^';
        this.i++;
        return;
      case '$':
        this.out += this.flags.multiLine ? '(?:$|(?=\\n))' : '$';
        this.i++;
        return;
      case '*':
      case '+':
      case '?':
      case '|':
        this.out += ch;
        this.i++;
        return;
      case '{':
        this.brace();
        return;
      default: {
        const cp = this.codePointAt(this.i);
        this.literal(cp);
        this.i += cp > 0xffff ? 2 : 1;
      }
    }
  }

  private literal(codePoint: number): void {
    const variants = this.flags.caseInsensitive ? otherCases(codePoint) : [];
    if (variants.length === 0) {
      this.out += literalOutside(codePoint);
      return;
    }
    this.out += '[' + [codePoint, ...variants].map(literalInside).join('') + ']';
  }

  private brace(): void {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
    if (!m) {
      this.out += '\\{';
      this.i++;
      return;
    }
    const min = Number(m[1]);
    const max = m[3] ? Number(m[3]) : min;
    if (min > 1000 || max > 1000 || (m[3] && max < min)) this.fail('invalid repeat count: `' + m[0] + '`');
    this.out += m[0];
    this.i += m[0].length;
  }

  private openGroup(): void {
    const rest = this.src.slice(this.i);
    this.flagStack.push(this.flags);
    const named = /^\(\?P?<([A-Za-z0-9_]*)>/.exec(rest);
    if (named) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(named[1])) this.fail('invalid named capture: `' + named[0] + '`');
      this.out += `(?<${named[1]}>`;
      this.i += named[0].length;
      return;
    }
    if (rest.startsWith('(?:')) {
      this.out += '(?:';
      this.i += 3;
      return;
    }
    if (rest.startsWith('(?')) {
      const m = /^\(\?([a-zA-Z-]*)([:)])/.exec(rest);
      if (!m) this.fail('invalid or unsupported Perl syntax: `' + rest.slice(0, 3) + '`');
      const flags = this.applyFlags(m[1], this.flags);
      if (m[2] === ')') {
        // (?i) changes the flags of the enclosing group from here on.
        this.flagStack.pop();
        this.flags = flags;
      } else {
        this.flags = flags;
        this.out += '(?:';
      }
      this.i += m[0].length;
      return;
    }
    this.out += '(';
    this.i++;
  }

  private applyFlags(spec: string, current: Flags): Flags {
    const next = { ...current };
    let negate = false;
    let sawFlag = false;
    for (const f of spec) {
      if (f === '-') {
        if (negate) this.fail('invalid or unsupported Perl syntax: `(?' + spec + '`');
        negate = true;
        sawFlag = false;
        continue;
      }
      sawFlag = true;
      if (f === 'i') next.caseInsensitive = !negate;
      else if (f === 'm') next.multiLine = !negate;
      else if (f === 's') next.dotAll = !negate;
      else if (f === 'U') this.fail('the ungreedy flag (?U) is not supported');
      else this.fail('invalid or unsupported Perl syntax: `(?' + spec + '`');
    }
    if (negate && !sawFlag) this.fail('invalid or unsupported Perl syntax: `(?' + spec + '`');
    return next;
  }

  /** Reads an escape that denotes one code point; returns null when it is not one. */
  private singleCharEscape(): number | null {
    const next = this.src[this.i + 1];
    const simple: Record<string, number> = { a: 0x07, f: 0x0c, t: 0x09, n: 0x0a, r: 0x0d, v: 0x0b };
    if (next in simple) {
      this.i += 2;
      return simple[next];
    }
    if (next === 'x') {
      const braced = /^\\x\{([0-9a-fA-F]{1,6})\}/.exec(this.src.slice(this.i));
      if (braced) {
        const cp = Number.parseInt(braced[1], 16);
        if (cp > MAX_CODE_POINT) this.fail('invalid escape sequence: `' + braced[0] + '`');
        this.i += braced[0].length;
        return cp;
      }
      const plain = /^\\x([0-9a-fA-F]{2})/.exec(this.src.slice(this.i));
      if (!plain) this.fail('invalid escape sequence: `\\x`');
      this.i += 4;
      return Number.parseInt(plain[1], 16);
    }
    if (next !== undefined && next >= '0' && next <= '7') {
      const m = /^\\([0-7]{1,3})/.exec(this.src.slice(this.i)) as RegExpExecArray;
      // A lone \1-\7 is a back-reference, which RE2 does not have.
      if (next !== '0' && m[1].length === 1) this.fail('invalid escape sequence: `\\' + next + '`');
      this.i += m[0].length;
      return Number.parseInt(m[1], 8);
    }
    if (next !== undefined && /[!-/:-@[-`{-~]/.test(next)) {
      this.i += 2;
      return next.charCodeAt(0);
    }
    return null;
  }

  /** \pL, \p{Greek}, \PL as a JavaScript `u`-mode property escape. */
  private unicodeClass(): string | null {
    const m = /^\\([pP])(?:\{(\^?)([A-Za-z_]+)\}|([A-Za-z]))/.exec(this.src.slice(this.i));
    if (!m) return null;
    const name = m[3] ?? m[4];
    const negated = (m[1] === 'P') !== (m[2] === '^');
    if (!/^[A-Za-z_]+$/.test(name)) this.fail('invalid character class range: `' + m[0] + '`');
    this.i += m[0].length;
    const property = name === 'Any' ? 'Any' : GENERAL_CATEGORY.test(name) ? name : `Script=${name}`;
    return `\\${negated ? 'P' : 'p'}{${property}}`;
  }

  private escapeOutside(): void {
    const next = this.src[this.i + 1];
    if (next === undefined) this.fail('trailing backslash at end of expression');
    switch (next) {
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 'b':
      case 'B':
        this.out += `\\${next}`;
        this.i += 2;
        return;
      case 's':
        this.out += `[${GO_SPACE}]`;
        this.i += 2;
        return;
      case 'S':
        this.out += `[^${GO_SPACE}]`;
        this.i += 2;
        return;
      case 'A':
        this.out += '^';
        this.i += 2;
        return;
      case 'z':
        this.out += '$';
        this.i += 2;
        return;
      case 'Q': {
        const end = this.src.indexOf('\\E', this.i + 2);
        const text = this.src.slice(this.i + 2, end === -1 ? undefined : end);
        for (const ch of text) this.literal(ch.codePointAt(0) ?? 0);
        this.i = end === -1 ? this.src.length : end + 2;
        return;
      }
      case 'p':
      case 'P': {
        const cls = this.unicodeClass();
        if (cls === null) this.fail('invalid character class range: `\\' + next + '`');
        this.out += cls;
        return;
      }
    }
    const cp = this.singleCharEscape();
    if (cp === null) this.fail('invalid escape sequence: `\\' + next + '`');
    this.literal(cp);
  }

  private charClass(): void {
    const start = this.i;
    this.i++;
    let negated = false;
    if (this.src[this.i] === '^') {
      negated = true;
      this.i++;
    }
    const parts: string[] = [];
    let first = true;
    for (;;) {
      if (this.i >= this.src.length) this.fail('missing closing ]: `' + this.src.slice(start) + '`');
      const ch = this.src[this.i];
      if (ch === ']' && !first) {
        this.i++;
        break;
      }
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(this.i));
      if (posix) {
        const ranges = POSIX_CLASSES[posix[2]];
        if (!ranges) this.fail('invalid character class range: `' + posix[0] + '`');
        parts.push(rangesInside(posix[1] ? complement(ranges) : ranges));
        this.i += posix[0].length;
        continue;
      }
      if (ch === '\\') {
        const next = this.src[this.i + 1];
        if (next === 'd' || next === 'D' || next === 'w' || next === 'W') {
          parts.push(`\\${next}`);
          this.i += 2;
          continue;
        }
        if (next === 's') {
          parts.push(GO_SPACE);
          this.i += 2;
          continue;
        }
        if (next === 'S') {
          parts.push(rangesInside(complement([[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]])));
          this.i += 2;
          continue;
        }
        if (next === 'p' || next === 'P') {
          const cls = this.unicodeClass();
          if (cls === null) this.fail('invalid character class range: `\\' + next + '`');
          parts.push(cls);
          continue;
        }
      }
      const lo = this.classChar();
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        const hi = this.classChar();
        if (hi < lo) this.fail('invalid character class range: `' + this.src.slice(start, this.i) + '`');
        parts.push(rangesInside([[lo, hi], ...(this.flags.caseInsensitive ? caseRanges(lo, hi) : [])]));
      } else {
        const variants = this.flags.caseInsensitive ? otherCases(lo) : [];
        parts.push([lo, ...variants].map(literalInside).join(''));
      }
    }
    this.out += `[${negated ? '^' : ''}${parts.join('')}]`;
  }

  private classChar(): number {
    if (this.src[this.i] === '\\') {
      const cp = this.singleCharEscape();
      if (cp === null) this.fail('invalid escape sequence: `\\' + (this.src[this.i + 1] ?? '') + '`');
      return cp;
    }
    const cp = this.codePointAt(this.i);
    this.i += cp > 0xffff ? 2 : 1;
    return cp;
  }
}

/** The JavaScript (`u` flag) source equivalent to a Go regexp. Throws GoRegexError. */
export function translateGoRegex(pattern: string): string {
  if (pattern.length > MAX_REGEX_LENGTH) throw new GoRegexError(`expression too long (over ${MAX_REGEX_LENGTH} characters)`);
  return new Translator(pattern).translate();
}

/**
 * Compiles a Go regexp. `anchored` wraps it as ^(?:...)$ like Prometheus label matchers (and TraceQL); LogQL
 * line filters are unanchored. Throws GoRegexError with a message in Go's words where we can.
 */
export function compileGoRegex(pattern: string, options: { anchored: boolean }): RegExp {
  const source = translateGoRegex(pattern);
  try {
    return new RegExp(options.anchored ? `^(?:${source})$` : source, 'u');
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : 'invalid';
    throw new GoRegexError(`${reason}: \`${pattern}\``);
  }
}
