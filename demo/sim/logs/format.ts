// JSON log lines as a Go service using zap (production config, ISO8601 time) writes them, with the OTel trace
// context added by the logging middleware: {"level","ts","caller","msg","service","trace_id","span_id",...fields}.
// Lines without trace context omit trace_id/span_id entirely (so "share of lines with a trace id" is meaningful).
import type { FieldValue, LogLevel } from '../request-model';
import type { ServiceName } from '../topology';

export interface LogRecord {
  timeNs: bigint;
  service: ServiceName;
  level: LogLevel;
  caller: string;
  msg: string;
  traceId?: string;
  spanId?: string;
  fields: Record<string, FieldValue>;
}

const NS_PER_MS = 1_000_000n;

let lastSecond = Number.NaN;
let lastSecondText = '';

/** RFC 3339 UTC with microseconds, e.g. 2026-11-21T10:04:05.123456Z. */
export function isoMicros(timeNs: bigint): string {
  const ms = Number(timeNs / NS_PER_MS);
  const second = Math.floor(ms / 1000);
  // Lines are formatted in time order: the date part changes once per second.
  if (second !== lastSecond) {
    lastSecond = second;
    lastSecondText = new Date(second * 1000).toISOString().slice(0, 19);
  }
  const micros = Number((timeNs / 1000n) % 1_000_000n);
  return `${lastSecondText}.${String(micros).padStart(6, '0')}Z`;
}

function fieldJson(value: FieldValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
  return value ? 'true' : 'false';
}

export function formatLine(record: LogRecord): string {
  let line = `{"level":"${record.level}","ts":"${isoMicros(record.timeNs)}","caller":${JSON.stringify(record.caller)},"msg":${JSON.stringify(record.msg)},"service":"${record.service}"`;
  if (record.traceId) line += `,"trace_id":"${record.traceId}","span_id":"${record.spanId ?? ''}"`;
  for (const key of Object.keys(record.fields)) line += `,${JSON.stringify(key)}:${fieldJson(record.fields[key])}`;
  line += '}';
  // Concatenation builds a rope (~2x the memory of the text); reading a character makes V8 flatten it, and cached
  // hours of lines then cost about their length.
  line.charCodeAt(0);
  return line;
}
