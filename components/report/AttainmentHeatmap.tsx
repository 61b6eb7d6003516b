'use client';
// Day x service heatmap of SLO attainment (ECharts core: heatmap + piecewise visual map only). A cell is the
// day's burn rate for one SLO: green met the objective, red missed it (dark red: more than 10x the budget
// rate), empty had no traffic. A red cell opens that service's failed traces of that day.
import { useMemo } from 'react';
import { useRouter } from 'next/navigation';
import { use as registerEChartsParts } from 'echarts/core';
import { HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { useECharts } from '@/components/charts/use-echarts';
import { fitSvgToWidth } from './print-fit';
import { formatAttainment, formatCount } from '@/lib/report/format';
import type { SloAttainment } from '@/lib/report/types';
import styles from './report.module.css';

registerEChartsParts([HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

export const HEAT_COLORS = { met: '#22c55e', missed: '#f87171', badly: '#b91c1c' } as const;

interface Cell {
  value: [number, number, number];
  href: string;
  red: boolean;
  label: string;
}

function cssVar(name: string, fallback: string): string {
  if (typeof window === 'undefined') return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** ECharts tooltips are HTML: SLO names come from people. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function AttainmentHeatmap({ slos, days }: { slos: SloAttainment[]; days: { date: string }[] }) {
  const router = useRouter();
  const rows = useMemo(() => slos.filter((slo) => slo.month !== null), [slos]);
  const cells = useMemo(() => {
    const out: Cell[] = [];
    rows.forEach((slo, y) => {
      slo.days.forEach((day, x) => {
        if (day.burnRate === null || day.attainment === null) return;
        out.push({
          value: [x, y, day.burnRate],
          href: day.failedTracesHref,
          red: day.burnRate > 1,
          label: `${day.date} · ${escapeHtml(slo.slo.service)} / ${escapeHtml(slo.slo.name)}<br/>${formatAttainment(day.attainment)} (objective ${formatAttainment(slo.slo.objective)}), ${formatCount(day.badEvents)} of ${formatCount(day.totalEvents)} bad${day.burnRate > 1 ? '<br/><b>Click for the failed traces of that day</b>' : ''}`,
        });
      });
    });
    return out;
  }, [rows]);
  const height = 70 + rows.length * 34;

  const option = useMemo(() => {
    const muted = cssVar('--muted', '#6b7280');
    const border = cssVar('--border', '#e5e7eb');
    const empty = cssVar('--surface-2', '#eef1f5');
    return {
      animation: false,
      grid: { left: 210, right: 16, top: 8, bottom: 40 },
      tooltip: { confine: true, formatter: (p: unknown) => (p as { data?: Cell }).data?.label ?? '' },
      xAxis: {
        type: 'category' as const,
        data: days.map((day) => day.date.slice(8)),
        splitArea: { show: true, areaStyle: { color: [empty, empty] } },
        axisLabel: { color: muted, interval: 0, fontSize: 10 },
        axisLine: { lineStyle: { color: border } },
        name: 'day of month',
        nameLocation: 'middle' as const,
        nameGap: 24,
        nameTextStyle: { color: muted, fontSize: 11 },
      },
      yAxis: {
        type: 'category' as const,
        data: rows.map((slo) => `${slo.slo.service} · ${slo.slo.name}`),
        inverse: true,
        axisLabel: { color: muted, width: 200, overflow: 'truncate' as const },
        axisLine: { lineStyle: { color: border } },
      },
      visualMap: {
        type: 'piecewise' as const,
        show: false,
        dimension: 2,
        pieces: [
          { lte: 1, color: HEAT_COLORS.met },
          { gt: 1, lte: 10, color: HEAT_COLORS.missed },
          { gt: 10, color: HEAT_COLORS.badly },
        ],
      },
      series: [
        {
          type: 'heatmap' as const,
          data: cells,
          itemStyle: { borderColor: cssVar('--surface', '#ffffff'), borderWidth: 2 },
          emphasis: { itemStyle: { borderColor: cssVar('--fg', '#111'), borderWidth: 1 } },
          cursor: 'pointer',
        },
      ],
    };
  }, [cells, rows, days]);

  // SVG: a vector that print scales to the paper's width (a canvas would be cut or blurred).
  const containerRef = useECharts(option, {
    renderer: 'svg',
    onClick: (data) => {
      const cell = data as Cell | undefined;
      if (cell?.red) router.push(cell.href);
    },
    onRendered: (chart, element) => {
      fitSvgToWidth(element);
      // Where the red cells are drawn, for keyboard-free tests and for the list below: [x px, y px, href].
      const red = cells.filter((cell) => cell.red).map((cell) => {
        const [px, py] = chart.convertToPixel({ seriesIndex: 0 }, [cell.value[0], cell.value[1]]) as number[];
        return { x: Math.round(px), y: Math.round(py), href: cell.href };
      });
      const text = JSON.stringify(red);
      if (element.dataset.redCells !== text) element.dataset.redCells = text;
    },
  });

  return (
    <div
      ref={containerRef}
      className={`${styles.heatmap} ${styles.chart}`}
      style={{ height }}
      role="img"
      aria-label={`SLO attainment by day: ${rows.length} SLOs x ${days.length} days; ${cells.filter((c) => c.red).length} days missed the objective (listed below).`}
      data-testid="attainment-heatmap"
    />
  );
}

export function HeatmapLegend() {
  return (
    <div className={styles.legend}>
      <span>
        <span className={styles.swatch} style={{ background: HEAT_COLORS.met }} />
        met the objective
      </span>
      <span>
        <span className={styles.swatch} style={{ background: HEAT_COLORS.missed }} />
        missed (burned up to 10× the budget rate)
      </span>
      <span>
        <span className={styles.swatch} style={{ background: HEAT_COLORS.badly }} />
        missed badly (over 10×)
      </span>
      <span>
        <span className={styles.swatch} style={{ background: 'var(--surface-2)', border: '1px solid var(--border)' }} />
        no traffic / no data
      </span>
      <span>Click a red cell for that day’s failed traces.</span>
    </div>
  );
}
