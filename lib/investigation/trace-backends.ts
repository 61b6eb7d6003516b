// Server side of the trace view: the configured backends' clients, wrapped in the per-process caches the view
// relies on (recent traces, Loki label names). The one place the trace view learns upstream URLs.
import 'server-only';
import { ConfigError } from '../config/errors';
import { TtlCache } from '../correlate/ttl-cache';
import type { ContextPrometheus } from '../correlate/trace-context';
import type { ProfilePyroscope } from '../correlate/trace-profile';
import type { LogFetcher, TraceFetcher } from '../correlate/trace-timeline';
import { DatasourceError, type BackendName } from '../datasources/errors';
import type { DatasourceConnection } from '../datasources/http';
import { connectionForRequest } from '../auth/tenancy';
import { createLokiClient, type LokiBuildInfo } from '../datasources/loki/client';
import { createPrometheusClient } from '../datasources/prometheus/client';
import { createPyroscopeClient } from '../datasources/pyroscope/client';
import { createTempoClient } from '../datasources/tempo/client';
import type { Trace } from '../model/trace';

/**
 * The request's connection (the user's tenant, the request's cap on concurrent calls); a missing or broken
 * configuration throws a DatasourceError saying what to do. AuthError (not signed in) propagates.
 */
async function connectionOf(backend: BackendName): Promise<DatasourceConnection> {
  try {
    return await connectionForRequest(backend);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new DatasourceError({ backend, kind: 'not-configured', message: `The datasource configuration is invalid (${error.message})`, cause: error });
    }
    throw error;
  }
}

function keyOf(conn: DatasourceConnection): string {
  return `${conn.url.replace(/\/+$/, '')}|${conn.tenant ?? ''}`;
}

// The profile tab reads the trace the timeline has just read: keep a few recent ones, bounded by span count.
const TRACE_CACHE_TTL_MS = 2 * 60_000;
const traceCache = new TtlCache<Trace>({
  ttlMs: TRACE_CACHE_TTL_MS,
  maxEntries: 16,
  weigh: (trace) => trace.spans.length,
  maxWeight: 400_000,
});

// Which labels Loki's streams carry changes rarely; asking every time would put a call before each log query.
const LABEL_CACHE_TTL_MS = 5 * 60_000;
const LABEL_BUCKET_MS = 3_600_000;
const labelCache = new TtlCache<string[]>({ ttlMs: LABEL_CACHE_TTL_MS, maxEntries: 64 });
// The version decides whether structured metadata is searched too; servers are upgraded rarely.
const lokiVersionCache = new TtlCache<LokiBuildInfo>({ ttlMs: 10 * 60_000, maxEntries: 16 });

export interface Backend<T> {
  client: T;
  /** URL + tenant, for caches keyed per server; null when not configured. */
  key: string | null;
}

/**
 * A backend's client. When the backend is not configured (or the configuration is broken) the client fails
 * every call with that error, so the view names the source and what to do like any other backend failure.
 */
async function backend<T>(name: BackendName, create: (conn: DatasourceConnection) => T, failing: (error: DatasourceError) => T): Promise<Backend<T>> {
  let conn: DatasourceConnection;
  try {
    conn = await connectionOf(name);
  } catch (error) {
    if (error instanceof DatasourceError) return { client: failing(error), key: null };
    throw error;
  }
  return { client: create(conn), key: keyOf(conn) };
}

const reject = (error: DatasourceError) => () => Promise.reject(error);

export async function tempoBackend(): Promise<Backend<TraceFetcher>> {
  return backend<TraceFetcher>(
    'tempo',
    (conn) => {
      const tempo = createTempoClient(conn);
      const key = keyOf(conn);
      return {
        traceById: (traceId, range, opts) => traceCache.get(`${key}|${traceId}`, () => tempo.traceById(traceId, range, opts)),
      };
    },
    (error) => ({ traceById: reject(error) }),
  );
}

export async function lokiBackend(): Promise<Backend<LogFetcher>> {
  return backend<LogFetcher>(
    'loki',
    (conn) => {
      const loki = createLokiClient(conn);
      const key = keyOf(conn);
      return {
        queryRange: (params, opts) => loki.queryRange(params, opts),
        labelNames: (range, opts) =>
          labelCache.get(`${key}|${Math.floor(range.startMs / LABEL_BUCKET_MS)}`, () => loki.labelNames(range, opts)),
        buildInfo: (opts) => lokiVersionCache.get(key, () => loki.buildInfo(opts)),
      };
    },
    (error) => ({ queryRange: reject(error), labelNames: reject(error) }),
  );
}

export async function prometheusBackend(): Promise<Backend<ContextPrometheus>> {
  return backend<ContextPrometheus>('prometheus', createPrometheusClient, (error) => ({
    queryRange: reject(error),
    queryExemplars: reject(error),
    labelValues: reject(error),
  }));
}

export async function pyroscopeBackend(): Promise<Backend<ProfilePyroscope>> {
  return backend<ProfilePyroscope>('pyroscope', createPyroscopeClient, (error) => ({
    selectMergeStacktraces: reject(error),
    selectMergeSpanProfile: reject(error),
    profileTypes: reject(error),
  }));
}
