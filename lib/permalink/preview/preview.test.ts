// Unfurl images: every kind renders a valid 1200x630 PNG; the trace's waterfall keeps the story (root, errors,
// selected span); hostile titles stay text. Set WEFT_PREVIEW_OUT=<dir> to write the PNGs for a look.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../../test/fixtures';
import { parseTraceByIdV1 } from '../../datasources/tempo/parse';
import type { TraceId } from '../../model/trace';
import { buildTraceTree } from '../../trace-view/build-trace-tree';
import { syntheticTrace } from '../../trace-view/synthetic';
import { traceSummaryFromTree } from '../trace-summary';
import { permalinkTitle } from '../title';
import type { PermalinkState } from '../view-state';
import { cardPreviewSvg, chartPreviewSvg, tracePreviewSvg } from './compose';
import { pngSize, svgToPng } from './png';
import { waterfallPreview } from './waterfall';

const TRACE_ID = 'bd5a131c670a194676bcd097a4eac415' as TraceId;
const trace = parseTraceByIdV1(readFixtureJson('tempo', 'traces_by_id_error.json'), TRACE_ID);
const tree = buildTraceTree(trace);
const range = { fromMs: Date.UTC(2026, 10, 21, 10, 0), toMs: Date.UTC(2026, 10, 21, 10, 30) };

function traceState(selected: string | null): PermalinkState {
  return { v: 1, path: `/trace/${TRACE_ID}`, params: [], range, summary: traceSummaryFromTree(tree, selected, []) };
}

function render(name: string, svg: string): Buffer {
  const png = svgToPng(svg);
  const out = process.env.WEFT_PREVIEW_OUT;
  if (out) {
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, `${name}.png`), png);
  }
  return png;
}

describe('trace preview', () => {
  it('is a 1200x630 PNG of the recorded error trace', () => {
    const state = traceState(trace.spans[2].spanId);
    const svg = tracePreviewSvg({ title: permalinkTitle(state.summary, state.path), state }, tree);
    expect(svg).toContain('ERROR');
    const png = render('trace-fixture', svg);
    expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('keeps the root, the selected span and every error span (with parents) of a big trace', () => {
    const big = buildTraceTree(syntheticTrace(5000, 7));
    const selected = big.nodes[4321].span.spanId;
    const preview = waterfallPreview(big, selected, 12);
    expect(preview.rows).toHaveLength(12);
    expect(preview.hiddenCount).toBe(5000 - 12);
    expect(preview.rows[0].depth).toBe(0);
    expect(preview.rows.filter((r) => r.isSelected)).toHaveLength(1);
    if (big.errorSpanIds.length > 0) expect(preview.rows.some((r) => r.isError)).toBe(true);
    for (const row of preview.rows) {
      expect(row.startFraction + row.widthFraction).toBeLessThanOrEqual(1 + 1e-9);
    }
    const state: PermalinkState = { v: 1, path: `/trace/${big.traceId}`, params: [], range, summary: traceSummaryFromTree(big, selected, []) };
    const png = render('trace-synthetic-5000', tracePreviewSvg({ title: permalinkTitle(state.summary, state.path), state }, big));
    expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
  });
});

describe('chart and card previews', () => {
  it('draws an alert chart with threshold and firing band', () => {
    const step = 60_000;
    const points = (phase: number): [number, number | null][] =>
      Array.from({ length: 31 }, (_, i) => [range.fromMs + i * step, i === 20 ? null : 0.4 + 0.3 * Math.sin(i / 4 + phase) + (i > 12 && i < 19 ? 1.6 : 0)]);
    const state: PermalinkState = { v: 1, path: '/alerts/PaymentLatencyHigh', params: [], range, summary: { kind: 'alert', name: 'PaymentLatencyHigh', labels: { service: 'payment' }, service: 'payment' } };
    const svg = chartPreviewSvg(
      { title: permalinkTitle(state.summary, state.path), state },
      {
        series: [
          { name: '{service="payment"}', labels: { service: 'payment' }, points: points(0) },
          { name: '{service="payment", instance="b"}', labels: {}, points: points(1) },
        ],
        unit: 'seconds',
        range,
        thresholds: [{ value: 1, label: '> 1 s' }],
        bands: [{ startMs: range.fromMs + 13 * step, endMs: range.fromMs + 19 * step }],
      },
      { text: 'fired', tone: 'danger' },
    );
    expect(svg).toMatch(/<svg x="48" y="196"/);
    expect(pngSize(render('alert-chart', svg))).toEqual({ width: 1200, height: 630 });
  });

  it('keeps a threshold above the data in the picture', () => {
    const state: PermalinkState = { v: 1, path: '/alerts/PaymentHighLatency', params: [], range, summary: { kind: 'alert', name: 'PaymentHighLatency', labels: {}, service: 'payment' } };
    const points: [number, number | null][] = Array.from({ length: 31 }, (_, i) => [range.fromMs + i * 60_000, 0.45 + 0.02 * Math.sin(i)]);
    const svg = chartPreviewSvg(
      { title: 'PaymentHighLatency · payment · alert', state },
      { series: [{ name: 'p99', labels: {}, points }], unit: 'seconds', range: { fromMs: range.fromMs - 86_400_000 / 2, toMs: range.toMs }, thresholds: [{ value: 1, label: '> 1 s' }] },
    );
    expect(svg).toContain('&gt; 1 s');
    expect(svg).toMatch(/>1 s</);
    expect(pngSize(render('alert-threshold-above', svg))).toEqual({ width: 1200, height: 630 });
  });

  it('renders a card, and keeps markup in a title as text', () => {
    const state: PermalinkState = { v: 1, path: '/', params: [], range, summary: { kind: 'home' } };
    const svg = cardPreviewSvg({ title: '<script>alert("x")</script> & co', state }, ['Alerts and SLOs', 'The trace could not be read: tempo timed out']);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(pngSize(render('card', svg))).toEqual({ width: 1200, height: 630 });
  });
});

describe('pngSize', () => {
  it('reads IHDR and refuses what is not a PNG', () => {
    expect(pngSize(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(pngSize(Buffer.from('GIF89a......................'))).toBeNull();
  });
});
