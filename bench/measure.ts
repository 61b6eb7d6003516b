// Timing helpers shared by the benchmarks: the median of a few runs, so that one slow run (GC, a busy core)
// does not move the figure.
import { performance } from 'node:perf_hooks';

/** The middle value (the upper one of an even count); the input is not reordered. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall time of fn over `runs` runs, in ms, after one warm-up run. */
export function timeMedianMs(runs: number, fn: () => unknown): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}
