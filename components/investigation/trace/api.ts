// Client-side reads of the trace view's route handlers. A non-2xx answer carries { error } with a message
// that is safe to show; anything else is reported without its body.
import { isApiErrorBody } from '@/lib/investigation/api-types';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function fetchApi<T>(url: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    // A plain GET, as the page's <link rel=preload as=fetch> makes it: the preloaded answer is then reused.
    response = await fetch(url, { signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('The Weft server did not answer: check that it is running.', 0);
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw new ApiError(isApiErrorBody(body) ? body.error : `The Weft server answered ${response.status}`, response.status);
  }
  return (await response.json()) as T;
}

export function apiPath(traceId: string, endpoint: 'timeline' | 'context' | 'profile', params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== '') query.set(key, value);
  const text = query.toString();
  return `/api/traces/${encodeURIComponent(traceId)}/${endpoint}${text ? `?${text}` : ''}`;
}
