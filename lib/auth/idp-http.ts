// Calls to the identity provider (discovery, token, userinfo): a deadline, no redirects, a size cap and
// errors that say which step failed. The provider's URLs come from configuration and its own discovery
// document, never from a request.

export const IDP_TIMEOUT_MS = 10_000;
const MAX_IDP_RESPONSE_BYTES = 1024 * 1024;

/** A failed sign-in step; the message is safe to log, `code` picks what the user is told. */
export class OidcError extends Error {
  readonly code: OidcErrorCode;

  constructor(code: OidcErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OidcError';
    this.code = code;
  }
}

export type OidcErrorCode =
  /** The provider could not be reached or answered something unusable. */
  | 'provider-unavailable'
  /** The provider refused (error= in the callback, or the code exchange failed). */
  | 'provider-refused'
  /** The callback does not belong to a sign-in we started (state, missing or expired transaction). */
  | 'invalid-callback'
  /** The id_token failed verification (signature, issuer, audience, nonce, expiry). */
  | 'invalid-token'
  /** The identity is too large to keep in a cookie. */
  | 'identity-too-large';

export interface IdpRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  form?: URLSearchParams;
  signal?: AbortSignal;
}

/** JSON from the provider, or an OidcError naming `what` (e.g. "the token endpoint"). */
export async function fetchIdpJson(url: string, what: string, options: IdpRequest = {}): Promise<{ status: number; body: unknown }> {
  const deadline = AbortSignal.timeout(IDP_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers: { Accept: 'application/json', ...options.headers, ...(options.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
      body: options.form?.toString(),
      signal,
      redirect: 'error',
      cache: 'no-store',
    });
  } catch (error) {
    const reason = deadline.aborted ? `no answer within ${IDP_TIMEOUT_MS / 1000} s` : 'unreachable';
    throw new OidcError('provider-unavailable', `${what} is ${reason}`, { cause: error });
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_IDP_RESPONSE_BYTES) {
    await response.body?.cancel().catch(() => undefined);
    throw new OidcError('provider-unavailable', `${what} sent more than ${MAX_IDP_RESPONSE_BYTES} bytes`);
  }
  let text: string;
  try {
    text = await readCapped(response, what);
  } catch (error) {
    if (error instanceof OidcError) throw error;
    throw new OidcError('provider-unavailable', `${what} broke off its answer`, { cause: error });
  }
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch (error) {
    throw new OidcError('provider-unavailable', `${what} answered HTTP ${response.status} with a body that is not JSON`, { cause: error });
  }
}

async function readCapped(response: Response, what: string): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > MAX_IDP_RESPONSE_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new OidcError('provider-unavailable', `${what} sent more than ${MAX_IDP_RESPONSE_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
