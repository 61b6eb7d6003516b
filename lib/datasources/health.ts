// Is each configured backend reachable, and which version is it? One cheap build-info call per backend,
// self-contained (plain request() calls) so the settings page works even when a full client is broken.
import { z } from 'zod';
import { redactUrl } from '../config/redact';
import { asDatasourceError, DatasourceError, toSourceFailure, type BackendName, type SourceFailure } from './errors';
import { parseJsonBody, request, type DatasourceConnection } from './http';
import { validateWire } from './validate';

export interface HealthResult {
  backend: BackendName;
  /** The configured name (file) or the backend's name. */
  name: string;
  /** The base URL without credentials. */
  url: string;
  tenant?: string;
  ok: boolean;
  version?: string;
  /** Wall time of the check, including a fallback request (Tempo 2.0). */
  latencyMs: number;
  error?: SourceFailure;
}

export interface HealthOptions {
  /** Deadline per request of a check; the connection's own timeout applies when shorter. */
  timeoutMs?: number;
}

/** A health page should answer quickly even when a backend hangs. */
export const HEALTH_TIMEOUT_MS = 5_000;
const HEALTH_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

type Probe = (connection: DatasourceConnection, signal: AbortSignal | undefined) => Promise<string>;

async function getJson(connection: DatasourceConnection, path: string, signal: AbortSignal | undefined): Promise<unknown> {
  const raw = await request(connection, { path, signal, retries: 0, maxResponseBytes: HEALTH_MAX_RESPONSE_BYTES });
  return parseJsonBody(connection.backend, raw);
}

// Prometheus and Pyroscope: {"status":"success","data":{"version":"2.42.0",...}}
// https://prometheus.io/docs/prometheus/latest/querying/api/#build-information
const envelopedBuildInfo = z.looseObject({ status: z.literal('success'), data: z.looseObject({ version: z.string() }) });
// Loki and Tempo >= 2.1: {"version":"2.8.0","revision":...} without an envelope.
const bareBuildInfo = z.looseObject({ version: z.string() });
// https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml (alertmanagerStatus)
const alertmanagerStatus = z.looseObject({ versionInfo: z.looseObject({ version: z.string() }) });

const enveloped =
  (path: string): Probe =>
  async (connection, signal) =>
    validateWire(connection.backend, envelopedBuildInfo, await getJson(connection, path, signal), 'build info').data.version;

/**
 * Tempo 2.0 has no /api/status/buildinfo (404 "404 page not found"); its /status/version page is text:
 * "tempo, version 2.0.1 (branch: HEAD, revision: 2349115...)", after a "GET /status/version" line.
 */
const tempoProbe: Probe = async (connection, signal) => {
  const common = { signal, retries: 0, maxResponseBytes: HEALTH_MAX_RESPONSE_BYTES };
  const raw = await request(connection, { ...common, path: '/api/status/buildinfo', acceptStatuses: [404] });
  if (raw.status !== 404) return validateWire('tempo', bareBuildInfo, parseJsonBody('tempo', raw), 'build info').version;
  const page = await request(connection, { ...common, path: '/status/version', headers: { Accept: 'text/plain' } });
  const version = /^\S+, version (\S+)/m.exec(page.text)?.[1];
  if (!version) throw new DatasourceError({ backend: 'tempo', kind: 'bad-response', message: 'tempo sent a version page without a version' });
  return version;
};

const PROBES: Record<BackendName, Probe> = {
  prometheus: enveloped('/api/v1/status/buildinfo'),
  pyroscope: enveloped('/api/v1/status/buildinfo'),
  loki: async (connection, signal) =>
    validateWire('loki', bareBuildInfo, await getJson(connection, '/loki/api/v1/status/buildinfo', signal), 'build info').version,
  tempo: tempoProbe,
  alertmanager: async (connection, signal) =>
    validateWire('alertmanager', alertmanagerStatus, await getJson(connection, '/api/v2/status', signal), 'status').versionInfo.version,
};

/** Checks one backend. Never throws: a failure is a result with ok: false and the reason. */
export async function checkHealth(
  connection: DatasourceConnection & { name?: string },
  signal?: AbortSignal,
  options: HealthOptions = {},
): Promise<HealthResult> {
  const timeoutMs = Math.min(options.timeoutMs ?? HEALTH_TIMEOUT_MS, connection.timeoutMs ?? Number.POSITIVE_INFINITY);
  const base = {
    backend: connection.backend,
    name: connection.name ?? connection.backend,
    url: redactUrl(connection.url),
    ...(connection.tenant ? { tenant: connection.tenant } : {}),
  };
  const startedMs = performance.now();
  try {
    // The health deadline replaces the connection's (usually longer) one for each request of the check.
    const version = await PROBES[connection.backend]({ ...connection, timeoutMs }, signal);
    const result: HealthResult = { ...base, ok: true, latencyMs: Math.round(performance.now() - startedMs) };
    if (version) result.version = version;
    return result;
  } catch (error) {
    return { ...base, ok: false, latencyMs: Math.round(performance.now() - startedMs), error: toSourceFailure(asDatasourceError(connection.backend, error)) };
  }
}

/** Checks every connection in parallel; results keep the order given. */
export function checkAllHealth(
  connections: ReadonlyArray<DatasourceConnection & { name?: string }>,
  signal?: AbortSignal,
  options: HealthOptions = {},
): Promise<HealthResult[]> {
  return Promise.all(connections.map((connection) => checkHealth(connection, signal, options)));
}
