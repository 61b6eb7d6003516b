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
// decodeTraceTree gives the trace view its tree straight from the transport: the decoder already knows each
// parent's row and each start's exact offset, which buildTraceTree would otherwise work out again from span ids
// and start strings (see TraceTreeHints).
import { nanosToMs } from '../model/nanos';
import { buildTraceTree, type TraceTree, type TraceTreeHints } from '../trace-view/build-trace-tree';
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

/** KINDS.indexOf / STATUSES.indexOf without a search (unknown values count as the first). */
function kindIndex(kind: SpanKind): number {
  switch (kind) {
    case 'internal':
      return 1;
    case 'server':
      return 2;
    case 'client':
      return 3;
    case 'producer':
      return 4;
    case 'consumer':
      return 5;
    default:
      return 0;
  }
}

function statusIndex(code: SpanStatusCode): number {
  return code === 'ok' ? 1 : code === 'error' ? 2 : 0;
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

/** The start columns, durations and window of the spans (no strings involved). */
interface Times {
  durationNs: number[];
  startBase: string;
  startSteps: number[] | null;
  /** Whether every startMs is the one derived from its start (then startMs need not go). */
  derivedMs: boolean;
  window: { startMs: number; endMs: number } | null;
}

function encodeTimes(spans: readonly Span[]): Times {
  const count = spans.length;
  const durationNs: number[] = [];
  let startMin = Number.POSITIVE_INFINITY;
  let endMax = Number.NEGATIVE_INFINITY;
  // Split starts, for the steps, while every start is a canonical string.
  const secs = new Float64Array(count);
  const nanos = new Float64Array(count);
  let canonical = true;
  let min = 0;
  let derivedMs = true;
  for (let row = 0; row < count; row++) {
    const span = spans[row];
    const spanMs = span.startMs;
    durationNs.push(span.durationNs);
    startMin = Math.min(startMin, spanMs);
    endMax = Math.max(endMax, spanMs + span.durationNs / 1e6);
    if (canonical) {
      const split = splitCanonical(span.startUnixNano);
      if (split) {
        secs[row] = split.sec;
        nanos[row] = split.nano;
        if (split.sec < secs[min] || (split.sec === secs[min] && split.nano < nanos[min])) min = row;
        if (derivedMs && !Object.is(msOf(split.sec, split.nano), spanMs)) derivedMs = false;
      } else {
        canonical = false;
      }
    }
  }
  const window = count > 0 ? { startMs: startMin, endMs: endMax } : null;
  const startSteps = canonical ? stepsOf(secs, nanos, min) : null;
  if (!startSteps) return { durationNs, startBase: '0', startSteps, derivedMs: false, window };
  return { durationNs, startBase: count > 0 ? joinNanos(secs[min], nanos[min]) : '0', startSteps, derivedMs, window };
}

/**
 * Exact ns steps between the rows' starts (the first from the earliest start, row min), or null when a start
 * cannot be restored from its step.
 */
function stepsOf(secs: Float64Array, nanos: Float64Array, min: number): number[] | null {
  const steps: number[] = [];
  const minSec = secs[min];
  const minNano = nanos[min];
  let previous = 0;
  for (let i = 0; i < secs.length; i++) {
    const offset = (secs[i] - minSec) * 1e9 + (nanos[i] - minNano);
    if (!(offset <= MAX_OFFSET_NS)) return null;
    steps.push(offset - previous);
    previous = offset;
  }
  return steps;
}

/** The ids back to back when all are 16 long, else the list. */
function encodeIds(spans: readonly Span[]): string | string[] {
  const ids: string[] = [];
  let fixed = true;
  for (let row = 0; row < spans.length; row++) {
    const id = spans[row].spanId;
    ids.push(id);
    if (id.length !== SPAN_ID_LENGTH) fixed = false;
  }
  return fixed ? ids.join('') : ids;
}

/** In parentRows' answer: a parent missing from the trace (encodeTrace writes -(its id's string) - 2 instead). */
const MISSING_PARENT = -2;

/**
 * Row of each span's parent (-1 none). The parent is looked for among the previous row's ancestors first;
 * span id -> row is built only if it is not found there (spans in depth-first order, as most traces come, never
 * need it). Any row with the id decodes to the same id.
 */
function parentRows(spans: readonly Span[]): number[] {
  const count = spans.length;
  const parents: number[] = [];
  let rowOf: Map<string, number> | null = null;
  for (let row = 0; row < count; row++) {
    const pid = spans[row].parentSpanId;
    let parent = -1;
    if (pid !== null) {
      for (let r = row - 1, steps = 0; r >= 0 && steps < ANCESTORS_TRIED; r = parents[r], steps++) {
        if (spans[r].spanId === pid) {
          parent = r;
          break;
        }
      }
      if (parent < 0) {
        if (!rowOf) {
          rowOf = new Map();
          for (let i = count - 1; i >= 0; i--) rowOf.set(spans[i].spanId, i);
        }
        parent = rowOf.get(pid) ?? MISSING_PARENT;
      }
    }
    parents.push(parent);
  }
  return parents;
}

// The encoder runs on the server once per trace read, after the Tempo read (so it adds to the answer's
// latency), mostly before the JIT has warmed up: its passes are small functions (a hot loop is optimised as
// the function around it), and the main pass writes its lookups out instead of calling closures.
export function encodeTrace(trace: Trace & { partial?: { message: string } }): TraceTransport {
  const { spans } = trace;
  const count = spans.length;
  const times = encodeTimes(spans);
  const spanIds = encodeIds(spans);
  const parents = parentRows(spans);

  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const str = (value: string): number => {
    let i = stringIndex.get(value);
    if (i === undefined) {
      i = strings.push(value) - 1;
      stringIndex.set(value, i);
    }
    return i;
  };
  const resources: Attributes[] = [];
  const scopes: Scope[] = [];
  const shapes: number[][] = [];
  const resourceIndex = pooler(resources);
  const scopeIndex = pooler(scopes);
  const originTriples: number[][] = [];
  const originIndex = listInterner(originTriples);
  const shapeIndex = listInterner(shapes);
  /** The keys of each shape, and the shape last used by each span name (spans of one name mostly share keys). */
  const shapeKeys: string[][] = [];
  const shapeOfName: number[] = [];

  const names: number[] = [];
  const origin: number[] = [];
  const kindStatus: number[] = [];
  const attrShape: number[] = [];
  const attrValues: (number | AttributeValue)[] = [];
  const extras: [number, Extra][] = [];

  let lastService: string | undefined;
  let lastResource: Attributes | undefined;
  let lastScope: Scope | undefined;
  let lastOrigin = -1;
  for (let row = 0; row < count; row++) {
    const span = spans[row];
    // Strings go into the table in row order: a missing parent's id, the name, the service, the attributes.
    if (parents[row] === MISSING_PARENT) parents[row] = -str(span.parentSpanId as string) - 2;
    const name = str(span.name);
    names.push(name);
    // Neighbouring spans mostly share service, resource and scope objects, and attribute keys.
    if (span.serviceName !== lastService || span.resource !== lastResource || span.scope !== lastScope) {
      lastService = span.serviceName;
      lastResource = span.resource;
      lastScope = span.scope;
      lastOrigin = originIndex([str(span.serviceName), resourceIndex(span.resource), span.scope ? scopeIndex(span.scope) : -1]);
    }
    origin.push(lastOrigin);
    kindStatus.push(kindIndex(span.kind) * 3 + statusIndex(span.status.code));

    // Attributes: first try the keys of the shape this name had last (no list built, no key looked up); the
    // strings go into the table in the same order either way (the shape's keys are in it already).
    const attributes = span.attributes;
    const mark = attrValues.length;
    let shape = shapeOfName[name] ?? -1;
    if (shape >= 0) {
      const keys = shapeKeys[shape];
      const codes = shapes[shape];
      let k = 0;
      for (const key in attributes) {
        if (k === keys.length || key !== keys[k]) {
          k = -1;
          break;
        }
        const value = attributes[key];
        if (typeof value === 'string') {
          if (codes[k] < 0) {
            k = -1;
            break;
          }
          let i = stringIndex.get(value);
          if (i === undefined) {
            i = strings.push(value) - 1;
            stringIndex.set(value, i);
          }
          attrValues.push(i);
        } else {
          if (codes[k] >= 0) {
            k = -1;
            break;
          }
          attrValues.push(value);
        }
        k++;
      }
      if (k !== keys.length) {
        attrValues.length = mark;
        shape = -1;
      }
    }
    if (shape < 0) {
      const codes: number[] = [];
      const keys: string[] = [];
      for (const key in attributes) {
        const value = attributes[key];
        keys.push(key);
        if (typeof value === 'string') {
          codes.push(str(key));
          attrValues.push(str(value));
        } else {
          codes.push(-str(key) - 1);
          attrValues.push(value);
        }
      }
      shape = shapeIndex(codes);
      shapeKeys[shape] ??= keys;
      shapeOfName[name] = shape;
    }
    attrShape.push(shape);

    const status = span.status;
    if (span.events.length > 0 || span.links.length > 0 || status.message !== undefined) {
      extras.push([
        row,
        {
          ...(status.message !== undefined ? { statusMessage: status.message } : {}),
          ...(span.events.length > 0 ? { events: span.events } : {}),
          ...(span.links.length > 0 ? { links: span.links } : {}),
        },
      ]);
    }
  }

  const transport: TraceTransport = {
    format: 3,
    traceId: trace.traceId,
    strings,
    resources,
    scopes,
    origins: originTriples.flat(),
    shapes,
    spanIds,
    parents,
    startBase: times.startBase,
    startSteps: times.startSteps,
    ...(times.startSteps ? {} : { startUnixNano: spans.map((s) => s.startUnixNano) }),
    durationNs: times.durationNs,
    names,
    origin,
    kindStatus,
    attrShape,
    attrValues,
    extras,
    window: times.window,
    ...(trace.partial ? { partial: trace.partial } : {}),
  };
  // startMs goes only when the derived one would differ (a parser that rounds differently).
  if (!times.derivedMs) transport.startMs = spans.map((s) => s.startMs);
  return transport;
}

/** What decoding learns on the way that buildTraceTree would otherwise work out again (see TraceTreeHints). */
export interface DecodedTrace {
  trace: Trace & { partial?: { message: string } };
  hints: TraceTreeHints;
}

const NO_EXTRA: Extra = {};
// Spans without events, links or a status message share these (the model is read-only; frozen so that a
// mutation fails loudly instead of changing every span).
const NO_EVENTS: SpanEvent[] = Object.freeze([]) as unknown as SpanEvent[];
const NO_LINKS: SpanLink[] = Object.freeze([]) as unknown as SpanLink[];
const PLAIN_STATUS: readonly Span['status'][] = STATUSES.map((code) => Object.freeze({ code }));

/** decodeTrace, plus each span's parent row and exact start offset for buildTraceTree. */
export function decodeTraceWithHints(transport: TraceTransport): DecodedTrace {
  const { traceId, strings, resources, scopes, origins, shapes, spanIds, parents, durationNs, names, origin, kindStatus, attrShape, attrValues } = transport;
  const count = parents.length;

  // Ids: 16-character slices of one string (no copies), or the list as it came.
  let ids: string[];
  if (typeof spanIds === 'string') {
    ids = new Array<string>(count);
    for (let i = 0; i < count; i++) ids[i] = spanIds.slice(i * SPAN_ID_LENGTH, (i + 1) * SPAN_ID_LENGTH);
  } else {
    ids = spanIds;
  }

  // Starts: exact strings and epoch ms from the steps; the tree gets the offsets and never parses the strings.
  const steps = transport.startSteps;
  let startNs: string[];
  let startMs: number[];
  let offsets: Float64Array | null = null;
  if (steps) {
    offsets = new Float64Array(count);
    startNs = new Array<string>(count);
    startMs = new Array<number>(count);
    const base = splitCanonical(transport.startBase) ?? { sec: 0, nano: 0 };
    // Consecutive spans mostly start within the same second: its digits are written once per second.
    let secText = '';
    let secOfText = -1;
    let offset = 0;
    for (let i = 0; i < count; i++) {
      offset += steps[i];
      offsets[i] = offset;
      const total = base.nano + offset;
      const carry = Math.floor(total / 1e9);
      const sec = base.sec + carry;
      const nano = total - carry * 1e9;
      if (sec === 0) {
        startNs[i] = String(nano);
      } else {
        if (sec !== secOfText) {
          secOfText = sec;
          secText = String(sec);
        }
        startNs[i] = secText + (nano >= 1e8 ? String(nano) : String(nano).padStart(9, '0'));
      }
      const subMs = nano % 1e6;
      startMs[i] = sec * 1000 + (nano - subMs) / 1e6 + subMs / 1e6;
    }
  } else {
    startNs = transport.startUnixNano ?? [];
    startMs = startNs.map(nanosToMs);
  }
  if (transport.startMs) startMs = transport.startMs;

  // Parent rows for the tree: >= 0 a row with the parent's id, -1 no parent, -2 look the id up.
  const parentRows = new Int32Array(count);

  // Extras come in row order; a cursor instead of a Map (any order still works, through the Map).
  const extraList = transport.extras;
  let extrasInOrder = true;
  for (let e = 1; e < extraList.length; e++) if (extraList[e][0] <= extraList[e - 1][0]) extrasInOrder = false;
  const extraByRow = extrasInOrder ? null : new Map<number, Extra>(extraList);
  let nextExtra = 0;

  const spans: Span[] = new Array<Span>(count);
  let v = 0;
  for (let i = 0; i < count; i++) {
    let extra = NO_EXTRA;
    if (extraByRow) {
      extra = extraByRow.get(i) ?? NO_EXTRA;
    } else if (nextExtra < extraList.length && extraList[nextExtra][0] === i) {
      extra = extraList[nextExtra][1];
      nextExtra++;
    }
    const ks = kindStatus[i];
    const status: Span['status'] =
      extra.statusMessage !== undefined ? { code: STATUSES[ks % 3] ?? 'unset', message: extra.statusMessage } : (PLAIN_STATUS[ks % 3] ?? PLAIN_STATUS[0]);
    const attributes: Attributes = {};
    const shape = shapes[attrShape[i]];
    for (let k = 0; k < shape.length; k++) {
      const key = shape[k];
      if (key >= 0) attributes[strings[key]] = strings[attrValues[v++] as number];
      else attributes[strings[-key - 1]] = attrValues[v++] as AttributeValue;
    }
    const p = parents[i];
    let parentSpanId: string | null;
    if (p >= 0) {
      parentSpanId = ids[p];
      parentRows[i] = parentSpanId === '' ? -2 : p;
    } else if (p === -1) {
      parentSpanId = null;
      parentRows[i] = -1;
    } else {
      parentSpanId = strings[-p - 2];
      parentRows[i] = -2;
    }
    const o = origin[i] * 3;
    const scopeRow = origins[o + 2];
    const scope = scopeRow >= 0 ? scopes[scopeRow] : undefined;
    // Two literals (with and without scope) so that each site makes one object shape.
    spans[i] = scope
      ? {
          traceId,
          spanId: ids[i] as Span['spanId'],
          parentSpanId: parentSpanId as Span['parentSpanId'],
          name: strings[names[i]],
          serviceName: strings[origins[o]],
          kind: KINDS[Math.floor(ks / 3)] ?? 'unspecified',
          startUnixNano: startNs[i],
          startMs: startMs[i],
          durationNs: durationNs[i],
          status,
          attributes,
          resource: resources[origins[o + 1]] ?? {},
          events: extra.events ?? NO_EVENTS,
          links: extra.links ?? NO_LINKS,
          scope,
        }
      : {
          traceId,
          spanId: ids[i] as Span['spanId'],
          parentSpanId: parentSpanId as Span['parentSpanId'],
          name: strings[names[i]],
          serviceName: strings[origins[o]],
          kind: KINDS[Math.floor(ks / 3)] ?? 'unspecified',
          startUnixNano: startNs[i],
          startMs: startMs[i],
          durationNs: durationNs[i],
          status,
          attributes,
          resource: resources[origins[o + 1]] ?? {},
          events: extra.events ?? NO_EVENTS,
          links: extra.links ?? NO_LINKS,
        };
  }
  const trace = { traceId, spans, ...(transport.partial ? { partial: transport.partial } : {}) };
  return { trace, hints: { parentRows, startOffsetsNs: offsets } };
}

export function decodeTrace(transport: TraceTransport): Trace & { partial?: { message: string } } {
  return decodeTraceWithHints(transport).trace;
}

/** buildTraceTree(decodeTrace(transport)), the same tree, without working out again what decoding knows. */
export function decodeTraceTree(transport: TraceTransport): TraceTree {
  const { trace, hints } = decodeTraceWithHints(transport);
  return buildTraceTree(trace, hints);
}

/** Earliest start and latest end of the spans, epoch ms, without decoding them. */
export function transportWindow(transport: TraceTransport): { startMs: number; endMs: number } | null {
  return transport.window;
}
