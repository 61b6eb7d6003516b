// Prometheus durations ("5m", "1h30m", "30d") <-> milliseconds. SLO windows, burn-rate windows and rule labels
// are written in this form; reading them through one parser keeps "1d" and "24h" the same window.
// Grammar: https://prometheus.io/docs/prometheus/latest/querying/basics/#time-durations

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: MINUTE_MS, h: HOUR_MS, d: DAY_MS, w: 7 * DAY_MS, y: 365 * DAY_MS };
// Units must come largest first and at most once each, as Prometheus requires ("1h30m", not "30m1h").
const UNIT_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
const DURATION = /^(?:\d+(?:y|w|d|h|ms|m|s))+$/;
const PART = /(\d+)(y|w|d|h|ms|m|s)/g;

/** "1h30m" -> 5_400_000; null when the text is not a Prometheus duration or is zero. */
export function parseDurationMs(text: string): number | null {
  const trimmed = text.trim();
  if (!DURATION.test(trimmed)) return null;
  let total = 0;
  let lastUnit = -1;
  for (const [, digits, unit] of trimmed.matchAll(PART)) {
    const order = UNIT_ORDER.indexOf(unit);
    if (order <= lastUnit) return null;
    lastUnit = order;
    total += Number(digits) * UNIT_MS[unit];
  }
  return Number.isSafeInteger(total) && total > 0 ? total : null;
}

/**
 * Milliseconds -> the shortest Prometheus duration: 300_000 -> "5m", 86_400_000 -> "1d", 5_400_000 -> "1h30m".
 * Weeks and years are not used (a "4w" window reads worse than "28d"). Throws for a non-positive or fractional ms.
 */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms <= 0) throw new RangeError(`Not a positive whole number of milliseconds: ${ms}`);
  let rest = ms;
  let out = '';
  for (const unit of ['d', 'h', 'm', 's', 'ms']) {
    const size = UNIT_MS[unit];
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}

/** A duration for people: "5 minutes", "1 hour", "30 days", "1.5 hours". */
export function describeDuration(ms: number): string {
  const units: [number, string][] = [
    [DAY_MS, 'day'],
    [HOUR_MS, 'hour'],
    [MINUTE_MS, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, name] of units) {
    if (ms >= size) {
      const count = Number((ms / size).toFixed(1));
      return `${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return `${ms} ms`;
}
