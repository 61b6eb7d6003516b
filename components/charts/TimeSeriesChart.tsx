'use client';
// A time-series chart on ECharts' core build: only line + scatter and the components used here are registered.
import { useMemo } from 'react';
import { use as registerEChartsParts } from 'echarts/core';
import { LineChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  DataZoomComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartSeries } from '@/lib/charts/series-data';
import { formatValue, type ValueUnit } from '@/lib/charts/format';
import { useECharts } from './use-echarts';

registerEChartsParts([LineChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, MarkAreaComponent, DataZoomComponent, CanvasRenderer]);

export interface ChartMarker {
  timeMs: number;
  label: string;
}

export interface ChartExemplar {
  timeMs: number;
  value: number;
  traceId: string;
  label: string;
}

export interface ChartThreshold {
  value: number;
  label: string;
}

export interface TimeSeriesChartProps {
  series: ChartSeries[];
  unit: ValueUnit;
  height?: number;
  /** Vertical lines, e.g. this trace's start. */
  markers?: ChartMarker[];
  /** A shaded interval, e.g. the trace's duration or an alert's active window. */
  band?: { startMs: number; endMs: number; label: string };
  thresholds?: ChartThreshold[];
  exemplars?: ChartExemplar[];
  onExemplarClick?: (exemplar: ChartExemplar) => void;
  /** Accessible name for the chart region. */
  ariaLabel: string;
  stacked?: boolean;
}

const PALETTE = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16', '#f97316', '#64748b'];

function cssVar(name: string, fallback: string): string {
  if (typeof window === 'undefined') return fallback;
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const { series, unit, height = 220, markers, band, thresholds, exemplars, onExemplarClick, ariaLabel, stacked } = props;
  const option = useMemo(() => {
    const fg = cssVar('--fg', '#1f2937');
    const muted = cssVar('--muted', '#6b7280');
    const border = cssVar('--border', '#e5e7eb');
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
              data: [
                ...(markers ?? []).map((marker) => ({ xAxis: marker.timeMs, name: marker.label, label: { formatter: marker.label, color: fg } })),
                ...(thresholds ?? []).map((threshold) => ({
                  yAxis: threshold.value,
                  name: threshold.label,
                  // Inside the plot: a label past the line's end is clipped by the grid's right margin.
                  label: { formatter: threshold.label, color: muted, position: 'insideEndTop' as const },
                  lineStyle: { type: 'dashed' as const, color: '#ef4444' },
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
            name: 'exemplars',
            symbol: 'diamond',
            symbolSize: 9,
            color: '#f43f5e',
            z: 10,
            data: exemplars.map((exemplar) => ({ value: [exemplar.timeMs, exemplar.value], exemplar })),
          },
        ]
      : [];
    return {
      animation: false,
      grid: { left: 56, right: 16, top: 24, bottom: series.length > 1 ? 56 : 28 },
      tooltip: {
        trigger: 'axis' as const,
        confine: true,
        valueFormatter: (value: unknown) => formatValue(typeof value === 'number' ? value : null, unit),
      },
      legend: series.length > 1 ? { type: 'scroll' as const, bottom: 0, textStyle: { color: muted } } : undefined,
      xAxis: { type: 'time' as const, axisLabel: { color: muted }, axisLine: { lineStyle: { color: border } } },
      yAxis: {
        type: 'value' as const,
        axisLabel: { color: muted, formatter: (value: number) => formatValue(value, unit) },
        splitLine: { lineStyle: { color: border } },
      },
      series: [...lines, ...exemplarSeries],
    };
  }, [series, unit, markers, band, thresholds, exemplars, stacked]);

  const containerRef = useECharts(option, {
    onClick: (data) => {
      const exemplar = (data as { exemplar?: ChartExemplar } | undefined)?.exemplar;
      if (exemplar) onExemplarClick?.(exemplar);
    },
  });

  return <div ref={containerRef} role="img" aria-label={ariaLabel} style={{ width: '100%', height }} data-testid="timeseries-chart" />;
}
