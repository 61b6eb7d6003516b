// The ECharts option of a time-series chart (components/charts/TimeSeriesChart.tsx), built apart from the
// component so that what gets drawn (threshold lines at their exact value, inside the y axis) can be checked
// by rendering it with ECharts' server-side SVG renderer in a unit test.
import { format as echartsFormat, type EChartsCoreOption } from 'echarts/core';
import { formatValue as formatByUnit, type ValueUnit } from './format';
import type { ChartSeries } from './series-data';
import { formatInstant } from '../time-range';

export interface ChartMarker {
  timeMs: number;
  label: string;
}

export interface ChartExemplar {
  timeMs: number;
  /** Where the point is drawn, in the chart's unit. */
  value: number;
  traceId: string;
  /** The tooltip's heading, e.g. "Exemplar" or "this trace". */
  label: string;
  /** The exemplar's own value as text, when it is not `value` in the chart's unit (another unit, or drawn on its line). */
  valueText?: string;
}

export interface ChartThreshold {
  value: number;
  label: string;
}

export interface TimeSeriesOptionInput {
  series: ChartSeries[];
  unit: ValueUnit;
  /** Vertical lines, e.g. this trace's start. */
  markers?: ChartMarker[];
  /** A shaded interval, e.g. the trace's duration or an alert's active window. */
  band?: { startMs: number; endMs: number; label: string };
  thresholds?: ChartThreshold[];
  exemplars?: ChartExemplar[];
  stacked?: boolean;
  /** The y axis' lower end; by default ECharts picks it (0 for values that are all positive). */
  yAxisMin?: number;
  /**
   * Writes a value for the y axis' labels and the tooltip instead of the unit's default (e.g. "14.4×" for a burn
   * rate). In the chart component, pass a stable function (module level or memoised): a new one redraws the chart.
   */
  formatValue?: (value: number) => string;
}

/** The theme's colours (CSS variables in the browser). */
export interface ChartColors {
  fg: string;
  muted: string;
  border: string;
}

export const DEFAULT_CHART_COLORS: ChartColors = { fg: '#1f2937', muted: '#6b7280', border: '#e5e7eb' };

export const EXEMPLAR_SERIES_ID = 'exemplars';

/** Threshold lines' colour: what a test looks for in the drawn chart. */
export const THRESHOLD_COLOR = '#ef4444';

const PALETTE = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16', '#f97316', '#64748b'];

function exemplarTooltip(exemplar: ChartExemplar, valueText: string): string {
  const html = echartsFormat.encodeHTML;
  return [
    `<div data-testid="exemplar-tooltip" data-trace-id="${html(exemplar.traceId)}">`,
    `<strong>${html(exemplar.label)}</strong><br/>`,
    `trace <span class="mono" data-testid="exemplar-tooltip-trace">${html(exemplar.traceId)}</span><br/>`,
    `value <strong data-testid="exemplar-tooltip-value">${html(valueText)}</strong><br/>`,
    `${html(formatInstant(exemplar.timeMs))}<br/>`,
    '<em>Click to open the trace</em>',
    '</div>',
  ].join('');
}

export function timeSeriesOption(input: TimeSeriesOptionInput, colors: ChartColors = DEFAULT_CHART_COLORS): EChartsCoreOption {
  const { series, unit, markers, band, thresholds, exemplars, stacked, yAxisMin } = input;
  const format = input.formatValue ?? ((value: number) => formatByUnit(value, unit));
  const { fg, muted, border } = colors;
  const lines = series.map((one, index) => ({
    type: 'line' as const,
    name: one.name,
    data: one.points,
    showSymbol: false,
    connectNulls: false,
    stack: stacked ? 'total' : undefined,
    areaStyle: stacked ? { opacity: 0.25 } : undefined,
    lineStyle: { width: 1.5 },
    color: PALETTE[index % PALETTE.length],
    ...(index === 0
      ? {
          markLine: {
            symbol: 'none',
            silent: true,
            // ECharts rounds a mark line's value to 2 decimals by default: an error budget of 0.001 was drawn at 0.
            precision: 20,
            data: [
              ...(markers ?? []).map((marker) => ({ xAxis: marker.timeMs, name: marker.label, label: { formatter: marker.label, color: fg } })),
              ...(thresholds ?? []).map((threshold) => ({
                yAxis: threshold.value,
                name: threshold.label,
                // Inside the plot: a label past the line's end is clipped by the grid's right margin.
                label: { formatter: threshold.label, color: muted, position: 'insideEndTop' as const },
                lineStyle: { type: 'dashed' as const, color: THRESHOLD_COLOR },
              })),
            ],
          },
          markArea: band
            ? { silent: true, itemStyle: { color: 'rgba(239,68,68,0.08)' }, data: [[{ xAxis: band.startMs, name: band.label }, { xAxis: band.endMs }]] }
            : undefined,
        }
      : {}),
  }));
  const exemplarSeries = exemplars?.length
    ? [
        {
          type: 'scatter' as const,
          id: EXEMPLAR_SERIES_ID,
          name: 'exemplars',
          symbol: 'diamond',
          symbolSize: 9,
          color: '#f43f5e',
          z: 10,
          cursor: 'pointer',
          data: exemplars.map((exemplar) => ({ value: [exemplar.timeMs, exemplar.value], exemplar })),
          // Its own tooltip on hover (trace id and value), left out of the lines' axis tooltip.
          tooltip: {
            trigger: 'item' as const,
            formatter: (params: unknown) => {
              const exemplar = (params as { data?: { exemplar?: ChartExemplar } }).data?.exemplar;
              return exemplar ? exemplarTooltip(exemplar, exemplar.valueText ?? format(exemplar.value)) : '';
            },
          },
        },
      ]
    : [];
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 24, bottom: series.length > 1 ? 56 : 28 },
    tooltip: {
      trigger: 'axis' as const,
      confine: true,
      valueFormatter: (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? format(value) : formatByUnit(null, unit)),
    },
    legend: series.length > 1 ? { type: 'scroll' as const, bottom: 0, textStyle: { color: muted } } : undefined,
    xAxis: { type: 'time' as const, axisLabel: { color: muted }, axisLine: { lineStyle: { color: border } } },
    yAxis: {
      type: 'value' as const,
      min: yAxisMin,
      // The thresholds count as data for the axis' extent: a line far from every point is still drawn.
      dataMin: thresholds?.length ? Math.min(...thresholds.map((threshold) => threshold.value)) : undefined,
      dataMax: thresholds?.length ? Math.max(...thresholds.map((threshold) => threshold.value)) : undefined,
      axisLabel: { color: muted, formatter: (value: number) => format(value) },
      splitLine: { lineStyle: { color: border } },
    },
    series: [...lines, ...exemplarSeries],
  };
}
