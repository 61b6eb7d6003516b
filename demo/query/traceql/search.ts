// Trace search over a TraceStore: newest traces first, limited. The store hands out traces by root start
// time in ascending order, so the range is read backwards in growing windows and reading stops as soon as
// a finished window brings the number of matches to the limit: "the 20 newest" never scans 35 days.
import { QueryError, type StoredSpan, type StoredTrace, type TraceHint, type TraceStore } from '../types';
import { TraceContext } from './evaluate';

export interface TraceSearchOptions {
  /** Root span start in [startNs, endNs). */
  startNs: bigint;
  endNs: bigint;
  /** Most traces returned (Tempo's `limit`, default 20 there). */
  limit: number;
  /** Most spans listed per trace (Tempo's `spss`, 3 there); all matched spans when omitted. */
  spssLimit?: number;
}

export interface TraceSearchResult {
  traceId: string;
  /** The root span's service, or Tempo's "<root span not yet received>". */
  rootServiceName: string;
  /** The root span's name; absent without a root span (as in Tempo's answers). */
  rootTraceName?: string;
  /** Earliest span start. */
  startNs: bigint;
  /** max(end) - min(start), whole milliseconds (Tempo truncates). */
  durationMs: number;
  /** Matched spans by start time, at most spssLimit of them. */
  matchedSpans: StoredSpan[];
  /** How many spans matched before spssLimit. */
  matchedCount: number;
}

export const ROOT_SPAN_NOT_YET_RECEIVED = '<root span not yet received>';

const FIRST_WINDOW_NS = 5n * 60n * 1_000_000_000n;
const MAX_WINDOW_NS = 6n * 3600n * 1_000_000_000n;

export function validateSearchOptions(options: TraceSearchOptions): void {
  if (!Number.isInteger(options.limit) || options.limit <= 0) throw new QueryError('invalid limit: must be a positive integer', 'parse');
  if (options.spssLimit !== undefined && (!Number.isInteger(options.spssLimit) || options.spssLimit <= 0)) {
    throw new QueryError('invalid spss: must be a positive integer', 'parse');
  }
  if (options.endNs < options.startNs) throw new QueryError('invalid start: start must be before end', 'parse');
}

function byStartThenId(a: StoredSpan, b: StoredSpan): number {
  if (a.startNs !== b.startNs) return a.startNs < b.startNs ? -1 : 1;
  return a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0;
}

export function toSearchResult(ctx: TraceContext, matched: StoredSpan[], spssLimit?: number): TraceSearchResult {
  const sorted = [...matched].sort(byStartThenId);
  const result: TraceSearchResult = {
    traceId: ctx.trace.traceId,
    rootServiceName: ctx.root ? ctx.root.serviceName : ROOT_SPAN_NOT_YET_RECEIVED,
    startNs: ctx.startNs,
    durationMs: Number(ctx.durationNs / 1_000_000n),
    matchedSpans: spssLimit === undefined ? sorted : sorted.slice(0, spssLimit),
    matchedCount: matched.length,
  };
  if (ctx.root) result.rootTraceName = ctx.root.name;
  return result;
}

/**
 * Runs `match` over the traces of the range, newest windows first, and returns the `limit` newest matches.
 * `match` returns the matched spans, or null when the trace does not match. `hint`, a condition every match meets,
 * lets the store skip the other traces.
 */
export function searchNewestFirst(
  store: TraceStore,
  options: TraceSearchOptions,
  match: (trace: StoredTrace, ctx: TraceContext) => StoredSpan[] | null,
  hint?: TraceHint,
): TraceSearchResult[] {
  validateSearchOptions(options);
  const found: TraceSearchResult[] = [];
  let windowNs = FIRST_WINDOW_NS;
  let hi = options.endNs;
  while (hi > options.startNs && found.length < options.limit) {
    const lo = hi - windowNs > options.startNs ? hi - windowNs : options.startNs;
    for (const trace of hint ? store.tracesInRange(lo, hi, hint) : store.tracesInRange(lo, hi)) {
      if (trace.spans.length === 0) continue;
      const ctx = new TraceContext(trace);
      const matched = match(trace, ctx);
      if (matched !== null) found.push(toSearchResult(ctx, matched, options.spssLimit));
    }
    hi = lo;
    if (windowNs < MAX_WINDOW_NS) windowNs *= 2n;
  }
  found.sort((a, b) => (a.startNs > b.startNs ? -1 : a.startNs < b.startNs ? 1 : a.traceId < b.traceId ? -1 : 1));
  return found.slice(0, options.limit);
}
