// The time windows of the investigation: how much to show around an alert, and around an exemplar when its
// trace opens. Links carry these as absolute epoch milliseconds, so they keep showing the same moment.
import { HOUR_MS, MINUTE_MS } from '../../time-range';

export interface WindowMs {
  fromMs: number;
  toMs: number;
}

export const MIN_ALERT_PAD_MS = 15 * MINUTE_MS;
export const MAX_ALERT_PAD_MS = 6 * HOUR_MS;
/** Half the width of the window a trace opens with from an exemplar or a search hit. */
export const TRACE_PAD_MS = 15 * MINUTE_MS;

function floorTo(ms: number, unitMs: number): number {
  return Math.floor(ms / unitMs) * unitMs;
}

function ceilTo(ms: number, unitMs: number): number {
  return Math.ceil(ms / unitMs) * unitMs;
}

/**
 * The window around an alert that fired from startMs until endMs (null: still firing): half its duration on
 * each side, at least 15 minutes (so the calm before it shows) and at most 6 hours, never past now, on whole
 * minutes (the same alert always gets the same window, and so the same queries).
 */
export function alertWindow(startMs: number, endMs: number | null, nowMs: number): WindowMs {
  if (!Number.isFinite(startMs) || !Number.isFinite(nowMs) || (endMs !== null && !Number.isFinite(endMs))) {
    throw new RangeError('alertWindow needs finite times');
  }
  const end = Math.max(startMs, endMs ?? nowMs);
  const padMs = Math.min(MAX_ALERT_PAD_MS, Math.max(MIN_ALERT_PAD_MS, (end - startMs) / 2));
  const nowCeil = ceilTo(nowMs, MINUTE_MS);
  const fromMs = floorTo(startMs - padMs, MINUTE_MS);
  const toMs = endMs === null ? nowCeil : Math.min(nowCeil, ceilTo(end + padMs, MINUTE_MS));
  // An alert "starting" in the future (clock skew between servers) still gets a valid window.
  return toMs > fromMs ? { fromMs, toMs } : { fromMs, toMs: fromMs + 2 * MIN_ALERT_PAD_MS };
}

/** The window a trace opens with: TRACE_PAD_MS either side of an instant (an exemplar, a trace's start), whole seconds. */
export function traceWindow(atMs: number, durationMs = 0): WindowMs {
  if (!Number.isFinite(atMs) || !Number.isFinite(durationMs)) throw new RangeError('traceWindow needs finite times');
  return { fromMs: floorTo(atMs - TRACE_PAD_MS, 1000), toMs: ceilTo(atMs + Math.max(0, durationMs) + TRACE_PAD_MS, 1000) };
}

/** The trace view's address for a trace seen at atMs (the view itself owns the rest of its URL). */
export function traceHref(traceId: string, atMs: number, durationMs = 0): string {
  const window = traceWindow(atMs, durationMs);
  const params = new URLSearchParams({ from: String(window.fromMs), to: String(window.toMs) });
  return `/trace/${encodeURIComponent(traceId)}?${params.toString()}`;
}
