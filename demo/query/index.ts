// The demo's query engines: PromQL over a MetricStore, LogQL over a LogStore, TraceQL (and Tempo's legacy
// tag search) over a TraceStore. Pure functions returning plain data; errors are QueryError only.
export * from './types';
export {
  evaluateInstant,
  evaluateRange,
  parsePromQL,
  parseSeriesSelector,
  vectorSelectors,
  MAX_POINTS_PER_SERIES,
  type InstantResult,
  type MatrixSeries,
  type PromqlOptions,
  type RangeResult,
  type VectorSample,
} from './promql';
export {
  alignToStep,
  EMPTY_SELECTOR_MESSAGE,
  evaluateLogMetricInstant,
  evaluateLogMetricRange,
  evaluateLogQuery,
  logQueryKind,
  parseLogQL,
  type LogMatrixSeries,
  type LogMetricInstantResult,
  type LogMetricRangeResult,
  type LogQueryOptions,
  type LogVectorSample,
  type ResultEntry,
  type ResultStream,
  type StreamsResult,
} from './logql';
export {
  evaluateTagSearch,
  evaluateTraceQL,
  parseTagsParam,
  parseTraceQL,
  ROOT_SPAN_NOT_YET_RECEIVED,
  type TagSearchParams,
  type TraceSearchOptions,
  type TraceSearchResult,
} from './traceql';
export { compileMatcher, compileMatchers, labelsKey } from './shared/labels';
export { compileGoRegex, GoRegexError } from './shared/go-regex';
