// The hourly `reconcile-stock` batch job of inventory: when it runs. Its trace is built by batch-trace.ts; its CPU
// shows in inventory's profile and process_cpu_seconds_total during the same window.
import { hash2, stringKey, unit } from './random';
import { HOUR_MS, MINUTE_MS, SECOND_MS, floorTo } from './time';

const JOB_SALT = stringKey('reconcile-stock');

export const DEFAULT_BATCH_SPANS = 20_000;

export interface JobWindow {
  hourStartMs: number;
  startMs: number;
  durationMs: number;
}

/** The job of the hour containing timeMs: starts 5 min past the hour (+0-30 s), runs ~18-26 s per 20,000 spans. */
export function reconcileWindow(seed: number, timeMs: number, spanCount = DEFAULT_BATCH_SPANS): JobWindow {
  const hourStartMs = floorTo(timeMs, HOUR_MS);
  const h = hash2(seed ^ JOB_SALT, hourStartMs / HOUR_MS);
  const startMs = hourStartMs + 5 * MINUTE_MS + Math.floor(unit(h) * 30 * SECOND_MS);
  const baseDurationMs = 18 * SECOND_MS + Math.floor(unit(hash2(h, 2)) * 8 * SECOND_MS);
  return { hourStartMs, startMs, durationMs: Math.round((baseDurationMs * spanCount) / DEFAULT_BATCH_SPANS) };
}

/** Share of the minute [minuteStartMs, +1 min) during which the hour's default job runs. */
export function reconcileShareOfMinute(seed: number, minuteStartMs: number): number {
  const job = reconcileWindow(seed, minuteStartMs);
  const from = Math.max(job.startMs, minuteStartMs);
  const to = Math.min(job.startMs + job.durationMs, minuteStartMs + MINUTE_MS);
  return to > from ? (to - from) / MINUTE_MS : 0;
}
