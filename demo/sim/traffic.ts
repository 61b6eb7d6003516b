// The traffic model: request rates of the entry routes, per minute, as a smooth daily/weekly shape times a
// hash-noise factor. Rates are constant within a minute, so counters are exact piecewise-linear integrals.
import { hash3, normalFromHashes, stringKey } from './random';
import { DAY_MS, MINUTE_MS } from './time';
import { ENTRY_ROUTES } from './topology';

const WEEK_MS = 7 * DAY_MS;
const TRAFFIC_SALT = stringKey('traffic');
const LATENCY_SALT = stringKey('latency-scale');

/** Daily and weekly load shape, mean ~1: a low around 03:00 UTC, a peak around 15:00 UTC, busier mid-week. */
export function loadShape(timeMs: number): number {
  const dayPhase = (timeMs % DAY_MS) / DAY_MS;
  const weekPhase = (timeMs % WEEK_MS) / WEEK_MS;
  return (
    (1 + 0.45 * Math.sin(2 * Math.PI * (dayPhase - 0.375)) + 0.08 * Math.sin(4 * Math.PI * (dayPhase - 0.1))) *
    (1 + 0.06 * Math.sin(2 * Math.PI * weekPhase))
  );
}

/** Requests per second of entry route `entryIndex` during the minute starting at minuteStartMs. */
export function entryRatePerSec(seed: number, entryIndex: number, minuteStartMs: number): number {
  const minute = Math.floor(minuteStartMs / MINUTE_MS);
  const key = seed ^ TRAFFIC_SALT;
  const noise = normalFromHashes(hash3(key, entryIndex, minute), hash3(key, entryIndex + 101, minute), hash3(key, entryIndex + 202, minute));
  return ENTRY_ROUTES[entryIndex].baseRatePerSec * loadShape(minuteStartMs + MINUTE_MS / 2) * (1 + 0.06 * noise);
}

/**
 * Fleet-wide latency factor of a minute: busier means slower (0.9 at the daily low, ~1.1 at the peak) with a little
 * noise. Every span duration of a trace started in that minute is scaled by it, and so is the latency histogram.
 */
export function latencyScale(seed: number, minuteStartMs: number): number {
  const minute = Math.floor(minuteStartMs / MINUTE_MS);
  const key = seed ^ LATENCY_SALT;
  const noise = normalFromHashes(hash3(key, 1, minute), hash3(key, 2, minute), hash3(key, 3, minute));
  const load = (loadShape(minuteStartMs + MINUTE_MS / 2) - 0.45) / 1.1; // ~0..1
  const scale = 0.9 + 0.2 * Math.min(1, Math.max(0, load)) + 0.025 * noise;
  // Quantised to 1/512 so that histogram bucket shares can be memoised per distinct factor (route-stats.ts).
  return Math.round(scale * LATENCY_SCALE_STEPS) / LATENCY_SCALE_STEPS;
}

export const LATENCY_SCALE_STEPS = 512;
