// Benchmark of the trace view model on synthetic traces of 1k, 20k and 100k spans, and of the trace transport
// (encodeTrace on the server; decodeTrace + buildTraceTree in the browser) on the demo's batch trace at 20k and
// 100k spans as Tempo serves it. Transport figures: "cold" is the first call in a fresh process (unoptimised JIT,
// as in the browser, where each runs once per page), median over a few processes; "warm" the median of repeated
// calls in one process. Prints figures; asserts nothing about timing. Run: npx tsx bench/trace-model.ts
// (WEFT_BENCH_TRANSPORT=0 skips the transport part, WEFT_BENCH_MODEL=0 the model part; WEFT_BENCH_TRANSPORT_PROCESSES, default 5, sets how many
// fresh processes each cold figure is the median of).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { startDemoStack } from '../demo';
import { parseTraceByIdV2 } from '../lib/datasources/tempo/parse';
import { decodeTrace, decodeTraceTree, encodeTrace, type TraceTransport } from '../lib/investigation/trace-transport';
import { normaliseTraceId } from '../lib/model/ids';
import { buildTraceTree } from '../lib/trace-view/build-trace-tree';
import { criticalPath } from '../lib/trace-view/critical-path';
import { flattenVisibleRows } from '../lib/trace-view/flatten-rows';
import { searchSpans } from '../lib/trace-view/search-spans';
import { syntheticTrace } from '../lib/trace-view/synthetic';
import { median, timeMedianMs } from './measure';
import { batchTrace, BENCH_SEED } from './trace-bench-harness';
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

/** The view model on synthetic traces. */
export async function runModel(): Promise<BenchResult[]> {
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

// ---- trace transport ------------------------------------------------------------------------------------

const TRANSPORT_SIZES = [20_000, 100_000];
const CHILD_FLAG = '--transport-child';
type ChildMode = 'encode' | 'decode' | 'decode-tree';

interface ChildFigures {
  /** Per measure: [cold first call ms, warm median ms]. */
  [measure: string]: [number, number];
}

function timeOnce(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Runs in a fresh process: the first call of each function is the cold figure, then warm medians. */
function transportChild(mode: ChildMode, file: string): ChildFigures {
  const text = readFileSync(file, 'utf8');
  const runs = 9;
  if (mode === 'encode') {
    const { traceId, body } = JSON.parse(text) as { traceId: string; body: unknown };
    const id = normaliseTraceId(traceId);
    if (!id) throw new Error(`bad trace id ${traceId}`);
    const trace = parseTraceByIdV2(body, id);
    const cold = timeOnce(() => encodeTrace(trace));
    return { encodeTrace: [cold, timeMedianMs(runs, () => encodeTrace(trace))] };
  }
  const transport = JSON.parse(text) as TraceTransport;
  if (mode === 'decode-tree') {
    // What the trace view does: the tree straight from the transport.
    const cold = timeOnce(() => decodeTraceTree(transport));
    return { 'decodeTraceTree (view path)': [cold, timeMedianMs(runs, () => decodeTraceTree(transport))] };
  }
  // The two steps apart (other callers build trees from traces): the model, then the tree built from it.
  let decoded: ReturnType<typeof decodeTrace> | null = null;
  const decodeCold = timeOnce(() => (decoded = decodeTrace(transport)));
  const trace = decoded ?? decodeTrace(transport);
  const treeCold = timeOnce(() => buildTraceTree(trace));
  return {
    decodeTrace: [decodeCold, timeMedianMs(runs, () => decodeTrace(transport))],
    buildTraceTree: [treeCold, timeMedianMs(runs, () => buildTraceTree(trace))],
  };
}

function spawnChild(mode: ChildMode, file: string): ChildFigures {
  const tsx = path.resolve(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx');
  const out = spawnSync(tsx, [import.meta.filename, CHILD_FLAG, mode, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (out.status !== 0) throw new Error(`transport child ${mode} failed (${out.status}): ${out.stderr.slice(-2000)}`);
  const line = out.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as ChildFigures;
}

/** The demo's batch trace at 20k and 100k spans, as Tempo's v2 API serves it, through fresh processes. */
export async function runTransport(): Promise<BenchResult[]> {
  const processes = Math.max(1, Number(process.env.WEFT_BENCH_TRANSPORT_PROCESSES ?? 5));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-trace-transport-'));
  const results: BenchResult[] = [];
  try {
    const files: { size: number; tempo: string; transport: string }[] = [];
    const demo = await startDemoStack({
      host: '127.0.0.1',
      seed: BENCH_SEED,
      ports: { prometheus: 0, loki: 0, tempo: 0, pyroscope: 0, alertmanager: 0 },
    });
    try {
      for (const size of TRANSPORT_SIZES) {
        const { traceId } = batchTrace(size, 1);
        const response = await fetch(`${demo.urls.tempo}/api/v2/traces/${traceId}`);
        if (!response.ok) throw new Error(`Tempo answered ${response.status} for the ${size}-span batch trace`);
        const body = JSON.parse(await response.text()) as unknown;
        const id = normaliseTraceId(traceId);
        if (!id) throw new Error(`bad trace id ${traceId}`);
        const spans = parseTraceByIdV2(body, id).spans.length;
        if (spans !== size) throw new Error(`expected ${size} spans, Tempo gave ${spans}`);
        const tempo = path.join(dir, `tempo-${size}.json`);
        const transport = path.join(dir, `transport-${size}.json`);
        writeFileSync(tempo, JSON.stringify({ traceId, body }));
        writeFileSync(transport, JSON.stringify(encodeTrace(parseTraceByIdV2(body, id))));
        files.push({ size, tempo, transport });
      }
    } finally {
      await demo.close();
    }
    for (const { size, tempo, transport } of files) {
      const samples = new Map<string, [number[], number[]]>();
      for (let p = 0; p < processes; p++) {
        for (const [mode, file] of [
          ['encode', tempo],
          ['decode', transport],
          ['decode-tree', transport],
        ] as const) {
          for (const [name, [cold, warm]] of Object.entries(spawnChild(mode, file))) {
            const entry = samples.get(name) ?? [[], []];
            entry[0].push(cold);
            entry[1].push(warm);
            samples.set(name, entry);
          }
        }
      }
      const load = os.loadavg()[0].toFixed(1);
      for (const [name, [colds, warms]] of samples) {
        const note = `load ${load}; cold ${colds.map((c) => c.toFixed(0)).join('/')}`;
        results.push({ name: `${name} cold (first call, fresh process)`, size, ms: median(colds), note });
        results.push({ name: `${name} warm`, size, ms: median(warms), note: `median of ${processes} processes' medians` });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/** Both parts (bench/run.ts calls this). */
export async function run(): Promise<BenchResult[]> {
  return [...(await runModel()), ...(process.env.WEFT_BENCH_TRANSPORT !== '0' ? await runTransport() : [])];
}

if (process.argv[2] === CHILD_FLAG) {
  console.log(JSON.stringify(transportChild(process.argv[3] as ChildMode, process.argv[4] ?? '')));
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`trace view model — node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
  if (process.env.WEFT_BENCH_MODEL !== '0') printResults(await runModel());
  if (process.env.WEFT_BENCH_TRANSPORT !== '0') {
    console.log(`\ntrace transport (demo batch trace, Tempo v2) — load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    printResults(await runTransport());
  }
}
