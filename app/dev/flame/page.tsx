'use client';
// Dev-only: the flame graph on synthetic profiles, for browser checks and the render benchmark.
// /dev/flame?nodes=50000&diff=1&empty=1
import { use, useCallback, useMemo, useState } from 'react';
import type { FlameGraph as FlameGraphModel, FlameNode } from '@/lib/model/profile';
import { diffFlameTrees } from '@/lib/profile/diff';
import { countNodes } from '@/lib/profile/flame-tree';
import { syntheticFlameTree } from '@/lib/profile/synthetic';
import { FlameGraph, type FlameFrameInfo, type FlameRenderStats } from '@/components/flame-graph/FlameGraph';

type SearchParams = Record<string, string | string[] | undefined>;

function param(sp: SearchParams, name: string): string | undefined {
  const raw = sp[name];
  return Array.isArray(raw) ? raw[0] : raw;
}

function buildGraph(nodes: number, diff: boolean, empty: boolean): FlameGraphModel {
  if (empty) return { root: { name: 'total', total: 0, self: 0, children: [] }, unit: 'nanoseconds', nodeCount: 1 };
  const target = syntheticFlameTree(nodes, 5);
  if (!diff) return { root: target, unit: 'nanoseconds', nodeCount: countNodes(target) };
  // A different seed would share no frames, so the baseline is the target with other weights: frames named
  // after database/sql cost less in the baseline (they grew), crypto frames cost more (they shrank).
  const root = diffFlameTrees(reweigh(target), target);
  return { root, unit: 'nanoseconds', nodeCount: countNodes(root) };
}

function reweigh(node: FlameNode): FlameNode {
  const children = node.children.map(reweigh);
  const factor = node.name.startsWith('database/sql') ? 0.3 : node.name.startsWith('crypto/') ? 3 : 1;
  const self = Math.round(node.self * factor);
  return { name: node.name, self, total: self + children.reduce((sum, c) => sum + c.total, 0), children };
}

export default function FlameDevPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = use(searchParams);
  const nodes = Math.min(200_000, Math.max(1, Number(param(sp, 'nodes') ?? 50_000) || 50_000));
  const [mode, setMode] = useState<'profile' | 'diff' | 'empty'>(
    param(sp, 'empty') === '1' ? 'empty' : param(sp, 'diff') === '1' ? 'diff' : 'profile',
  );
  const diff = mode === 'diff';
  const empty = mode === 'empty';
  const graph = useMemo(() => buildGraph(nodes, diff, empty), [nodes, diff, empty]);
  const [stats, setStats] = useState<FlameRenderStats | null>(null);
  const [clicked, setClicked] = useState<FlameFrameInfo | null>(null);
  const onRendered = useCallback((s: FlameRenderStats) => {
    setStats(s);
    // For the Playwright benchmark (bench/flame-graph.ts).
    (window as unknown as { __flameStats?: FlameRenderStats[] }).__flameStats ??= [];
    (window as unknown as { __flameStats: FlameRenderStats[] }).__flameStats.push(s);
  }, []);

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Flame graph (dev)</h1>
          <p data-testid="flame-stats">
            {stats
              ? `${stats.nodeCount.toLocaleString('en-US')} nodes · ${stats.drawnFrames.toLocaleString('en-US')} drawn · prune ${stats.pruneMs.toFixed(1)} ms · d3 ${stats.renderMs.toFixed(1)} ms`
              : 'rendering…'}
          </p>
          {clicked ? <p className="muted">Clicked: {clicked.path.join(' › ') || '(root)'}</p> : null}
        </div>
        <div className="row" role="group" aria-label="Data">
          {(['profile', 'diff', 'empty'] as const).map((m) => (
            <button key={m} type="button" className="btn" aria-pressed={mode === m} onClick={() => setMode(m)}>
              {m}
            </button>
          ))}
        </div>
      </div>
      <FlameGraph graph={graph} title={diff ? 'CPU diff (synthetic)' : 'CPU (synthetic)'} diff={diff} onRendered={onRendered} onFrameClick={setClicked} />
    </div>
  );
}
