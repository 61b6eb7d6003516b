'use client';
// Dev-only: the waterfall on a synthetic trace, for browser checks and benchmarks.
// /dev/waterfall?spans=100000&collapse=0 — spans (1..200000), collapse = depth to collapse below (-1: none).
import { use, useCallback, useMemo, useState } from 'react';
import type { SpanId } from '@/lib/model/trace';
import { buildTraceTree } from '@/lib/trace-view/build-trace-tree';
import { criticalPath } from '@/lib/trace-view/critical-path';
import { collapseBelowDepth, revealSpan, toggleCollapsed } from '@/lib/trace-view/navigation';
import { searchSpans } from '@/lib/trace-view/search-spans';
import { seededRandom, syntheticTrace } from '@/lib/trace-view/synthetic';
import { SpanDetails } from '@/components/waterfall/SpanDetails';
import { Waterfall, type LogMarker } from '@/components/waterfall/Waterfall';

type SearchParams = Record<string, string | string[] | undefined>;

function intParam(sp: SearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = sp[name];
  const n = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(n) && raw !== undefined ? Math.min(max, Math.max(min, Math.round(n))) : fallback;
}

const LEVELS = ['info', 'info', 'debug', 'warn', 'error'];

/** The view model of a synthetic trace, timed (the figure is shown on the page). */
function buildModel(spanCount: number) {
  const trace = syntheticTrace(spanCount, 1);
  const t0 = performance.now();
  const tree = buildTraceTree(trace);
  const path = criticalPath(tree);
  return { tree, path, buildMs: performance.now() - t0 };
}

export default function WaterfallDevPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = use(searchParams);
  const spanCount = intParam(sp, 'spans', 2000, 1, 200_000);
  const collapseDepth = intParam(sp, 'collapse', -1, -1, 100);

  const { tree, buildMs, path } = useMemo(() => buildModel(spanCount), [spanCount]);

  const logMarkers = useMemo(() => {
    const rand = seededRandom(9);
    const out = new Map<SpanId, LogMarker[]>();
    for (let i = 0; i < tree.nodes.length; i += 3) {
      const node = tree.nodes[i];
      const count = 1 + Math.floor(rand() * 3);
      out.set(
        node.span.spanId,
        Array.from({ length: count }, () => ({
          timeMs: tree.startMs + (node.startUs + rand() * node.durationUs) / 1000,
          level: node.isError ? 'error' : LEVELS[Math.floor(rand() * LEVELS.length)],
        })),
      );
    }
    return out;
  }, [tree]);

  const [collapsed, setCollapsed] = useState<ReadonlySet<SpanId>>(() =>
    collapseDepth >= 0 ? collapseBelowDepth(tree, collapseDepth) : new Set<SpanId>(),
  );
  const [selected, setSelected] = useState<SpanId | null>(null);
  const [query, setQuery] = useState('');
  const [showPath, setShowPath] = useState(true);
  const matches = useMemo(() => searchSpans(tree, query), [tree, query]);

  const onSelectSpan = useCallback(
    (id: SpanId) => {
      setSelected(id);
      setCollapsed((c) => revealSpan(tree, c, id));
    },
    [tree],
  );
  const onToggle = useCallback((id: SpanId) => setCollapsed((c) => toggleCollapsed(c, id)), []);

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Waterfall (dev)</h1>
          <p data-testid="dev-build-ms">
            {spanCount.toLocaleString('en-US')} synthetic spans · model + critical path built in{' '}
            {/* Timed separately on the server and in the browser. */}
            <span suppressHydrationWarning>{buildMs.toFixed(1)}</span> ms
          </p>
        </div>
        <label className="row">
          <input type="checkbox" checked={showPath} onChange={(e) => setShowPath(e.target.checked)} /> Critical path
        </label>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 360px', gap: 16, alignItems: 'start' }}>
        <Waterfall
          tree={tree}
          selectedSpanId={selected}
          onSelectSpan={onSelectSpan}
          collapsed={collapsed}
          onToggle={onToggle}
          criticalPath={showPath ? path : null}
          searchMatches={matches}
          searchQuery={query}
          onSearchChange={setQuery}
          logMarkers={logMarkers}
          height={560}
        />
        {selected ? (
          <SpanDetails tree={tree} spanId={selected} onSelectSpan={onSelectSpan} />
        ) : (
          <p className="muted">Select a span (click, or focus the waterfall and press j/k).</p>
        )}
      </div>
    </div>
  );
}
