// Loki HTTP API (as Loki 2.8.0 answers it, see fixtures/loki) over the simulated fleet's logs.
// https://grafana.com/docs/loki/latest/reference/loki-http-api/
import type http from 'node:http';
import type { Fleet } from '../contract';
import { alignToStep } from '../query/logql';
import { QueryError, type LabelMatcher, type LogStream } from '../query/types';
import type { EvalBudget, Engines, PromResult } from './engines';
import { createDemoServer, HttpError, json, text, type DemoRequest, type DemoResponse, type Route } from './http-util';
import { labelsKey, sortedLabels } from './matchers';
import { formatGoDurationMs, parseDecimal, parsePromDurationMs, parseRfc3339Ns, promResultToWire } from './wire';

export interface LokiServerOptions {
  fleet: Fleet;
  engines: Engines;
  now: () => number;
  queryTimeoutMs?: number;
  /** Loki limits_config.max_query_length (default 721h). */
  maxQueryLengthMs?: number;
  /** Loki limits_config.max_entries_limit_per_query (default 5000). */
  maxEntriesLimit?: number;
}

const NS_PER_MS = 1_000_000n;
const DEFAULT_QUERY_SINCE_NS = 3_600_000n * NS_PER_MS;
const DEFAULT_METADATA_SINCE_NS = 6n * 3_600_000n * NS_PER_MS;
const MAX_POINTS = 11_000;
const BUILD_INFO = { version: '2.8.0', revision: 'weft-demo', branch: 'HEAD', buildUser: 'weft', buildDate: '2026-01-01T00:00:00Z', goVersion: '' };

/**
 * Loki 2.8 answers client errors with HTTP 400, header `application/json; charset=UTF-8` and a plain-text body
 * (fixtures/loki/query_error_bad_logql.json): mirrored on purpose, clients must cope with it.
 */
export function renderLokiError(error: unknown): DemoResponse {
  const quirkType = 'application/json; charset=UTF-8';
  if (error instanceof HttpError) return text(error.status, error.message, quirkType);
  if (error instanceof QueryError) {
    if (error.kind === 'execution' && /deadline|timed? ?out/i.test(error.message)) {
      return text(504, 'context deadline exceeded', quirkType);
    }
    return text(400, error.message, quirkType);
  }
  return text(500, 'internal error in the demo Loki', 'text/plain; charset=utf-8');
}

function badRequest(message: string): HttpError {
  return new HttpError(400, message);
}

/** Loki's parseTimestamp: float seconds (with a dot), integer seconds (<= 10 digits) or ns, or RFC3339Nano. */
export function parseLokiTime(value: string | undefined, fallbackNs: bigint): bigint {
  if (value === undefined || value === '') return fallbackNs;
  if (value.includes('.')) {
    const seconds = parseDecimal(value);
    if (seconds !== null) {
      const whole = Math.trunc(seconds);
      return BigInt(whole) * 1_000_000_000n + BigInt(Math.round((seconds - whole) * 1000)) * NS_PER_MS;
    }
  }
  if (/^[+-]?\d+$/.test(value)) {
    const n = BigInt(value);
    return value.replace(/^[+-]/, '').length <= 10 ? n * 1_000_000_000n : n;
  }
  const ns = parseRfc3339Ns(value);
  if (ns !== null) return ns;
  throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
}

/** Loki's step / duration parameter: float seconds or a Prometheus duration. */
function parseSecondsOrDuration(value: string): number {
  const seconds = parseDecimal(value);
  if (seconds !== null) return Math.round(seconds * 1000);
  const ms = parsePromDurationMs(value);
  if (ms !== null) return ms;
  throw badRequest(`cannot parse ${JSON.stringify(value)} to a valid duration`);
}

function formatStreams(streams: LogStream[], direction: 'forward' | 'backward') {
  return streams.map((s) => {
    const entries = [...s.entries].sort((a, b) => (a.timestampNs < b.timestampNs ? -1 : a.timestampNs > b.timestampNs ? 1 : 0));
    if (direction === 'backward') entries.reverse();
    return { stream: s.labels, values: entries.map((e) => [String(e.timestampNs), e.line]) };
  });
}

const zeroChunk = () => ({ headChunkBytes: 0, headChunkLines: 0, decompressedBytes: 0, decompressedLines: 0, compressedBytes: 0, totalDuplicates: 0 });
const zeroCache = () => ({ entriesFound: 0, entriesRequested: 0, entriesStored: 0, bytesReceived: 0, bytesSent: 0, requests: 0, downloadTime: 0 });

/** Loki's `stats` block, same keys as Loki 2.8; the simulation's work counts as head-chunk work of one ingester. */
function lokiStats(execSeconds: number, linesProcessed: number, bytesProcessed: number, entriesReturned: number) {
  const perSecond = (n: number) => (execSeconds > 0 ? Math.round(n / execSeconds) : 0);
  return {
    summary: {
      bytesProcessedPerSecond: perSecond(bytesProcessed),
      linesProcessedPerSecond: perSecond(linesProcessed),
      totalBytesProcessed: bytesProcessed,
      totalLinesProcessed: linesProcessed,
      execTime: execSeconds,
      queueTime: 0,
      subqueries: 0,
      totalEntriesReturned: entriesReturned,
      splits: 0,
      shards: 0,
    },
    querier: { store: { totalChunksRef: 0, totalChunksDownloaded: 0, chunksDownloadTime: 0, chunk: zeroChunk() } },
    ingester: {
      totalReached: 1,
      totalChunksMatched: 0,
      totalBatches: 1,
      totalLinesSent: linesProcessed,
      store: {
        totalChunksRef: 0,
        totalChunksDownloaded: 0,
        chunksDownloadTime: 0,
        chunk: { ...zeroChunk(), headChunkBytes: bytesProcessed, headChunkLines: linesProcessed },
      },
    },
    cache: { chunk: zeroCache(), index: zeroCache(), result: zeroCache() },
  };
}

const METADATA_SLICE_NS = 6n * 3_600_000n * NS_PER_MS;

/** Read a long range in 6-hour slices, checking the budget and letting other requests run in between. */
async function forEachSlice(startNs: bigint, endNs: bigint, budget: EvalBudget, visit: (fromNs: bigint, toNs: bigint) => void): Promise<void> {
  for (let from = startNs; from < endNs || from === startNs; from += METADATA_SLICE_NS) {
    if (budget.signal?.aborted) throw new QueryError('query cancelled by the client', 'execution');
    if (Date.now() > budget.deadlineMs) throw new QueryError('query timed out: deadline exceeded', 'execution');
    visit(from, from + METADATA_SLICE_NS < endNs ? from + METADATA_SLICE_NS : endNs);
    if (from + METADATA_SLICE_NS >= endNs) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export function createLokiRoutes(options: LokiServerOptions): Route[] {
  const { fleet, engines, now } = options;
  const queryTimeoutMs = options.queryTimeoutMs ?? 60_000;
  const maxQueryLengthMs = options.maxQueryLengthMs ?? 721 * 3_600_000;
  const maxEntries = options.maxEntriesLimit ?? 5000;
  const nowNs = () => BigInt(Math.floor(now())) * NS_PER_MS;
  const budget = (request: DemoRequest): EvalBudget => ({ deadlineMs: Date.now() + queryTimeoutMs, signal: request.signal });

  const requireQuery = (request: DemoRequest): string => {
    const query = request.params.get('query') ?? '';
    if (query.trim() === '') throw badRequest('parse error : syntax error: unexpected $end');
    return query;
  };

  const parseLimit = (request: DemoRequest): number => {
    const value = request.params.get('limit');
    if (value === undefined || value === '') return 100;
    if (!/^[+-]?\d+$/.test(value)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
    const limit = Number(value);
    if (limit <= 0) throw badRequest('limit must be a positive value');
    if (limit > maxEntries) throw badRequest(`max entries limit per query exceeded, limit > max_entries_limit (${limit} > ${maxEntries})`);
    return limit;
  };

  const parseDirection = (request: DemoRequest): 'forward' | 'backward' => {
    const value = (request.params.get('direction') ?? '').toLowerCase();
    if (value === '' || value === 'backward') return 'backward';
    if (value === 'forward') return 'forward';
    throw badRequest(`invalid direction '${request.params.get('direction')}'`);
  };

  const checkLength = (startNs: bigint, endNs: bigint) => {
    const lengthMs = Number((endNs - startNs) / NS_PER_MS);
    if (lengthMs > maxQueryLengthMs) {
      throw badRequest(`the query time range exceeds the limit (query length: ${formatGoDurationMs(lengthMs)}, limit: ${formatGoDurationMs(maxQueryLengthMs)})`);
    }
  };

  const range = (request: DemoRequest, sinceNs: bigint) => {
    const endNs = parseLokiTime(request.params.get('end'), nowNs());
    const startNs = parseLokiTime(request.params.get('start'), endNs - sinceNs);
    if (endNs < startNs) throw badRequest('end timestamp must not be before or equal to start time');
    return { startNs, endNs };
  };

  const parseSelectors = (values: string[]): LabelMatcher[][] =>
    values.map((v) => {
      try {
        return engines.parseLogSelector(v);
      } catch (error) {
        if (error instanceof QueryError) throw badRequest(error.message);
        throw error;
      }
    });

  const logResponse = async (query: string, startNs: bigint, endNs: bigint, limit: number, direction: 'forward' | 'backward', request: DemoRequest) => {
    const started = performance.now();
    const result = await engines.logQuery(query, { startNs, endNs, limit, direction }, fleet.logs, budget(request));
    const exec = (performance.now() - started) / 1000;
    const returned = result.streams.reduce((n, s) => n + s.entries.length, 0);
    return json(200, {
      status: 'success',
      data: {
        resultType: 'streams',
        result: formatStreams(result.streams, direction),
        stats: lokiStats(exec, result.linesProcessed, result.bytesProcessed, returned),
      },
    });
  };

  const metricResponse = (result: PromResult, started: number) => {
    const exec = (performance.now() - started) / 1000;
    const returned = result.resultType === 'matrix' || result.resultType === 'vector' ? result.result.length : 1;
    return json(200, { status: 'success', data: { ...promResultToWire(result), stats: lokiStats(exec, 0, 0, returned) } });
  };

  return [
    {
      methods: ['GET', 'POST'],
      path: '/loki/api/v1/query_range',
      handler: async (request) => {
        const query = requireQuery(request);
        const { startNs, endNs } = range(request, DEFAULT_QUERY_SINCE_NS);
        const limit = parseLimit(request);
        const direction = parseDirection(request);
        checkLength(startNs, endNs);
        if (!engines.isLogMetricQuery(query)) return logResponse(query, startNs, endNs, limit, direction, request);
        const stepText = request.params.get('step');
        const spanMs = Number((endNs - startNs) / NS_PER_MS);
        const stepMs = stepText ? parseSecondsOrDuration(stepText) : Math.max(Math.floor(spanMs / 1000 / 250), 1) * 1000;
        if (stepMs <= 0) throw badRequest('zero or negative query resolution step widths are not accepted. Try a positive integer');
        if (spanMs / stepMs > MAX_POINTS) {
          throw badRequest('exceeded maximum resolution of 11,000 points per timeseries. Try increasing the value of the step parameter');
        }
        const started = performance.now();
        // Loki's query frontend aligns metric range queries to the step: start down, end up
        // (fixtures/loki/query_range_matrix_rate.json answers points past the requested end).
        const aligned = alignToStep(startNs, endNs, stepMs);
        return metricResponse(await engines.logMetricRange(query, aligned.startNs, aligned.endNs, stepMs, fleet.logs, budget(request)), started);
      },
    },
    {
      methods: ['GET', 'POST'],
      path: '/loki/api/v1/query',
      handler: (request) => {
        const query = requireQuery(request);
        const timeNs = parseLokiTime(request.params.get('time'), nowNs());
        const limit = parseLimit(request);
        const direction = parseDirection(request);
        // Loki evaluates an instant log query over [time, time]: rarely anything (fixtures/loki/query_instant_streams.json).
        if (!engines.isLogMetricQuery(query)) return logResponse(query, timeNs, timeNs, limit, direction, request);
        const started = performance.now();
        return metricResponse(engines.logMetricInstant(query, timeNs, fleet.logs, budget(request)), started);
      },
    },
    {
      methods: ['GET', 'POST'],
      path: '/loki/api/v1/labels',
      handler: (request) => {
        const { startNs, endNs } = range(request, DEFAULT_METADATA_SINCE_NS);
        const query = request.params.get('query');
        if (query) {
          const names = new Set<string>();
          for (const matchers of parseSelectors([query])) for (const s of fleet.logs.select(matchers, startNs, endNs)) for (const n of Object.keys(s.labels)) names.add(n);
          return json(200, { status: 'success', data: [...names].sort() });
        }
        return json(200, { status: 'success', data: fleet.logs.labelNames(startNs, endNs).slice().sort() });
      },
    },
    {
      methods: ['GET', 'POST'],
      path: /^\/loki\/api\/v1\/label\/([^/]+)\/values$/,
      handler: (request) => {
        const name = request.pathParams[0];
        const { startNs, endNs } = range(request, DEFAULT_METADATA_SINCE_NS);
        const query = request.params.get('query');
        if (query) {
          const values = new Set<string>();
          for (const matchers of parseSelectors([query])) {
            for (const s of fleet.logs.select(matchers, startNs, endNs)) if (s.labels[name] !== undefined) values.add(s.labels[name]);
          }
          return json(200, { status: 'success', data: [...values].sort() });
        }
        return json(200, { status: 'success', data: fleet.logs.labelValues(name, startNs, endNs).slice().sort() });
      },
    },
    {
      methods: ['GET', 'POST'],
      path: '/loki/api/v1/series',
      handler: async (request) => {
        const { startNs, endNs } = range(request, DEFAULT_METADATA_SINCE_NS);
        checkLength(startNs, endNs);
        const selectors = parseSelectors(request.params.getAll('match[]'));
        const seen = new Map<string, Record<string, string>>();
        await forEachSlice(startNs, endNs, budget(request), (from, to) => {
          for (const matchers of selectors.length > 0 ? selectors : [[]]) {
            for (const s of fleet.logs.select(matchers, from, to)) seen.set(labelsKey(s.labels), sortedLabels(s.labels));
          }
        });
        return json(200, { status: 'success', data: [...seen.values()] });
      },
    },
    {
      methods: ['GET', 'POST'],
      path: '/loki/api/v1/index/stats',
      handler: async (request) => {
        const query = requireQuery(request);
        const { startNs, endNs } = range(request, DEFAULT_QUERY_SINCE_NS);
        checkLength(startNs, endNs);
        const selectors = parseSelectors([query]);
        const streams = new Set<string>();
        // Loki cuts a chunk per ~1.5 MB or 2 h of a stream: count the (stream, 2 h window) pairs with data.
        const chunks = new Set<string>();
        let entries = 0;
        let bytes = 0;
        await forEachSlice(startNs, endNs, budget(request), (from, to) => {
          for (const matchers of selectors) {
            for (const s of fleet.logs.select(matchers, from, to)) {
              const key = labelsKey(s.labels);
              streams.add(key);
              entries += s.entries.length;
              for (const e of s.entries) {
                bytes += Buffer.byteLength(e.line);
                chunks.add(`${key}\u0000${e.timestampNs / (7_200_000n * NS_PER_MS)}`);
              }
            }
          }
        });
        return json(200, { streams: streams.size, chunks: chunks.size, bytes, entries }, 'application/json; charset=UTF-8');
      },
    },
    { methods: ['GET'], path: '/loki/api/v1/status/buildinfo', handler: () => json(200, BUILD_INFO) },
    { methods: ['GET', 'HEAD'], path: '/ready', handler: () => text(200, 'ready\n') },
  ];
}

export function createLokiServer(options: LokiServerOptions): http.Server {
  return createDemoServer({ name: 'loki', routes: createLokiRoutes(options), renderError: renderLokiError });
}
