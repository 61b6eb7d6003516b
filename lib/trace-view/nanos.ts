// Exact arithmetic on epoch-nanosecond decimal strings without BigInt in hot loops.
// A string like "1795303875123456789" does not fit a double; its seconds and nanoseconds parts do.

export interface SplitNanos {
  /** Whole seconds since the epoch. */
  sec: number;
  /** Nanoseconds within the second, 0..999_999_999. */
  nano: number;
}

const DIGITS = /^\d{1,30}$/;

/** Split an epoch-ns decimal string; null when it is not a plain non-negative integer. */
export function splitNanos(value: string): SplitNanos | null {
  if (!DIGITS.test(value)) return null;
  const cut = value.length - 9;
  if (cut <= 0) return { sec: 0, nano: Number(value) };
  return { sec: Number(value.slice(0, cut)), nano: Number(value.slice(cut)) };
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
