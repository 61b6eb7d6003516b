// The one place that maps demo/query's engines onto the servers' Engines interface, and where long queries are
// cut into slices with a budget check and an event-loop turn between slices.
import { evaluateLogMetricInstant, evaluateLogMetricRange, evaluateLogQuery, logQueryKind, parseLogQL } from '../query/logql';
import { evaluateInstant, evaluateRange, parseSeriesSelector, vectorSelectors, type InstantResult } from '../query/promql';
import { evaluateTagSearch, evaluateTraceQL, parseTraceQL } from '../query/traceql';
import { labelsKey } from '../query/shared/labels';
import { QueryError, type Labels, type LogStream } from '../query/types';
import type { Engines, EvalBudget, LogQueryResult, PromPoint, PromResult, TraceSearchOptions, TraceSearchResult } from './engines';
import { countingStore, referencedAttributes, toSearchHit } from './traceql-results';

/** Range queries with more steps than this are evaluated in slices of this many steps. */
const STEPS_PER_SLICE = 360;
/** Log queries scan this much time per slice (Loki's split_queries_by_interval default is 30m-1h). */
const LOG_SLICE_NS = 3_600_000n * 1_000_000n;

function checkBudget(budget: EvalBudget): void {
  if (budget.signal?.aborted) throw new QueryError('query cancelled by the client', 'execution');
  if (Date.now() > budget.deadlineMs) throw new QueryError('query timed out: deadline exceeded', 'execution');
}

/** Check the budget around a synchronous evaluation: an overrun is reported as a timeout, not answered late. */
function withBudget<T>(budget: EvalBudget, run: () => T): T {
  checkBudget(budget);
  const result = run();
  checkBudget(budget);
  return result;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function fromInstant(result: InstantResult): PromResult {
  switch (result.resultType) {
    case 'vector':
      return { resultType: 'vector', result: result.result.map((s) => ({ metric: s.labels, timeMs: s.value[0], value: s.value[1] })) };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: result.result.map((s) => ({ metric: s.labels, points: s.values.map(([timeMs, value]) => ({ timeMs, value })) })),
      };
    case 'scalar':
      return { resultType: 'scalar', timeMs: result.result[0], value: result.result[1] };
    case 'string':
      return { resultType: 'string', timeMs: result.result[0], value: result.result[1] };
  }
}

/**
 * A range query evaluated slice by slice of steps, merged per series. Exact, because each step is evaluated on its
 * own; except for `@ start()` / `@ end()`, which name the whole query's ends: such queries run in one piece.
 */
async function slicedRange(
  startMs: number,
  endMs: number,
  stepMs: number,
  budget: EvalBudget,
  splittable: boolean,
  evaluate: (sliceStartMs: number, sliceEndMs: number) => PromResult,
): Promise<PromResult> {
  const steps = Math.floor((endMs - startMs) / stepMs) + 1;
  if (!splittable || steps <= STEPS_PER_SLICE) return withBudget(budget, () => evaluate(startMs, endMs));
  const merged = new Map<string, { metric: Labels; points: PromPoint[] }>();
  for (let first = 0; first < steps; first += STEPS_PER_SLICE) {
    checkBudget(budget);
    const sliceStart = startMs + first * stepMs;
    const sliceEnd = startMs + Math.min(first + STEPS_PER_SLICE, steps) * stepMs - stepMs;
    const part = evaluate(sliceStart, sliceEnd);
    if (part.resultType !== 'matrix') return part;
    for (const series of part.result) {
      const key = labelsKey(series.metric);
      const target = merged.get(key);
      if (target) target.points.push(...series.points);
      else merged.set(key, { metric: series.metric, points: [...series.points] });
    }
    await nextTurn();
  }
  checkBudget(budget);
  const result = [...merged.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, s]) => s);
  return { resultType: 'matrix', result };
}

/** Loki-style: walk time slices in the query's direction, asking each for the entries still missing. */
async function slicedLogQuery(
  query: string,
  options: { startNs: bigint; endNs: bigint; limit: number; direction: 'forward' | 'backward' },
  evaluate: (startNs: bigint, endNs: bigint, limit: number) => { streams: LogStream[]; linesScanned: number; bytesScanned: number },
  budget: EvalBudget,
): Promise<LogQueryResult> {
  const slices: [bigint, bigint][] = [];
  if (options.endNs <= options.startNs) slices.push([options.startNs, options.endNs]);
  for (let from = options.startNs; from < options.endNs; from += LOG_SLICE_NS) {
    slices.push([from, from + LOG_SLICE_NS < options.endNs ? from + LOG_SLICE_NS : options.endNs]);
  }
  if (options.direction === 'backward') slices.reverse();
  const streams = new Map<string, LogStream>();
  let returned = 0;
  let linesScanned = 0;
  let bytesScanned = 0;
  for (const [from, to] of slices) {
    checkBudget(budget);
    const part = evaluate(from, to, options.limit - returned);
    linesScanned += part.linesScanned;
    bytesScanned += part.bytesScanned;
    for (const stream of part.streams) {
      const key = labelsKey(stream.labels);
      const target = streams.get(key);
      if (target) target.entries.push(...stream.entries);
      else streams.set(key, { labels: stream.labels, entries: [...stream.entries] });
      returned += stream.entries.length;
    }
    if (returned >= options.limit) break;
    if (slices.length > 1) await nextTurn();
  }
  checkBudget(budget);
  return { streams: [...streams.values()], linesProcessed: linesScanned, bytesProcessed: bytesScanned };
}

/** Trace searches scan this much time per slice, newest first, until they have `limit` traces. */
const TRACE_SLICE_NS = 30n * 60_000n * 1_000_000n;

async function slicedTraceSearch(
  options: TraceSearchOptions,
  budget: EvalBudget,
  evaluate: (slice: TraceSearchOptions, limit: number) => TraceSearchResult,
): Promise<TraceSearchResult> {
  const out: TraceSearchResult = { traces: [], inspectedTraces: 0, inspectedBytes: 0 };
  for (let to = options.endNs; to > options.startNs; to -= TRACE_SLICE_NS) {
    checkBudget(budget);
    const from = to - TRACE_SLICE_NS > options.startNs ? to - TRACE_SLICE_NS : options.startNs;
    const part = evaluate({ ...options, startNs: from, endNs: to }, options.limit - out.traces.length);
    out.traces.push(...part.traces);
    out.inspectedTraces += part.inspectedTraces;
    out.inspectedBytes += part.inspectedBytes;
    if (out.traces.length >= options.limit) break;
    await nextTurn();
  }
  checkBudget(budget);
  return out;
}

const usesAtModifier = (query: string) => /@\s*(start|end)\s*\(/.test(query);

export function createDefaultEngines(): Engines {
  return {
    promInstant: (query, timeMs, store, budget) => withBudget(budget, () => fromInstant(evaluateInstant(query, timeMs, store))),
    promRange: (query, startMs, endMs, stepMs, store, budget) =>
      slicedRange(startMs, endMs, stepMs, budget, !usesAtModifier(query), (from, to) => fromInstant(evaluateRange(query, from, to, stepMs, store))),
    promRangeSync: (query, startMs, endMs, stepMs, store, budget) =>
      withBudget(budget, () => fromInstant(evaluateRange(query, startMs, endMs, stepMs, store))),
    parseSelector: (text) => parseSeriesSelector(text, { allowEmpty: true }),
    extractSelectors: (query) => vectorSelectors(query),
    isLogMetricQuery: (query) => logQueryKind(query) === 'metric',
    logQuery: (query, options, store, budget) =>
      slicedLogQuery(
        query,
        options,
        (startNs, endNs, limit) => {
          const result = evaluateLogQuery(query, { startNs, endNs, limit, direction: options.direction }, store);
          return { streams: result.result, linesScanned: result.stats.linesScanned, bytesScanned: result.stats.bytesScanned };
        },
        budget,
      ),
    logMetricRange: (query, startNs, endNs, stepMs, store, budget) => {
      const startMs = Number(startNs / 1_000_000n);
      const endMs = Number(endNs / 1_000_000n);
      const subMs = Number(startNs % 1_000_000n) / 1e6;
      return slicedRange(startMs, endMs, stepMs, budget, true, (from, to) =>
        fromInstant({
          resultType: 'matrix',
          result: evaluateLogMetricRange(query, msToNs(from + subMs), msToNs(to + subMs), stepMs, store).result,
        }),
      );
    },
    logMetricInstant: (query, timeNs, store, budget) => withBudget(budget, () => fromInstant(evaluateLogMetricInstant(query, timeNs, store))),
    parseLogSelector: (text) => {
      const expr = parseLogQL(text);
      if (expr.kind !== 'log' || expr.stages.length > 0) {
        throw new QueryError('parse error : only a stream selector like {service="x"} is allowed here', 'parse');
      }
      return expr.matchers;
    },
    traceQL: (query, options, store, budget) => {
      let refs: ReturnType<typeof referencedAttributes>;
      try {
        refs = referencedAttributes(parseTraceQL(query));
      } catch (error) {
        return Promise.reject(error);
      }
      return slicedTraceSearch(options, budget, (slice, limit) => {
        const counting = countingStore(store);
        const results = evaluateTraceQL(query, { startNs: slice.startNs, endNs: slice.endNs, limit, spssLimit: slice.spansPerSpanSet }, counting.store);
        return { traces: results.map((r) => toSearchHit(r, refs)), inspectedTraces: counting.counts.traces, inspectedBytes: counting.counts.bytes };
      });
    },
    tagSearch: (tags, options, store, budget) =>
      slicedTraceSearch(options, budget, (slice, limit) => {
        const counting = countingStore(store);
        const results = evaluateTagSearch(
          { tags, minDurationNs: slice.minDurationNs, maxDurationNs: slice.maxDurationNs },
          { startNs: slice.startNs, endNs: slice.endNs, limit, spssLimit: slice.spansPerSpanSet },
          counting.store,
        );
        // Tempo's tag search lists traces only, no span sets.
        return { traces: results.map((r) => toSearchHit(r, null)), inspectedTraces: counting.counts.traces, inspectedBytes: counting.counts.bytes };
      }),
  };
}

function msToNs(ms: number): bigint {
  const whole = Math.floor(ms);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
}

