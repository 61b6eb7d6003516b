// The fleet's big batch-job trace, for benchmarks: the simulation runs one batch job per hour and encodes the span
// count in the trace id, so GET /api/traces/<id> of the right id serves 20,000 (default), 100,000 or any whole
// number of thousands of spans (1,000-252,000). This finds the id of the newest finished one.
import type { Fleet } from '../contract';

export interface BatchTraceInfo {
  traceId: string;
  spanCount: number;
  startNs: bigint;
  endNs: bigint;
}

const HOUR_MS = 3_600_000;

/** The newest batch trace of `spanCount` spans that has finished by `atMs` (this hour's, else the previous hour's). */
export function newestBatchTrace(fleet: Fleet, atMs: number, spanCount: number): BatchTraceInfo | null {
  for (const hourMs of [atMs, atMs - HOUR_MS]) {
    const trace = fleet.traces.batchTrace(hourMs, spanCount);
    let startNs: bigint | null = null;
    let endNs = 0n;
    for (const span of trace.spans) {
      if (startNs === null || span.startNs < startNs) startNs = span.startNs;
      const end = span.startNs + span.durationNs;
      if (end > endNs) endNs = end;
    }
    // The store only serves traces that have ended: check with it rather than guess.
    if (startNs !== null && fleet.traces.traceById(trace.traceId) !== null) {
      return { traceId: trace.traceId, spanCount: trace.spans.length, startNs, endNs };
    }
  }
  return null;
}
