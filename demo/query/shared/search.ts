// Binary search over ascending numbers (typed arrays or plain ones).

/** First position in an ascending array whose value is >= target (the length when there is none). */
export function firstAtOrAfter(values: ArrayLike<number>, target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
