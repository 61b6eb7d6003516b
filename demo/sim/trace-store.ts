// The TraceStore: sampled request traces and the hourly batch trace, generated on demand from their ids.
import type { Fleet } from '../contract';
import type { StoredTrace, TraceHint } from '../query/types';
import { batchIndexOf, materializeBatch, spanCountOfIndex, type BatchPlan, type BatchPlans } from './batch-trace';
import { DEFAULT_BATCH_SPANS, reconcileWindow } from './jobs';
import { serviceMaskOf, type RequestIndex } from './request-index';
import { HOUR_MS, MINUTE_MS, RETENTION_MS, SECOND_MS, nsToMs } from './time';
import { decodeTraceId } from './trace-ids';
import { TraceSampler, materialize, type SampledRequest } from './traces';

type FleetTraces = Fleet['traces'];

export class FleetTraceStore implements FleetTraces {
  constructor(
    private readonly seed: number,
    private readonly now: () => number,
    private readonly sampler: TraceSampler,
    private readonly batches: BatchPlans,
    private readonly requests: RequestIndex,
  ) {}

  /** The sampled requests starting in [fromMs, toMs) that have a span of `mask`'s services (in error, if asked). */
  private candidates(fromMs: number, toMs: number, mask: number, wantsError: boolean): SampledRequest[] {
    const out: SampledRequest[] = [];
    for (let h = Math.floor(fromMs / HOUR_MS) * HOUR_MS; h < toMs; h += HOUR_MS) {
      const list = this.requests.requests(h);
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (list[mid].startMs < fromMs) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < list.length && list[i].startMs < toMs; i++) {
        const summary = list[i];
        if (((wantsError ? summary.errorMask : summary.serviceMask) & mask) === 0) continue;
        const req = this.sampler.request(summary.slot, summary.index, true);
        if (req) out.push(req);
      }
    }
    return out;
  }

  /**
   * Traces whose root starts in [startNs, endNs) and that have completed by now, ascending by start. Lazy. With a
   * hint, traces without a span of the hinted services (in error, if asked) are skipped before being built.
   */
  *tracesInRange(startNs: bigint, endNs: bigint, hint?: TraceHint): Iterable<StoredTrace> {
    const services = hint ? new Set(hint.services) : null;
    const wantsError = hint?.error === true;
    const mask = hint ? serviceMaskOf(hint.services) : 0;
    const batchMatches = (plan: BatchPlan) => {
      if (!services) return true;
      if (!services.has('inventory')) return false;
      if (!wantsError) return true;
      return plan.error.some((e) => e === 1);
    };
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
      const batch = () => {
        const plan = this.batches.get(chunk);
        return batchMatches(plan) ? materializeBatch(this.seed, plan) : null;
      };
      const requests = hint ? this.candidates(chunk, chunkEnd, mask, wantsError) : this.sampler.requestsBetween(chunk, chunkEnd, true);
      for (const req of requests) {
        if (!batchDone && job.startMs <= req.startMs) {
          const trace = batch();
          if (trace) yield trace;
          batchDone = true;
        }
        if (TraceSampler.rootEndMs(req) <= now) yield materialize(this.seed, req);
      }
      if (!batchDone) {
        const trace = batch();
        if (trace) yield trace;
      }
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
