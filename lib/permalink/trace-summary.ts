// A trace view's summary for its permalink: root service and name, duration, span and error counts, the
// selected span, and the log line that best says what happened. Pure; O(spans + lines).
import type { LogLevel } from '../correlate/place-logs';
import { summariseTrace } from '../investigation/trace-summary';
import type { SpanId } from '../model/trace';
import type { TraceTree } from '../trace-view/build-trace-tree';
import { MAX_LOG_LINE_LENGTH, type TraceSummaryV1 } from './view-state';

export interface SummaryLogLine {
  line: string;
  level: LogLevel;
  spanId: string | null;
}

const MAX_SERVICES = 50;

export function traceSummaryFromTree(tree: TraceTree, selectedSpanId: string | null, lines: readonly SummaryLogLine[]): TraceSummaryV1 {
  const facts = summariseTrace(tree);
  const index = selectedSpanId !== null ? tree.indexById.get(selectedSpanId as SpanId) : undefined;
  const span = index === undefined ? null : tree.nodes[index].span;
  return {
    kind: 'trace',
    traceId: tree.traceId,
    rootService: clipText(facts.rootService, 200),
    rootName: clipText(facts.rootName, 300),
    durationMs: Math.max(0, facts.durationMs),
    spanCount: facts.spanCount,
    errorCount: facts.errorCount,
    services: facts.services.slice(0, MAX_SERVICES).map((s) => clipText(s.name, 200)),
    spanId: span ? span.spanId : null,
    spanName: span ? clipText(`${span.serviceName}: ${span.name}`, 300) : null,
    keyLogLine: keyLogLine(lines, span ? span.spanId : null),
  };
}

/**
 * The first error line (on the selected span first), else the first warning, as a short text: a JSON line's
 * `msg` and `error` fields rather than the whole object. Null when nothing stands out.
 */
export function keyLogLine(lines: readonly SummaryLogLine[], selectedSpanId: string | null): string | null {
  const order: [LogLevel, boolean][] = [
    ['error', true],
    ['error', false],
    ['warn', true],
    ['warn', false],
  ];
  for (const [level, onSpan] of order) {
    if (onSpan && selectedSpanId === null) continue;
    const hit = lines.find((l) => l.level === level && (!onSpan || l.spanId === selectedSpanId));
    if (hit) return clipText(readableLine(hit.line), MAX_LOG_LINE_LENGTH);
  }
  return null;
}

function readableLine(line: string): string {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return trimmed;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return trimmed;
  const fields = parsed as Record<string, unknown>;
  const message = [fields.msg, fields.message].find((v): v is string => typeof v === 'string' && v !== '');
  if (message === undefined) return trimmed;
  const error = [fields.error, fields.err].find((v): v is string => typeof v === 'string' && v !== '');
  const level = typeof fields.level === 'string' ? `${fields.level}: ` : '';
  return `${level}${message}${error ? ` (${error})` : ''}`;
}

function clipText(value: string, max: number): string {
  const oneLine = value.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
