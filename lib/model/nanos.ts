// Exact arithmetic on epoch-nanosecond decimal strings (the wire form of Loki, Tempo and OTLP times) without
// BigInt in hot loops. A string like "1795303875123456789" does not fit a double; its seconds and nanoseconds
// parts do.

/** Epoch ns (decimal string) -> epoch ms with its sub-ms fraction, exact to the nanosecond. */
export function nanosToMs(ns: string): number {
  const digits = ns.padStart(7, '0');
  return Number(digits.slice(0, -6)) + Number(digits.slice(-6)) / 1e6;
}

/** Drops leading zeros, so that numeric order is length-then-lexicographic order ("0" stays "0"). */
export function canonicalNanos(ns: string): string {
  const stripped = ns.replace(/^0+/, '');
  return stripped === '' ? '0' : stripped;
}

/** Compares two canonical decimal strings (see canonicalNanos) numerically, exactly. */
export function compareCanonicalNanos(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface SplitNanos {
  /** Whole seconds since the epoch. */
  sec: number;
  /** Nanoseconds within the second, 0..999_999_999. */
  nano: number;
}

/**
 * Split an epoch-ns decimal string; null when it is not a plain non-negative integer of at most 30 digits.
 * A character loop: no RegExp, no substrings (this runs once per span of 100k-span traces).
 */
export function splitNanos(value: string): SplitNanos | null {
  const len = value.length;
  if (len === 0 || len > 30) return null;
  const cut = len - 9;
  let sec = 0;
  let nano = 0;
  for (let i = 0; i < len; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    if (i < cut) sec = sec * 10 + d;
    else nano = nano * 10 + d;
  }
  return { sec, nano };
}

/** a - b in nanoseconds, exact while the difference stays under ~104 days. */
export function diffNanos(a: SplitNanos, b: SplitNanos): number {
  return (a.sec - b.sec) * 1e9 + (a.nano - b.nano);
}

/** Split from epoch milliseconds, for spans whose exact string is malformed. */
export function splitFromMs(ms: number): SplitNanos {
  const sec = Math.floor(ms / 1000);
  return { sec, nano: Math.round((ms - sec * 1000) * 1e6) };
}

/** Compare two split instants (negative when a is earlier). */
export function compareNanos(a: SplitNanos, b: SplitNanos): number {
  return a.sec !== b.sec ? a.sec - b.sec : a.nano - b.nano;
}
