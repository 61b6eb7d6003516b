// The one way Weft calls a backend: a deadline AND the caller's signal, a response size cap,
// auth and tenant headers, and every failure mapped to a DatasourceError.
import { DatasourceError, type BackendName } from './errors';

export type DatasourceAuth =
  | { type: 'none' }
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string };

/** Where and how to reach one backend. Built from configuration; never from request input. */
export interface DatasourceConnection {
  backend: BackendName;
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:9090 */
  url: string;
  auth?: DatasourceAuth;
  /** Multi-tenant backends (Loki, Tempo, Pyroscope, Mimir): sent as X-Scope-OrgID. */
  tenant?: string;
  /** Per-call deadline; callers may pass a shorter one. */
  timeoutMs?: number;
  /** Largest response body accepted, in bytes. */
  maxResponseBytes?: number;
  /** Caps concurrent calls (lib/limits: per page request); time spent waiting counts against the deadline. */
  gate?: CallGate;
}

/** Runs a call when a slot is free; a signal that aborts while waiting rejects without running it. */
export interface CallGate {
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface RequestOptions {
  method?: 'GET' | 'POST';
  /** Path below the connection URL, starting with '/'. */
  path: string;
  query?: URLSearchParams | Record<string, string | number | undefined>;
  /** A JSON body (sent as application/json) or a form (sent as application/x-www-form-urlencoded). */
  json?: unknown;
  form?: URLSearchParams;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** Retries for idempotent reads on network errors and 502/503/504, with exponential backoff. */
  retries?: number;
  /** Statuses that are answered, not thrown (the caller reads the body), e.g. 404 for "no such trace". */
  acceptStatuses?: number[];
}

/** What a caller sets on one client call: its own cancellation and deadline. */
export type CallOptions = Pick<RequestOptions, 'signal' | 'timeoutMs'>;

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
}

const RETRYABLE_STATUSES = new Set([502, 503, 504]);
const BACKOFF_BASE_MS = 100;

function buildUrl(connection: DatasourceConnection, options: RequestOptions): string {
  const base = connection.url.replace(/\/+$/, '');
  // Only ever the configured server: a path not starting with '/' ("@evil.example/") would change the host.
  const url = options.path.startsWith('/') ? new URL(base + options.path) : null;
  if (!url || url.origin !== new URL(base).origin) {
    throw new DatasourceError({ backend: connection.backend, kind: 'bad-request', message: `Refused a request outside the configured ${connection.backend} URL` });
  }
  if (options.query) {
    const params =
      options.query instanceof URLSearchParams
        ? options.query
        : new URLSearchParams(
            Object.entries(options.query)
              .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
              .map(([key, value]) => [key, String(value)]),
          );
    params.forEach((value, key) => url.searchParams.append(key, value));
  }
  return url.toString();
}

function buildHeaders(connection: DatasourceConnection, options: RequestOptions): Headers {
  const headers = new Headers(options.headers);
  headers.set('Accept', headers.get('Accept') ?? 'application/json');
  const auth = connection.auth;
  if (auth?.type === 'basic') {
    headers.set('Authorization', 'Basic ' + Buffer.from(`${auth.username}:${auth.password}`).toString('base64'));
  } else if (auth?.type === 'bearer') {
    headers.set('Authorization', `Bearer ${auth.token}`);
  }
  if (connection.tenant) headers.set('X-Scope-OrgID', connection.tenant);
  if (options.json !== undefined) headers.set('Content-Type', 'application/json');
  if (options.form) headers.set('Content-Type', 'application/x-www-form-urlencoded');
  return headers;
}

/** Reads at most maxBytes of the body; a larger body is an error, not a silent truncation. */
async function readCapped(response: Response, maxBytes: number, backend: BackendName): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(backend, maxBytes);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(backend, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** 64 MiB, 1.5 MiB, 256 KiB, 900 bytes: the limit as an operator set it, never rounded to "0 MiB". */
export function formatBytes(bytes: number): string {
  const trim = (value: number) => String(Number(value.toFixed(1)));
  if (bytes >= 1024 * 1024) return `${trim(bytes / 1024 / 1024)} MiB`;
  if (bytes >= 1024) return `${trim(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

function tooLarge(backend: BackendName, maxBytes: number): DatasourceError {
  return new DatasourceError({
    backend,
    kind: 'bad-response',
    message: `${backend} sent a response larger than the ${formatBytes(maxBytes)} limit; narrow the time range or query`,
  });
}

/** A short, safe excerpt of an error body: backends put the useful reason there (e.g. a parse error). */
export function errorExcerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? oneLine.slice(0, 300) + '…' : oneLine;
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string } })?.cause;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
      return 'host not found';
    case 'ECONNRESET':
      return 'connection reset';
    case 'UND_ERR_SOCKET':
      return 'connection closed by the server';
    default:
      return 'network error';
  }
}

function isTimeoutReason(reason: unknown): boolean {
  return reason instanceof DOMException && reason.name === 'TimeoutError';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/**
 * Sends one request and returns the raw body. Throws DatasourceError for timeouts, aborts, network errors,
 * non-accepted HTTP statuses and oversized bodies. Parsing is the caller's job (parse.ts).
 */
export async function request(connection: DatasourceConnection, options: RequestOptions): Promise<RawResponse> {
  const backend = connection.backend;
  const timeoutMs = options.timeoutMs ?? connection.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? connection.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const url = buildUrl(connection, options);
  const init: RequestInit = {
    method: options.method ?? 'GET',
    headers: buildHeaders(connection, options),
    signal,
    redirect: 'error',
    cache: 'no-store',
  };
  if (options.json !== undefined) init.body = JSON.stringify(options.json);
  else if (options.form) init.body = options.form.toString();

  const attempts = 1 + Math.max(0, options.retries ?? 0);
  for (let attempt = 1; ; attempt++) {
    try {
      const send = async () => {
        const answer = await fetch(url, init);
        return { response: answer, text: await readCapped(answer, maxBytes, backend) };
      };
      const { response, text } = connection.gate ? await connection.gate.run(send, signal) : await send();
      const contentType = response.headers.get('content-type') ?? '';
      const accepted = response.ok || (options.acceptStatuses ?? []).includes(response.status);
      if (!accepted) {
        if (attempt < attempts && RETRYABLE_STATUSES.has(response.status)) {
          await sleep(BACKOFF_BASE_MS * 2 ** (attempt - 1), signal);
          if (!signal.aborted) continue;
        }
        throw httpError(backend, response.status, text);
      }
      return { status: response.status, contentType, text };
    } catch (error) {
      if (error instanceof DatasourceError) throw error;
      if (deadline.aborted) {
        throw new DatasourceError({ backend, kind: 'timeout', message: `${backend} did not answer within ${timeoutMs / 1000} s`, cause: error });
      }
      if (options.signal?.aborted) {
        // A caller's deadline (AbortSignal.timeout, e.g. one for a whole report section) is a timeout too.
        if (isTimeoutReason(options.signal.reason)) {
          throw new DatasourceError({ backend, kind: 'timeout', message: `${backend} did not answer within the deadline`, cause: error });
        }
        throw new DatasourceError({ backend, kind: 'aborted', message: 'The request was cancelled', cause: error });
      }
      if (attempt < attempts) {
        await sleep(BACKOFF_BASE_MS * 2 ** (attempt - 1), signal);
        if (!signal.aborted) continue;
      }
      throw new DatasourceError({ backend, kind: 'network', message: `${backend} is unreachable (${describeNetworkError(error)})`, cause: error });
    }
  }
}

function httpError(backend: BackendName, status: number, body: string): DatasourceError {
  const excerpt = errorExcerpt(extractErrorMessage(body));
  const kind = status === 404 ? 'not-found' : status === 400 || status === 422 ? 'bad-request' : 'http';
  const reason = excerpt ? `: ${excerpt}` : '';
  return new DatasourceError({ backend, kind, status, message: `${backend} answered HTTP ${status}${reason}` });
}

/**
 * Backends put their reason in different places: Prometheus {"error": "..."}, Pyroscope Connect
 * {"message": "..."}, Loki 2.8 a plain-text body under a JSON content type. Take whichever is there.
 * Pyroscope 1.0 nests a second JSON-encoded Connect error inside "message": unwrap that one level too.
 * Alertmanager v2 answers a bare JSON string.
 */
export function extractErrorMessage(body: string): string {
  return messageOf(body, 1);
}

function messageOf(body: string, unwrapLevels: number): string {
  const trimmed = body.trim();
  // Alertmanager's OpenAPI errors are a bare JSON string: "bad matcher format: ..."
  if (trimmed.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed === 'string') return parsed.trim();
    } catch {
      // not a JSON string: use the raw text
    }
  }
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (parsed && typeof parsed === 'object') {
        const record = parsed as Record<string, unknown>;
        for (const key of ['error', 'message']) {
          const value = record[key];
          if (typeof value === 'string') return unwrapLevels > 0 ? messageOf(value, unwrapLevels - 1) : value.trim();
        }
      }
    } catch {
      // not JSON after all: fall through to the raw text
    }
  }
  return trimmed;
}

/** Parses a JSON body or throws a bad-response DatasourceError naming the backend. */
export function parseJsonBody(backend: BackendName, raw: RawResponse): unknown {
  try {
    return JSON.parse(raw.text);
  } catch (error) {
    throw new DatasourceError({ backend, kind: 'bad-response', message: `${backend} sent a body that is not JSON`, cause: error });
  }
}
