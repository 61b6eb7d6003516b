// Sampled request traces: which requests are traced (a deterministic ~0.55/s sample, more at busy hours), their ids,
// and their conversion into StoredTrace spans. Everything derives from the trace's slot (its second) and index.
import type { SpanAttributeValue, StoredSpan, StoredSpanEvent, StoredTrace } from '../query/types';
import type { FleetMinutes, MinuteContext } from './fleet-minutes';
import { hash3, hash4, stringKey, unit } from './random';
import { simulateRequest, type PlanNode, type RequestPlan } from './request-model';
import { resourceAt } from './resources';
import { SECOND_MS } from './time';
import { encodeTraceId, spanIdFactory } from './trace-ids';
import { BANK_HOST, DB_HOST, DB_NAME, ENTRY_ROUTES, routeDef, type RouteId, type ServiceName } from './topology';
import { loadShape } from './traffic';

const SLOT_SALT = stringKey('trace-slot');
/** Mean sampled traces per second at average load. */
export const MEAN_TRACES_PER_SECOND = 0.55;

/** Services whose server spans carry span profiles (otel-profiling labels their goroutines with the span id). */
export const SPAN_PROFILED_SERVICES: ReadonlySet<ServiceName> = new Set<ServiceName>(['payment', 'order']);

export interface SampledRequest {
  slot: number;
  index: number;
  traceId: string;
  /** Root start in ns since the epoch. */
  rootStartNs: bigint;
  /** Root start within its second (slot), ns. */
  offsetNs: number;
  /** Root start in ms (fractional). */
  startMs: number;
  entry: RouteId;
  ctx: MinuteContext;
  plan: RequestPlan;
}

export class TraceSampler {
  constructor(
    private readonly seed: number,
    private readonly minutes: FleetMinutes,
  ) {}

  /** Number of sampled requests starting in the second `slot` (Poisson, capped at 3). */
  countInSlot(slot: number): number {
    const mean = MEAN_TRACES_PER_SECOND * loadShape(slot * SECOND_MS);
    const u = unit(hash3(this.seed ^ SLOT_SALT, slot, 0));
    const p0 = Math.exp(-mean);
    if (u < p0) return 0;
    const p1 = p0 * mean;
    if (u < p0 + p1) return 1;
    const p2 = (p1 * mean) / 2;
    return u < p0 + p1 + p2 ? 2 : 3;
  }

  /** The sampled request (slot, index). `detail` adds ids, paths and log lines. Null when index >= count. */
  request(slot: number, index: number, detail: boolean): SampledRequest | null {
    if (index < 0 || index >= this.countInSlot(slot)) return null;
    const seed = this.seed ^ SLOT_SALT;
    const offsetNs = Math.floor(unit(hash4(seed, slot, index, 1)) * 1e9);
    const startMs = slot * SECOND_MS + offsetNs / 1e6;
    const ctx = this.minutes.at(startMs);
    // Pick the entry route by traffic x trace boost.
    let total = 0;
    for (let e = 0; e < ENTRY_ROUTES.length; e++) total += ctx.entryRates[e] * ENTRY_ROUTES[e].traceBoost;
    let u = unit(hash4(seed, slot, index, 2)) * total;
    let entryIndex = 0;
    for (; entryIndex < ENTRY_ROUTES.length - 1; entryIndex++) {
      u -= ctx.entryRates[entryIndex] * ENTRY_ROUTES[entryIndex].traceBoost;
      if (u < 0) break;
    }
    const entry = ENTRY_ROUTES[entryIndex].route;
    const plan = simulateRequest(entry, hash4(seed, slot, index, 3), detail ? hash4(seed, slot, index, 4) : null, ctx.scale, ctx.state);
    return {
      slot,
      index,
      traceId: encodeTraceId(this.seed, slot, index),
      rootStartNs: BigInt(slot) * 1_000_000_000n + BigInt(offsetNs),
      offsetNs,
      startMs,
      entry,
      ctx,
      plan,
    };
  }

  /** Sampled requests whose root starts in [fromMs, toMs), ascending by start. */
  requestsBetween(fromMs: number, toMs: number, detail: boolean): SampledRequest[] {
    const out: SampledRequest[] = [];
    const first = Math.floor(fromMs / SECOND_MS);
    const last = Math.floor((toMs - 1e-6) / SECOND_MS);
    for (let slot = first; slot <= last; slot++) {
      const count = this.countInSlot(slot);
      if (count === 0) continue;
      const inSlot: SampledRequest[] = [];
      for (let index = 0; index < count; index++) {
        const req = this.request(slot, index, detail);
        if (req && req.startMs >= fromMs && req.startMs < toMs) inSlot.push(req);
      }
      inSlot.sort((a, b) => a.startMs - b.startMs);
      out.push(...inSlot);
    }
    return out;
  }

  /** End of the root span, in ms. */
  static rootEndMs(req: SampledRequest): number {
    const root = req.plan.nodes[0];
    return req.startMs + (root.startNs + root.durationNs) / 1e6;
  }
}

const BROWSER_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const GO_UA = 'Go-http-client/1.1';

function nodeAttributes(node: PlanNode, spanId: string): Record<string, SpanAttributeValue> {
  switch (node.op) {
    case 'http-server': {
      const def = routeDef(node.route as RouteId);
      const attrs: Record<string, SpanAttributeValue> = {
        'http.request.method': def.method,
        'http.route': def.route,
        'url.path': node.path ?? def.route,
        'url.scheme': 'http',
        'server.address': node.service,
        'server.port': 8080,
        'network.protocol.version': '1.1',
        'user_agent.original': node.parent < 0 ? BROWSER_UA : GO_UA,
        'http.response.status_code': node.httpStatus ?? 0,
      };
      if (SPAN_PROFILED_SERVICES.has(node.service)) attrs['pyroscope.profile.id'] = spanId;
      return attrs;
    }
    case 'http-client': {
      const def = routeDef(node.route as RouteId);
      return {
        'http.request.method': def.method,
        'url.full': `http://${def.service}:8080${node.path ?? def.route}`,
        'url.template': def.route,
        'server.address': def.service,
        'server.port': 8080,
        'net.peer.name': def.service,
        'peer.service': def.service,
        'http.response.status_code': node.httpStatus ?? 0,
      };
    }
    case 'db':
      return {
        'db.system': 'postgresql',
        'db.name': DB_NAME,
        'db.user': node.service,
        'db.statement': node.db?.statement ?? '',
        'db.operation': node.db?.operation ?? '',
        'db.sql.table': node.db?.table ?? '',
        'server.address': DB_HOST,
        'server.port': 5432,
        'net.peer.name': DB_HOST,
      };
    case 'bank': {
      const attrs: Record<string, SpanAttributeValue> = {
        'http.request.method': 'POST',
        'url.full': `https://${BANK_HOST}/v1/charges`,
        'server.address': BANK_HOST,
        'server.port': 443,
        'net.peer.name': BANK_HOST,
        'peer.service': 'bank-api',
      };
      if (node.httpStatus !== undefined) attrs['http.response.status_code'] = node.httpStatus;
      if ((node.attempt ?? 1) > 1) attrs['http.request.resend_count'] = (node.attempt ?? 1) - 1;
      if (node.exception) attrs['error.type'] = node.httpStatus === undefined ? 'timeout' : String(node.httpStatus);
      return attrs;
    }
    default:
      return { ...(node.attributes ?? {}) };
  }
}

function statusMessageOf(node: PlanNode): string | undefined {
  if (!node.error) return undefined;
  if (node.exception) return node.exception.message;
  if (node.httpStatus !== undefined) return `HTTP ${node.httpStatus}`;
  return undefined;
}

/** The StoredTrace of a sampled request. O(spans). */
export function materialize(seed: number, req: SampledRequest): StoredTrace {
  const spanId = spanIdFactory(seed, req.traceId);
  const nodes = req.plan.nodes;
  const ids = nodes.map((_, i) => spanId(i));
  const resources = new Map<ServiceName, Record<string, SpanAttributeValue>>();
  const spans: StoredSpan[] = nodes.map((node, i) => {
    let resource = resources.get(node.service);
    if (!resource) {
      resource = resourceAt(seed, node.service, req.startMs);
      resources.set(node.service, resource);
    }
    const startNs = req.rootStartNs + BigInt(Math.round(node.startNs));
    const endNs = req.rootStartNs + BigInt(Math.round(node.startNs + node.durationNs));
    const span: StoredSpan = {
      traceId: req.traceId,
      spanId: ids[i],
      parentSpanId: node.parent >= 0 ? ids[node.parent] : null,
      name: node.name,
      serviceName: node.service,
      kind: node.kind,
      statusCode: node.error ? 'error' : 'unset',
      startNs,
      durationNs: endNs - startNs,
      attributes: nodeAttributes(node, ids[i]),
      resourceAttributes: resource,
    };
    const message = statusMessageOf(node);
    if (message) span.statusMessage = message;
    if (node.exception) {
      const event: StoredSpanEvent = {
        name: 'exception',
        timeNs: endNs,
        attributes: { 'exception.type': node.exception.type, 'exception.message': node.exception.message, 'exception.escaped': false },
      };
      span.events = [event];
    }
    return span;
  });
  return { traceId: req.traceId, spans };
}
