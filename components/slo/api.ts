// Client-side calls of the SLO route handlers. Reads reuse the trace view's fetchApi (a safe message on
// failure); writes carry a JSON body and keep the per-query problems of a 422 for the form to list.
import { isApiErrorBody } from '@/lib/investigation/api-types';
import type { SloErrorBody } from '@/lib/slo/api-types';

export { fetchApi, ApiError } from '@/components/investigation/trace/api';

export class SaveError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: string[] = [],
    readonly warnings: string[] = [],
  ) {
    super(message);
    this.name = 'SaveError';
  }
}

function isErrorBody(value: unknown): value is SloErrorBody {
  return isApiErrorBody(value);
}

export async function sendJson<T>(url: string, method: 'POST' | 'PUT' | 'DELETE', body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new SaveError('The Weft server did not answer: check that it is running.', 0);
  }
  const parsed: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (isErrorBody(parsed)) throw new SaveError(parsed.error, response.status, parsed.errors ?? [], parsed.warnings ?? []);
    throw new SaveError(`The Weft server answered ${response.status}`, response.status);
  }
  return parsed as T;
}

/** The API path of an SLO's part with the page's time range. */
export function sloApiPath(id: string, part: 'summary' | 'report', range: { from: string; to: string }): string {
  return `/api/slo/${encodeURIComponent(id)}/${part}?${new URLSearchParams({ from: range.from, to: range.to }).toString()}`;
}
