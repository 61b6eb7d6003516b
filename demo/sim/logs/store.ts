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
import { formatLine, type LogRecord } from './format';
import { backgroundRecords, batchRecords, requestRecords } from './records';

export const LOG_LEVELS: readonly LogLevel[] = ['info', 'warn', 'error'];

/** Longest request: lines of requests started up to this long before an hour can fall in it. */
const MAX_REQUEST_MS = 60 * SECOND_MS;

interface StreamChunk {
  timestampsNs: BigInt64Array;
  lines: string[];
}

/** One hour of lines (timestamps in [hour, hour + 1 h)), per stream key "service|level". */
type HourLogs = Map<string, StreamChunk>;

function streamLabels(service: ServiceName, level: LogLevel): Labels {
  return { service_name: service, service, level, env: ENVIRONMENT, job: jobOf(service) };
}

const STREAMS: { key: string; service: ServiceName; level: LogLevel; labels: Labels }[] = SERVICES.flatMap((service) =>
  LOG_LEVELS.map((level) => ({ key: `${service}|${level}`, service, level, labels: streamLabels(service, level) })),
);

const HEX32_RUN = /[0-9a-f]{32}/;

function lowerBound(ts: BigInt64Array, value: bigint): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
        if (wanted.has(key)) push(key, record.timeNs, formatLine(record));
      }
    } else {
      const fromMs = Number(window.fromNs / 1_000_000n);
      const toMs = Number((window.toNs - 1n) / 1_000_000n);
      for (let hour = floorTo(fromMs, HOUR_MS); hour <= toMs; hour += HOUR_MS) {
        const logs = this.hour(hour);
        for (const stream of streams) {
          const chunk = logs.get(stream.key);
          if (!chunk) continue;
          const first = lowerBound(chunk.timestampsNs, window.fromNs);
          const last = lowerBound(chunk.timestampsNs, window.toNs);
          for (let i = first; i < last; i++) push(stream.key, chunk.timestampsNs[i], chunk.lines[i]);
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
      const startNs = BigInt(hourStartMs) * 1_000_000n;
      const endNs = startNs + BigInt(HOUR_MS) * 1_000_000n;
      const records: LogRecord[] = [];
      for (const req of this.sampler.requestsBetween(hourStartMs - MAX_REQUEST_MS, hourStartMs + HOUR_MS, true)) {
        for (const r of requestRecords(this.seed, req)) if (r.timeNs >= startNs && r.timeNs < endNs) records.push(r);
      }
      for (const r of batchRecords(this.seed, this.batches.get(hourStartMs))) if (r.timeNs >= startNs && r.timeNs < endNs) records.push(r);
      for (const service of SERVICES) {
        for (const r of backgroundRecords(this.seed, service, hourStartMs, hourStartMs + HOUR_MS, this.minutes, this.gauges)) {
          if (r.timeNs >= startNs && r.timeNs < endNs) records.push(r);
        }
      }
      // Sort on a number (ns since the hour's start fits a double exactly): much cheaper than comparing bigints.
      const keyed = records.map((r) => ({ r, k: Number(r.timeNs - startNs) }));
      keyed.sort((a, b) => a.k - b.k);
      const grouped = new Map<string, LogRecord[]>();
      for (const { r } of keyed) {
        const key = `${r.service}|${r.level}`;
        let list = grouped.get(key);
        if (!list) {
          list = [];
          grouped.set(key, list);
        }
        list.push(r);
      }
      const out: HourLogs = new Map();
      for (const [key, list] of grouped) {
        out.set(key, { timestampsNs: BigInt64Array.from(list.map((r) => r.timeNs)), lines: list.map(formatLine) });
      }
      return out;
    });
  }
}
