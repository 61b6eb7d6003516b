// Each source of a correlated view returns ok or its error: one failed backend never takes the page away.
import { asDatasourceError, toSourceFailure, type BackendName, type SourceFailure } from '../datasources/errors';

export type SourceResult<T> =
  | { status: 'ok'; backend: BackendName; data: T; tookMs: number }
  | { status: 'error'; backend: BackendName; error: SourceFailure; tookMs: number };

/** Runs one source's work and turns any failure into a SourceResult; never throws. */
export async function settleSource<T>(backend: BackendName, work: () => Promise<T>): Promise<SourceResult<T>> {
  const started = performance.now();
  try {
    const data = await work();
    return { status: 'ok', backend, data, tookMs: performance.now() - started };
  } catch (error) {
    const failure = asDatasourceError(backend, error);
    if (failure.kind === 'bad-response' && failure.cause) console.error(`[${backend}]`, failure.message, failure.cause);
    return { status: 'error', backend, error: toSourceFailure(failure), tookMs: performance.now() - started };
  }
}

export function dataOrNull<T>(result: SourceResult<T>): T | null {
  return result.status === 'ok' ? result.data : null;
}
