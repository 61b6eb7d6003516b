'use client';
// Trace durations over time (ECharts core: only the scatter chart and what it uses are registered). Error
// traces are red; clicking a point opens its trace. The results table below is the accessible equivalent.
import { useEffect, useMemo, useRef } from 'react';
import { use as registerEChartsParts } from 'echarts/core';
import { ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useECharts } from '@/components/charts/use-echarts';
import { formatDurationMs } from '@/lib/charts/format';
import type { SearchTraceRow } from '@/lib/investigation/search/load-search';
import { escapeHtml, niceCeil, scatterSeries, type ScatterPoint } from '@/lib/investigation/search/scatter-data';
import { formatInstant } from '@/lib/time-range';

registerEChartsParts([ScatterChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLORS = { error: '#dc2626', ok: '#3b82f6', unknown: '#94a3b8' };

function cssVar(name: string, fallback: string): string {
  if (typeof window === 'undefined') return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

interface PointDatum {
  value: [number, number];
  index: number;
}

function toData(points: ScatterPoint[]): PointDatum[] {
  return points.map((point) => ({ value: [point.startMs, point.durationMs], index: point.index }));
}

/** Plot margins in px (left, right, top, bottom); fixed so the axes map times and durations to known pixels. */
const GRID = { left: 64, right: 20, top: 28, bottom: 32 };

export function DurationScatter({
  rows,
  onOpen,
  windowFromMs,
  windowToMs,
  height = 260,
}: {
  rows: SearchTraceRow[];
  onOpen: (row: SearchTraceRow) => void;
  /** The x axis spans the searched window, so it shows where in it the traces fall. */
  windowFromMs: number;
  windowToMs: number;
  height?: number;
}) {
  const rowsRef = useRef(rows);
  const openRef = useRef(onOpen);
  useEffect(() => {
    rowsRef.current = rows;
    openRef.current = onOpen;
  }, [rows, onOpen]);

  const yMaxMs = useMemo(() => niceCeil(Math.max(0, ...rows.map((row) => row.durationMs)) * 1.05), [rows]);
  const option = useMemo(() => {
    const muted = cssVar('--muted', '#6b7280');
    const border = cssVar('--border', '#e5e7eb');
    const series = scatterSeries(rows);
    const make = (name: string, color: string, points: ScatterPoint[]) => ({
      type: 'scatter' as const,
      name,
      color,
      symbolSize: 8,
      emphasis: { scale: 1.6 },
      cursor: 'pointer',
      data: toData(points),
    });
    return {
      animation: false,
      grid: { ...GRID },
      legend: { top: 0, right: 0, textStyle: { color: muted }, data: ['error', 'ok', ...(series.unknown.length > 0 ? ['unknown'] : [])] },
      tooltip: {
        trigger: 'item' as const,
        confine: true,
        formatter: (params: unknown) => {
          const index = (params as { data?: PointDatum }).data?.index;
          const row = index === undefined ? undefined : rowsRef.current[index];
          if (!row) return '';
          return [
            `<strong>${escapeHtml(row.rootServiceName)}</strong> ${escapeHtml(row.rootTraceName)}`,
            `${escapeHtml(formatDurationMs(row.durationMs))} · ${escapeHtml(formatInstant(row.startMs))}`,
            `<span style="font-family:monospace">${escapeHtml(row.traceId)}</span>`,
          ].join('<br>');
        },
      },
      xAxis: { type: 'time' as const, min: windowFromMs, max: windowToMs, axisLabel: { color: muted }, axisLine: { lineStyle: { color: border } } },
      yAxis: {
        type: 'value' as const,
        min: 0,
        max: yMaxMs,
        name: 'duration',
        nameTextStyle: { color: muted },
        axisLabel: { color: muted, formatter: (value: number) => formatDurationMs(value) },
        splitLine: { lineStyle: { color: border } },
      },
      series: [make('ok', COLORS.ok, series.ok), make('error', COLORS.error, series.error), make('unknown', COLORS.unknown, series.unknown)],
    };
  }, [rows, windowFromMs, windowToMs, yMaxMs]);

  const containerRef = useECharts(option, {
    onClick: (data) => {
      const index = (data as PointDatum | undefined)?.index;
      const row = index === undefined ? undefined : rowsRef.current[index];
      if (row) openRef.current(row);
    },
  });

  return (
    <div
      ref={containerRef}
      role="img"
      aria-label={`Duration of ${rows.length} traces over time; error traces in red. The table below lists the same traces.`}
      style={{ width: '100%', height }}
      data-testid="duration-scatter"
      // The axes' ends and margins: where a trace's point is, for automation and tests.
      data-x-min={windowFromMs}
      data-x-max={windowToMs}
      data-y-max={yMaxMs}
      data-grid={`${GRID.left},${GRID.right},${GRID.top},${GRID.bottom}`}
    />
  );
}
