// The Share button's call to POST /api/permalinks. Errors carry the server's message (safe to show).
// The answer's check lives beside the server's zod schemas: it loads with the first share, so zod (~100 KB)
// is not in the scripts of every page with a Share button.
import type { CreatePermalinkBody, PermalinkJson } from '@/lib/permalink/api-types';

export async function createPermalink(body: CreatePermalinkBody, signal?: AbortSignal): Promise<PermalinkJson> {
  let response: Response;
  try {
    response = await fetch('/api/permalinks', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error('The Weft server did not answer: check that it is running.');
  }
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = typeof json === 'object' && json !== null && typeof (json as { error?: unknown }).error === 'string' ? (json as { error: string }).error : null;
    throw new Error(message ?? `The Weft server answered ${response.status}`);
  }
  const { isPermalinkJson } = await import('@/lib/permalink/api-types');
  if (!isPermalinkJson(json)) throw new Error('The Weft server answered with something that is not a link');
  return json;
}
