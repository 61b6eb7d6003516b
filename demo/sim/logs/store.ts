// The LogStore: Loki streams {service_name, service, level, env, job} of JSON lines. Lines are built per hour
// (memoised, bounded) from the sampled requests, the hourly batch job and background loops. A query whose
// `lineContains` hint names one of our trace ids only builds that trace's lines.
import type { LabelMatcher, Labels, LogEntry, LogStore, LogStream } from '../../query/types';
import { spanCountOfIndex, type BatchPlans } from '../batch-trace';
import type { FleetMinutes } from '../fleet-minutes';
import { DEFAULT_BATCH_SPANS } from '../jobs';
import { Lru } from '../lru';
import { compileMatchers } from '../matchers';
import type { GaugeModel } from '../metrics/gauges';
import type { LogLevel } from '../request-model';
import { HOUR_MS, RETENTION_MS, SECOND_MS, floorTo } from '../time';
import { decodeTraceId } from '../trace-ids';
import type { TraceSampler } from '../traces';
import { ENVIRONMENT, SERVICES, jobOf, type ServiceName } from '../topology';
import { compareRecords, formatLine, recordTimeNs, type LogRecord } from './format';
import { backgroundRecords, batchRecords, requestRecords } from './records';

export const LOG_LEVELS: readonly LogLevel[] = ['info', 'warn', 'error'];

/** Longest request: lines of requests started up to this long before an hour can fall in it. */
const MAX_REQUEST_MS = 60 * SECOND_MS;

interface StreamChunk {
  /** Entry times: whole epoch ms and ns within the ms (see LogRecord). */
  timeMs: Float64Array;
  subMsNs: Int32Array;
  lines: string[];
}

/**
 * One hour of log records (timestamps in [hour, hour + 1 h)), per stream key "service|level". A stream's lines are
 * formatted the first time it is read (a one-service query formats only that service's lines).
 */
type HourLogs = Map<string, { records: LogRecord[] | null; chunk: StreamChunk | null }>;

function chunkOf(entry: { records: LogRecord[] | null; chunk: StreamChunk | null }): StreamChunk {
  if (!entry.chunk) {
    const list = entry.records ?? [];
    entry.chunk = {
      timeMs: Float64Array.from(list, (r) => r.timeMs),
      subMsNs: Int32Array.from(list, (r) => r.subMsNs),
      lines: list.map(formatLine),
    };
    entry.records = null;
  }
  return entry.chunk;
}

function streamLabels(service: ServiceName, level: LogLevel): Labels {
  return { service_name: service, service, level, env: ENVIRONMENT, job: jobOf(service) };
}

const STREAMS: { key: string; service: ServiceName; level: LogLevel; labels: Labels }[] = SERVICES.flatMap((service) =>
  LOG_LEVELS.map((level) => ({ key: `${service}|${level}`, service, level, labels: streamLabels(service, level) })),
);

const HEX32_RUN = /[0-9a-f]{32}/;

/** First index whose time is >= (ms, sub). */
function lowerBound(chunk: StreamChunk, ms: number, sub: number): number {
  let lo = 0;
  let hi = chunk.timeMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (chunk.timeMs[mid] < ms || (chunk.timeMs[mid] === ms && chunk.subMsNs[mid] < sub)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function splitNs(ns: bigint): { ms: number; sub: number } {
  return { ms: Number(ns / 1_000_000n), sub: Number(ns % 1_000_000n) };
}

export class FleetLogStore implements LogStore {
  private readonly hours = new Lru<number, HourLogs>(26);

  constructor(
    private readonly seed: number,
    private readonly now: () => number,
    private readonly sampler: TraceSampler,
    private readonly minutes: FleetMinutes,
    private readonly gauges: GaugeModel,
    private readonly batches: BatchPlans,
  ) {}

  private window(startNs: bigint, endNs: bigint): { fromNs: bigint; toNs: bigint } | null {
    const now = BigInt(Math.floor(this.now())) * 1_000_000n;
    const low = now - BigInt(RETENTION_MS) * 1_000_000n;
    const fromNs = startNs > low ? startNs : low;
    const toNs = endNs < now + 1n ? endNs : now + 1n; // entries at `now` exist: [from, now]
    return toNs > fromNs ? { fromNs, toNs } : null;
  }

  select(matchers: LabelMatcher[], startNs: bigint, endNs: bigint, hint?: { lineContains?: string[] }): LogStream[] {
    const window = this.window(startNs, endNs);
    if (!window) return [];
    const predicate = compileMatchers(matchers);
    const streams = STREAMS.filter((s) => predicate(s.labels));
    if (streams.length === 0) return [];
    const needles = (hint?.lineContains ?? []).filter((s) => s.length > 0);
    const traceHint = needles.map((s) => HEX32_RUN.exec(s)?.[0]).find((s) => s !== undefined);
    const keep = (line: string) => needles.every((n) => line.includes(n));
    const byStream = new Map<string, LogEntry[]>();
    const push = (key: string, timestampNs: bigint, line: string) => {
      if (timestampNs < window.fromNs || timestampNs >= window.toNs || !keep(line)) return;
      let list = byStream.get(key);
      if (!list) {
        list = [];
        byStream.set(key, list);
      }
      list.push({ timestampNs, line });
    };
    const wanted = new Set(streams.map((s) => s.key));
    if (traceHint !== undefined) {
      for (const record of this.traceRecords(traceHint)) {
        const key = `${record.service}|${record.level}`;
        if (wanted.has(key)) push(key, recordTimeNs(record), formatLine(record));
      }
    } else {
      const lo = splitNs(window.fromNs);
      const hi = splitNs(window.toNs);
      for (let hour = floorTo(lo.ms, HOUR_MS); hour <= hi.ms; hour += HOUR_MS) {
        const logs = this.hour(hour);
        for (const stream of streams) {
          const entry = logs.get(stream.key);
          if (!entry) continue;
          const chunk = chunkOf(entry);
          const last = lowerBound(chunk, hi.ms, hi.sub);
          for (let i = lowerBound(chunk, lo.ms, lo.sub); i < last; i++) {
            push(stream.key, BigInt(chunk.timeMs[i]) * 1_000_000n + BigInt(chunk.subMsNs[i]), chunk.lines[i]);
          }
        }
      }
    }
    const out: LogStream[] = [];
    for (const stream of streams) {
      const entries = byStream.get(stream.key);
      if (entries && entries.length > 0) {
        entries.sort((a, b) => (a.timestampNs < b.timestampNs ? -1 : a.timestampNs > b.timestampNs ? 1 : 0));
        out.push({ labels: { ...stream.labels }, entries });
      }
    }
    return out;
  }

  labelNames(startNs: bigint, endNs: bigint): string[] {
    return this.window(startNs, endNs) ? Object.keys(STREAMS[0].labels).sort() : [];
  }

  labelValues(name: string, startNs: bigint, endNs: bigint): string[] {
    if (!this.window(startNs, endNs)) return [];
    const values = new Set<string>();
    for (const s of STREAMS) if (s.labels[name] !== undefined) values.add(s.labels[name]);
    return [...values].sort();
  }

  /** Build the hour's lines ahead of a query (the stack's background warm-up). */
  warmHour(hourStartMs: number): void {
    this.hour(floorTo(hourStartMs, HOUR_MS));
  }

  /** Records of one trace (a sampled request or the hour's default batch job); none for foreign ids. */
  private traceRecords(traceId: string): LogRecord[] {
    const slot = decodeTraceId(this.seed, traceId);
    if (!slot) return [];
    if (slot.index <= 2) {
      const req = this.sampler.request(slot.slot, slot.index, true);
      return req ? requestRecords(this.seed, req) : [];
    }
    if (spanCountOfIndex(slot.index) !== DEFAULT_BATCH_SPANS) return []; // only the scheduled job writes logs
    return batchRecords(this.seed, this.batches.get(slot.slot * SECOND_MS, DEFAULT_BATCH_SPANS));
  }

  private hour(hourStartMs: number): HourLogs {
    return this.hours.getOrCompute(hourStartMs, () => {
      const endMs = hourStartMs + HOUR_MS;
      const inHour = (r: LogRecord) => r.timeMs >= hourStartMs && r.timeMs < endMs;
      const records: LogRecord[] = [];
      for (const req of this.sampler.requestsBetween(hourStartMs - MAX_REQUEST_MS, endMs, true)) {
        for (const r of requestRecords(this.seed, req)) if (inHour(r)) records.push(r);
      }
      for (const r of batchRecords(this.seed, this.batches.get(hourStartMs))) if (inHour(r)) records.push(r);
      for (const service of SERVICES) {
        for (const r of backgroundRecords(this.seed, service, hourStartMs, endMs, this.minutes, this.gauges)) if (inHour(r)) records.push(r);
      }
      records.sort(compareRecords);
      const grouped = new Map<string, LogRecord[]>();
      for (const r of records) {
        const key = `${r.service}|${r.level}`;
        let list = grouped.get(key);
        if (!list) {
          list = [];
          grouped.set(key, list);
        }
        list.push(r);
      }
      const out: HourLogs = new Map();
      for (const [key, list] of grouped) out.set(key, { records: list, chunk: null });
      return out;
    });
  }
}
