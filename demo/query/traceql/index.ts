// Public API of the TraceQL engine: TraceQL search and Tempo's legacy tag search over a TraceStore, returning
// plain data; the HTTP server formats them to Tempo's wire format.
import type { TraceStore } from '../types';
import { evalSpanset } from './evaluate';
import { traceHintOf } from './hint';
import { parseTraceQL } from './parse';
import { searchNewestFirst, type TraceSearchOptions, type TraceSearchResult } from './search';

export type { TraceSearchOptions, TraceSearchResult } from './search';
export { ROOT_SPAN_NOT_YET_RECEIVED } from './search';
export { evaluateTagSearch, parseTagsParam, type TagSearchParams } from './tag-search';
export { parseTraceQL } from './parse';
export { traceHintOf } from './hint';

/** Traces of the range matching a TraceQL query, newest first, with their matched spans. Throws QueryError. */
export function evaluateTraceQL(query: string, options: TraceSearchOptions, store: TraceStore): TraceSearchResult[] {
  const expr = parseTraceQL(query);
  return searchNewestFirst(
    store,
    options,
    (trace, ctx) => {
      const matched = evalSpanset(expr, trace.spans, ctx);
      return matched.length > 0 ? matched : null;
    },
    traceHintOf(expr) ?? undefined,
  );
}
