// JSON log lines as a Go service using zap (production config, ISO8601 time) writes them, with the OTel trace
// context added by the logging middleware: {"level","ts","caller","msg","service","trace_id","span_id",...fields}.
// Lines without trace context omit trace_id/span_id entirely (so "share of lines with a trace id" is meaningful).
import type { FieldValue, LogLevel } from '../request-model';
import type { ServiceName } from '../topology';

export interface LogRecord {
  /** Time as whole epoch milliseconds plus the nanoseconds within that millisecond: numbers are far cheaper than
   * bigints, and lines are built by the thousand. */
  timeMs: number;
  subMsNs: number;
  service: ServiceName;
  level: LogLevel;
  caller: string;
  msg: string;
  traceId?: string;
  spanId?: string;
  fields: Record<string, FieldValue>;
}

let lastSecond = Number.NaN;
let lastSecondText = '';

/** RFC 3339 UTC with microseconds, e.g. 2026-11-21T10:04:05.123456Z. */
export function isoMicros(timeMs: number, subMsNs: number): string {
  const second = Math.floor(timeMs / 1000);
  // Lines are formatted in time order: the date part changes once per second.
  if (second !== lastSecond) {
    lastSecond = second;
    lastSecondText = new Date(second * 1000).toISOString().slice(0, 19);
  }
  const micros = (timeMs - second * 1000) * 1000 + Math.floor(subMsNs / 1000);
  return `${lastSecondText}.${String(micros).padStart(6, '0')}Z`;
}

/** A record's time at an offset (ns, an exact integer) from a whole millisecond. */
export function timeAt(baseMs: number, offsetNs: number): { timeMs: number; subMsNs: number } {
  const wholeMs = Math.floor(offsetNs / 1e6);
  return { timeMs: baseMs + wholeMs, subMsNs: offsetNs - wholeMs * 1e6 };
}

export function recordTimeNs(record: { timeMs: number; subMsNs: number }): bigint {
  return BigInt(record.timeMs) * 1_000_000n + BigInt(record.subMsNs);
}

export function compareRecords(a: LogRecord, b: LogRecord): number {
  return a.timeMs - b.timeMs || a.subMsNs - b.subMsNs;
}

// The vocabulary of callers, messages and field names is small: quote each once.
const quoted = new Map<string, string>();
function quote(s: string): string {
  let q = quoted.get(s);
  if (q === undefined) {
    q = JSON.stringify(s);
    if (quoted.size < 10_000) quoted.set(s, q);
  }
  return q;
}

function fieldJson(value: FieldValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
  return value ? 'true' : 'false';
}

export function formatLine(record: LogRecord): string {
  let line = `{"level":"${record.level}","ts":"${isoMicros(record.timeMs, record.subMsNs)}","caller":${quote(record.caller)},"msg":${quote(record.msg)},"service":"${record.service}"`;
  if (record.traceId) line += `,"trace_id":"${record.traceId}","span_id":"${record.spanId ?? ''}"`;
  for (const key of Object.keys(record.fields)) line += `,${quote(key)}:${fieldJson(record.fields[key])}`;
  line += '}';
  // Concatenation builds a rope (~2x the memory of the text); reading a character makes V8 flatten it, and cached
  // hours of lines then cost about their length.
  line.charCodeAt(0);
  return line;
}
