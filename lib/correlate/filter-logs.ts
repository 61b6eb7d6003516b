// Filters placed log lines for the log panel. Pure; the text filter is case-insensitive and literal.
import type { TimelineLogLine } from './place-logs';

export interface LogFilter {
  /** Only lines placed on these spans (null: all lines), e.g. the selected span and its descendants. */
  spanIds: ReadonlySet<string> | null;
  text: string;
}

export function filterLogLines(lines: readonly TimelineLogLine[], filter: LogFilter): TimelineLogLine[] {
  const needle = filter.text.trim().toLowerCase();
  const spans = filter.spanIds;
  if (!spans && !needle) return lines as TimelineLogLine[];
  return lines.filter(
    (line) => (!spans || (line.spanId !== null && spans.has(line.spanId))) && (!needle || line.line.toLowerCase().includes(needle)),
  );
}

export interface LogLineSummary {
  /** The line's message (`msg`, `message`...), or the raw line when it has none. */
  message: string;
  /** The remaining fields as `key=value`, without the ones every line repeats (time, level, ids). */
  fields: string;
}

const MESSAGE_KEYS = ['msg', 'message', 'body', 'log'];
/** Shown elsewhere in the row (time, level, span) or the same on every line of a trace. */
const HIDDEN_KEYS = new Set(['ts', 'time', 'timestamp', '@timestamp', 'level', 'lvl', 'severity', 'trace_id', 'traceid', 'traceID', 'traceId', 'span_id', 'spanid', 'spanID', 'spanId']);
const LOGFMT_PAIR = /([^\s=]+)=("(?:[^"\\]|\\.)*"|\S*)/g;

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /[\s"]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

function summarise(entries: [string, unknown][], raw: string): LogLineSummary {
  const messageEntry = entries.find(([key]) => MESSAGE_KEYS.includes(key));
  const rest = entries.filter(([key]) => key !== messageEntry?.[0] && !HIDDEN_KEYS.has(key));
  const message = messageEntry ? (typeof messageEntry[1] === 'string' ? messageEntry[1] : JSON.stringify(messageEntry[1])) : raw;
  return { message, fields: messageEntry ? rest.map(([key, value]) => `${key}=${fieldText(value)}`).join(' ') : '' };
}

/** Message first, then the interesting fields: JSON and logfmt lines read like sentences. O(line length). */
export function summariseLogLine(line: string): LogLineSummary {
  const text = line.trim();
  if (text.startsWith('{') && text.endsWith('}')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return summarise(Object.entries(parsed), line);
    } catch {
      // Not JSON after all: shown as it is.
    }
  }
  const pairs: [string, unknown][] = [];
  LOGFMT_PAIR.lastIndex = 0;
  for (let m = LOGFMT_PAIR.exec(text); m !== null; m = LOGFMT_PAIR.exec(text)) {
    const value = m[2].startsWith('"') ? safeJsonString(m[2]) : m[2];
    pairs.push([m[1], value]);
  }
  // Only call it logfmt when the line is made of pairs (a sentence with one "a=b" in it is prose).
  const pairChars = pairs.reduce((n, [key, value]) => n + key.length + String(value).length + 1, 0);
  if (pairs.length >= 2 && pairChars >= text.replace(/\s+/g, '').length * 0.8) return summarise(pairs, line);
  return { message: line, fields: '' };
}

function safeJsonString(quoted: string): string {
  try {
    const value: unknown = JSON.parse(quoted);
    return typeof value === 'string' ? value : quoted.slice(1, -1);
  } catch {
    return quoted.slice(1, -1);
  }
}
