// Synthetic traces for tests, benchmarks and the dev pages. Deterministic for a given seed.
import type { Attributes, Span, SpanId, SpanKind, SpanStatusCode, Trace, TraceId } from '../model/trace';

/** Epoch of synthetic traces: 2026-11-21T00:00:00Z in ns. */
const BASE_NS = 1_795_219_200_000_000_000n;

export interface SpanSpec {
  id: string;
  parent?: string | null;
  /** Offset from BASE, microseconds. */
  startUs: number;
  durationUs: number;
  name?: string;
  service?: string;
  kind?: SpanKind;
  status?: SpanStatusCode;
  attributes?: Attributes;
  resource?: Attributes;
  events?: { name: string; offsetUs: number; attributes?: Attributes }[];
  traceId?: string;
}

function nanosAt(offsetUs: number): bigint {
  return BASE_NS + BigInt(Math.round(offsetUs * 1000));
}

/**
 * One span of our model from a compact spec. Ids are used verbatim (tests read better with "a", "b"): the
 * casts below are the only place these branded ids are made outside a parser.
 */
export function makeSpan(spec: SpanSpec): Span {
  const startNs = nanosAt(spec.startUs);
  const traceId = (spec.traceId ?? 'ab'.repeat(16)) as TraceId;
  return {
    traceId,
    spanId: spec.id as SpanId,
    parentSpanId: (spec.parent ?? null) as SpanId | null,
    name: spec.name ?? `op-${spec.id}`,
    serviceName: spec.service ?? 'svc',
    kind: spec.kind ?? 'internal',
    startUnixNano: startNs.toString(),
    startMs: Number(startNs / 1000n) / 1000,
    durationNs: Math.round(spec.durationUs * 1000),
    status: { code: spec.status ?? 'unset' },
    attributes: spec.attributes ?? {},
    resource: spec.resource ?? { 'service.name': spec.service ?? 'svc' },
    events: (spec.events ?? []).map((e) => ({
      name: e.name,
      timeUnixNano: nanosAt(spec.startUs + e.offsetUs).toString(),
      attributes: e.attributes ?? {},
    })),
    links: [],
  };
}

export function makeTrace(specs: SpanSpec[], traceId = 'ab'.repeat(16)): Trace {
  return { traceId: traceId as TraceId, spans: specs.map((s) => makeSpan({ ...s, traceId })) };
}

/** mulberry32: tiny deterministic PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = ['gateway', 'order', 'payment', 'inventory', 'user', 'postgres', 'bank-api', 'cache'];
const OPERATIONS: Record<string, string[]> = {
  gateway: ['GET /api/orders', 'POST /api/checkout', 'auth.verify'],
  order: ['OrderService.Create', 'OrderService.Get', 'validate'],
  payment: ['PaymentService.Charge', 'rsa.Sign', 'retry'],
  inventory: ['Inventory.Reserve', 'Inventory.Check'],
  user: ['UserService.Get', 'session.load'],
  postgres: ['SELECT orders', 'INSERT orders', 'UPDATE stock'],
  'bank-api': ['POST /charge', 'GET /status'],
  cache: ['GET', 'SET'],
};

/**
 * A plausible trace of `spanCount` spans: one root, children nested inside their parents' time, fan-out
 * and depth like a busy request (retry storms give wide levels). ~2% error spans.
 */
export function syntheticTrace(spanCount: number, seed = 1): Trace {
  const rand = seededRandom(seed);
  const traceId = (seed.toString(16).padStart(8, '0') + 'f'.repeat(24)) as TraceId;
  const spans: Span[] = [];
  const rootDurationUs = 2_000_000 + rand() * 3_000_000;
  const open: { id: string; startUs: number; durationUs: number; depth: number }[] = [];

  for (let i = 0; i < spanCount; i++) {
    const id = (i + 1).toString(16).padStart(16, '0');
    let parent: (typeof open)[number] | undefined;
    if (i > 0) {
      // Prefer recent spans as parents (depth) with occasional jumps back (breadth).
      const pick = rand() < 0.7 ? open.length - 1 - Math.floor(rand() * Math.min(8, open.length)) : Math.floor(rand() * open.length);
      parent = open[Math.max(0, pick)];
    }
    const startUs = parent ? parent.startUs + rand() * parent.durationUs * 0.8 : 0;
    const durationUs = parent ? Math.max(1, (parent.startUs + parent.durationUs - startUs) * (0.05 + rand() * 0.9)) : rootDurationUs;
    const depth = parent ? parent.depth + 1 : 0;
    const service = i === 0 ? 'gateway' : SERVICES[Math.floor(rand() * SERVICES.length)];
    const ops = OPERATIONS[service];
    const isError = i > 0 && rand() < 0.02;
    spans.push(
      makeSpan({
        id,
        parent: parent?.id ?? null,
        startUs,
        durationUs,
        service,
        name: ops[Math.floor(rand() * ops.length)],
        kind: service === 'postgres' || service === 'bank-api' ? 'client' : i === 0 ? 'server' : 'internal',
        status: isError ? 'error' : 'unset',
        traceId,
        attributes: {
          'http.status_code': isError ? 500 : 200,
          'peer.service': service,
          'request.index': i,
        },
        resource: { 'service.name': service, 'host.name': `${service}-${Math.floor(rand() * 3)}` },
      }),
    );
    if (depth < 40 && durationUs > 20) open.push({ id, startUs, durationUs, depth });
    if (open.length > 64) open.splice(0, open.length - 64);
  }
  return { traceId, spans };
}
