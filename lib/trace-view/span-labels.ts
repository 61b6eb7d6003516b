// "service: span name" for the spans some log lines point at: the log panel's span links. Only the named
// spans are labelled (a 100k-span trace has at most a few thousand placed lines). O(ids).
import type { SpanId } from '../model/trace';
import type { TraceTree } from './build-trace-tree';

export function spanLabels(tree: TraceTree, spanIds: Iterable<string | null>): Map<string, string> {
  const out = new Map<string, string>();
  for (const spanId of spanIds) {
    if (spanId === null || out.has(spanId)) continue;
    const index = tree.indexById.get(spanId as SpanId);
    if (index === undefined) continue;
    const { span } = tree.nodes[index];
    out.set(spanId, `${span.serviceName}: ${span.name}`);
  }
  return out;
}
