// Draws the chart option with ECharts' server-side SVG renderer and reads where the threshold lines landed:
// the drawn line must sit at its value's pixel (ECharts rounded mark-line values to two decimals, which drew
// an error budget of 0.001 on the zero line) and inside the plot even when every point is far below it.
import { afterEach, describe, expect, it } from 'vitest';
import { init, use as registerEChartsParts, type ECharts } from 'echarts/core';
import { LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, MarkAreaComponent, MarkLineComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartSeries } from './series-data';
import { THRESHOLD_COLOR, timeSeriesOption, type TimeSeriesOptionInput } from './time-series-option';

registerEChartsParts([LineChart, ScatterChart, GridComponent, MarkLineComponent, MarkAreaComponent, SVGRenderer]);

const WIDTH = 600;
const HEIGHT = 220;
const T0 = Date.UTC(2026, 10, 1);

function series(values: number[]): ChartSeries[] {
  return [{ name: 'error ratio', labels: {}, points: values.map((value, i) => [T0 + i * 60_000, value]) }];
}

let chart: ECharts | null = null;
afterEach(() => {
  chart?.dispose();
  chart = null;
});

function draw(input: TimeSeriesOptionInput): { svg: string; chart: ECharts } {
  chart = init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  chart.setOption(timeSeriesOption(input));
  return { svg: chart.renderToSVGString(), chart };
}

/** y of every horizontal line drawn in the threshold colour (SVG paths "M x y L x2 y"). */
function thresholdLineYs(svg: string): number[] {
  const ys: number[] = [];
  for (const match of svg.matchAll(/<path d="M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)"[^>]*stroke="([^"]+)"/g)) {
    const [, , y1, , y2, stroke] = match;
    if (stroke.toLowerCase() === THRESHOLD_COLOR && Number(y1) === Number(y2)) ys.push(Number(y1));
  }
  return ys;
}

describe('timeSeriesOption threshold lines', () => {
  it('draws a 0.1 % budget line at 0.001, not on the zero line', () => {
    const { svg, chart } = draw({ series: series([0.0004, 0.0009, 0.0016, 0.0012, 0.0002]), unit: 'ratio', thresholds: [{ value: 0.001, label: 'budget 0.1 %' }] });
    const ys = thresholdLineYs(svg);
    expect(ys).toHaveLength(1);
    const atValue = chart.convertToPixel({ yAxisIndex: 0 }, 0.001);
    const atZero = chart.convertToPixel({ yAxisIndex: 0 }, 0);
    expect(Math.abs(ys[0] - atValue)).toBeLessThan(1);
    // Far from the zero line: the axis spans ~0.002, so 0.001 is about halfway up the plot.
    expect(atZero - ys[0]).toBeGreaterThan(40);
  });

  it('keeps a threshold far above every point inside the plot (the axis stretches to it)', () => {
    const { svg, chart } = draw({ series: series([0.5, 0.7, 0.6]), unit: 'none', thresholds: [{ value: 14.4, label: 'page 14.4x' }] });
    const ys = thresholdLineYs(svg);
    expect(ys).toHaveLength(1);
    const atValue = chart.convertToPixel({ yAxisIndex: 0 }, 14.4);
    expect(Math.abs(ys[0] - atValue)).toBeLessThan(1);
    expect(chart.containPixel({ gridIndex: 0 }, [WIDTH / 2, ys[0]])).toBe(true);
  });
});
