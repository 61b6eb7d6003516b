// A time-series chart for an unfurl image (alert expression, SLO burn): ECharts' server-side SVG renderer,
// then nested into the card's body box. Times are labelled in UTC, like the card's footer.
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent } from 'echarts/components';
import { init, use as registerEChartsParts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { formatValue, type ValueUnit } from '../../charts/format';
import type { ChartSeries } from '../../charts/series-data';
import { BODY_BOX, PREVIEW_COLORS, PREVIEW_FONT } from './frame';

registerEChartsParts([LineChart, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, SVGRenderer]);

const PALETTE = ['#3b82f6', '#f59e0b', '#10b981', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16', '#f97316'];

export interface PreviewChartInput {
  series: readonly ChartSeries[];
  unit: ValueUnit;
  range: { fromMs: number; toMs: number };
  /** Horizontal dashed lines (an alert's threshold, an objective). */
  thresholds?: readonly { value: number; label: string }[];
  /** Shaded intervals (an alert's firing episodes). */
  bands?: readonly { startMs: number; endMs: number }[];
  /** Most series drawn; the rest are left out (the legend says how many). */
  maxSeries?: number;
}

/** The chart as an SVG element placed in the card's body box. */
export function chartBodySvg(input: PreviewChartInput): string {
  const b = BODY_BOX;
  const c = PREVIEW_COLORS;
  const maxSeries = input.maxSeries ?? 6;
  const shown = input.series.slice(0, maxSeries);
  const hidden = input.series.length - shown.length;
  const thresholdValues = (input.thresholds ?? []).map((t) => t.value).filter(Number.isFinite);
  const thresholdMax = thresholdValues.length > 0 ? Math.max(...thresholdValues) : null;
  const thresholdMin = thresholdValues.length > 0 && Math.min(...thresholdValues) < 0 ? Math.min(...thresholdValues) : null;
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: b.width, height: b.height - 8 });
  try {
    chart.setOption({
      animation: false,
      useUTC: true,
      textStyle: { fontFamily: PREVIEW_FONT, fontSize: 16, color: c.muted },
      grid: { left: 90, right: 24, top: 16, bottom: shown.length > 0 ? 64 : 32 },
      // Always a legend: it names what is drawn ("share of bad events", the alert's label set).
      legend:
        shown.length > 0
          ? { bottom: 0, left: 0, itemWidth: 18, textStyle: { fontSize: 15, color: c.muted, width: 300, overflow: 'truncate' }, data: shown.map((s) => s.name), formatter: (name: string) => (hidden > 0 && name === shown[shown.length - 1].name ? `${name} (+${hidden} more)` : name) }
          : undefined,
      xAxis: {
        type: 'time',
        min: input.range.fromMs,
        max: input.range.toMs,
        axisLabel: {
          color: c.muted,
          fontSize: 15,
          hideOverlap: true,
          // A day boundary reads "Nov 22", not a bare "22".
          formatter: { year: '{yyyy}', month: '{MMM} {yyyy}', day: '{MMM} {d}', hour: '{HH}:{mm}', minute: '{HH}:{mm}', second: '{HH}:{mm}:{ss}', millisecond: '{HH}:{mm}:{ss}.{SSS}', none: '{HH}:{mm}:{ss}' },
        },
        axisLine: { lineStyle: { color: c.border } },
        splitLine: { show: false },
      },
      yAxis: {
        type: 'value',
        // A threshold above (or below) the data stays in the picture: it is the point of an alert chart.
        max: thresholdMax === null ? undefined : (extent: { max: number }) => Math.max(extent.max, thresholdMax * 1.1),
        min: thresholdMin === null ? undefined : (extent: { min: number }) => Math.min(extent.min, thresholdMin),
        axisLabel: { color: c.muted, fontSize: 15, formatter: (value: number) => formatValue(value, input.unit) },
        splitLine: { lineStyle: { color: c.border } },
      },
      series: shown.map((one, index) => ({
        type: 'line',
        name: one.name,
        data: one.points,
        showSymbol: false,
        connectNulls: false,
        lineStyle: { width: 3 },
        color: PALETTE[index % PALETTE.length],
        ...(index === 0
          ? {
              markLine: (input.thresholds ?? []).length
                ? {
                    symbol: 'none',
                    silent: true,
                    data: (input.thresholds ?? []).map((t) => ({ yAxis: t.value, label: { formatter: t.label, color: c.danger, fontSize: 15, position: 'insideEndTop' }, lineStyle: { type: 'dashed', color: c.danger, width: 2 } })),
                  }
                : undefined,
              markArea: (input.bands ?? []).length
                ? { silent: true, itemStyle: { color: 'rgba(198,40,40,0.12)' }, data: (input.bands ?? []).map((band) => [{ xAxis: band.startMs }, { xAxis: band.endMs }]) }
                : undefined,
            }
          : {}),
      })),
    });
    return nestSvg(chart.renderToSVGString(), b.x, b.y);
  } finally {
    chart.dispose();
  }
}

/** Places a standalone <svg> document at (x, y) inside another SVG. */
export function nestSvg(svg: string, x: number, y: number): string {
  const start = svg.indexOf('<svg');
  if (start < 0) throw new Error('not an SVG document');
  return `<svg x="${x}" y="${y}"${svg.slice(start + 4)}`;
}
