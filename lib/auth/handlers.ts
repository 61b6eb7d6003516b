// The /auth/* endpoints as plain Request -> Response functions (the route files only call them), so tests
// drive them with real requests against a real identity provider without a Next server.
import { authenticate, credentialsOf, type RequestCredentials } from './authenticate';
import { secureCookies, type AuthConfig, type OidcAuthConfig } from './config';
import { clearCookie, serializeCookie } from './cookies';
import { OidcError, type OidcErrorCode } from './idp-http';
import { authorizationUrl, completeLogin, discover, endSessionUrl, newLoginTransaction } from './oidc';
import { safeReturnTo } from './paths';
import {
  LOGIN_COOKIE,
  LOGIN_MAX_AGE_SECONDS,
  openLogin,
  openSession,
  sealLogin,
  sealSession,
  SESSION_COOKIE,
  sessionTooLarge,
  TENANT_COOKIE,
} from './session';
import { isTenantId } from './tenants';

const LOGIN_COOKIE_PATH = '/auth';
const TENANT_COOKIE_MAX_AGE_S = 365 * 24 * 3600;
const MAX_FORM_BYTES = 4096;

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function secureFor(config: AuthConfig, request: Request): boolean {
  return secureCookies(config, request.url, request.headers.get('x-forwarded-proto'));
}

/** A 303 to `location`: relative paths resolve against the public URL when there is one. */
function seeOther(location: string, config: AuthConfig, cookies: string[] = []): Response {
  const headers = new Headers({ Location: location.startsWith('/') && config.publicUrl ? `${config.publicUrl}${location}` : location, 'Cache-Control': 'no-store' });
  for (const cookie of cookies) headers.append('Set-Cookie', cookie);
  return new Response(null, { status: 303, headers });
}

function json(status: number, body: unknown, cookies: string[] = []): Response {
  const headers = new Headers({ 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  for (const cookie of cookies) headers.append('Set-Cookie', cookie);
  return new Response(JSON.stringify(body), { status, headers });
}

function errorPage(code: OidcErrorCode | 'not-enabled', config: AuthConfig, cookies: string[] = []): Response {
  return seeOther(`/auth/error?code=${code}`, config, cookies);
}

/**
 * State-changing posts must come from our own pages: browsers send Sec-Fetch-Site and Origin, and a
 * cross-site form post (SameSite=Lax already withholds the cookies) is refused outright.
 */
export function isSameOriginPost(request: Request, config: AuthConfig): boolean {
  if (request.headers.get('sec-fetch-site') === 'cross-site') return false;
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  const allowed = new Set([new URL(request.url).origin]);
  if (config.publicUrl) allowed.add(new URL(config.publicUrl).origin);
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (host) {
    allowed.add(`http://${host}`);
    allowed.add(`https://${host}`);
  }
  return allowed.has(origin);
}

/**
 * A request a page's script made (fetch) rather than a navigation: Next's RSC requests and prefetches (their
 * `rsc` header survives the same-origin redirect here) or any browser fetch (Sec-Fetch-Dest: empty). Server-side
 * clients such as Node's fetch send neither and are redirected like a browser navigation.
 */
function isScriptFetch(request: Request): boolean {
  return request.headers.get('rsc') === '1' || request.headers.get('sec-fetch-dest') === 'empty';
}

/** GET /auth/login?next=/path: starts the OIDC code flow (other modes have nothing to sign in to). */
export async function handleLogin(request: Request, config: AuthConfig): Promise<Response> {
  const url = new URL(request.url);
  const returnTo = safeReturnTo(url.searchParams.get('next'));
  if (config.mode !== 'oidc') return seeOther(config.mode === 'off' ? returnTo : '/auth/error?code=not-enabled', config);
  if (isScriptFetch(request)) {
    // The Next router prefetching or fetching a page whose session has ended: a redirect to the provider would
    // be a cross-origin fetch that CSP connect-src blocks. A plain answer makes the router load this address
    // as a page instead, and that navigation goes to the provider.
    return new Response('Sign in required\n', { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  }
  let metadata;
  try {
    metadata = await discover(config.oidc.issuer, request.signal);
  } catch (error) {
    console.error(`weft: sign-in: ${error instanceof Error ? error.message : String(error)}`);
    return errorPage(error instanceof OidcError ? error.code : 'provider-unavailable', config);
  }
  const transaction = newLoginTransaction(returnTo);
  const sealed = await sealLogin(transaction, config.loginKey, nowSeconds());
  const cookie = serializeCookie(LOGIN_COOKIE, sealed, { maxAgeS: LOGIN_MAX_AGE_SECONDS, secure: secureFor(config, request), path: LOGIN_COOKIE_PATH });
  return seeOther(authorizationUrl(config.oidc, metadata, transaction), config, [cookie]);
}

/** GET /auth/callback?code&state: finishes the flow and sets the session cookie. */
export async function handleCallback(request: Request, config: AuthConfig): Promise<Response> {
  if (config.mode !== 'oidc') return errorPage('not-enabled', config);
  const secure = secureFor(config, request);
  const clearLogin = clearCookie(LOGIN_COOKIE, secure, LOGIN_COOKIE_PATH);
  const nowS = nowSeconds();
  const transaction = await openLogin(credentialsOf(request.headers).cookie(LOGIN_COOKIE), config.loginKey, nowS);
  if (!transaction) return errorPage('invalid-callback', config, [clearLogin]);
  try {
    const metadata = await discover(config.oidc.issuer, request.signal);
    const login = await completeLogin(config.oidc, metadata, new URL(request.url).searchParams, transaction, {
      tenantClaim: config.tenancy.tenantClaim,
      nowS,
      signal: request.signal,
    });
    const sealed = await sealSession({ user: login.user, claimTenants: login.claimTenants, idToken: login.idToken }, config.sessionKey, nowS, config.sessionMaxAgeSeconds);
    if (sessionTooLarge(sealed)) throw new OidcError('identity-too-large', `the identity of ${login.user.id} (${login.user.groups.length} groups) does not fit a cookie`);
    const session = serializeCookie(SESSION_COOKIE, sealed, { maxAgeS: config.sessionMaxAgeSeconds, secure });
    // A new sign-in starts on the user's default tenant.
    return seeOther(transaction.returnTo, config, [clearLogin, session, clearCookie(TENANT_COOKIE, secure)]);
  } catch (error) {
    if (!(error instanceof OidcError)) throw error;
    console.warn(`weft: sign-in failed: ${error.message}`);
    return errorPage(error.code, config, [clearLogin]);
  }
}

async function idTokenOf(config: OidcAuthConfig, request: Request): Promise<string | null> {
  const session = await openSession(credentialsOf(request.headers).cookie(SESSION_COOKIE), config.sessionKey, nowSeconds());
  return session?.idToken ?? null;
}

/**
 * GET or POST /auth/logout: clears the session and tenant cookies, then ends the session at the provider
 * (RP-initiated logout) when it offers that, or at the auth proxy when WEFT_PROXY_LOGOUT_URL is set.
 */
export async function handleLogout(request: Request, config: AuthConfig): Promise<Response> {
  if (request.method === 'POST' && !isSameOriginPost(request, config)) return json(403, { error: 'Cross-site request refused', code: 'cross-site' });
  const secure = secureFor(config, request);
  const cookies = [clearCookie(SESSION_COOKIE, secure), clearCookie(TENANT_COOKIE, secure), clearCookie(LOGIN_COOKIE, secure, LOGIN_COOKIE_PATH)];
  if (config.mode === 'off') return seeOther('/', config, cookies);
  if (config.mode === 'proxy') return seeOther(config.proxy.logoutUrl ?? '/auth/signed-out', config, cookies);
  const idToken = await idTokenOf(config, request);
  try {
    const metadata = await discover(config.oidc.issuer, request.signal);
    const location = endSessionUrl(config.oidc, metadata, idToken);
    if (location) return seeOther(location, config, cookies);
  } catch (error) {
    // Weft's own session is gone either way; only the provider's stays signed in.
    console.warn(`weft: sign-out at the identity provider skipped: ${error instanceof Error ? error.message : String(error)}`);
  }
  return seeOther('/auth/signed-out', config, cookies);
}

/** Credentials without the tenant cookie: switching away from a revoked tenant must still work. */
function withoutTenantCookie(credentials: RequestCredentials): RequestCredentials {
  return { header: credentials.header, cookie: (name) => (name === TENANT_COOKIE ? undefined : credentials.cookie(name)) };
}

async function readTenantChoice(request: Request): Promise<{ tenant: unknown; next: string | null; form: boolean } | null> {
  const contentType = (request.headers.get('content-type') ?? '').toLowerCase();
  const text = await request.text();
  if (text.length > MAX_FORM_BYTES) return null;
  if (contentType.startsWith('application/json')) {
    try {
      const body = JSON.parse(text) as unknown;
      if (!body || typeof body !== 'object') return null;
      return { tenant: (body as Record<string, unknown>).tenant, next: null, form: false };
    } catch {
      return null;
    }
  }
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(text);
    return { tenant: form.get('tenant'), next: form.get('next'), form: true };
  }
  return null;
}

/** POST /auth/tenant {tenant}: makes one of the user's tenants the active one; any other is refused (403). */
export async function handleTenantSwitch(request: Request, config: AuthConfig): Promise<Response> {
  if (!isSameOriginPost(request, config)) return json(403, { error: 'Cross-site request refused', code: 'cross-site' });
  const result = await authenticate(config, withoutTenantCookie(credentialsOf(request.headers)), nowSeconds());
  if (!result.ok) return json(result.failure.status, { error: result.failure.message, code: result.failure.code });
  const choice = await readTenantChoice(request);
  if (!choice) return json(400, { error: 'Send the tenant as a form field or JSON {"tenant": "..."}', code: 'bad-request' });
  const { context } = result;
  if (!context.tenancy) return json(400, { error: 'This console has no tenants to choose from', code: 'no-tenancy' });
  if (!isTenantId(choice.tenant) || !context.tenants.includes(choice.tenant)) {
    return json(403, { error: 'You may not read that tenant', code: 'tenant-not-allowed' });
  }
  const cookie = serializeCookie(TENANT_COOKIE, choice.tenant, { maxAgeS: TENANT_COOKIE_MAX_AGE_S, secure: secureFor(config, request) });
  if (choice.form) return seeOther(safeReturnTo(choice.next), config, [cookie]);
  return json(200, { activeTenant: choice.tenant, tenants: context.tenants }, [cookie]);
}

/** GET /auth/session: who is signed in, their tenants and the active one (401 when nobody is). */
export async function handleSession(request: Request, config: AuthConfig): Promise<Response> {
  const result = await authenticate(config, credentialsOf(request.headers), nowSeconds());
  if (!result.ok) return json(result.failure.status, { error: result.failure.message, code: result.failure.code });
  const { mode, user, tenancy, tenants, activeTenant } = result.context;
  return json(200, { mode, user: { id: user.id, name: user.name, email: user.email, groups: user.groups }, tenancy, tenants, activeTenant });
}
