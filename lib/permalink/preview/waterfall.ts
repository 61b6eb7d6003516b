// A compact waterfall for a trace's unfurl image: at most a dozen rows, chosen so the picture tells the story
// (the root, the selected span, error spans, their parents, then the longest spans), drawn in display
// order on one time axis. Pure; O(n log n) for the choice.
import type { SpanId } from '../../model/trace';
import type { TraceTree } from '../../trace-view/build-trace-tree';
import { formatDurationUs } from '../../trace-view/format';
import { BODY_BOX, escapeXml, fitText, PREVIEW_COLORS } from './frame';

// The trace view's service palette (components/waterfall/service-colors.ts), as plain colours: the image has no
// CSS variables. Keep the two in the same order.
export const SERVICE_PALETTE = ['#3b82f6', '#f59e0b', '#10b981', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16', '#f97316', '#6366f1', '#14b8a6', '#a855f7', '#ca8a04'] as const;

export interface PreviewRow {
  depth: number;
  service: string;
  name: string;
  color: string;
  /** Offsets as fractions of the trace's duration. */
  startFraction: number;
  widthFraction: number;
  durationUs: number;
  isError: boolean;
  isSelected: boolean;
}

export interface WaterfallPreview {
  rows: PreviewRow[];
  /** Spans not drawn. */
  hiddenCount: number;
  durationUs: number;
}

export const MAX_PREVIEW_ROWS = 10;

export function waterfallPreview(tree: TraceTree, selectedSpanId: string | null, maxRows = MAX_PREVIEW_ROWS): WaterfallPreview {
  const n = tree.nodes.length;
  const keep = new Uint8Array(n);
  let kept = 0;
  const add = (index: number) => {
    if (index < 0 || keep[index] || kept >= maxRows) return;
    keep[index] = 1;
    kept += 1;
  };
  const ancestorsOf = (index: number) => {
    const chain: number[] = [];
    for (let i = tree.nodes[index].parentIndex; i >= 0; i = tree.nodes[i].parentIndex) chain.push(i);
    return chain; // nearest first
  };
  // The spans that matter first, then their context (nearest parents first), then the longest spans.
  for (const root of tree.roots.slice(0, 1)) add(root);
  const selected = selectedSpanId === null ? undefined : tree.indexById.get(selectedSpanId as SpanId);
  if (selected !== undefined) add(selected);
  const errors = tree.errorSpanIds
    .slice(0, Math.ceil(maxRows / 2))
    .map((spanId) => tree.indexById.get(spanId))
    .filter((index): index is number => index !== undefined);
  for (const index of errors) add(index);
  for (const index of [...(selected === undefined ? [] : [selected]), ...errors]) for (const parent of ancestorsOf(index)) add(parent);
  if (kept < maxRows) {
    const byDuration = Array.from({ length: n }, (_, i) => i).sort((a, b) => tree.nodes[b].durationUs - tree.nodes[a].durationUs);
    for (const index of byDuration) {
      if (kept >= maxRows) break;
      add(index);
    }
  }
  const total = tree.durationUs > 0 ? tree.durationUs : 1;
  const rows: PreviewRow[] = [];
  for (const index of tree.preorder) {
    if (!keep[index]) continue;
    const node = tree.nodes[index];
    const service = tree.services[node.serviceIndex];
    rows.push({
      depth: node.depth,
      service: node.span.serviceName,
      name: node.span.name,
      color: SERVICE_PALETTE[(service?.colorIndex ?? 0) % SERVICE_PALETTE.length],
      startFraction: clamp01(node.startUs / total),
      widthFraction: clamp01(node.durationUs / total),
      durationUs: node.durationUs,
      isError: node.isError,
      isSelected: index === selected,
    });
  }
  return { rows, hiddenCount: n - rows.length, durationUs: tree.durationUs };
}

const LABEL_WIDTH = 400;
const ROW_HEIGHT = 32;
const BAR_HEIGHT = 20;
const AXIS_HEIGHT = 36;

export function waterfallBodySvg(preview: WaterfallPreview): string {
  const c = PREVIEW_COLORS;
  const b = BODY_BOX;
  const barX = b.x + LABEL_WIDTH;
  const barWidth = b.width - LABEL_WIDTH;
  const parts: string[] = [];
  // Time axis: five ticks across the trace's duration.
  for (let i = 0; i <= 4; i++) {
    const x = barX + (barWidth * i) / 4;
    const label = i === 0 ? '0' : formatDurationUs((preview.durationUs * i) / 4);
    const anchor = i === 0 ? 'start' : i === 4 ? 'end' : 'middle';
    parts.push(`<line x1="${x}" y1="${b.y + 22}" x2="${x}" y2="${b.y + AXIS_HEIGHT + preview.rows.length * ROW_HEIGHT}" stroke="${c.border}" stroke-width="1"/>`);
    parts.push(`<text x="${x}" y="${b.y + 14}" font-size="15" fill="${c.muted}" text-anchor="${anchor}">${escapeXml(label)}</text>`);
  }
  preview.rows.forEach((row, i) => {
    const y = b.y + AXIS_HEIGHT + i * ROW_HEIGHT;
    if (row.isSelected) parts.push(`<rect x="${b.x - 8}" y="${y - 2}" width="${b.width + 16}" height="${ROW_HEIGHT - 4}" rx="4" fill="rgba(37,99,235,0.10)"/>`);
    const indent = Math.min(row.depth, 8) * 14;
    const labelX = b.x + indent;
    parts.push(`<circle cx="${labelX + 6}" cy="${y + BAR_HEIGHT / 2 + 2}" r="6" fill="${row.color}"/>`);
    const serviceText = fitText(row.service, 150, 18);
    const nameRoom = LABEL_WIDTH - indent - 30 - serviceText.length * 18 * 0.56 - 10;
    parts.push(
      `<text x="${labelX + 20}" y="${y + BAR_HEIGHT / 2 + 8}" font-size="18" fill="${c.fg}"><tspan font-weight="700">${escapeXml(serviceText)}</tspan><tspan fill="${row.isError ? c.danger : c.muted}"> ${escapeXml(fitText(row.name, Math.max(40, nameRoom), 18))}</tspan></text>`,
    );
    const x = barX + row.startFraction * barWidth;
    const width = Math.max(3, row.widthFraction * barWidth);
    const fill = row.isError ? c.danger : row.color;
    parts.push(`<rect x="${x.toFixed(1)}" y="${y + 2}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" rx="3" fill="${fill}"/>`);
    const duration = escapeXml(formatDurationUs(row.durationUs));
    // The duration after the bar; inside its end when the bar reaches the right edge and is wide enough;
    // else before it.
    const textWidth = duration.length * 15 * 0.56;
    const after = x + width + 8;
    const textY = y + BAR_HEIGHT / 2 + 7;
    if (after + textWidth < barX + barWidth) {
      parts.push(`<text x="${after.toFixed(1)}" y="${textY}" font-size="15" fill="${c.muted}">${duration}</text>`);
    } else if (width > textWidth + 16) {
      parts.push(`<text x="${(x + width - 8).toFixed(1)}" y="${textY}" font-size="15" fill="#ffffff" text-anchor="end">${duration}</text>`);
    } else {
      parts.push(`<text x="${(x - 8).toFixed(1)}" y="${textY}" font-size="15" fill="${c.muted}" text-anchor="end">${duration}</text>`);
    }
  });
  if (preview.hiddenCount > 0) {
    const y = b.y + AXIS_HEIGHT + preview.rows.length * ROW_HEIGHT + 22;
    parts.push(`<text x="${b.x}" y="${y}" font-size="17" fill="${c.muted}">+ ${preview.hiddenCount.toLocaleString('en-US')} more spans</text>`);
  }
  return parts.join('');
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
