// JSON error answers of the permalink routes: a status and a message safe to show; details go to the log.
import { AuthError } from '../auth/authenticate';
import type { PermalinkErrorJson } from './api-types';

export function errorJson(status: number, message: string): Response {
  const body: PermalinkErrorJson = { error: message };
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** Not signed in / no tenant: 401/403 with the gate's message. Anything else: logged, answered without details. */
export function failureJson(what: string, error: unknown): Response {
  if (error instanceof AuthError) return errorJson(error.status, error.message);
  console.error(`weft: ${what} failed`, error);
  return errorJson(500, 'The server could not answer this request; the details are in its log.');
}
