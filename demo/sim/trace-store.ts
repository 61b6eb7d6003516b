// The TraceStore: sampled request traces and the hourly batch trace, generated on demand from their ids.
import type { Fleet } from '../contract';
import type { StoredTrace } from '../query/types';
import { batchIndexOf, materializeBatch, spanCountOfIndex, type BatchPlans } from './batch-trace';
import { DEFAULT_BATCH_SPANS, reconcileWindow } from './jobs';
import { MINUTE_MS, RETENTION_MS, SECOND_MS, nsToMs } from './time';
import { decodeTraceId } from './trace-ids';
import { TraceSampler, materialize } from './traces';

type FleetTraces = Fleet['traces'];

export class FleetTraceStore implements FleetTraces {
  constructor(
    private readonly seed: number,
    private readonly now: () => number,
    private readonly sampler: TraceSampler,
    private readonly batches: BatchPlans,
  ) {}

  /** Traces whose root starts in [startNs, endNs) and that have completed by now, ascending by start. Lazy. */
  *tracesInRange(startNs: bigint, endNs: bigint): Iterable<StoredTrace> {
    const now = this.now();
    const fromMs = Math.max(nsToMs(startNs), now - RETENTION_MS);
    const toMs = Math.min(nsToMs(endNs), now);
    if (toMs <= fromMs) return;
    // Minute by minute, so that a consumer stopping early (limit) pays for little.
    for (let chunk = fromMs; chunk < toMs; chunk = Math.min(toMs, Math.floor(chunk / MINUTE_MS) * MINUTE_MS + MINUTE_MS)) {
      const chunkEnd = Math.min(toMs, Math.floor(chunk / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
      // The hour's batch job, if it starts in this chunk (its window is cheap; its plan is built only then).
      const job = reconcileWindow(this.seed, chunk);
      const batchInChunk = job.startMs >= chunk && job.startMs < chunkEnd && job.startMs + job.durationMs <= now;
      let batchDone = !batchInChunk;
      for (const req of this.sampler.requestsBetween(chunk, chunkEnd, true)) {
        if (!batchDone && job.startMs <= req.startMs) {
          yield materializeBatch(this.seed, this.batches.get(chunk));
          batchDone = true;
        }
        if (TraceSampler.rootEndMs(req) <= now) yield materialize(this.seed, req);
      }
      if (!batchDone) yield materializeBatch(this.seed, this.batches.get(chunk));
    }
  }

  traceById(traceId: string): StoredTrace | null {
    const slot = decodeTraceId(this.seed, traceId);
    if (!slot) return null;
    const now = this.now();
    if (slot.index <= 2) {
      const req = this.sampler.request(slot.slot, slot.index, true);
      if (!req || req.startMs < now - RETENTION_MS || TraceSampler.rootEndMs(req) > now) return null;
      return materialize(this.seed, req);
    }
    const spanCount = spanCountOfIndex(slot.index);
    if (spanCount === null) return null;
    const plan = this.batches.get(slot.slot * SECOND_MS, spanCount);
    if (plan.traceId !== traceId.toLowerCase() || plan.startMs < now - RETENTION_MS || plan.startMs + plan.durationMs > now) return null;
    return materializeBatch(this.seed, plan);
  }

  batchTrace(timeMs: number, spanCount = DEFAULT_BATCH_SPANS): StoredTrace {
    batchIndexOf(spanCount); // validates
    return materializeBatch(this.seed, this.batches.get(timeMs, spanCount));
  }
}
