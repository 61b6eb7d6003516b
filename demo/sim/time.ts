// Time constants and grid helpers shared by every signal.

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Prometheus scrape interval of the simulated fleet. */
export const SCRAPE_INTERVAL_MS = 15 * SECOND_MS;
/** Pyroscope upload interval: profiles are aggregated per 10 s. */
export const PROFILE_INTERVAL_MS = 10 * SECOND_MS;
/** Data exists for this long before `now`. */
export const RETENTION_MS = 35 * DAY_MS;

/**
 * The schedules (incidents, deploys) are anchored here, so the state at any moment is computable without history.
 * 2024-01-01T00:00:00Z.
 */
export const SCHEDULE_EPOCH_MS = Date.UTC(2024, 0, 1);

export const NS_PER_MS = 1_000_000n;

export function floorTo(valueMs: number, stepMs: number): number {
  return Math.floor(valueMs / stepMs) * stepMs;
}

export function ceilTo(valueMs: number, stepMs: number): number {
  return Math.ceil(valueMs / stepMs) * stepMs;
}

/** Milliseconds (possibly fractional) from a nanosecond bigint, without losing the integer part. */
export function nsToMs(ns: bigint): number {
  return Number(ns / NS_PER_MS) + Number(ns % NS_PER_MS) / 1e6;
}

export function msToNs(ms: number): bigint {
  const whole = Math.floor(ms);
  return BigInt(whole) * NS_PER_MS + BigInt(Math.round((ms - whole) * 1e6));
}

/** The window [fromMs, toMs) clamped to [lowMs, highMs]; null when empty. */
export function clampWindow(fromMs: number, toMs: number, lowMs: number, highMs: number): { fromMs: number; toMs: number } | null {
  const a = Math.max(fromMs, lowMs);
  const b = Math.min(toMs, highMs);
  return b > a ? { fromMs: a, toMs: b } : null;
}
