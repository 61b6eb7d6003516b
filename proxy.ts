// Runs before every page and API request (Next 16's proxy, formerly middleware): the login gate, the per-user
// rate limit on expensive API routes, and the Content-Security-Policy with a fresh nonce. Kept light: one
// cookie decryption (jose) per request, no database, no network. Route handlers verify the session again
// themselves (lib/auth/request-context.ts), so a route the matcher missed would still not trust anyone.
import { NextResponse, type NextRequest } from 'next/server';
import { THEME_INIT_SCRIPT } from './components/shell/theme';
import { credentialsOf } from './lib/auth/authenticate';
import { authConfig, limitsConfig } from './lib/auth/current';
import { decide, type GateOutcome } from './lib/auth/gate';
import { contentSecurityPolicy, newNonce, scriptHash } from './lib/auth/security-headers';
import { TENANT_COOKIE } from './lib/auth/session';
import { ConfigError } from './lib/config/errors';
import { createRateLimiter, type RateLimiter } from './lib/limits/rate-limiter';

const THEME_SCRIPT_HASH = scriptHash(THEME_INIT_SCRIPT);
const NO_STORE = 'no-store';

let limiter: RateLimiter | null = null;

function rateLimiter(): RateLimiter {
  if (!limiter) {
    const limits = limitsConfig();
    limiter = createRateLimiter({ perMinute: limits.ratePerMinute, burst: limits.rateBurst });
  }
  return limiter;
}

function isHttps(request: NextRequest): boolean {
  if (request.nextUrl.protocol === 'https:') return true;
  return request.headers.get('x-forwarded-proto')?.split(',', 1)[0]?.trim().toLowerCase() === 'https';
}

function withCsp(response: NextResponse, csp: string): NextResponse {
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

function outcomeResponse(outcome: Exclude<GateOutcome, { action: 'continue' }>, request: NextRequest): NextResponse {
  if (outcome.action === 'redirect') {
    const response = NextResponse.redirect(new URL(outcome.location, request.nextUrl), 303);
    response.headers.set('Cache-Control', NO_STORE);
    if (outcome.clearTenantCookie) response.cookies.delete(TENANT_COOKIE);
    return response;
  }
  return NextResponse.json(outcome.body, { status: outcome.status, headers: { ...outcome.headers, 'Cache-Control': NO_STORE } });
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const nonce = newNonce();
  const csp = contentSecurityPolicy({
    nonce,
    dev: process.env.NODE_ENV === 'development',
    https: isHttps(request),
    inlineScriptHashes: [THEME_SCRIPT_HASH],
  });

  let outcome: GateOutcome;
  try {
    outcome = await decide(
      { method: request.method, pathname: request.nextUrl.pathname, search: request.nextUrl.search, credentials: credentialsOf(request.headers) },
      { config: authConfig(), limiter: rateLimiter(), nowMs: Date.now() },
    );
  } catch (error) {
    // Broken settings (or a tenants file that became unreadable) refuse everything rather than let it through.
    if (!(error instanceof ConfigError)) throw error;
    console.error(`weft: authentication configuration: ${error.message}`);
    return withCsp(
      NextResponse.json({ error: `Weft is misconfigured: ${error.message}`, code: 'misconfigured' }, { status: 500, headers: { 'Cache-Control': NO_STORE } }),
      csp,
    );
  }
  if (outcome.action !== 'continue') return withCsp(outcomeResponse(outcome, request), csp);

  // Next reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', csp);
  requestHeaders.set('x-nonce', nonce);
  return withCsp(NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

export const config = {
  // Everything except Next's build assets and the icon, which hold no data and must load on the sign-in page.
  matcher: ['/((?!_next/static/|_next/image|favicon\\.ico$|icon\\.svg$).*)'],
};
