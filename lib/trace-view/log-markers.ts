// Log lines drawn as dots on their span's bar. A span with thousands of lines would put thousands of dots
// in one row, so beyond a limit the axis is cut into buckets and each bucket keeps one dot: its most
// severe level and how many lines it stands for. O(markers).

/** A log line placed on a span (the investigation view builds these from lib/correlate). */
export interface LogMarker {
  timeMs: number;
  /** 'error' | 'warn' | 'info' | 'debug' | 'unknown' (LogLevel of lib/correlate/place-logs). */
  level: string;
}

export interface LogDot {
  /** Position on the trace axis, 0..1 (clamped). */
  fraction: number;
  level: string;
  /** Lines this dot stands for. */
  count: number;
}

const SEVERITY: Record<string, number> = { error: 4, warn: 3, info: 2, debug: 1 };
const severity = (level: string): number => SEVERITY[level] ?? 0;

export function logDots(
  markers: readonly LogMarker[],
  traceStartMs: number,
  traceDurationUs: number,
  maxDots = 48,
): LogDot[] {
  const spanMs = traceDurationUs / 1000;
  const fractionOf = (timeMs: number): number => (spanMs > 0 ? Math.min(1, Math.max(0, (timeMs - traceStartMs) / spanMs)) : 0);
  if (markers.length <= maxDots) return markers.map((m) => ({ fraction: fractionOf(m.timeMs), level: m.level, count: 1 }));
  const buckets: (LogDot | undefined)[] = new Array<LogDot | undefined>(maxDots);
  for (const m of markers) {
    const f = fractionOf(m.timeMs);
    const b = Math.min(maxDots - 1, Math.floor(f * maxDots));
    const dot = buckets[b];
    if (!dot) buckets[b] = { fraction: (b + 0.5) / maxDots, level: m.level, count: 1 };
    else {
      dot.count++;
      if (severity(m.level) > severity(dot.level)) dot.level = m.level;
    }
  }
  return buckets.filter((d): d is LogDot => d !== undefined);
}
