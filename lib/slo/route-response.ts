// Responses of the SLO route handlers: a JSON body read with a size cap, an Outcome as its status and body,
// and for anything unexpected a 500 whose body says nothing about the code (the error goes to the log).
import { AuthError, authErrorResponse } from '../auth/request-context';
import type { Outcome } from './slo-service';

const NO_STORE = { 'Cache-Control': 'no-store' };

export function jsonError(status: number, error: string): Response {
  return Response.json({ error }, { status, headers: NO_STORE });
}

/** The request's JSON body, or a message for 400/413. The cap holds the largest import plus its envelope. */
export async function readJsonBody(request: Request, maxBytes = 600 * 1024): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) return { ok: false, response: jsonError(413, `The body is larger than ${Math.round(maxBytes / 1024)} KiB`) };
  let text: string;
  try {
    text = await request.text();
  } catch {
    return { ok: false, response: jsonError(400, 'The body could not be read') };
  }
  if (new TextEncoder().encode(text).length > maxBytes) return { ok: false, response: jsonError(413, `The body is larger than ${Math.round(maxBytes / 1024)} KiB`) };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, response: jsonError(400, 'The body is not JSON') };
  }
}

function failure(error: unknown): Response {
  // Not signed in, or no tenant: the gate in proxy.ts normally answers first; the handler says it again.
  if (error instanceof AuthError) return authErrorResponse(error);
  console.error('weft: SLO request failed', error);
  return jsonError(500, 'The server could not answer this request; the details are in its log.');
}

export async function respondOutcome<T>(work: () => Promise<Outcome<T>>): Promise<Response> {
  try {
    const outcome = await work();
    return Response.json(outcome.body, { status: outcome.status, headers: NO_STORE });
  } catch (error) {
    return failure(error);
  }
}

/** 200 with the body, 404 with `notFound` when the work finds nothing (null). */
export async function respondFound<T>(work: () => Promise<T | null>, notFound = 'This SLO does not exist (any more)'): Promise<Response> {
  try {
    const body = await work();
    return body === null ? jsonError(404, notFound) : Response.json(body, { status: 200, headers: NO_STORE });
  } catch (error) {
    return failure(error);
  }
}

/** A YAML file download (rules export), 404 when there is nothing. */
export async function respondYaml(work: () => Promise<string | null>, filename: string): Promise<Response> {
  try {
    const yaml = await work();
    if (yaml === null) return jsonError(404, 'This SLO does not exist (any more)');
    return new Response(yaml, {
      headers: { 'Content-Type': 'application/yaml; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"`, ...NO_STORE },
    });
  } catch (error) {
    return failure(error);
  }
}
