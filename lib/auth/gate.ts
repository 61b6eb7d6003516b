// The decision proxy.ts makes for every request before any page or route handler runs: let it through,
// send the browser to sign in, or answer 401/403/429 JSON. Pure apart from the rate limiter's memory.
import type { RateLimiter } from '../limits/rate-limiter';
import { authenticate, type RequestContext, type RequestCredentials } from './authenticate';
import type { AuthConfig } from './config';
import { classifyPath, isExpensiveApi, loginPath } from './paths';

export interface GateRequest {
  method: string;
  pathname: string;
  /** '?a=b' or ''. */
  search: string;
  credentials: RequestCredentials;
}

export type GateOutcome =
  | { action: 'continue'; context: RequestContext | null }
  | { action: 'redirect'; location: string; clearTenantCookie: boolean }
  | { action: 'respond'; status: 401 | 403 | 429; body: { error: string; code: string }; headers: Record<string, string> };

export interface GateDeps {
  config: AuthConfig;
  limiter: RateLimiter;
  nowMs: number;
}

export async function decide(request: GateRequest, deps: GateDeps): Promise<GateOutcome> {
  const { config } = deps;
  const kind = classifyPath(request.pathname, config.publicPreviews);
  if (kind === 'asset' || kind === 'auth' || kind === 'public') return { action: 'continue', context: null };

  const result = await authenticate(config, request.credentials, Math.floor(deps.nowMs / 1000));
  const isPageView = kind === 'page' && (request.method === 'GET' || request.method === 'HEAD');
  if (!result.ok) {
    const { failure } = result;
    if (isPageView) {
      // Behind an auth proxy there is no sign-in page of ours: a request without the proxy's headers did not
      // come through it, and gets a plain 401.
      if (failure.code === 'unauthenticated' && config.mode === 'oidc') {
        return { action: 'redirect', location: loginPath(request.pathname + request.search), clearTenantCookie: false };
      }
      // A stale tenant choice (access revoked since): drop it and show the page with the default tenant.
      if (failure.code === 'tenant-not-allowed') return { action: 'redirect', location: request.pathname + request.search, clearTenantCookie: true };
      if (failure.code === 'no-tenant') return { action: 'redirect', location: `/auth/error?code=${failure.code}`, clearTenantCookie: false };
    }
    return { action: 'respond', status: failure.status, body: { error: failure.message, code: failure.code }, headers: {} };
  }

  if (isExpensiveApi(request.pathname, request.method)) {
    const decision = deps.limiter.take(`${config.mode}:${result.context.user.id}`, deps.nowMs);
    if (!decision.ok) {
      return {
        action: 'respond',
        status: 429,
        body: { error: `Too many queries; try again in ${decision.retryAfterS} s`, code: 'rate-limited' },
        headers: { 'Retry-After': String(decision.retryAfterS) },
      };
    }
  }
  return { action: 'continue', context: result.context };
}
