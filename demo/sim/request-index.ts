// A compact index of the server spans of all sampled requests, per hour (memoised): what exemplars and span
// profiles need, without materialising spans; and per request, which services' spans it has (in error or not), so a
// trace search can skip traces without building them.
import { Lru } from './lru';
import { HOUR_MS } from './time';
import { spanIdFactory } from './trace-ids';
import { TraceSampler } from './traces';
import { ROUTE_INDEX, SERVICES, type ServiceName } from './topology';

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

/** One sampled request, enough to decide whether a trace search needs its trace built. */
export interface RequestSummary {
  slot: number;
  index: number;
  startMs: number;
  rootEndMs: number;
  /** Bit i set: the trace has a span of SERVICES[i]. */
  serviceMask: number;
  /** Bit i set: the trace has a span of SERVICES[i] with status error. */
  errorMask: number;
}

const SERVICE_BIT = new Map<string, number>(SERVICES.map((service, i) => [service, 1 << i]));

/** The bits of these services in a RequestSummary mask (unknown names: none). */
export function serviceMaskOf(services: Iterable<string>): number {
  let mask = 0;
  for (const service of services) mask |= SERVICE_BIT.get(service) ?? 0;
  return mask;
}

export class RequestIndex {
  private readonly hours = new Lru<number, { spans: ServerSpanSummary[]; requests: RequestSummary[] }>(30);

  constructor(
    private readonly seed: number,
    private readonly sampler: TraceSampler,
  ) {}

  /** Server spans of the requests whose root starts in the hour, by root start. */
  hour(hourStartMs: number): ServerSpanSummary[] {
    return this.indexHour(hourStartMs).spans;
  }

  /** The requests whose root starts in the hour, by root start. */
  requests(hourStartMs: number): RequestSummary[] {
    return this.indexHour(hourStartMs).requests;
  }

  private indexHour(hourStartMs: number): { spans: ServerSpanSummary[]; requests: RequestSummary[] } {
    return this.hours.getOrCompute(hourStartMs, () => {
      const out: ServerSpanSummary[] = [];
      const requests: RequestSummary[] = [];
      for (const req of this.sampler.requestsBetween(hourStartMs, hourStartMs + HOUR_MS, false)) {
        const spanId = spanIdFactory(this.seed, req.traceId);
        const rootEndMs = TraceSampler.rootEndMs(req);
        const nodes = req.plan.nodes;
        let serviceMask = 0;
        let errorMask = 0;
        for (const node of nodes) {
          const bit = SERVICE_BIT.get(node.service) ?? 0;
          serviceMask |= bit;
          if (node.error) errorMask |= bit;
        }
        requests.push({ slot: req.slot, index: req.index, startMs: req.startMs, rootEndMs, serviceMask, errorMask });
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
      return { spans: out, requests };
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
