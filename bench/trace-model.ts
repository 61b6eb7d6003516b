// Benchmark of the trace view model on synthetic traces of 1k, 20k and 100k spans.
// Prints figures; asserts nothing about timing. Run: npx tsx bench/trace-model.ts
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { buildTraceTree } from '../lib/trace-view/build-trace-tree';
import { criticalPath } from '../lib/trace-view/critical-path';
import { flattenVisibleRows } from '../lib/trace-view/flatten-rows';
import { searchSpans } from '../lib/trace-view/search-spans';
import { syntheticTrace } from '../lib/trace-view/synthetic';
import { timeMedianMs } from './measure';
import type { SpanId, Trace } from '../lib/model/trace';

export interface BenchResult {
  /** What was measured, e.g. "buildTraceTree". */
  name: string;
  /** Input size (spans here). */
  size: number;
  /** Median wall time of one run, milliseconds. */
  ms: number;
  /** ms divided by the baseline's ms for the same size (how many plain O(n) passes it costs). */
  ratio?: number;
  note?: string;
}

const SIZES = [1_000, 20_000, 100_000];

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const size of SIZES) {
    const trace: Trace = syntheticTrace(size, 42);
    const runs = size >= 100_000 ? 7 : size >= 20_000 ? 11 : 31;
    // Baseline: one shallow copy of every span object, the cheapest pass that touches each span.
    const baseline = timeMedianMs(runs, () => trace.spans.map((s) => ({ ...s })));
    results.push({ name: 'baseline: shallow copy of every span', size, ms: baseline, ratio: 1 });

    const add = (name: string, ms: number, note?: string) => results.push({ name, size, ms, ratio: ms / baseline, note });
    add('buildTraceTree', timeMedianMs(runs, () => buildTraceTree(trace)));
    const tree = buildTraceTree(trace);
    add('flattenVisibleRows (all expanded)', timeMedianMs(runs, () => flattenVisibleRows(tree, new Set<SpanId>())));
    const collapsed = new Set<SpanId>(tree.roots.flatMap((r) => tree.nodes[r].children.map((c) => tree.nodes[c].span.spanId)));
    // A fresh set each run: flattenVisibleRows remembers its last answer per tree and set.
    add('flattenVisibleRows (depth-1 collapsed)', timeMedianMs(runs, () => flattenVisibleRows(tree, new Set(collapsed))));
    add('criticalPath', timeMedianMs(runs, () => criticalPath(tree)));
    const firstSearch = (() => {
      const fresh = buildTraceTree(trace);
      const t0 = performance.now();
      searchSpans(fresh, 'payment');
      return performance.now() - t0;
    })();
    add('searchSpans first query (builds index)', firstSearch, 'single run');
    add('searchSpans next query', timeMedianMs(runs, () => searchSpans(tree, 'http.status_code=500')));
    add(
      'total: build + rows + critical path',
      timeMedianMs(runs, () => {
        const t = buildTraceTree(trace);
        flattenVisibleRows(t, new Set<SpanId>());
        criticalPath(t);
      }),
    );
  }
  return results;
}

export function printResults(results: BenchResult[]): void {
  const rows = results.map((r) => [
    r.name,
    String(r.size),
    Number.isFinite(r.ms) ? r.ms.toFixed(2) : '—',
    r.ratio === undefined || !Number.isFinite(r.ratio) ? '' : `${r.ratio.toFixed(1)}x`,
    r.note ?? '',
  ]);
  const head = ['measure', 'size', 'ms (median)', 'vs baseline', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`trace view model — node ${process.version}`);
  printResults(await run());
}
