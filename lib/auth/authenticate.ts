// Who is asking, and which tenant their queries carry: the one decision proxy.ts (the gate in front of every
// page and API) and route handlers (getRequestContext) both make, from the request's cookies and headers.
import { timingSafeEqual } from 'node:crypto';
import type { AuthConfig, AuthMode, ProxySettings } from './config';
import { cleanGroups, cleanIdentityValue, localUser, makeUser, type AuthUser } from './identity';
import { openSession, SESSION_COOKIE, TENANT_COOKIE, type SessionData } from './session';
import { chooseActiveTenant, grantTenants } from './tenants';

/** What authentication reads of a request: Request.headers, NextRequest and next/headers all fit. */
export interface RequestCredentials {
  header(name: string): string | null;
  cookie(name: string): string | undefined;
}

export interface RequestContext {
  mode: AuthMode;
  user: AuthUser;
  /** True when users are mapped to tenants (WEFT_TENANTS_FILE or WEFT_OIDC_TENANT_CLAIM). */
  tenancy: boolean;
  /** The tenants this user may read, sorted; empty when tenancy is off. */
  tenants: string[];
  /** The tenant every query of this request carries; null when tenancy is off (the configured tenant applies). */
  activeTenant: string | null;
  /** The OIDC session, for logout. */
  session: SessionData | null;
}

export type AuthFailure =
  | { status: 401; code: 'unauthenticated'; message: string }
  | { status: 403; code: 'no-tenant' | 'tenant-not-allowed'; message: string };

export type AuthResult = { ok: true; context: RequestContext } | { ok: false; failure: AuthFailure };

export class AuthError extends Error {
  readonly status: AuthFailure['status'];
  readonly code: AuthFailure['code'];

  constructor(failure: AuthFailure) {
    super(failure.message);
    this.name = 'AuthError';
    this.status = failure.status;
    this.code = failure.code;
  }
}

const UNAUTHENTICATED: AuthFailure = { status: 401, code: 'unauthenticated', message: 'Sign in to use this console' };

function sameSecret(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The user an authenticating proxy vouches for. The headers are trusted only with the shared secret: Weft
 * cannot see whether a request really came through the proxy (Next gives proxy.ts no peer address), and
 * X-Forwarded-* headers are trivially forged by anyone who reaches Weft directly.
 */
export function proxyUser(settings: ProxySettings, credentials: RequestCredentials): AuthUser | null {
  if (!sameSecret(credentials.header(settings.secretHeader), settings.secret)) return null;
  const user = cleanIdentityValue(credentials.header(settings.userHeader));
  const email = cleanIdentityValue(credentials.header(settings.emailHeader));
  const id = user ?? email;
  if (!id) return null;
  return makeUser(id, user, email, cleanGroups(credentials.header(settings.groupsHeader)));
}

async function identify(config: AuthConfig, credentials: RequestCredentials, nowS: number): Promise<{ user: AuthUser; session: SessionData | null } | null> {
  switch (config.mode) {
    case 'off':
      return { user: localUser(), session: null };
    case 'proxy': {
      const user = proxyUser(config.proxy, credentials);
      return user ? { user, session: null } : null;
    }
    case 'oidc': {
      const session = await openSession(credentials.cookie(SESSION_COOKIE), config.sessionKey, nowS);
      return session ? { user: session.user, session } : null;
    }
  }
}

/**
 * Authenticates a request and picks its tenant. Fails with 401 without a valid login, 403 when the user has
 * no tenant or the request's tenant cookie names one they may not read.
 */
export async function authenticate(config: AuthConfig, credentials: RequestCredentials, nowS: number = Math.floor(Date.now() / 1000)): Promise<AuthResult> {
  const identity = await identify(config, credentials, nowS);
  if (!identity) return { ok: false, failure: UNAUTHENTICATED };
  const grant = grantTenants(config.tenancy, identity.user, identity.session?.claimTenants ?? null);
  const active = chooseActiveTenant(grant, credentials.cookie(TENANT_COOKIE));
  if (!active.ok) {
    return {
      ok: false,
      failure:
        active.reason === 'no-tenant'
          ? { status: 403, code: 'no-tenant', message: 'Your account has no tenant on this console; ask its operator to grant you one' }
          : { status: 403, code: 'tenant-not-allowed', message: `You may not read tenant ${JSON.stringify(active.requested)}` },
    };
  }
  return {
    ok: true,
    context: { mode: config.mode, user: identity.user, tenancy: grant.enabled, tenants: grant.tenants, activeTenant: active.tenant, session: identity.session },
  };
}

/** Adapts a Fetch API Request (route handlers, proxy.ts, tests). */
export function credentialsOf(headers: Headers): RequestCredentials {
  let cookies: Map<string, string> | null = null;
  return {
    header: (name) => headers.get(name),
    cookie: (name) => {
      cookies ??= parseCookieHeader(headers.get('cookie'));
      return cookies.get(name);
    },
  };
}

/** Cookie header -> name/value map; the first occurrence of a name wins, as in browsers' ordering. */
export function parseCookieHeader(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    let value = part.slice(index + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!cookies.has(name)) {
      try {
        cookies.set(name, decodeURIComponent(value));
      } catch {
        cookies.set(name, value);
      }
    }
  }
  return cookies;
}
