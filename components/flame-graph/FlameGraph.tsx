'use client';
// A flame graph (icicle: callers on top) drawn by d3-flame-graph. Frames narrower than a pixel are
// pruned before d3 sees them (lib/profile/prune), so a 50k-node profile draws only what can be seen; a
// zoom re-prunes below the zoomed frame so its detail appears. d3 is loaded on first use, in the browser.
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { FlameGraph as D3FlameChart, FlameGraphNode, FlameGraphTooltip } from 'd3-flame-graph';
import type { FlameGraph as FlameGraphModel } from '@/lib/model/profile';
import { toD3FlameData, type D3FlameDatum } from '@/lib/profile/d3-data';
import { countNodes } from '@/lib/profile/flame-tree';
import { formatPercent, formatProfileValue } from '@/lib/profile/format-value';
import { MERGED_FRAME_PREFIX, pruneFlameTree } from '@/lib/profile/prune';
import { frameMatches, searchFlameTree } from '@/lib/profile/search';
import { topFunctions } from '@/lib/profile/top-functions';
import styles from './flame-graph.module.css';

export interface FlameFrameInfo {
  name: string;
  /** Frame names from the root's child down to this frame (empty for the root). */
  path: string[];
  total: number;
  self: number;
}

export interface FlameRenderStats {
  /** Nodes in the profile given. */
  nodeCount: number;
  /** Frames handed to d3 after pruning. */
  drawnFrames: number;
  pruneMs: number;
  /** Time for d3 to build the chart's DOM (synchronous part). */
  renderMs: number;
}

export interface FlameGraphProps {
  graph: FlameGraphModel;
  title: string;
  /** Draw a diff (nodes carry baselineTotal, see diffFlameTrees): red grew, blue shrank. */
  diff?: boolean;
  /** Maximum height of the chart area in px; taller graphs scroll. */
  height?: number;
  onFrameClick?: (frame: FlameFrameInfo) => void;
  /** Reports pruning and render cost after each full render (dev page, benchmarks). */
  onRendered?: (stats: FlameRenderStats) => void;
}

type D3Modules = {
  flamegraph: typeof import('d3-flame-graph').default;
  colorMapper: typeof import('d3-flame-graph').colorMapper;
  select: typeof import('d3-selection').select;
};

let d3Loading: Promise<D3Modules> | null = null;
function loadD3(): Promise<D3Modules> {
  d3Loading ??= Promise.all([import('d3-flame-graph'), import('d3-selection')]).then(([fg, sel]) => ({
    flamegraph: fg.default,
    colorMapper: fg.colorMapper,
    select: sel.select,
  }));
  return d3Loading;
}

const CELL_HEIGHT = 18;
const TRANSITION_MS = 300;
/** Prune width rounded up to this step so small resizes do not rebuild the data. */
const WIDTH_STEP_PX = 100;
const TOP_FUNCTIONS = 50;
const NO_PATH: readonly string[] = [];

interface Prepared {
  data: D3FlameDatum;
  drawnFrames: number;
  pruneMs: number;
}

function prepare(graph: FlameGraphModel, widthPx: number, focusPath: readonly string[], diff: boolean): Prepared {
  const t0 = performance.now();
  const pruned = pruneFlameTree(graph.root, { minFraction: 1 / widthPx, focusPath });
  const data = toD3FlameData(pruned, { diff });
  return { data, drawnFrames: countNodes(pruned), pruneMs: performance.now() - t0 };
}

function pathOf(node: FlameGraphNode<D3FlameDatum>): string[] {
  const path: string[] = [];
  for (let n: FlameGraphNode<D3FlameDatum> | null = node; n && n.parent; n = n.parent) path.push(n.data.name);
  return path.reverse();
}

function findByPath(root: FlameGraphNode<D3FlameDatum>, path: readonly string[]): FlameGraphNode<D3FlameDatum> | null {
  let node: FlameGraphNode<D3FlameDatum> | undefined = root;
  for (const name of path) {
    node = node.children?.find((c) => c.data.name === name);
    if (!node) return null;
  }
  return node;
}

export function FlameGraph({ graph, title, diff = false, height = 520, onFrameClick, onRendered }: FlameGraphProps) {
  const wrapperRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<HTMLDivElement>(null);
  const tipRef = useRef<HTMLDivElement>(null);
  const chart = useRef<D3FlameChart<D3FlameDatum> | null>(null);
  const chartHost = useRef<HTMLElement | null>(null);
  const programmaticZoom = useRef(false);
  const rendered = useRef<{ data: D3FlameDatum; width: number } | null>(null);
  const latest = useRef({ onFrameClick, onRendered, graph, diff, term: '' });

  const [width, setWidth] = useState(0);
  // The zoom belongs to one profile and mode: a new graph or mode starts unzoomed.
  const [focus, setFocus] = useState<{ graph: FlameGraphModel; diff: boolean; path: readonly string[] }>({ graph, diff, path: [] });
  const focusPath = focus.graph === graph && focus.diff === diff ? focus.path : NO_PATH;
  const setFocusPath = useCallback((path: readonly string[]) => setFocus({ graph, diff, path }), [graph, diff]);
  const [term, setTerm] = useState('');
  const [showTable, setShowTable] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const deferredTerm = useDeferredValue(term);

  const empty = !(graph.root.total > 0);
  const pruneWidth = Math.max(WIDTH_STEP_PX, Math.ceil(width / WIDTH_STEP_PX) * WIDTH_STEP_PX);
  const focusKey = focusPath.join('\u0000');
  const prepared = useMemo(
    () => (width > 0 && !empty ? prepare(graph, pruneWidth, focusKey === '' ? [] : focusKey.split('\u0000'), diff) : null),
    [graph, pruneWidth, focusKey, diff, width, empty],
  );
  const searchSummary = useMemo(() => searchFlameTree(graph.root, deferredTerm), [graph, deferredTerm]);
  const topRows = useMemo(() => (showTable ? topFunctions(graph.root, TOP_FUNCTIONS) : []), [graph, showTable]);

  useEffect(() => {
    latest.current = { onFrameClick, onRendered, graph, diff, term: deferredTerm };
  }, [onFrameClick, onRendered, graph, diff, deferredTerm]);

  useEffect(() => {
    const el = wrapperRef.current;
    if (!el) return;
    const observer = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 0);
      setWidth((prev) => (prev === w ? prev : w));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Tooltip: plain DOM text (frame names come from profiles; never HTML).
  const showTip = useCallback((event: MouseEvent, node: FlameGraphNode<D3FlameDatum>) => {
    const tip = tipRef.current;
    const box = chartRef.current?.getBoundingClientRect();
    if (!tip || !box) return;
    const { graph: g, diff: isDiff } = latest.current;
    const d = node.data;
    const lines: [string, string][] = [];
    lines.push(['', d.name]);
    if (d.name.startsWith(MERGED_FRAME_PREFIX) && d.children.length === 0 && d.self === d.value) {
      lines.push(['', 'Frames narrower than a pixel, merged']);
    }
    lines.push(['Total', `${formatProfileValue(d.value, g.unit)} (${formatPercent(d.value / g.root.total)})`]);
    lines.push(['Self', `${formatProfileValue(d.self, g.unit)} (${formatPercent(d.self / g.root.total)})`]);
    if (isDiff && d.baselineValue !== undefined && d.delta !== undefined) {
      lines.push(['Baseline', `${formatProfileValue(d.baselineValue, g.unit)} (${formatPercent(d.baselineValue / g.root.total)}, normalised)`]);
      lines.push(['Change', `${d.delta >= 0 ? '+' : ''}${formatPercent(d.delta / g.root.total)} of total`]);
    }
    tip.replaceChildren(
      ...lines.map(([label, text], i) => {
        const div = document.createElement('div');
        if (i === 0) div.className = styles.tipTitle;
        if (label) {
          const b = document.createElement('span');
          b.className = styles.tipLabel;
          b.textContent = label;
          div.append(b, text);
        } else {
          div.textContent = text;
        }
        return div;
      }),
    );
    tip.style.display = 'block';
    const tipW = tip.offsetWidth;
    const x = event.clientX - box.left + 14;
    tip.style.left = `${Math.max(0, Math.min(x, box.width - tipW - 4))}px`;
    tip.style.top = `${event.clientY - box.top + 14}px`;
  }, []);

  const hideTip = useCallback(() => {
    if (tipRef.current) tipRef.current.style.display = 'none';
  }, []);

  // Draw: create the chart once, then feed it new data / width. Search and zoom are re-applied after.
  useEffect(() => {
    if (!prepared || !chartRef.current) return;
    let cancelled = false;
    const container = chartRef.current;
    loadD3()
      .then(({ flamegraph, colorMapper, select }) => {
        if (cancelled) return;
        const selection = select<HTMLElement, D3FlameDatum>(container);
        // The container is remounted after an empty or failed state: the old chart drew into a detached node.
        if (chart.current && chartHost.current !== container) {
          chart.current.destroy();
          chart.current = null;
          rendered.current = null;
        }
        let c = chart.current;
        const t0 = performance.now();
        if (!c) {
          const tooltip = Object.assign(() => undefined, {
            show(event: MouseEvent, node: FlameGraphNode<D3FlameDatum>) {
              showTip(event, node);
              return tooltip;
            },
            hide() {
              hideTip();
              return tooltip;
            },
          }) as FlameGraphTooltip<D3FlameDatum>;
          c = flamegraph<D3FlameDatum>()
            .width(width)
            .cellHeight(CELL_HEIGHT)
            .inverted(true)
            .selfValue(false)
            .sort(false)
            .minFrameSize(0.5)
            .transitionDuration(TRANSITION_MS)
            .tooltip(tooltip)
            .setSearchMatch((node, t) => frameMatches(node.data.name, t))
            .onClick((node) => {
              if (programmaticZoom.current) return;
              const path = pathOf(node);
              setFocusPath(path);
              latest.current.onFrameClick?.({ name: node.data.name, path, total: node.data.value, self: node.data.self });
            });
          if (diff) c.setColorMapper(colorMapper.differentialColorMapper);
          chart.current = c;
          chartHost.current = container;
          selection.datum(prepared.data).call(c);
        } else if (rendered.current?.data !== prepared.data) {
          c.width(width).update(prepared.data);
        } else if (rendered.current?.width !== width) {
          c.width(width).update();
        }
        const renderMs = performance.now() - t0;
        const dataChanged = rendered.current?.data !== prepared.data;
        rendered.current = { data: prepared.data, width };
        if (focusPath.length > 0 && dataChanged) {
          // After call/update, d3-flame-graph has replaced the datum with its hierarchy root.
          const root = selection.datum() as unknown as FlameGraphNode<D3FlameDatum>;
          const target = findByPath(root, focusPath);
          if (target) {
            programmaticZoom.current = true;
            c.transitionDuration(0);
            c.zoomTo(target);
            c.transitionDuration(TRANSITION_MS);
            programmaticZoom.current = false;
          }
        }
        // New data arrives without highlight flags: apply the current search again.
        if (dataChanged && latest.current.term.trim() !== '') c.search(latest.current.term);
        if (dataChanged) {
          latest.current.onRendered?.({
            nodeCount: latest.current.graph.nodeCount,
            drawnFrames: prepared.drawnFrames,
            pruneMs: prepared.pruneMs,
            renderMs,
          });
        }
      })
      .catch((error: unknown) => {
        if (!cancelled) setLoadError(error instanceof Error ? error.message : String(error));
      });
    return () => {
      cancelled = true;
    };
  }, [prepared, width, focusPath, diff, showTip, hideTip, setFocusPath]);

  // Highlight matches whenever the term or the drawn data changes.
  useEffect(() => {
    const c = chart.current;
    if (!c || !prepared) return;
    if (deferredTerm.trim() === '') c.clear();
    else c.search(deferredTerm);
  }, [deferredTerm, prepared]);

  // The chart is tied to one colour mode: rebuild it when diff changes, and remove it on unmount.
  useEffect(() => {
    return () => {
      chart.current?.destroy();
      chart.current = null;
      rendered.current = null;
    };
  }, [diff]);

  const resetZoom = () => {
    // Not a frame click: keep onFrameClick quiet while d3 zooms back to the root.
    programmaticZoom.current = true;
    chart.current?.resetZoom();
    programmaticZoom.current = false;
    setFocusPath([]);
  };

  return (
    <section className={styles.root} aria-label={`Flame graph: ${title}`} data-testid="flame-graph">
      <div className={styles.toolbar}>
        <h3 className={styles.title}>{title}</h3>
        <input
          className={styles.search}
          type="search"
          placeholder="Highlight frames"
          aria-label="Highlight frames whose name contains"
          value={term}
          onChange={(event) => setTerm(event.target.value)}
          disabled={empty}
        />
        {deferredTerm.trim() !== '' && !empty ? (
          <span className={styles.info} aria-live="polite" data-testid="flame-search-summary">
            {searchSummary.matchCount === 0
              ? 'no frames match'
              : `${searchSummary.matchCount} frames · ${formatProfileValue(searchSummary.matchedTotal, graph.unit)} (${formatPercent(searchSummary.matchedTotal / graph.root.total)})`}
          </span>
        ) : null}
        <span className={styles.spacer} />
        {!empty ? (
          <span className={styles.info}>
            {formatProfileValue(graph.root.total, graph.unit)} · {graph.nodeCount.toLocaleString('en-US')} frames
            {prepared ? ` · ${prepared.drawnFrames.toLocaleString('en-US')} drawn` : ''}
          </span>
        ) : null}
        <button type="button" className={styles.button} onClick={resetZoom} disabled={empty || focusPath.length === 0}>
          Reset zoom
        </button>
        <button type="button" className={styles.button} aria-pressed={showTable} onClick={() => setShowTable((v) => !v)} disabled={empty}>
          Top functions
        </button>
      </div>
      {diff && !empty ? (
        <div className={styles.legend} data-testid="flame-diff-legend">
          <span>
            <i className={styles.swatch} style={{ background: 'rgb(220,60,60)' }} /> grew
          </span>
          <span>
            <i className={styles.swatch} style={{ background: 'rgb(60,60,220)' }} /> shrank
          </span>
          <span>
            <i className={styles.swatch} style={{ background: 'rgb(255,190,90)' }} /> new
          </span>
          <span>
            <i className={styles.swatch} style={{ background: 'rgb(220,220,220)' }} /> unchanged
          </span>
          <span className={styles.info}>Share of each profile&rsquo;s total, so windows of different length compare.</span>
        </div>
      ) : null}
      {focusPath.length > 0 ? (
        <p className={styles.breadcrumb} title={focusPath.join(' › ')}>
          Zoomed: {focusPath.join(' › ')}
        </p>
      ) : null}
      <div ref={wrapperRef} className={styles.wrapper}>
        {empty ? (
          <p className={styles.empty} data-testid="flame-empty">
            No profile samples in this window.
          </p>
        ) : loadError ? (
          <p className={styles.empty} role="alert">
            The flame graph could not load: {loadError}
          </p>
        ) : (
          <div className={styles.scroller} style={{ maxHeight: height }} onMouseLeave={hideTip}>
            <div ref={chartRef} className={styles.chart} data-drawn-frames={prepared?.drawnFrames ?? 0} />
            <div ref={tipRef} className={styles.tip} role="tooltip" />
          </div>
        )}
      </div>
      {showTable && !empty ? (
        <div className={styles.tableWrap}>
          <table className={styles.table} data-testid="flame-top-functions">
            <thead>
              <tr>
                <th scope="col">Function</th>
                <th scope="col" className={styles.num}>
                  Self
                </th>
                <th scope="col" className={styles.num}>
                  Self %
                </th>
                <th scope="col" className={styles.num}>
                  Total
                </th>
                <th scope="col" className={styles.num}>
                  Total %
                </th>
              </tr>
            </thead>
            <tbody>
              {topRows.map((r) => (
                <tr key={r.name}>
                  <td>
                    <button type="button" className={styles.fnButton} onClick={() => setTerm(r.name)} title="Highlight in the graph">
                      {r.name}
                    </button>
                  </td>
                  <td className={styles.num}>{formatProfileValue(r.self, graph.unit)}</td>
                  <td className={styles.num}>{formatPercent(r.selfFraction)}</td>
                  <td className={styles.num}>{formatProfileValue(r.total, graph.unit)}</td>
                  <td className={styles.num}>{formatPercent(r.totalFraction)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
