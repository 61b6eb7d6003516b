// Filters placed log lines for the log panel. Pure; the text filter is case-insensitive and literal.
import type { TimelineLogLine } from './place-logs';

export interface LogFilter {
  /** Only lines placed on this span (null: all lines). */
  spanId: string | null;
  text: string;
}

export function filterLogLines(lines: readonly TimelineLogLine[], filter: LogFilter): TimelineLogLine[] {
  const needle = filter.text.trim().toLowerCase();
  if (!filter.spanId && !needle) return lines as TimelineLogLine[];
  return lines.filter(
    (line) => (!filter.spanId || line.spanId === filter.spanId) && (!needle || line.line.toLowerCase().includes(needle)),
  );
}
