// The signed-in user and their tenants, for route handlers and server components: getRequestContext()
// verifies the session cookie (or the proxy's headers) again, independently of proxy.ts, so a handler never
// trusts that the gate ran. One verification per request, however many callers ask.
import 'server-only';
import { cookies, headers } from 'next/headers';
import { authenticate, AuthError, type RequestContext, type RequestCredentials } from './authenticate';
import { authConfig } from './current';
import { localUser, type AuthUser } from './identity';

export type { RequestContext } from './authenticate';
export { AuthError } from './authenticate';

// Keyed by the request's headers object, which Next creates once per request.
const perRequest = new WeakMap<object, Promise<{ ok: true; context: RequestContext } | { ok: false; error: AuthError }>>();

async function credentials(): Promise<{ key: object; credentials: RequestCredentials }> {
  const [headerList, cookieJar] = await Promise.all([headers(), cookies()]);
  return {
    key: headerList,
    credentials: { header: (name) => headerList.get(name), cookie: (name) => cookieJar.get(name)?.value },
  };
}

function offContext(): RequestContext {
  return { mode: 'off', user: localUser(), tenancy: false, tenants: [], activeTenant: null, session: null };
}

/**
 * The request's user, tenants and active tenant. Throws AuthError (401 not signed in, 403 no tenant or a
 * tenant they may not read) and ConfigError (broken settings). With authentication off: the local user.
 */
export async function getRequestContext(): Promise<RequestContext> {
  const config = authConfig();
  if (config.mode === 'off') return offContext();
  const { key, credentials: creds } = await credentials();
  let pending = perRequest.get(key);
  if (!pending) {
    pending = authenticate(config, creds).then((result) => (result.ok ? result : { ok: false as const, error: new AuthError(result.failure) }));
    perRequest.set(key, pending);
  }
  const result = await pending;
  if (!result.ok) throw result.error;
  return result.context;
}

/** The context, or null when nobody is signed in (the header's sign-in link); other failures still throw. */
export async function findRequestContext(): Promise<RequestContext | null> {
  try {
    return await getRequestContext();
  } catch (error) {
    if (error instanceof AuthError && error.status === 401) return null;
    throw error;
  }
}

export async function currentUser(): Promise<AuthUser> {
  return (await getRequestContext()).user;
}

/** A JSON answer for an AuthError (401/403), for route handlers that catch it. */
export function authErrorResponse(error: AuthError): Response {
  return Response.json({ error: error.message, code: error.code }, { status: error.status, headers: { 'Cache-Control': 'no-store' } });
}
