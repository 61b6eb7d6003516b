'use client';
// One ECharts instance per container: created on mount, resized with its box, disposed on unmount. Each new
// option replaces the last one whole (notMerge), so a series that went away does not linger.
import { useEffect, useRef, type RefObject } from 'react';
import { init, type ECharts, type EChartsCoreOption } from 'echarts/core';

export interface UseEChartsOptions {
  renderer?: 'canvas' | 'svg';
  /** Called with the `data` item of the clicked point; the latest callback is used without re-creating the chart. */
  onClick?: (data: unknown) => void;
  /**
   * Called after every finished render (a new option, a resize): where things are drawn is known then, e.g. for
   * `chart.convertToPixel`. The latest callback is used without re-creating the chart.
   */
  onRendered?: (chart: ECharts, element: HTMLDivElement) => void;
}

/** Renders `option` into the returned container ref; the caller registers the chart parts it uses. */
export function useECharts(option: EChartsCoreOption, { renderer = 'canvas', onClick, onRendered }: UseEChartsOptions = {}): RefObject<HTMLDivElement | null> {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ECharts | null>(null);
  const clickRef = useRef(onClick);
  const renderedRef = useRef(onRendered);
  useEffect(() => {
    clickRef.current = onClick;
    renderedRef.current = onRendered;
  }, [onClick, onRendered]);

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const chart = init(element, undefined, { renderer });
    chartRef.current = chart;
    chart.on('click', (params) => clickRef.current?.((params as { data?: unknown }).data));
    chart.on('finished', () => renderedRef.current?.(chart, element));
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, [renderer]);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  return containerRef;
}
