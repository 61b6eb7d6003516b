// Points of the duration scatter: x = trace start, y = duration, one series per error state so the legend
// and colours say which traces hold an error span. Pure; keeps each row's index for the click-through.
import type { SearchTraceRow } from './load-search';

export interface ScatterPoint {
  startMs: number;
  durationMs: number;
  /** Index of the row in the results, for the click that opens the trace. */
  index: number;
}

export interface ScatterSeries {
  error: ScatterPoint[];
  ok: ScatterPoint[];
  /** Error state unknown (the error search failed). */
  unknown: ScatterPoint[];
}

export function scatterSeries(rows: readonly SearchTraceRow[]): ScatterSeries {
  const out: ScatterSeries = { error: [], ok: [], unknown: [] };
  rows.forEach((row, index) => {
    const point = { startMs: row.startMs, durationMs: row.durationMs, index };
    if (row.error === true) out.error.push(point);
    else if (row.error === false) out.ok.push(point);
    else out.unknown.push(point);
  });
  return out;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML tooltip: span names and service names come from instrumented code, never trusted markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/** The smallest 1, 2, 2.5 or 5 times a power of ten at or above `value`: a y-axis top that reads well. */
export function niceCeil(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value * (1 - 1e-12)) return step * power;
  return 10 * power;
}
