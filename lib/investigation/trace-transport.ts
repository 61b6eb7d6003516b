// The trace as the timeline API sends it. A big trace repeats the same few strings (service, span names,
// attribute keys, SQL statements), the same resource on every span and the same attribute keys on every span
// of one kind; written as JSON objects, a 100k-span trace is ~50 MB, most of it repetition, and parsing it
// dominates the browser's work. So the trace goes as columns: one array per field, strings through one string
// table, service + resource + scope as one "origin" index, attribute key lists ("shapes") written once with
// the values in one flat array, parents as row numbers, starts as nanosecond steps from the previous row
// (startMs is derived from the exact start, as the parsers derive it), and events/links only for the rows that
// have them. Encoding and decoding are O(spans + attributes); decoding restores the model exactly (tested on
// recorded Tempo traces and big synthetic ones), sharing resource objects between spans as the parser does
// (the model is read-only). Anything the compact columns cannot restore exactly goes as it is.
import { nanosToMs } from '../model/nanos';
import type { AttributeValue, Attributes, Span, SpanEvent, SpanKind, SpanLink, SpanStatusCode, Trace, TraceId } from '../model/trace';

type Scope = NonNullable<Span['scope']>;
type Extra = { statusMessage?: string; events?: SpanEvent[]; links?: SpanLink[] };

export interface TraceTransport {
  /** Bumped when the layout changes. */
  format: 3;
  traceId: TraceId;
  strings: string[];
  resources: Attributes[];
  scopes: Scope[];
  /** Flat triples [serviceName (string index), resource index, scope index or -1]. */
  origins: number[];
  /**
   * Attribute key lists. A key >= 0 means "key is strings[key] and the value is a string index"; a key < 0
   * means "key is strings[-key - 1] and the value is written as it is" (numbers, booleans, null, arrays, maps).
   */
  shapes: number[][];
  /** Every span id, 16 characters each, back to back; or the ids one by one when one is not 16 long. */
  spanIds: string | string[];
  /** Row of the parent; -1: no parent; <= -2: a parent missing from the trace, its id is strings[-p - 2]. */
  parents: number[];
  /** The earliest start, epoch ns (decimal string). */
  startBase: string;
  /** Each start minus the previous row's (the first minus startBase), ns; null: see startUnixNano. */
  startSteps: number[] | null;
  /** The starts as they are, when a step would not restore one exactly. */
  startUnixNano?: string[];
  /** startMs as it is, when one is not what nanosToMs(startUnixNano) gives. */
  startMs?: number[];
  durationNs: number[];
  names: number[];
  /** Index of the span's triple in origins. */
  origin: number[];
  /** kind * 3 + status code (KINDS and STATUSES order). */
  kindStatus: number[];
  /** Index of the span's attribute shape; its values follow in attrValues, row after row. */
  attrShape: number[];
  attrValues: (number | AttributeValue)[];
  /** Rows with a status message, events or links. */
  extras: [row: number, extra: Extra][];
  /** Earliest start and latest end of the spans (epoch ms), null without spans. */
  window: { startMs: number; endMs: number } | null;
  /** Tempo said the trace is incomplete (v2 API "PARTIAL"). */
  partial?: { message: string };
}

const KINDS: readonly SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES: readonly SpanStatusCode[] = ['unset', 'ok', 'error'];
const SPAN_ID_LENGTH = 16;
/** How far up the previous row's ancestors a parent is looked for before the id index is built. */
const ANCESTORS_TRIED = 8;
/** Offsets from startBase stay below this so that base nanos + offset is exact in a double. */
const MAX_OFFSET_NS = Number.MAX_SAFE_INTEGER - 1e9;

/** Index of a value in a pool, deduplicated by identity first (cheap) and then by content. */
function pooler<T>(pool: T[]): (value: T) => number {
  const byIdentity = new Map<T, number>();
  const byContent = new Map<string, number>();
  return (value) => {
    const known = byIdentity.get(value);
    if (known !== undefined) return known;
    const key = JSON.stringify(value);
    let index = byContent.get(key);
    if (index === undefined) {
      index = pool.push(value) - 1;
      byContent.set(key, index);
    }
    byIdentity.set(value, index);
    return index;
  };
}

function stringTable(strings: string[]): (value: string) => number {
  const index = new Map<string, number>();
  return (value) => {
    let i = index.get(value);
    if (i === undefined) {
      i = strings.push(value) - 1;
      index.set(value, i);
    }
    return i;
  };
}

/** Whole seconds and nanoseconds of a canonical epoch-ns string, or null (not digits, leading zero, too long). */
function splitCanonical(ns: string): { sec: number; nano: number } | null {
  const len = ns.length;
  if (len === 0 || len > 25 || (len > 1 && ns.charCodeAt(0) === 48)) return null;
  let sec = 0;
  let nano = 0;
  for (let i = 0; i < len; i++) {
    const d = ns.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    if (i < len - 9) sec = sec * 10 + d;
    else nano = nano * 10 + d;
  }
  return Number.isSafeInteger(sec) ? { sec, nano } : null;
}

/** The canonical decimal string of sec * 1e9 + nano (nano < 1e9). */
function joinNanos(sec: number, nano: number): string {
  return sec === 0 ? String(nano) : `${sec}${String(nano).padStart(9, '0')}`;
}

/** Epoch ms of a split instant, exactly as nanosToMs computes it from the string: whole ms plus the sub-ms fraction. */
function msOf(sec: number, nano: number): number {
  const subMs = nano % 1e6;
  return sec * 1000 + (nano - subMs) / 1e6 + subMs / 1e6;
}

/**
 * Exact ns offsets of the starts from the earliest one (and whether every startMs is the one derived from its
 * start), or null when a start cannot be restored from its offset. A canonical string is exactly
 * joinNanos(splitCanonical(string)).
 */
function startOffsets(spans: readonly Span[]): { base: string; offsets: number[]; derivedMs: boolean } | null {
  const secs: number[] = new Array<number>(spans.length);
  const nanos: number[] = new Array<number>(spans.length);
  let min = 0;
  let derivedMs = true;
  for (let i = 0; i < spans.length; i++) {
    const s = splitCanonical(spans[i].startUnixNano);
    if (!s) return null;
    secs[i] = s.sec;
    nanos[i] = s.nano;
    if (s.sec < secs[min] || (s.sec === secs[min] && s.nano < nanos[min])) min = i;
    if (derivedMs && !Object.is(msOf(s.sec, s.nano), spans[i].startMs)) derivedMs = false;
  }
  if (spans.length === 0) return { base: '0', offsets: [], derivedMs };
  const offsets: number[] = new Array<number>(spans.length);
  for (let i = 0; i < spans.length; i++) {
    const offset = (secs[i] - secs[min]) * 1e9 + (nanos[i] - nanos[min]);
    if (!(offset <= MAX_OFFSET_NS)) return null;
    offsets[i] = offset;
  }
  return { base: joinNanos(secs[min], nanos[min]), offsets, derivedMs };
}

/** Interns number lists through a trie of Maps (no key strings built per span). */
function listInterner(pool: number[][]): (list: number[]) => number {
  interface Node {
    next: Map<number, Node>;
    index: number;
  }
  const root: Node = { next: new Map(), index: -1 };
  return (list) => {
    let node = root;
    for (const item of list) {
      let child = node.next.get(item);
      if (!child) {
        child = { next: new Map(), index: -1 };
        node.next.set(item, child);
      }
      node = child;
    }
    if (node.index < 0) node.index = pool.push(list) - 1;
    return node.index;
  };
}

function sameList(a: readonly number[], b: readonly number[] | null): boolean {
  if (!b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function encodeTrace(trace: Trace & { partial?: { message: string } }): TraceTransport {
  const { spans } = trace;
  const strings: string[] = [];
  const resources: Attributes[] = [];
  const scopes: Scope[] = [];
  const shapes: number[][] = [];
  const str = stringTable(strings);
  const resourceIndex = pooler(resources);
  const scopeIndex = pooler(scopes);
  const originTriples: number[][] = [];
  const originIndex = listInterner(originTriples);
  const shapeIndex = listInterner(shapes);
  // Span id -> row, built only if a parent is not found among the previous row's ancestors (spans in
  // depth-first order, as most traces come, never need it). Any row with the id decodes to the same id.
  let rowOf: Map<string, number> | null = null;
  const rowOfId = (id: string): number | undefined => {
    if (!rowOf) {
      rowOf = new Map();
      for (let i = spans.length - 1; i >= 0; i--) rowOf.set(spans[i].spanId, i);
    }
    return rowOf.get(id);
  };

  const fixedIds = spans.every((s) => s.spanId.length === SPAN_ID_LENGTH);
  const parents: number[] = [];
  const durationNs: number[] = [];
  const names: number[] = [];
  const origin: number[] = [];
  const kindStatus: number[] = [];
  const attrShape: number[] = [];
  const attrValues: (number | AttributeValue)[] = [];
  const extras: [number, Extra][] = [];
  let startMin = Number.POSITIVE_INFINITY;
  let endMax = Number.NEGATIVE_INFINITY;

  const last: { service?: string; resource?: Attributes; scope?: Scope; origin: number; shape: number[] | null; shapeIndex: number } = {
    origin: -1,
    shape: null,
    shapeIndex: -1,
  };
  for (let row = 0; row < spans.length; row++) {
    const span = spans[row];
    const pid = span.parentSpanId;
    let parent = -1;
    if (pid !== null) {
      let found = -1;
      for (let r = row - 1, steps = 0; r >= 0 && steps < ANCESTORS_TRIED; r = parents[r], steps++) {
        if (spans[r].spanId === pid) {
          found = r;
          break;
        }
      }
      parent = found >= 0 ? found : (rowOfId(pid) ?? -str(pid) - 2);
    }
    parents.push(parent);
    durationNs.push(span.durationNs);
    names.push(str(span.name));
    // Neighbouring spans mostly share service, resource and scope objects, and attribute keys.
    if (span.serviceName !== last.service || span.resource !== last.resource || span.scope !== last.scope) {
      last.service = span.serviceName;
      last.resource = span.resource;
      last.scope = span.scope;
      last.origin = originIndex([str(span.serviceName), resourceIndex(span.resource), span.scope ? scopeIndex(span.scope) : -1]);
    }
    origin.push(last.origin);
    kindStatus.push(Math.max(0, KINDS.indexOf(span.kind)) * 3 + Math.max(0, STATUSES.indexOf(span.status.code)));
    const shape: number[] = [];
    for (const key in span.attributes) {
      const value = span.attributes[key];
      if (typeof value === 'string') {
        shape.push(str(key));
        attrValues.push(str(value));
      } else {
        shape.push(-str(key) - 1);
        attrValues.push(value);
      }
    }
    if (!sameList(shape, last.shape)) {
      last.shape = shape;
      last.shapeIndex = shapeIndex(shape);
    }
    attrShape.push(last.shapeIndex);
    if (span.events.length > 0 || span.links.length > 0 || span.status.message !== undefined) {
      extras.push([
        row,
        {
          ...(span.status.message !== undefined ? { statusMessage: span.status.message } : {}),
          ...(span.events.length > 0 ? { events: span.events } : {}),
          ...(span.links.length > 0 ? { links: span.links } : {}),
        },
      ]);
    }
    startMin = Math.min(startMin, span.startMs);
    endMax = Math.max(endMax, span.startMs + span.durationNs / 1e6);
  }

  const starts = startOffsets(spans);
  let startSteps: number[] | null = null;
  if (starts) {
    startSteps = starts.offsets.map((offset, i) => (i === 0 ? offset : offset - starts.offsets[i - 1]));
  }
  const transport: TraceTransport = {
    format: 3,
    traceId: trace.traceId,
    strings,
    resources,
    scopes,
    origins: originTriples.flat(),
    shapes,
    spanIds: fixedIds ? spans.map((s) => s.spanId).join('') : spans.map((s) => s.spanId),
    parents,
    startBase: starts?.base ?? '0',
    startSteps,
    ...(starts ? {} : { startUnixNano: spans.map((s) => s.startUnixNano) }),
    durationNs,
    names,
    origin,
    kindStatus,
    attrShape,
    attrValues,
    extras,
    window: spans.length > 0 ? { startMs: startMin, endMs: endMax } : null,
    ...(trace.partial ? { partial: trace.partial } : {}),
  };
  // startMs goes only when the derived one would differ (a parser that rounds differently).
  if (!starts?.derivedMs) transport.startMs = spans.map((s) => s.startMs);
  return transport;
}

/** Exact start strings and their epoch ms (as nanosToMs computes them) of every row. */
function decodedStarts(transport: TraceTransport): { ns: string[]; ms: number[] } {
  const { startSteps } = transport;
  if (!startSteps) {
    const ns = transport.startUnixNano ?? [];
    return { ns, ms: ns.map(nanosToMs) };
  }
  const base = splitCanonical(transport.startBase) ?? { sec: 0, nano: 0 };
  const ns: string[] = new Array<string>(startSteps.length);
  const ms: number[] = new Array<number>(startSteps.length);
  let offset = 0;
  for (let i = 0; i < startSteps.length; i++) {
    offset += startSteps[i];
    const total = base.nano + offset;
    const carry = Math.floor(total / 1e9);
    const sec = base.sec + carry;
    const nano = total - carry * 1e9;
    ns[i] = joinNanos(sec, nano);
    ms[i] = msOf(sec, nano);
  }
  return { ns, ms };
}

export function decodeTrace(transport: TraceTransport): Trace & { partial?: { message: string } } {
  const { traceId, strings, resources, scopes, origins, shapes, spanIds, parents, durationNs, names, origin, kindStatus, attrShape, attrValues } = transport;
  const count = parents.length;
  const ids: string[] = new Array<string>(count);
  for (let i = 0; i < count; i++) ids[i] = typeof spanIds === 'string' ? spanIds.slice(i * SPAN_ID_LENGTH, (i + 1) * SPAN_ID_LENGTH) : spanIds[i];
  const starts = decodedStarts(transport);
  const startMs = transport.startMs ?? starts.ms;
  const extras = new Map<number, Extra>(transport.extras);
  const spans: Span[] = new Array<Span>(count);
  let v = 0;
  for (let i = 0; i < count; i++) {
    const extra = extras.get(i);
    const status: Span['status'] = { code: STATUSES[kindStatus[i] % 3] ?? 'unset' };
    if (extra?.statusMessage !== undefined) status.message = extra.statusMessage;
    const attributes: Attributes = {};
    for (const key of shapes[attrShape[i]]) {
      if (key >= 0) attributes[strings[key]] = strings[attrValues[v++] as number];
      else attributes[strings[-key - 1]] = attrValues[v++] as AttributeValue;
    }
    const p = parents[i];
    const o = origin[i] * 3;
    const span: Span = {
      traceId,
      spanId: ids[i] as Span['spanId'],
      parentSpanId: (p >= 0 ? ids[p] : p === -1 ? null : strings[-p - 2]) as Span['parentSpanId'],
      name: strings[names[i]],
      serviceName: strings[origins[o]],
      kind: KINDS[Math.floor(kindStatus[i] / 3)] ?? 'unspecified',
      startUnixNano: starts.ns[i],
      startMs: startMs[i],
      durationNs: durationNs[i],
      status,
      attributes,
      resource: resources[origins[o + 1]] ?? {},
      events: extra?.events ?? [],
      links: extra?.links ?? [],
    };
    const scope = origins[o + 2] >= 0 ? scopes[origins[o + 2]] : undefined;
    if (scope) span.scope = scope;
    spans[i] = span;
  }
  return { traceId, spans, ...(transport.partial ? { partial: transport.partial } : {}) };
}

/** Earliest start and latest end of the spans, epoch ms, without decoding them. */
export function transportWindow(transport: TraceTransport): { startMs: number; endMs: number } | null {
  return transport.window;
}
