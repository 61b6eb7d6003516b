// What a view's answer says about its sources, read from the JSON itself: every failure that names a backend
// (a SourceResult's error, or a report section's problem) and every backend part that came back ok.
// Shared by the route-level and the page-level fault matrix.
import type { Fault } from './fault-proxy';

export type { Fault } from './fault-proxy';
export type Backend = 'prometheus' | 'loki' | 'tempo' | 'pyroscope' | 'alertmanager';

const BACKENDS: readonly string[] = ['prometheus', 'loki', 'tempo', 'pyroscope', 'alertmanager'];

export interface NamedFailure {
  backend: Backend;
  kind: string;
  status?: number;
  message: string;
  /** Where in the answer it was found, e.g. "$.logs.error". */
  path: string;
}

export interface SourceParts {
  failures: NamedFailure[];
  /** Backends with at least one part (SourceResult) that came back ok. */
  ok: Set<Backend>;
}

function isBackend(value: unknown): value is Backend {
  return typeof value === 'string' && BACKENDS.includes(value);
}

/** Walks a JSON answer for per-source results: SourceResult {status, backend, error} and problems {source, kind, message}. */
export function sourceParts(value: unknown): SourceParts {
  const parts: SourceParts = { failures: [], ok: new Set() };
  const visit = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${path}[${index}]`));
      return;
    }
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.status === 'ok' && isBackend(record.backend) && 'data' in record) parts.ok.add(record.backend);
    // A SourceFailure: {backend, kind, message}; a report problem: {source, kind, message}.
    const named = isBackend(record.backend) ? record.backend : isBackend(record.source) ? record.source : null;
    if (named && typeof record.kind === 'string' && typeof record.message === 'string') {
      parts.failures.push({
        backend: named,
        kind: record.kind,
        message: record.message,
        ...(typeof record.status === 'number' ? { status: record.status } : {}),
        path,
      });
    }
    for (const [key, child] of Object.entries(record)) visit(child, `${path}.${key}`);
  };
  visit(value, '$');
  return parts;
}

/** The error kind each fault must be reported as, and a pattern the human message must match. */
export const EXPECTED: Record<Fault, { kind: string; message: RegExp; status?: number }> = {
  down: { kind: 'network', message: /unreachable/i },
  slow: { kind: 'timeout', message: /did not answer within/i },
  http500: { kind: 'http', status: 500, message: /HTTP 500/ },
  malformed: { kind: 'bad-response', message: /not JSON|not what|unexpected|invalid|malformed/i },
  oversized: { kind: 'bad-response', message: /larger than/i },
};

/** Text that looks like a stack trace or a raw exception leaking to the user. */
export const STACK_TRACE = /\bat [\w.<>$]+ \(|\bat (?:file:\/\/|\/|node:)[^\s]*:\d+|\.(?:ts|js|mjs|tsx):\d+:\d+|\b(?:TypeError|ReferenceError|SyntaxError|RangeError): /;

/** A backend's label as the page shows it ("Prometheus: ..."). */
export const BACKEND_LABEL: Record<Backend, string> = {
  prometheus: 'Prometheus',
  loki: 'Loki',
  tempo: 'Tempo',
  pyroscope: 'Pyroscope',
  alertmanager: 'Alertmanager',
};
