// JSON answers of the trace view's route handlers: 400 with a message for bad input, 200 with per-source
// results otherwise, 401/403 when the request has no session or tenant (the handler re-checks, whatever the
// gate did), and for anything unexpected a 500 whose body says nothing about the code (the error goes to the
// server log). Never a stack trace in a response.
import { AuthError, authErrorResponse } from '../auth/request-context';
import type { ApiErrorBody } from './api-types';

const NO_STORE = { 'Cache-Control': 'no-store' };

export interface Timing {
  name: string;
  durationMs: number;
}

/** A Server-Timing header value: `tempo;dur=12.3, loki;dur=40.1` (names are our own tokens). */
export function serverTiming(timings: readonly Timing[]): string {
  return timings
    .filter((t) => /^[A-Za-z0-9_-]+$/.test(t.name) && Number.isFinite(t.durationMs))
    .map((t) => `${t.name};dur=${t.durationMs.toFixed(1)}`)
    .join(', ');
}

export function badRequest(message: string): Response {
  const body: ApiErrorBody = { error: message };
  return Response.json(body, { status: 400, headers: NO_STORE });
}

/** Runs the handler's one lib call; a thrown error becomes a plain 500 and a server log line. */
export async function respondJson<T>(work: () => Promise<T>, timingsOf?: (body: T) => Timing[]): Promise<Response> {
  try {
    const body = await work();
    const headers: Record<string, string> = { ...NO_STORE };
    const timing = timingsOf ? serverTiming(timingsOf(body)) : '';
    if (timing) headers['Server-Timing'] = timing;
    return Response.json(body, { status: 200, headers });
  } catch (error) {
    if (error instanceof AuthError) return authErrorResponse(error);
    console.error('weft: trace view request failed', error);
    const body: ApiErrorBody = { error: 'The server could not answer this request; the details are in its log.' };
    return Response.json(body, { status: 500, headers: NO_STORE });
  }
}
