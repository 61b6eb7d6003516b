// `npm run bench`: runs every benchmark in turn, prints its figures and writes them to bench/results/.
// Benchmarks measure and print; nothing here fails on a slow figure.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchResult } from './trace-model';

interface BenchModule {
  run(): Promise<BenchResult[]>;
}

const BENCHMARKS: { file: string; title: string }[] = [
  { file: 'trace-model.ts', title: 'Trace view model (synthetic traces)' },
  { file: 'flame-graph.ts', title: 'Flame graph (50k-node profile) and waterfall in Chromium' },
  { file: 'demo-endpoints.ts', title: "Demo stack: the console's queries over 24 h (goal < 200 ms each)" },
  { file: 'trace-view.ts', title: 'Trace view data-to-interactive in Chromium (goal: 20k < 500 ms, 100k < 1.5 s)' },
  { file: 'correlate.ts', title: 'Correlated timeline API wall time / slowest backend call (goal <= 1.10)' },
];

function print(title: string, results: readonly BenchResult[]): void {
  console.log(`\n== ${title}`);
  for (const result of results) {
    const ratio = result.ratio === undefined ? '' : `  ratio ${result.ratio.toFixed(2)}`;
    const note = result.note ? `  (${result.note})` : '';
    console.log(`  ${result.name.padEnd(52)} size ${String(result.size).padStart(7)}  ${result.ms.toFixed(1).padStart(9)} ms${ratio}${note}`);
  }
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const here = path.dirname(new URL(import.meta.url).pathname);
  const report: Record<string, BenchResult[] | { error: string }> = {};
  for (const bench of BENCHMARKS) {
    if (only.length > 0 && !only.some((name) => bench.file.startsWith(name))) continue;
    const file = path.join(here, bench.file);
    if (!existsSync(file)) {
      console.log(`\n== ${bench.title}\n  (not present: ${bench.file})`);
      continue;
    }
    try {
      const loaded = (await import(pathToFileURL(file).href)) as BenchModule;
      const results = await loaded.run();
      print(bench.title, results);
      report[bench.file] = results;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.log(`\n== ${bench.title}\n  FAILED: ${message}`);
      report[bench.file] = { error: message };
      process.exitCode = 1;
    }
  }
  const outDir = path.join(here, 'results');
  mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(outFile, JSON.stringify(report, null, 2));
  console.log(`\nFigures written to ${path.relative(process.cwd(), outFile)}`);
}

void main();
