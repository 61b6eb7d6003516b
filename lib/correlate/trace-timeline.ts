// The join behind the trace view: the trace from Tempo and its log lines from Loki, fetched in parallel
// when the view's time range is known, placed on one timeline. Each source returns ok or its error.
import { DatasourceError } from '../datasources/errors';
import type { LokiClient } from '../datasources/loki/client';
import type { LogLine } from '../model/logs';
import type { Trace, TraceId } from '../model/trace';
import { logqlString, streamSelector, traceIdLogQuery, type LogqlMatcher } from '../query-lang/logql';
import { placeLogsOnSpans, type TimelineLogLine } from './place-logs';
import { settleSource, type SourceResult } from './source-result';
import { extractTraceContext } from './trace-id-in-log';

export interface TraceFetcher {
  traceById(traceId: TraceId, range?: { startMs?: number; endMs?: number }, opts?: { signal?: AbortSignal }): Promise<Trace>;
}

/** buildInfo is optional: without it only the line filter is used. */
export type LogFetcher = Pick<LokiClient, 'queryRange' | 'labelNames'> & Partial<Pick<LokiClient, 'buildInfo'>>;

export interface TraceTimelineSources {
  tempo: TraceFetcher | null;
  loki: LogFetcher | null;
}

export interface TraceTimelineOptions {
  /** The view's absolute range; with it, trace and logs are fetched at the same time. */
  range?: { startMs: number; endMs: number };
  /** Padding around the trace for its logs: a 0 ms span still finds lines written just after it. */
  logPadMs: number;
  logLimit: number;
  /**
   * Longest view range whose logs are fetched alongside the trace; beyond it the trace is read first and
   * its own window searched, so a week-wide range does not send Loki a week-long query.
   */
  maxParallelRangeMs?: number;
  signal?: AbortSignal;
}

export interface TimelineLogs {
  lines: TimelineLogLine[];
  truncated: boolean;
  limit: number;
  query: string;
  window: { startMs: number; endMs: number };
}

export interface TraceTimeline {
  traceId: TraceId;
  trace: SourceResult<Trace>;
  logs: SourceResult<TimelineLogs>;
}

export const DEFAULT_LOG_PAD_MS = 120_000;
export const DEFAULT_LOG_LIMIT = 2_000;
export const DEFAULT_MAX_PARALLEL_RANGE_MS = 3_600_000;

// Label names services are commonly found under in Loki, most specific first.
const SERVICE_LABEL_PREFERENCE = ['service_name', 'service', 'app', 'application', 'job', 'container', 'namespace'];

/**
 * A stream selector that matches every stream of the services: Loki refuses `{}` and matchers that match
 * the empty string, so we pick a label that streams carry and require it to be non-empty.
 */
export function broadLogSelector(labelNames: readonly string[]): LogqlMatcher[] {
  const names = new Set(labelNames);
  const label = SERVICE_LABEL_PREFERENCE.find((name) => names.has(name)) ?? labelNames.find((name) => !name.startsWith('__'));
  if (!label) throw new DatasourceError({ backend: 'loki', kind: 'not-found', message: 'loki has no log streams in this time range' });
  return [{ name: label, op: '=~', value: '.+' }];
}

function notConfigured(backend: 'tempo' | 'loki'): never {
  throw new DatasourceError({ backend, kind: 'not-configured', message: `No ${backend} datasource is configured` });
}

/** The trace's extent: earliest span start to latest span end, epoch ms. */
export function traceWindow(trace: Trace): { startMs: number; endMs: number } {
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  for (const span of trace.spans) {
    startMs = Math.min(startMs, span.startMs);
    endMs = Math.max(endMs, span.startMs + span.durationNs / 1e6);
  }
  return { startMs, endMs };
}

/**
 * Loki 3 keeps OTLP logs' trace_id in structured metadata, not in the line, so a line filter misses them;
 * a label filter on the metadata finds them. Older Lokis have no structured metadata (and the filter would
 * only cost a scan), so it is asked only of Loki 3 and later.
 */
export function hasStructuredMetadata(version: string | undefined): boolean {
  const major = /^v?(\d+)\./.exec(version ?? '')?.[1];
  return major !== undefined && Number(major) >= 3;
}

/** `{selector} | trace_id="<id>"`: lines whose structured metadata carries the trace id (OTLP's key). */
export function traceIdMetadataQuery(selector: readonly LogqlMatcher[], traceId: TraceId): string {
  return `${streamSelector(selector)} | trace_id=${logqlString(traceId)}`;
}

function streamsOf(result: Awaited<ReturnType<LogFetcher['queryRange']>>): { lines: LogLine[]; truncated: boolean } {
  if (result.kind !== 'streams') {
    throw new DatasourceError({ backend: 'loki', kind: 'bad-response', message: 'loki answered a log query with a metric result' });
  }
  return { lines: result.result.lines, truncated: result.result.truncated };
}

/** Lines of both searches, each once (a line with the id in its text and its metadata matches both). */
export function mergeLogLines(a: readonly LogLine[], b: readonly LogLine[]): LogLine[] {
  const seen = new Set<string>();
  const out: LogLine[] = [];
  for (const line of [...a, ...b]) {
    const key = `${line.timestampNs}\u0000${line.line}\u0000${JSON.stringify(line.labels)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(line);
  }
  return out;
}

async function fetchLogLines(
  loki: LogFetcher,
  traceId: TraceId,
  window: { startMs: number; endMs: number },
  limit: number,
  signal: AbortSignal | undefined,
): Promise<{ lines: LogLine[]; truncated: boolean; query: string }> {
  const [labelNames, buildInfo] = await Promise.all([
    loki.labelNames(window, { signal }),
    // Which Loki it is only decides whether to also search structured metadata: not knowing is not an error.
    loki.buildInfo ? loki.buildInfo({ signal }).catch(() => null) : Promise.resolve(null),
  ]);
  const selector = broadLogSelector(labelNames);
  const query = traceIdLogQuery({ selector, traceId });
  const range = { startMs: window.startMs, endMs: window.endMs, limit, direction: 'forward' as const };
  if (!hasStructuredMetadata(buildInfo?.version)) {
    return { ...streamsOf(await loki.queryRange({ query, ...range }, { signal })), query };
  }
  const metadataQuery = traceIdMetadataQuery(selector, traceId);
  const [inText, inMetadata] = await Promise.all([
    loki.queryRange({ query, ...range }, { signal }).then(streamsOf),
    loki.queryRange({ query: metadataQuery, ...range }, { signal }).then(streamsOf),
  ]);
  return {
    lines: mergeLogLines(inText.lines, inMetadata.lines),
    truncated: inText.truncated || inMetadata.truncated,
    query: `${query}\n${metadataQuery}`,
  };
}

/**
 * The trace from Tempo, narrowed by the range when there is one. The range only narrows Tempo's search: a
 * trace outside it (an old link, a moved window) still exists, so "not found" is asked again without it.
 */
export async function fetchTrace(
  tempo: TraceFetcher | null,
  traceId: TraceId,
  range: { startMs: number; endMs: number } | undefined,
  signal: AbortSignal | undefined,
): Promise<Trace> {
  if (!tempo) notConfigured('tempo');
  if (!range) return tempo.traceById(traceId, undefined, { signal });
  try {
    return await tempo.traceById(traceId, range, { signal });
  } catch (error) {
    if (error instanceof DatasourceError && error.kind === 'not-found') return tempo.traceById(traceId, undefined, { signal });
    throw error;
  }
}

function contains(outer: { startMs: number; endMs: number }, inner: { startMs: number; endMs: number }): boolean {
  return outer.startMs <= inner.startMs && inner.endMs <= outer.endMs;
}

/**
 * The trace and its placed log lines. With a (short enough) range, trace and logs are fetched at the same
 * time; otherwise the trace is read first and its window, padded, is searched. Never throws: each source
 * is ok or carries its error, and a failed log search keeps the trace.
 */
export async function loadTraceTimeline(
  traceId: TraceId,
  sources: TraceTimelineSources,
  options: TraceTimelineOptions,
): Promise<TraceTimeline> {
  const { logPadMs, logLimit, signal } = options;
  const maxParallelRangeMs = options.maxParallelRangeMs ?? DEFAULT_MAX_PARALLEL_RANGE_MS;
  const range = options.range && options.range.endMs - options.range.startMs <= maxParallelRangeMs ? options.range : undefined;

  const tracePromise = settleSource('tempo', () => fetchTrace(sources.tempo, traceId, options.range, signal));

  const logsFor = (window: { startMs: number; endMs: number }) =>
    settleSource('loki', async () => {
      if (!sources.loki) notConfigured('loki');
      const padded = { startMs: Math.max(0, window.startMs - logPadMs), endMs: window.endMs + logPadMs };
      return { ...(await fetchLogLines(sources.loki, traceId, padded, logLimit, signal)), window: padded };
    });

  let trace: SourceResult<Trace>;
  let rawLogs: Awaited<ReturnType<typeof logsFor>>;
  if (range) {
    [trace, rawLogs] = await Promise.all([tracePromise, logsFor(range)]);
    // The trace lies (partly) outside the range the logs were searched in: search its own window.
    if (trace.status === 'ok' && rawLogs.status === 'ok' && !contains(rawLogs.data.window, traceWindow(trace.data))) {
      rawLogs = await logsFor(traceWindow(trace.data));
    }
  } else {
    // Without a range the trace tells us where to look; a missing trace leaves nothing to search.
    trace = await tracePromise;
    rawLogs =
      trace.status === 'ok'
        ? await logsFor(traceWindow(trace.data))
        : {
            status: 'error',
            backend: 'loki',
            tookMs: 0,
            error: {
              backend: 'loki',
              kind: sources.loki ? 'not-found' : 'not-configured',
              message: sources.loki
                ? 'Logs need the trace (or a time range) to know where to look'
                : 'No loki datasource is configured',
            },
          };
  }

  const spans = trace.status === 'ok' ? trace.data.spans : [];
  const logs: SourceResult<TimelineLogs> =
    rawLogs.status === 'ok'
      ? {
          ...rawLogs,
          data: {
            lines: placeLogsOnSpans(traceId, spans, rawLogs.data.lines, extractTraceContext),
            truncated: rawLogs.data.truncated,
            limit: logLimit,
            query: rawLogs.data.query,
            window: rawLogs.data.window,
          },
        }
      : rawLogs;
  return { traceId, trace, logs };
}
