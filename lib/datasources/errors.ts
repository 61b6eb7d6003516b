// One error type for every backend, so the UI can say which source failed and why
// without ever showing a raw upstream body or a stack trace.

export type BackendName = 'prometheus' | 'loki' | 'tempo' | 'pyroscope' | 'alertmanager';

export type DatasourceErrorKind =
  | 'timeout' // our deadline passed
  | 'aborted' // the caller went away (navigation, cancelled query)
  | 'network' // connection refused, DNS, reset
  | 'http' // the backend answered with a non-2xx status
  | 'bad-response' // 2xx but the body was not what the API documents (garbage, wrong shape, too big)
  | 'not-found' // the thing asked for does not exist (e.g. unknown trace id)
  | 'bad-request' // the backend rejected the query (PromQL/LogQL/TraceQL syntax, bad selector)
  | 'not-configured'; // no URL for this backend

export interface DatasourceErrorInit {
  backend: BackendName;
  kind: DatasourceErrorKind;
  /** HTTP status when the backend answered. */
  status?: number;
  /** A short message that is safe to show to users (no secrets, no stack). */
  message: string;
  /** Extra detail for server logs only. */
  cause?: unknown;
}

export class DatasourceError extends Error {
  readonly backend: BackendName;
  readonly kind: DatasourceErrorKind;
  readonly status?: number;

  constructor(init: DatasourceErrorInit) {
    super(init.message, { cause: init.cause });
    this.name = 'DatasourceError';
    this.backend = init.backend;
    this.kind = init.kind;
    this.status = init.status;
  }

  toJSON(): SourceFailure {
    return toSourceFailure(this);
  }
}

/** The serialisable shape of a failure, as route handlers send it to the browser. */
export interface SourceFailure {
  backend: BackendName;
  kind: DatasourceErrorKind;
  status?: number;
  message: string;
}

export function toSourceFailure(error: DatasourceError): SourceFailure {
  const failure: SourceFailure = { backend: error.backend, kind: error.kind, message: error.message };
  if (error.status !== undefined) failure.status = error.status;
  return failure;
}

/** Wraps anything thrown into a DatasourceError for `backend`, keeping DatasourceErrors as they are. */
export function asDatasourceError(backend: BackendName, error: unknown): DatasourceError {
  if (error instanceof DatasourceError) return error;
  return new DatasourceError({
    backend,
    kind: 'bad-response',
    message: `Unexpected failure while reading ${backend}`,
    cause: error,
  });
}
