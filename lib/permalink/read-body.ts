// A JSON request body read with a size cap: the stream is cut at maxBytes instead of buffering whatever a
// client sends. Pure apart from reading the request.
import type { ParseResult } from '../time-range';

export async function readJsonBody(request: Request, maxBytes: number): Promise<ParseResult<unknown>> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return fail(`The request body is larger than ${maxBytes} bytes`);
  if (!request.body) return fail('The request has no body: send JSON');
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return fail(`The request body is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return fail('The request body is not JSON');
  }
}

function fail<T>(error: string): ParseResult<T> {
  return { ok: false, error };
}
