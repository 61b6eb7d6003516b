// Log queries: selector + pipeline over the store's streams, newest (backward) or oldest (forward) first,
// the limit applied across all streams like Loki. Streams are merged lazily with a heap, so a query for the
// last 100 lines reads about 100 lines per stream, not the whole range.
import { QueryError, type Labels, type LogStore } from '../types';
import { labelsKey } from '../shared/labels';
import type { LogSelectorExpr } from './ast';
import { LabelState, requiredSubstrings, runPipeline } from './pipeline';
import { utf8Length } from './units';

export interface LogQueryOptions {
  /** Inclusive start, exclusive end, in ns since the epoch. */
  startNs: bigint;
  endNs: bigint;
  limit: number;
  direction: 'forward' | 'backward';
}

export interface ResultEntry {
  timestampNs: bigint;
  line: string;
}

export interface ResultStream {
  labels: Labels;
  entries: ResultEntry[];
}

export interface StreamsResult {
  resultType: 'streams';
  result: ResultStream[];
  /** Lines the pipeline read (and their UTF-8 bytes) to produce the result, for Loki's `stats` block. */
  stats: { linesScanned: number; bytesScanned: number };
}

interface Cursor {
  labels: Labels;
  key: string;
  entries: { timestampNs: bigint; line: string; structuredMetadata?: Labels }[];
  index: number;
  /** The next kept line of this stream, or null when the stream is exhausted. */
  head: { timestampNs: bigint; line: string; labels: Labels; key: string } | null;
}

/** Loki refuses larger limits by default (max_entries_limit_per_query). */
export const MAX_LIMIT = 5000;

export function evaluateLogSelector(expr: LogSelectorExpr, options: LogQueryOptions, store: LogStore): StreamsResult {
  const { startNs, endNs, limit, direction } = options;
  if (!Number.isInteger(limit) || limit <= 0) throw new QueryError('invalid limit: must be a positive integer', 'parse');
  if (limit > MAX_LIMIT) throw new QueryError(`max entries limit per query exceeded, limit > max_entries_limit (${limit} > ${MAX_LIMIT})`, 'parse');
  if (endNs < startNs) throw new QueryError('invalid query, through < from', 'parse');
  const contains = requiredSubstrings(expr.stages);
  const streams = store.select(expr.matchers, startNs, endNs, contains.length > 0 ? { lineContains: contains } : undefined);
  const backward = direction === 'backward';
  const state = new LabelState();
  const stats = { linesScanned: 0, bytesScanned: 0 };

  const advance = (cursor: Cursor): void => {
    cursor.head = null;
    while (cursor.index >= 0 && cursor.index < cursor.entries.length) {
      const entry = cursor.entries[cursor.index];
      cursor.index += backward ? -1 : 1;
      if (entry.timestampNs < startNs || entry.timestampNs >= endNs) continue;
      stats.linesScanned++;
      stats.bytesScanned += utf8Length(entry.line);
      const line = runPipeline(expr.stages, state, entry, cursor.labels);
      if (line === null) continue;
      const { labels, key } = state.finish(cursor.key);
      cursor.head = { timestampNs: entry.timestampNs, line, labels, key };
      return;
    }
  };

  // Min-heap on the head timestamp (max-heap for backward).
  const before = (a: Cursor, b: Cursor): boolean => {
    const ta = (a.head as NonNullable<Cursor['head']>).timestampNs;
    const tb = (b.head as NonNullable<Cursor['head']>).timestampNs;
    return backward ? ta > tb : ta < tb;
  };
  const heap: Cursor[] = [];
  const push = (c: Cursor): void => {
    heap.push(c);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const pop = (): Cursor => {
    const top = heap[0];
    const last = heap.pop() as Cursor;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < heap.length && before(heap[l], heap[best])) best = l;
        if (r < heap.length && before(heap[r], heap[best])) best = r;
        if (best === i) break;
        [heap[i], heap[best]] = [heap[best], heap[i]];
        i = best;
      }
    }
    return top;
  };

  for (const stream of streams) {
    const cursor: Cursor = {
      labels: stream.labels,
      key: labelsKey(stream.labels),
      entries: stream.entries,
      index: backward ? stream.entries.length - 1 : 0,
      head: null,
    };
    advance(cursor);
    if (cursor.head) push(cursor);
  }

  const byKey = new Map<string, ResultStream>();
  let taken = 0;
  while (heap.length > 0 && taken < limit) {
    const cursor = pop();
    const head = cursor.head as NonNullable<Cursor['head']>;
    let out = byKey.get(head.key);
    if (!out) {
      out = { labels: head.labels, entries: [] };
      byKey.set(head.key, out);
    }
    out.entries.push({ timestampNs: head.timestampNs, line: head.line });
    taken++;
    advance(cursor);
    if (cursor.head) push(cursor);
  }
  return { resultType: 'streams', result: [...byKey.values()], stats };
}
