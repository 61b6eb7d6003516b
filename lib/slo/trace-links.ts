// From an SLO's worst window to the traces behind it: the trace search (/traces) for the service's failed
// traces in that window and, for a latency SLI, its traces slower than the SLI's threshold. Pure.
import { parser } from '@prometheus-io/lezer-promql';
import { numeratorQuery, type Sli } from './sli-query';

export interface TraceLinks {
  failed: string;
  /** Null when the SLI has no latency threshold to search by. */
  slow: string | null;
  /** "1s": the threshold the slow link searches above. */
  slowThreshold: string | null;
  fromMs: number;
  toMs: number;
}

/**
 * The latency threshold of a histogram SLI: the value of its `le` matcher (`le="1"` -> 1 s), read with the
 * PromQL grammar from the good (or bad) query. Null for anything else, or several different `le` values.
 */
export function latencyThresholdSeconds(sli: Sli): number | null {
  const query = numeratorQuery(sli).replaceAll('{{.window}}', '5m');
  const values = new Set<string>();
  parser.parse(query).iterate({
    enter: (node) => {
      if (node.name !== 'UnquotedLabelMatcher') return;
      const name = node.node.getChild('LabelName');
      const op = node.node.getChild('MatchOp');
      const value = node.node.getChild('StringLiteral');
      if (!name || !op || !value) return;
      if (query.slice(name.from, name.to) !== 'le' || query.slice(op.from, op.to) !== '=') return;
      values.add(query.slice(value.from + 1, value.to - 1));
    },
  });
  if (values.size !== 1) return null;
  const seconds = Number([...values][0]);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

function formatSeconds(seconds: number): string {
  return seconds >= 1 ? `${Number(seconds.toFixed(3))}s` : `${Number((seconds * 1000).toFixed(3))}ms`;
}

/** Links to /traces for the service in [fromMs, toMs] (absolute, so the link shows that window later too). */
export function traceLinks(service: string, sli: Sli, window: { fromMs: number; toMs: number }): TraceLinks {
  const base = { service, from: String(Math.floor(window.fromMs)), to: String(Math.ceil(window.toMs)) };
  const failed = `/traces?${new URLSearchParams({ service: base.service, status: 'error', from: base.from, to: base.to }).toString()}`;
  const threshold = latencyThresholdSeconds(sli);
  const slowThreshold = threshold === null ? null : formatSeconds(threshold);
  const slow = slowThreshold === null ? null : `/traces?${new URLSearchParams({ service: base.service, minDuration: slowThreshold, from: base.from, to: base.to }).toString()}`;
  return { failed, slow, slowThreshold, fromMs: window.fromMs, toMs: window.toMs };
}
