// JSON error answers of the permalink routes: a status and a message safe to show; details go to the log.
import type { PermalinkErrorJson } from './api-types';

export function errorJson(status: number, message: string): Response {
  const body: PermalinkErrorJson = { error: message };
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** An unexpected failure: logged with its stack, answered without it. */
export function serverError(what: string, error: unknown): Response {
  console.error(`weft: ${what} failed`, error);
  return errorJson(500, 'The server could not answer this request; the details are in its log.');
}
