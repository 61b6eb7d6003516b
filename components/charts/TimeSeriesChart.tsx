'use client';
// A time-series chart on ECharts' core build: only line + scatter and the components used here are registered.
// The option itself is built in lib/charts/time-series-option.ts.
import { useMemo } from 'react';
import { use as registerEChartsParts, type ECharts } from 'echarts/core';
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
import {
  DEFAULT_CHART_COLORS,
  EXEMPLAR_SERIES_ID,
  timeSeriesOption,
  type ChartExemplar,
  type TimeSeriesOptionInput,
} from '@/lib/charts/time-series-option';
import { useECharts } from './use-echarts';

export type { ChartExemplar, ChartMarker, ChartThreshold } from '@/lib/charts/time-series-option';

registerEChartsParts([LineChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, MarkAreaComponent, DataZoomComponent, CanvasRenderer]);

/** Where an exemplar is drawn, in CSS pixels from the chart container's top left (data-exemplar-points). */
export interface ExemplarPoint {
  traceId: string;
  timeMs: number;
  x: number;
  y: number;
}

export interface TimeSeriesChartProps extends TimeSeriesOptionInput {
  height?: number;
  onExemplarClick?: (exemplar: ChartExemplar) => void;
  /** Accessible name for the chart region. */
  ariaLabel: string;
}

function cssVar(name: string, fallback: string): string {
  if (typeof window === 'undefined') return fallback;
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/** The exemplars drawn inside the plot and where, for tests and tools that point at them. */
function exemplarPoints(chart: ECharts, exemplars: ChartExemplar[]): ExemplarPoint[] {
  return exemplars.flatMap((exemplar) => {
    const pixel = chart.convertToPixel({ seriesId: EXEMPLAR_SERIES_ID }, [exemplar.timeMs, exemplar.value]) as number[] | undefined;
    if (!pixel || !pixel.every(Number.isFinite) || !chart.containPixel({ gridIndex: 0 }, pixel)) return [];
    return [{ traceId: exemplar.traceId, timeMs: exemplar.timeMs, x: Math.round(pixel[0]), y: Math.round(pixel[1]) }];
  });
}

export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const { series, unit, height = 220, markers, band, thresholds, exemplars, onExemplarClick, ariaLabel, stacked, yAxisMin, formatValue: formatValueProp } = props;
  const option = useMemo(
    () =>
      timeSeriesOption(
        { series, unit, markers, band, thresholds, exemplars, stacked, yAxisMin, formatValue: formatValueProp },
        { fg: cssVar('--fg', DEFAULT_CHART_COLORS.fg), muted: cssVar('--muted', DEFAULT_CHART_COLORS.muted), border: cssVar('--border', DEFAULT_CHART_COLORS.border) },
      ),
    [series, unit, markers, band, thresholds, exemplars, stacked, yAxisMin, formatValueProp],
  );

  const containerRef = useECharts(option, {
    onClick: (data) => {
      const exemplar = (data as { exemplar?: ChartExemplar } | undefined)?.exemplar;
      if (exemplar) onExemplarClick?.(exemplar);
    },
    onRendered: (chart, element) => {
      const points = exemplars?.length ? JSON.stringify(exemplarPoints(chart, exemplars)) : null;
      if (points === null) delete element.dataset.exemplarPoints;
      else if (element.dataset.exemplarPoints !== points) element.dataset.exemplarPoints = points;
    },
  });

  return <div ref={containerRef} role="img" aria-label={ariaLabel} style={{ width: '100%', height }} data-testid="timeseries-chart" />;
}
