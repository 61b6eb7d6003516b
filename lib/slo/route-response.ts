// Responses of the SLO route handlers: a JSON body read with a size cap, an Outcome as its status and body,
// and for anything unexpected a 500 whose body says nothing about the code (the error goes to the log).
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

export async function respondOutcome<T>(work: () => Promise<Outcome<T>>): Promise<Response> {
  try {
    const outcome = await work();
    return Response.json(outcome.body, { status: outcome.status, headers: NO_STORE });
  } catch (error) {
    console.error('weft: SLO request failed', error);
    return jsonError(500, 'The server could not answer this request; the details are in its log.');
  }
}
