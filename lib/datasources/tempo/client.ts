// Tempo HTTP API client: HTTP only, through the shared request helper; parse.ts turns the JSON into our model.
// API reference: https://grafana.com/docs/tempo/latest/api_docs/
// Versions differ: Tempo 2.0 has /api/traces/<id> with base64 ids, no /api/v2/traces, no /api/v2/search/tags
// and no /api/status/buildinfo; newer versions add those. The client tries the newer endpoint where it
// matters and falls back on Go's "404 page not found", remembering per server what it found.
import { isTraceId } from '../../model/ids';
import type { TraceId, TraceSearchResult } from '../../model/trace';
import { durationLiteral } from '../../query-lang/traceql';
import { DatasourceError } from '../errors';
import { parseJsonBody, request, type CallOptions, type DatasourceConnection, type RawResponse } from '../http';
import {
  isRouteNotFound,
  parseBuildInfoResponse,
  parseSearchResponse,
  parseStatusVersionText,
  parseTagNamesResponse,
  parseTagValuesV1Response,
  parseTagValuesV2Response,
  parseTraceByIdV1,
  parseTraceByIdV2,
  tempoHttpError,
  traceNotFound,
  type TempoBuildInfo,
  type TempoTagValue,
  type TempoTrace,
} from './parse';

export type { TempoBuildInfo, TempoTagValue, TempoTrace } from './parse';

export type { CallOptions } from '../http';

export interface TempoTimeRange {
  startMs?: number;
  endMs?: number;
}

export interface TempoSearchParams extends TempoTimeRange {
  /** A TraceQL query, built with lib/query-lang/traceql. Excludes `tags`. */
  traceql?: string;
  /** Tag search: attribute -> value (sent as logfmt, values matched as substrings by Tempo). */
  tags?: Readonly<Record<string, string>>;
  minDurationMs?: number;
  maxDurationMs?: number;
  /** Most traces to return (default 20, Tempo's default). */
  limit?: number;
  /** TraceQL: spans returned per span set (Tempo's default is 3). */
  spansPerSpanSet?: number;
}

export interface TempoClient {
  /** The trace, or DatasourceError kind not-found. A time range narrows the blocks Tempo reads. */
  traceById(traceId: TraceId, range?: TempoTimeRange, opts?: CallOptions): Promise<TempoTrace>;
  search(params: TempoSearchParams, opts?: CallOptions): Promise<TraceSearchResult>;
  searchTags(opts?: CallOptions): Promise<string[]>;
  /**
   * Values of a tag. A TraceQL-scoped name ("resource.service.name", ".service.name", "span.http.status_code",
   * "status") uses the typed v2 API; a plain name ("service.name") the v1 API, whose values are "untyped".
   */
  searchTagValues(tag: string, opts?: CallOptions): Promise<TempoTagValue[]>;
  buildInfo(opts?: CallOptions): Promise<TempoBuildInfo>;
}

export interface TempoClientSettings {
  /** 'auto' (default) tries /api/v2/traces and falls back to /api/traces on servers without it. */
  traceByIdApi?: 'auto' | 'v1' | 'v2';
}

// Every call is a read: transient 502/503/504 are retried with backoff.
const READ_RETRIES = 2;
const DEFAULT_SEARCH_LIMIT = 20;
const MAX_SEARCH_LIMIT = 10_000;

// What each server supports, learnt from its 404s. Servers get upgraded: forget after a while.
interface Capabilities {
  traceByIdV2?: boolean;
  tagValuesV2?: boolean;
  learntAtMs: number;
}
const CAPABILITY_TTL_MS = 10 * 60_000;
const capabilityCache = new Map<string, Capabilities>();

function capabilitiesOf(url: string): Capabilities {
  const known = capabilityCache.get(url);
  if (known && Date.now() - known.learntAtMs < CAPABILITY_TTL_MS) return known;
  const fresh: Capabilities = { learntAtMs: Date.now() };
  capabilityCache.set(url, fresh);
  return fresh;
}

function learn(url: string, patch: Omit<Partial<Capabilities>, 'learntAtMs'>): void {
  capabilityCache.set(url, { ...capabilitiesOf(url), ...patch, learntAtMs: Date.now() });
}

function badRequest(message: string): DatasourceError {
  return new DatasourceError({ backend: 'tempo', kind: 'bad-request', message });
}

/** Tempo takes whole epoch seconds; the range is widened outward so nothing inside it is lost. */
function rangeQuery(range: TempoTimeRange | undefined, query: URLSearchParams): URLSearchParams {
  if (!range || (range.startMs === undefined && range.endMs === undefined)) return query;
  const { startMs, endMs } = range;
  if (startMs === undefined || endMs === undefined) throw badRequest('Give both the start and the end of the time range');
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || startMs < 0 || endMs < startMs) throw badRequest('Invalid time range');
  query.set('start', String(Math.floor(startMs / 1000)));
  query.set('end', String(Math.ceil(endMs / 1000)));
  return query;
}

/**
 * Tag search parameter: logfmt `key=value key2="a value"`. Values are quoted when they need it, with JSON
 * escapes, which go-logfmt (Tempo's decoder) reads back exactly.
 */
export function formatTempoTags(tags: Readonly<Record<string, string>>): string {
  return Object.entries(tags)
    .map(([key, value]) => {
      if (!/^[^\s="\\]+$/.test(key)) throw badRequest(`Invalid tag name ${JSON.stringify(key)}`);
      if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value)) throw badRequest('Tag value contains a lone UTF-16 surrogate');
      const plain = value !== '' && /^[^\s="\\\u0000-\u001f\u007f]+$/.test(value);
      return `${key}=${plain ? value : JSON.stringify(value)}`;
    })
    .join(' ');
}

function durationParam(ms: number | undefined, name: string): string | undefined {
  if (ms === undefined) return undefined;
  try {
    return durationLiteral(ms);
  } catch {
    throw badRequest(`Invalid ${name}: ${ms}`);
  }
}

const TAG_IN_PATH = /^[A-Za-z0-9._:-]+$/;
const INTRINSIC_TAGS: ReadonlySet<string> = new Set(['duration', 'name', 'status', 'statusMessage', 'kind', 'rootName', 'rootServiceName', 'traceDuration']);
const ATTRIBUTE_SCOPE = /^(?:resource|span)?\./;

function isTraceqlScoped(tag: string): boolean {
  return tag.startsWith('.') || /^(?:resource|span|event|link|instrumentation)\./.test(tag) || INTRINSIC_TAGS.has(tag) || tag.includes(':');
}

export function createTempoClient(conn: DatasourceConnection, settings: TempoClientSettings = {}): TempoClient {
  if (conn.backend !== 'tempo') throw new TypeError(`createTempoClient needs a tempo connection, got ${conn.backend}`);
  const traceApi = settings.traceByIdApi ?? 'auto';
  const serverKey = conn.url.replace(/\/+$/, '');

  /** GET that answers 400 and 404 instead of throwing: their plain-text bodies say what went wrong. */
  function get(path: string, query: URLSearchParams, opts: CallOptions | undefined, headers?: Record<string, string>): Promise<RawResponse> {
    return request(conn, { path, query, headers, retries: READ_RETRIES, acceptStatuses: [400, 404], signal: opts?.signal, timeoutMs: opts?.timeoutMs });
  }

  function json(raw: RawResponse, what: string): unknown {
    if (raw.status >= 400) throw tempoHttpError(raw.status, raw.text, what);
    return parseJsonBody('tempo', raw);
  }

  async function traceByIdV1(traceId: TraceId, query: URLSearchParams, opts: CallOptions | undefined): Promise<TempoTrace> {
    const raw = await get(`/api/traces/${traceId}`, query, opts);
    if (raw.status === 404) throw traceNotFound(traceId);
    return parseTraceByIdV1(json(raw, `Trace ${traceId}`), traceId);
  }

  async function tagValuesV1(tag: string, opts: CallOptions | undefined): Promise<TempoTagValue[]> {
    return parseTagValuesV1Response(json(await get(`/api/search/tag/${tag}/values`, new URLSearchParams(), opts), `Tag ${tag}`));
  }

  return {
    async traceById(traceId, range, opts) {
      // The id goes into the URL path: only a normalised id, never raw input.
      if (!isTraceId(traceId)) throw badRequest(`Invalid trace id ${JSON.stringify(String(traceId))}`);
      const query = rangeQuery(range, new URLSearchParams());
      const known = capabilitiesOf(serverKey).traceByIdV2;
      if (traceApi === 'v1' || (traceApi === 'auto' && known === false)) return traceByIdV1(traceId, query, opts);

      const raw = await get(`/api/v2/traces/${traceId}`, query, opts);
      if (raw.status === 200) {
        learn(serverKey, { traceByIdV2: true });
        return parseTraceByIdV2(parseJsonBody('tempo', raw), traceId);
      }
      if (raw.status === 404 && traceApi === 'auto') {
        if (isRouteNotFound(raw.status, raw.text)) {
          learn(serverKey, { traceByIdV2: false });
          return traceByIdV1(traceId, query, opts);
        }
        // A 404 from a server whose v2 API we have seen working means the trace is missing. Before that, a
        // 404 page from something in between is possible: ask v1 once to be sure.
        if (known === true) throw traceNotFound(traceId);
        return traceByIdV1(traceId, query, opts);
      }
      if (raw.status === 404) throw isRouteNotFound(raw.status, raw.text) ? tempoHttpError(404, '', 'The /api/v2/traces API') : traceNotFound(traceId);
      throw tempoHttpError(raw.status, raw.text, `Trace ${traceId}`);
    },

    async search(params, opts) {
      const limit = params.limit ?? DEFAULT_SEARCH_LIMIT;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) throw badRequest(`Invalid search limit: ${limit}`);
      const hasTags = params.tags !== undefined && Object.keys(params.tags).length > 0;
      if (params.traceql !== undefined && hasTags) throw badRequest('Search by TraceQL or by tags, not both');
      const query = new URLSearchParams();
      if (params.traceql !== undefined) {
        if (params.traceql.trim() === '') throw badRequest('The TraceQL query is empty');
        query.set('q', params.traceql);
      }
      if (hasTags && params.tags) query.set('tags', formatTempoTags(params.tags));
      const minDuration = durationParam(params.minDurationMs, 'minimum duration');
      const maxDuration = durationParam(params.maxDurationMs, 'maximum duration');
      if (minDuration !== undefined) query.set('minDuration', minDuration);
      if (maxDuration !== undefined) query.set('maxDuration', maxDuration);
      // One more than asked: if it comes back, more traces exist than we show.
      query.set('limit', String(limit + 1));
      rangeQuery(params, query);
      if (params.spansPerSpanSet !== undefined) {
        if (!Number.isInteger(params.spansPerSpanSet) || params.spansPerSpanSet < 1) throw badRequest('Invalid spans per span set');
        query.set('spss', String(params.spansPerSpanSet));
      }
      return parseSearchResponse(json(await get('/api/search', query, opts), 'Search'), limit);
    },

    async searchTags(opts) {
      return parseTagNamesResponse(json(await get('/api/search/tags', new URLSearchParams(), opts), 'Tag names'));
    },

    async searchTagValues(tag, opts) {
      // The tag goes into the URL path: no slashes, nothing that could add a segment or a query.
      if (!TAG_IN_PATH.test(tag)) throw badRequest(`Tag ${JSON.stringify(tag)} cannot be looked up`);
      if (!isTraceqlScoped(tag)) return tagValuesV1(tag, opts);

      const attribute = ATTRIBUTE_SCOPE.test(tag) ? tag.replace(ATTRIBUTE_SCOPE, '') : null;
      if (capabilitiesOf(serverKey).tagValuesV2 !== false) {
        const raw = await get(`/api/v2/search/tag/${tag}/values`, new URLSearchParams(), opts);
        if (isRouteNotFound(raw.status, raw.text)) {
          learn(serverKey, { tagValuesV2: false });
        } else {
          const values = parseTagValuesV2Response(json(raw, `Tag ${tag}`));
          learn(serverKey, { tagValuesV2: true });
          // Tempo 2.0.1's v2 API saw only flushed blocks and answered {} for data still in the ingester,
          // where v1 already had it (fixtures: tempo/before-flush/). Ask v1 before saying "no values".
          if (values.length > 0 || attribute === null) return values;
        }
      }
      if (attribute === null) {
        throw new DatasourceError({ backend: 'tempo', kind: 'not-found', status: 404, message: `This Tempo has no typed tag values API for ${tag}` });
      }
      return tagValuesV1(attribute, opts);
    },

    async buildInfo(opts) {
      const raw = await get('/api/status/buildinfo', new URLSearchParams(), opts);
      if (raw.status === 404) {
        const page = await get('/status/version', new URLSearchParams(), opts, { Accept: 'text/plain' });
        if (page.status !== 200) throw tempoHttpError(page.status, page.text, 'Tempo version');
        return parseStatusVersionText(page.text);
      }
      return parseBuildInfoResponse(json(raw, 'Build info'));
    },
  };
}
