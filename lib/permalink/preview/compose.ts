// The whole unfurl image of a link, per kind of view, from data already loaded. Pure.
import type { TraceTree } from '../../trace-view/build-trace-tree';
import { describeAbsoluteRange, permalinkWhat } from '../title';
import type { PermalinkState, ViewKind } from '../view-state';
import { chartBodySvg, type PreviewChartInput } from './chart';
import { messageBodySvg, previewFrameSvg, type FrameInput } from './frame';
import { waterfallBodySvg, waterfallPreview } from './waterfall';

export interface PreviewLink {
  title: string;
  state: PermalinkState;
}

const KIND_LABELS: Record<ViewKind, string> = {
  trace: 'Trace',
  alert: 'Alert',
  slo: 'SLO',
  'slo-list': 'SLOs',
  report: 'Monthly review',
  'report-list': 'Monthly reviews',
  search: 'Trace search',
  home: 'Alerts and SLOs',
  page: 'Weft',
};

function frame(link: PreviewLink, body: string, badge: FrameInput['badge'] = null): string {
  return previewFrameSvg({
    kind: KIND_LABELS[link.state.summary.kind],
    title: link.title,
    subtitle: permalinkWhat(link.state.summary) || link.state.path,
    badge,
    footer: describeAbsoluteRange(link.state.range),
    body,
  });
}

export function tracePreviewSvg(link: PreviewLink, tree: TraceTree): string {
  const summary = link.state.summary;
  const selected = summary.kind === 'trace' ? summary.spanId : null;
  const badge = tree.errorSpanIds.length > 0 ? ({ text: 'error', tone: 'danger' } as const) : ({ text: 'ok', tone: 'ok' } as const);
  return frame(link, waterfallBodySvg(waterfallPreview(tree, selected)), badge);
}

export function chartPreviewSvg(link: PreviewLink, chart: PreviewChartInput, badge: FrameInput['badge'] = null): string {
  return frame(link, chartBodySvg(chart), badge);
}

/** A card without a picture: for views with nothing to draw, or when the data could not be read. */
export function cardPreviewSvg(link: PreviewLink, lines: readonly string[]): string {
  return frame(link, messageBodySvg(lines));
}
