// The trace view model: pure functions from our Trace model to what the waterfall draws.
export { buildTraceTree, nodeById, assignServiceColors, SERVICE_COLOR_COUNT } from './build-trace-tree';
export type { TraceTree, TraceNode, ServiceSummary, ParentIssue } from './build-trace-tree';
export { flattenVisibleRows, rowIndexOf } from './flatten-rows';
export type { Row } from './flatten-rows';
export { criticalPath } from './critical-path';
export type { CriticalPath, CriticalPathSection } from './critical-path';
export { searchSpans, queryTerms, attributeValueText } from './search-spans';
export { nextSpan, prevSpan, toggleCollapsed, ancestorsOf, revealSpan, collapseBelowDepth, stepMatch } from './navigation';
export { spanDetails, attributeRows } from './span-details';
export type { SpanDetails, AttributeRow, EventRow } from './span-details';
export { timeTicks } from './ticks';
export type { Tick } from './ticks';
export { formatDurationUs } from './format';
export { logDots } from './log-markers';
export type { LogMarker, LogDot } from './log-markers';
