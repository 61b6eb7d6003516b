// A compact index of the server spans of all sampled requests, per hour (memoised): what exemplars and span
// profiles need, without materialising spans.
import { Lru } from './lru';
import { HOUR_MS } from './time';
import { spanIdFactory } from './trace-ids';
import { TraceSampler } from './traces';
import { ROUTE_INDEX, type ServiceName } from './topology';

export interface ServerSpanSummary {
  traceId: string;
  spanId: string;
  service: ServiceName;
  routeIndex: number;
  status: number;
  startMs: number;
  endMs: number;
  durationS: number;
  /** Start of the trace's root span. */
  rootStartMs: number;
  /** End of the trace's root span: the trace is visible once this has passed. */
  rootEndMs: number;
  /** Bank calls made directly under this span (payment's charge). */
  bankAttempts: number;
  /** Incident level of order's DB pool when the request ran (0 outside that incident). */
  poolSaturation: number;
}

export class RequestIndex {
  private readonly hours = new Lru<number, ServerSpanSummary[]>(30);

  constructor(
    private readonly seed: number,
    private readonly sampler: TraceSampler,
  ) {}

  /** Server spans of the requests whose root starts in the hour, by root start. */
  hour(hourStartMs: number): ServerSpanSummary[] {
    return this.hours.getOrCompute(hourStartMs, () => {
      const out: ServerSpanSummary[] = [];
      for (const req of this.sampler.requestsBetween(hourStartMs, hourStartMs + HOUR_MS, false)) {
        const spanId = spanIdFactory(this.seed, req.traceId);
        const rootEndMs = TraceSampler.rootEndMs(req);
        const nodes = req.plan.nodes;
        const bank = new Map<number, number>();
        for (const node of nodes) if (node.op === 'bank') bank.set(node.parent, (bank.get(node.parent) ?? 0) + 1);
        nodes.forEach((node, i) => {
          if (node.kind !== 'server' || !node.route || node.httpStatus === undefined) return;
          const startMs = req.startMs + node.startNs / 1e6;
          out.push({
            traceId: req.traceId,
            spanId: spanId(i),
            service: node.service,
            routeIndex: ROUTE_INDEX.get(node.route) as number,
            status: node.httpStatus,
            startMs,
            endMs: startMs + node.durationNs / 1e6,
            durationS: node.durationNs / 1e9,
            rootStartMs: req.startMs,
            rootEndMs,
            bankAttempts: bank.get(i) ?? 0,
            poolSaturation: req.ctx.state.kind === 'order-db-pool' ? req.ctx.state.level : 0,
          });
        });
      }
      return out;
    });
  }

  /** Server spans of requests whose root starts in [fromMs, toMs). */
  between(fromMs: number, toMs: number): ServerSpanSummary[] {
    const out: ServerSpanSummary[] = [];
    for (let h = Math.floor(fromMs / HOUR_MS) * HOUR_MS; h < toMs; h += HOUR_MS) {
      for (const s of this.hour(h)) out.push(s);
    }
    return out;
  }
}
