// Tempo HTTP API over the simulated fleet's traces: trace by id (Tempo 2.0 `batches`, and newer `/api/v2/traces`),
// search by tags or TraceQL, tag names and values (v1 and v2). Wire shapes: fixtures/tempo.
// https://grafana.com/docs/tempo/latest/api_docs/
import type http from 'node:http';
import type { Fleet } from '../contract';
import { QueryError, type SpanAttributeValue, type StoredTrace } from '../query/types';
import type { EvalBudget, Engines, TraceSearchHit, TraceSearchOptions, TraceSearchResult } from './engines';
import { createDemoServer, HttpError, json, rawJson, text, type DemoRequest, type DemoResponse, type Route } from './http-util';
import { newestBatchTrace } from './batch-trace';
import { anyValueJson, traceJsonChunks } from './tempo-wire';
import { TraceBodyCache } from './trace-body-cache';
import { parseGoDurationNs } from './wire';

export interface TempoServerOptions {
  fleet: Fleet;
  engines: Engines;
  now: () => number;
  queryTimeoutMs?: number;
  /** query_frontend.search.max_duration (Tempo default 168h; 0 disables). */
  maxSearchDurationMs?: number;
  /** Cap on traces scanned for tag names/values. */
  maxTagScanTraces?: number;
  /** Serialised bodies of big traces (default: a 160 MB cache of traces with 2,000 spans or more). */
  traceBodies?: TraceBodyCache;
}

const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;
const RECENT_WINDOW_MS = 3_600_000;
const BUILD_INFO = { version: '2.0.1', revision: 'weft-demo', branch: 'HEAD', buildUser: '', buildDate: '', goVersion: 'go1.19.8' };
const INTRINSIC_TAGS = ['duration', 'kind', 'name', 'rootName', 'rootServiceName', 'status', 'statusMessage', 'traceDuration'];

/** Tempo answers client errors as 400 text/plain (fixtures/tempo/search_traceql_bad.txt). */
export function renderTempoError(error: unknown): DemoResponse {
  if (error instanceof HttpError) return text(error.status, error.message);
  if (error instanceof QueryError) {
    if (error.kind === 'execution') return /deadline/.test(error.message) ? text(504, 'context deadline exceeded') : text(500, error.message);
    return text(400, `invalid TraceQL query: ${error.message}`);
  }
  return text(500, 'internal error in the demo Tempo');
}

const bad = (message: string) => new HttpError(400, message);

/** Tempo's HexStringToTraceID, normalised to 32 lowercase hex. Throws HttpError 400 with Tempo's messages. */
export function parseTraceIdParam(id: string): string {
  const chars = [...id];
  for (let i = 0; i < chars.length; i++) {
    if (!/^[0-9a-fA-F]$/.test(chars[i])) {
      throw bad(`trace IDs can only contain hex characters: invalid character '${chars[i]}' at position ${i + 1}`);
    }
  }
  const even = id.length % 2 === 1 ? '0' + id : id;
  if (even.length > 32) throw bad("trace IDs can't be larger than 128 bits");
  return even.toLowerCase().padStart(32, '0');
}

/** Tempo's search result trace id: hex without leading zeros (Tempo 2.0 util.TraceIDToHexString). */
function searchTraceId(traceId: string): string {
  return traceId.replace(/^0+/, '') || '0';
}

function parseUnixSeconds(request: DemoRequest, name: string): number | undefined {
  const value = request.params.get(name);
  if (value === undefined || value === '') return undefined;
  if (!/^[+-]?\d+$/.test(value)) throw bad(`invalid ${name}: strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
  return Number(value);
}

function parseDurationParam(request: DemoRequest, name: string): bigint | undefined {
  const value = request.params.get(name);
  if (value === undefined || value === '') return undefined;
  const ns = parseGoDurationNs(value);
  if (ns === null) throw bad(`invalid ${name}: time: invalid duration ${JSON.stringify(value)}`);
  return BigInt(Math.round(ns));
}

/** Logfmt `key=value key2="quoted value"` as used by Tempo's `tags` parameter. */
export function parseLogfmt(input: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /\s*([^\s=]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/y;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < input.length) {
    if (/^\s*$/.test(input.slice(at))) break;
    re.lastIndex = at;
    m = re.exec(input);
    if (!m) throw bad(`invalid tags: unexpected input at position ${at + 1}`);
    out[m[1]] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    at = re.lastIndex;
  }
  return out;
}

function attributeJson(key: string, value: string | number | boolean): string {
  return `{"key":${JSON.stringify(key)},"value":${anyValueJson(value)}}`;
}

function hitJson(hit: TraceSearchHit, withSpanSets: boolean): string {
  let out = `{"traceID":"${searchTraceId(hit.traceId)}","rootServiceName":${JSON.stringify(hit.rootServiceName)}`;
  if (hit.rootTraceName) out += `,"rootTraceName":${JSON.stringify(hit.rootTraceName)}`;
  out += `,"startTimeUnixNano":"${hit.startNs}"`;
  if (hit.durationMs > 0) out += `,"durationMs":${Math.round(hit.durationMs)}`;
  if (withSpanSets && hit.spanSets.length > 0) {
    const sets = hit.spanSets.map((set) => {
      const spans = set.spans.map((span) => {
        let s = `{"spanID":${JSON.stringify(span.spanId)}`;
        if (span.name !== undefined) s += `,"name":${JSON.stringify(span.name)}`;
        s += `,"startTimeUnixNano":"${span.startNs}","durationNanos":"${span.durationNs}"`;
        const attrs = Object.entries(span.attributes);
        if (attrs.length > 0) s += `,"attributes":[${attrs.map(([k, v]) => attributeJson(k, v)).join(',')}]`;
        return s + '}';
      });
      return `{"spans":[${spans.join(',')}],"matched":${set.matched}}`;
    });
    // Tempo 2.0 sends `spanSet` (first set); newer Tempo sends `spanSets` too. Both, so either client works.
    out += `,"spanSet":${sets[0]},"spanSets":[${sets.join(',')}]`;
  }
  return out + '}';
}

function searchJson(result: TraceSearchResult, withSpanSets: boolean): string {
  const traces = [...result.traces].sort((a, b) => (a.startNs > b.startNs ? -1 : a.startNs < b.startNs ? 1 : 0));
  const metrics = `{"inspectedTraces":${result.inspectedTraces},"inspectedBytes":"${result.inspectedBytes}"}`;
  return `{"traces":[${traces.map((t) => hitJson(t, withSpanSets)).join(',')}],"metrics":${metrics}}`;
}

type TagType = 'string' | 'int' | 'float' | 'bool';

function tagType(value: SpanAttributeValue): TagType {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'string';
}

interface TagIndex {
  span: Map<string, Map<string, TagType>>;
  resource: Map<string, Map<string, TagType>>;
  names: Set<string>;
  kinds: Set<string>;
  statuses: Set<string>;
  statusMessages: Set<string>;
  rootNames: Set<string>;
  rootServiceNames: Set<string>;
}

function addValue(index: Map<string, Map<string, TagType>>, key: string, value: SpanAttributeValue) {
  let values = index.get(key);
  if (!values) {
    values = new Map();
    index.set(key, values);
  }
  values.set(String(value), tagType(value));
}

function buildTagIndex(traces: Iterable<StoredTrace>, maxTraces: number): TagIndex {
  const index: TagIndex = {
    span: new Map(),
    resource: new Map(),
    names: new Set(),
    kinds: new Set(),
    statuses: new Set(),
    statusMessages: new Set(),
    rootNames: new Set(),
    rootServiceNames: new Set(),
  };
  let count = 0;
  for (const trace of traces) {
    if (++count > maxTraces) break;
    const seenResources = new Set<object>();
    for (const span of trace.spans) {
      for (const [k, v] of Object.entries(span.attributes)) addValue(index.span, k, v);
      if (!seenResources.has(span.resourceAttributes)) {
        seenResources.add(span.resourceAttributes);
        for (const [k, v] of Object.entries(span.resourceAttributes)) addValue(index.resource, k, v);
      }
      addValue(index.resource, 'service.name', span.serviceName);
      index.names.add(span.name);
      index.kinds.add(span.kind);
      index.statuses.add(span.statusCode);
      if (span.statusMessage) index.statusMessages.add(span.statusMessage);
      if (span.parentSpanId === null) {
        index.rootNames.add(span.name);
        index.rootServiceNames.add(span.serviceName);
      }
    }
  }
  return index;
}

/** Earliest span start and latest span end. */
function traceBounds(trace: StoredTrace): { firstNs: bigint; lastNs: bigint } {
  let firstNs = trace.spans[0]?.startNs ?? 0n;
  let lastNs = firstNs;
  for (const span of trace.spans) {
    if (span.startNs < firstNs) firstNs = span.startNs;
    const endNs = span.startNs + span.durationNs;
    if (endNs > lastNs) lastNs = endNs;
  }
  return { firstNs, lastNs };
}

function sortedKeys(map: Map<string, unknown>): string[] {
  return [...map.keys()].sort();
}

export function createTempoRoutes(options: TempoServerOptions): Route[] {
  const { fleet, engines, now } = options;
  const queryTimeoutMs = options.queryTimeoutMs ?? 30_000;
  const maxSearchDurationMs = options.maxSearchDurationMs ?? 168 * 3_600_000;
  const maxTagScanTraces = options.maxTagScanTraces ?? 5000;
  const traceBodies = options.traceBodies ?? new TraceBodyCache();
  const budget = (request: DemoRequest): EvalBudget => ({ deadlineMs: Date.now() + queryTimeoutMs, signal: request.signal });

  const rangeNs = (request: DemoRequest): { startNs: bigint; endNs: bigint } => {
    const start = parseUnixSeconds(request, 'start');
    const end = parseUnixSeconds(request, 'end');
    if (start !== undefined && end !== undefined && start > end) {
      throw bad(`http parameter start must be before end. received start=${start} end=${end}`);
    }
    const nowMs = now();
    const endMs = end !== undefined ? end * 1000 : nowMs;
    const startMs = start !== undefined ? start * 1000 : endMs - RECENT_WINDOW_MS;
    if (maxSearchDurationMs > 0 && endMs - startMs > maxSearchDurationMs) {
      const hours = maxSearchDurationMs / 3_600_000;
      throw bad(`range specified by start and end exceeds ${hours}h0m0s. received start=${start ?? Math.floor(startMs / 1000)} end=${end ?? Math.floor(endMs / 1000)}`);
    }
    return { startNs: BigInt(Math.floor(startMs)) * NS_PER_MS, endNs: BigInt(Math.floor(endMs)) * NS_PER_MS };
  };

  const tagIndex = (request: DemoRequest): TagIndex => {
    const { startNs, endNs } = rangeNs(request);
    return buildTagIndex(newestFirst(startNs, endNs), maxTagScanTraces);
  };

  /** Traces of the range, newest half-hours first, so the scan cap keeps the most recent ones. */
  function* newestFirst(startNs: bigint, endNs: bigint): Generator<StoredTrace> {
    const sliceNs = 30n * 60_000n * NS_PER_MS;
    for (let to = endNs; to > startNs; to -= sliceNs) {
      yield* fleet.traces.tracesInRange(to - sliceNs > startNs ? to - sliceNs : startNs, to);
    }
  }

  /** With a time range Tempo only searches blocks of that range: a trace outside it is "not found". */
  const inRequestedRange = (request: DemoRequest, firstNs: bigint, lastNs: bigint): boolean => {
    const start = parseUnixSeconds(request, 'start');
    const end = parseUnixSeconds(request, 'end');
    if (start !== undefined && lastNs < BigInt(start) * NS_PER_S) return false;
    if (end !== undefined && firstNs > BigInt(end) * NS_PER_S) return false;
    return true;
  };

  /** GET a trace by id: big traces' bodies come from (and go to) the cache, smaller ones are streamed as built. */
  const traceResponse = (request: DemoRequest, wrapper: 'batches' | 'v2'): DemoResponse => {
    const traceId = parseTraceIdParam(request.pathParams[0]);
    const key = `${wrapper}|${traceId}`;
    const nowMs = now();
    let body = traceBodies.get(key, nowMs);
    if (!body) {
      const trace = fleet.traces.traceById(traceId);
      if (!trace) return text(404, 'trace not found');
      const { firstNs, lastNs } = traceBounds(trace);
      if (trace.spans.length < traceBodies.minSpans) {
        if (!inRequestedRange(request, firstNs, lastNs)) return text(404, 'trace not found');
        return rawJson(200, traceJsonChunks(trace, wrapper));
      }
      const parts: Buffer[] = [];
      for (const chunk of traceJsonChunks(trace, wrapper)) parts.push(Buffer.from(chunk, 'utf8'));
      body = { body: Buffer.concat(parts), firstNs, lastNs };
      traceBodies.set(key, body, nowMs);
    }
    if (!inRequestedRange(request, body.firstNs, body.lastNs)) return text(404, 'trace not found');
    return rawJson(200, body.body);
  };

  return [
    {
      methods: ['GET'],
      path: /^\/api\/traces\/([^/]*)$/,
      handler: (request) => {
        return traceResponse(request, 'batches');
      },
    },
    {
      methods: ['GET'],
      path: /^\/api\/v2\/traces\/([^/]*)$/,
      handler: (request) => {
        return traceResponse(request, 'v2');
      },
    },
    {
      methods: ['GET'],
      path: '/api/search',
      handler: async (request) => {
        const q = request.params.get('q');
        const tagsText = request.params.get('tags');
        if (q && tagsText) throw bad("invalid request: can't specify tags and q in the same query");
        const limitText = request.params.get('limit');
        let limit = 20;
        if (limitText) {
          limit = Number(limitText);
          if (!Number.isInteger(limit) || limit <= 0) throw bad('invalid limit: must be a positive number');
        }
        const spssText = request.params.get('spss');
        let spss = 3;
        if (spssText) {
          spss = Number(spssText);
          if (!Number.isInteger(spss) || spss <= 0) throw bad('invalid spss: must be a positive number');
        }
        const minDurationNs = parseDurationParam(request, 'minDuration');
        const maxDurationNs = parseDurationParam(request, 'maxDuration');
        if (minDurationNs !== undefined && maxDurationNs !== undefined && maxDurationNs < minDurationNs) {
          throw bad('invalid maxDuration: must be greater than minDuration');
        }
        const { startNs, endNs } = rangeNs(request);
        const searchOptions: TraceSearchOptions = { startNs, endNs, limit, spansPerSpanSet: spss, minDurationNs, maxDurationNs };
        if (q !== undefined && q.trim() !== '') {
          const result = await engines.traceQL(q, searchOptions, fleet.traces, budget(request));
          return rawJson(200, searchJson(result, true));
        }
        const tags = tagsText ? parseLogfmt(tagsText) : {};
        return rawJson(200, searchJson(await engines.tagSearch(tags, searchOptions, fleet.traces, budget(request)), false));
      },
    },
    {
      methods: ['GET'],
      path: '/api/search/tags',
      handler: (request) => {
        const index = tagIndex(request);
        const names = new Set([...index.span.keys(), ...index.resource.keys()]);
        return json(200, { tagNames: [...names].sort() });
      },
    },
    {
      methods: ['GET'],
      path: /^\/api\/search\/tag\/([^/]+)\/values$/,
      handler: (request) => {
        const index = tagIndex(request);
        const tag = request.pathParams[0];
        const values = new Set([...(index.span.get(tag)?.keys() ?? []), ...(index.resource.get(tag)?.keys() ?? [])]);
        return json(200, { tagValues: [...values].sort() });
      },
    },
    {
      methods: ['GET'],
      path: '/api/v2/search/tags',
      handler: (request) => {
        const scope = request.params.get('scope') ?? '';
        if (scope !== '' && !['span', 'resource', 'intrinsic', 'none', 'all'].includes(scope)) throw bad(`invalid scope: ${scope}`);
        const index = tagIndex(request);
        const scopes = [
          { name: 'span', tags: sortedKeys(index.span) },
          { name: 'resource', tags: sortedKeys(index.resource) },
          { name: 'intrinsic', tags: INTRINSIC_TAGS },
        ].filter((s) => scope === '' || scope === 'all' || scope === 'none' || s.name === scope);
        return json(200, { scopes });
      },
    },
    {
      methods: ['GET'],
      path: /^\/api\/v2\/search\/tag\/([^/]+)\/values$/,
      handler: (request) => {
        const index = tagIndex(request);
        const tag = request.pathParams[0];
        const out = new Map<string, { type: string; value: string }>();
        const add = (type: string, value: string) => out.set(`${type}\u0000${value}`, { type, value });
        const fromMap = (map: Map<string, Map<string, TagType>>, name: string) => {
          for (const [value, type] of map.get(name) ?? []) add(type, value);
        };
        const keyword = (values: Iterable<string>) => {
          for (const v of values) add('keyword', v);
        };
        if (tag.startsWith('span.')) fromMap(index.span, tag.slice(5));
        else if (tag.startsWith('resource.')) fromMap(index.resource, tag.slice(9));
        else if (tag.startsWith('.')) {
          fromMap(index.resource, tag.slice(1));
          fromMap(index.span, tag.slice(1));
        } else if (tag === 'status') {
          keyword(['ok', 'error', 'unset'].filter((s) => index.statuses.has(s)));
        } else if (tag === 'kind') keyword([...index.kinds].sort());
        else if (tag === 'name') for (const n of [...index.names].sort()) add('string', n);
        else if (tag === 'rootName') for (const n of [...index.rootNames].sort()) add('string', n);
        else if (tag === 'rootServiceName') for (const n of [...index.rootServiceNames].sort()) add('string', n);
        else if (tag === 'statusMessage') for (const n of [...index.statusMessages].sort()) add('string', n);
        else throw bad(`invalid tag name: ${tag}`);
        const tagValues = [...out.values()].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
        return json(200, { tagValues });
      },
    },
    {
      // Not a Tempo API: how a benchmark finds the id of a big trace (GET /api/traces/<traceID> then serves it).
      methods: ['GET'],
      path: '/weft-demo/batch-trace',
      handler: (request) => {
        const spans = Number(request.params.get('spans') ?? '20000');
        const at = parseUnixSeconds(request, 'time');
        let info;
        try {
          info = newestBatchTrace(fleet, at !== undefined ? at * 1000 : now(), spans);
        } catch (error) {
          if (error instanceof RangeError) throw bad(error.message);
          throw error;
        }
        if (!info) return text(404, 'no finished batch trace in this hour or the previous one');
        return json(200, {
          traceID: info.traceId,
          spanCount: info.spanCount,
          startTimeUnixNano: String(info.startNs),
          endTimeUnixNano: String(info.endNs),
          path: `/api/traces/${info.traceId}`,
        });
      },
    },
    { methods: ['GET'], path: '/api/echo', handler: () => text(200, 'echo\n') },
    { methods: ['GET', 'HEAD'], path: '/ready', handler: () => text(200, 'ready\n') },
    { methods: ['GET'], path: '/api/status/buildinfo', handler: () => json(200, BUILD_INFO) },
    {
      methods: ['GET'],
      path: '/status/version',
      handler: () =>
        text(200, `GET /status/version\ntempo, version ${BUILD_INFO.version} (branch: HEAD, revision: weft-demo)\n  build user:       \n  build date:       \n  go version:       go1.19.8\n  platform:         linux/amd64\n`, 'text/plain'),
    },
  ];
}

export function createTempoServer(options: TempoServerOptions): http.Server {
  return createDemoServer({ name: 'tempo', routes: createTempoRoutes(options), renderError: renderTempoError });
}
