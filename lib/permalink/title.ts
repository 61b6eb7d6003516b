// What a shared link says about itself in chat: a title such as "payment · 2.3 s · error · POST /checkout trace"
// and a one-line description with the absolute range. Pure.
import { describeTimeRange } from '../time-range';
import { formatDurationUs } from '../trace-view/format';
import type { AbsoluteRange, PermalinkState, ViewSummary } from './view-state';

export const MAX_TITLE_LENGTH = 120;
export const MAX_DESCRIPTION_LENGTH = 300;

/** "2026-11-21 10:00:00 to 10:30:00 UTC" (the date once when both ends share it). */
export function describeAbsoluteRange(range: AbsoluteRange): string {
  return describeTimeRange({ from: String(range.fromMs), to: String(range.toMs) }, range.toMs);
}

export function permalinkTitle(summary: ViewSummary, path: string): string {
  return clip(titleOf(summary, path), MAX_TITLE_LENGTH);
}

function titleOf(summary: ViewSummary, path: string): string {
  switch (summary.kind) {
    case 'trace': {
      if (summary.rootService === null && summary.rootName === null) return `Trace ${summary.traceId}`;
      const parts = [summary.rootService || 'unknown service'];
      if (summary.durationMs !== null) parts.push(formatDurationUs(summary.durationMs * 1000));
      if (summary.errorCount !== null) parts.push(summary.errorCount > 0 ? 'error' : 'ok');
      parts.push(`${clip(summary.rootName || '(unnamed span)', 60)} trace`);
      return parts.join(' · ');
    }
    case 'alert':
      return [summary.name, summary.service, 'alert'].filter(Boolean).join(' · ');
    case 'slo': {
      const objective = summary.objective === null ? null : `${formatObjective(summary.objective)} SLO`;
      return [summary.name ?? summary.id, summary.service, objective ?? 'SLO'].filter(Boolean).join(' · ');
    }
    case 'report':
      return `Monthly review · ${summary.month}`;
    case 'search':
      return summary.query ? `Trace search · ${summary.query}` : 'Trace search';
    case 'home':
      return 'Alerts and SLOs';
    case 'slo-list':
      return 'SLOs';
    case 'report-list':
      return 'Monthly reviews';
    case 'page':
      return path;
  }
}

/** One line: what the view shows, then when. */
export function permalinkDescription(state: Pick<PermalinkState, 'summary' | 'range'>): string {
  const when = describeAbsoluteRange(state.range);
  const what = permalinkWhat(state.summary);
  return clip(what ? `${what} · ${when}` : when, MAX_DESCRIPTION_LENGTH);
}

/** What the view shows, without the time ("7 spans across checkout, payment · 2 error spans"); may be empty. */
export function permalinkWhat(summary: ViewSummary): string {
  switch (summary.kind) {
    case 'trace': {
      if (summary.spanCount === null) return `Trace ${summary.traceId}`;
      const services = summary.services.length > 0 ? ` across ${listOf(summary.services, 4)}` : '';
      const errors = summary.errorCount ? ` · ${plural(summary.errorCount, 'error span', 'error spans')}` : '';
      return `${plural(summary.spanCount, 'span', 'spans')}${services}${errors}`;
    }
    case 'alert': {
      const labels = Object.entries(summary.labels)
        .filter(([name]) => name !== 'alertname')
        .map(([name, value]) => `${name}=${value}`);
      return labels.length > 0 ? `Alert ${summary.name} {${listOf(labels, 4)}}` : `Alert ${summary.name}`;
    }
    case 'slo':
      return summary.objective === null ? 'Service level objective' : `Objective ${formatObjective(summary.objective)} good events`;
    case 'report':
      return 'SLO attainment, incidents and action items';
    case 'search':
      return 'Traces matching the search';
    default:
      return '';
  }
}

/** 0.999 -> "99.9 %". */
export function formatObjective(ratio: number): string {
  return `${Number((ratio * 100).toFixed(3))} %`;
}

function listOf(items: readonly string[], max: number): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

export function clip(value: string, max: number): string {
  const oneLine = value.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
