// Who may use this console, read from the environment: WEFT_AUTH_MODE=off (default: local use, no login),
// oidc (OpenID Connect login, signed and encrypted session cookies) or proxy (an authenticating proxy such
// as oauth2-proxy in front of Weft passes the user in headers). Every bad or contradictory value is a
// ConfigError naming the variable, so start-up stops with a message instead of running half-protected.
// No React, no Next: proxy.ts, route handlers and the start script all read it.
import { hkdfSync } from 'node:crypto';
import path from 'node:path';
import { ConfigError } from '../config/errors';

type Env = Readonly<Record<string, string | undefined>>;

export type AuthMode = 'off' | 'oidc' | 'proxy';

export const AUTH_MODES: readonly AuthMode[] = ['off', 'oidc', 'proxy'];

export interface TenancySettings {
  /** Absolute path of the YAML file mapping users and groups to tenants (read again when it changes). */
  tenantsFile: string | null;
  /** OIDC claim whose values are tenant ids (a string or a list of strings), e.g. "groups". */
  tenantClaim: string | null;
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** null for a public client (PKCE only, token endpoint auth "none"). */
  clientSecret: string | null;
  scopes: string[];
  redirectUri: string;
  postLogoutRedirectUri: string;
}

export interface ProxySettings {
  /** Shared secret the proxy adds to every request; without it the identity headers are not trusted. */
  secret: string;
  secretHeader: string;
  userHeader: string;
  emailHeader: string;
  groupsHeader: string;
  /** Where "Sign out" sends the browser (the proxy's own sign-out, e.g. /oauth2/sign_out). */
  logoutUrl: string | null;
}

interface CommonSettings {
  /** The console's public address without a trailing slash, e.g. https://weft.example.com */
  publicUrl: string | null;
  tenancy: TenancySettings;
  /** WEFT_PUBLIC_PREVIEWS=1: chat crawlers may read /s/<slug> and its preview image without a session. */
  publicPreviews: boolean;
}

export interface OffAuthConfig extends CommonSettings {
  mode: 'off';
}

export interface OidcAuthConfig extends CommonSettings {
  mode: 'oidc';
  publicUrl: string;
  oidc: OidcSettings;
  /** 32-byte keys derived from WEFT_SESSION_SECRET: one for sessions, one for login transactions. */
  sessionKey: Uint8Array;
  loginKey: Uint8Array;
  sessionMaxAgeSeconds: number;
}

export interface ProxyAuthConfig extends CommonSettings {
  mode: 'proxy';
  proxy: ProxySettings;
}

export type AuthConfig = OffAuthConfig | OidcAuthConfig | ProxyAuthConfig;

export const MIN_SESSION_SECRET_BYTES = 32;
export const MIN_PROXY_SECRET_BYTES = 16;
const DEFAULT_SESSION_HOURS = 12;
const MAX_SESSION_HOURS = 24 * 30;
const DEFAULT_SCOPES = ['openid', 'profile', 'email'];
// RFC 7230 token characters: what a header name may contain.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,100}$/;
const CLAIM_NAME = /^[A-Za-z0-9_:.\-/]{1,100}$/;
const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['', '0', 'false', 'no', 'off']);

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

function required(env: Env, name: string, why: string): string {
  const raw = value(env, name);
  if (!raw) throw new ConfigError(name, `required ${why}`);
  return raw;
}

function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (TRUE.has(raw)) return true;
  if (FALSE.has(raw)) return false;
  throw new ConfigError(name, `expected 1 or 0 (true/false), got ${JSON.stringify(env[name])}`);
}

function parseMode(env: Env): AuthMode {
  const raw = (env.WEFT_AUTH_MODE ?? '').trim().toLowerCase();
  if (raw === '') return 'off';
  if ((AUTH_MODES as readonly string[]).includes(raw)) return raw as AuthMode;
  throw new ConfigError('WEFT_AUTH_MODE', `expected one of ${AUTH_MODES.join(', ')}, got ${JSON.stringify(env.WEFT_AUTH_MODE)}`);
}

/** An absolute http(s) URL without query or fragment, returned without a trailing slash. */
function httpUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'not an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(name, 'not an absolute http(s) URL');
  if (url.search || url.hash) throw new ConfigError(name, 'must not have a query string or fragment');
  if (url.username || url.password) throw new ConfigError(name, 'must not contain credentials');
  return url.toString().replace(/\/+$/, '');
}

function headerName(env: Env, name: string, fallback: string): string {
  const raw = value(env, name) ?? fallback;
  if (!HEADER_NAME.test(raw)) throw new ConfigError(name, `not a valid HTTP header name: ${JSON.stringify(raw)}`);
  return raw.toLowerCase();
}

function sessionHours(env: Env): number {
  const raw = value(env, 'WEFT_SESSION_MAX_AGE_HOURS');
  if (raw === undefined) return DEFAULT_SESSION_HOURS;
  const hours = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (!(hours > 0 && hours <= MAX_SESSION_HOURS)) {
    throw new ConfigError('WEFT_SESSION_MAX_AGE_HOURS', `expected a number of hours between 0 and ${MAX_SESSION_HOURS}`);
  }
  return hours;
}

/** Separate keys per purpose, so a login-transaction cookie can never be replayed as a session. */
export function deriveKey(secret: string, purpose: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.from('weft', 'utf8'), Buffer.from(purpose, 'utf8'), 32));
}

function tenancy(env: Env, mode: AuthMode, cwd: string): TenancySettings {
  const file = value(env, 'WEFT_TENANTS_FILE');
  const claim = value(env, 'WEFT_OIDC_TENANT_CLAIM');
  if (mode === 'off') {
    // Tenants belong to users; without a login there is nobody to map.
    if (file) throw new ConfigError('WEFT_TENANTS_FILE', 'set, but WEFT_AUTH_MODE is off: tenancy needs a login (oidc or proxy)');
  }
  if (claim && mode !== 'oidc') throw new ConfigError('WEFT_OIDC_TENANT_CLAIM', 'set, but WEFT_AUTH_MODE is not oidc');
  if (claim && !CLAIM_NAME.test(claim)) throw new ConfigError('WEFT_OIDC_TENANT_CLAIM', `not a claim name: ${JSON.stringify(claim)}`);
  return { tenantsFile: file ? path.resolve(cwd, file) : null, tenantClaim: claim ?? null };
}

/** Variables that only mean something in one mode: set in another, they are almost surely a mistake. */
const MODE_VARIABLES: Record<Exclude<AuthMode, 'off'>, readonly string[]> = {
  oidc: ['WEFT_OIDC_ISSUER', 'WEFT_OIDC_CLIENT_ID', 'WEFT_OIDC_CLIENT_SECRET', 'WEFT_OIDC_SCOPES'],
  proxy: ['WEFT_PROXY_SECRET', 'WEFT_PROXY_LOGOUT_URL'],
};

function rejectOtherModes(env: Env, mode: AuthMode): void {
  for (const [other, names] of Object.entries(MODE_VARIABLES)) {
    if (other === mode) continue;
    const stray = names.find((name) => value(env, name) !== undefined);
    if (stray) {
      // Running without a login while the operator believes OIDC or the proxy protects the console is the
      // worst outcome: refuse to start instead.
      throw new ConfigError(stray, `set, but WEFT_AUTH_MODE is ${mode}; set WEFT_AUTH_MODE=${other} or remove ${stray}`);
    }
  }
}

function oidcSettings(env: Env, publicUrl: string): OidcSettings {
  const issuer = httpUrl('WEFT_OIDC_ISSUER', required(env, 'WEFT_OIDC_ISSUER', 'when WEFT_AUTH_MODE=oidc'));
  const clientId = required(env, 'WEFT_OIDC_CLIENT_ID', 'when WEFT_AUTH_MODE=oidc');
  const clientSecret = env.WEFT_OIDC_CLIENT_SECRET ? env.WEFT_OIDC_CLIENT_SECRET : null; // may contain spaces
  const scopes = (value(env, 'WEFT_OIDC_SCOPES') ?? DEFAULT_SCOPES.join(' ')).split(/[\s,]+/).filter(Boolean);
  if (!scopes.includes('openid')) throw new ConfigError('WEFT_OIDC_SCOPES', 'must include openid');
  if (scopes.some((scope) => !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope))) throw new ConfigError('WEFT_OIDC_SCOPES', 'contains a character not allowed in a scope');
  return {
    issuer,
    clientId,
    clientSecret,
    scopes,
    redirectUri: `${publicUrl}/auth/callback`,
    postLogoutRedirectUri: `${publicUrl}/auth/signed-out`,
  };
}

function proxySettings(env: Env): ProxySettings {
  const secret = env.WEFT_PROXY_SECRET ?? '';
  if (!secret.trim()) {
    throw new ConfigError(
      'WEFT_PROXY_SECRET',
      'required when WEFT_AUTH_MODE=proxy: the proxy must send it in every request, otherwise anyone reaching Weft directly could claim any user',
    );
  }
  if (Buffer.byteLength(secret, 'utf8') < MIN_PROXY_SECRET_BYTES) {
    throw new ConfigError('WEFT_PROXY_SECRET', `too short: use at least ${MIN_PROXY_SECRET_BYTES} random bytes (e.g. openssl rand -hex 32)`);
  }
  const logout = value(env, 'WEFT_PROXY_LOGOUT_URL');
  let logoutUrl: string | null = null;
  if (logout) {
    // A path on the proxy (/oauth2/sign_out) or an absolute URL.
    if (logout.startsWith('/') && !logout.startsWith('//')) logoutUrl = logout;
    else logoutUrl = httpUrl('WEFT_PROXY_LOGOUT_URL', logout);
  }
  return {
    secret,
    secretHeader: headerName(env, 'WEFT_PROXY_SECRET_HEADER', 'X-Weft-Proxy-Secret'),
    userHeader: headerName(env, 'WEFT_PROXY_USER_HEADER', 'X-Forwarded-User'),
    emailHeader: headerName(env, 'WEFT_PROXY_EMAIL_HEADER', 'X-Forwarded-Email'),
    groupsHeader: headerName(env, 'WEFT_PROXY_GROUPS_HEADER', 'X-Forwarded-Groups'),
    logoutUrl,
  };
}

/** Reads and checks the authentication settings. Throws ConfigError naming the variable. */
export function loadAuthConfig(env: Env = process.env, cwd: string = process.cwd()): AuthConfig {
  const mode = parseMode(env);
  rejectOtherModes(env, mode);
  const rawPublicUrl = value(env, 'WEFT_PUBLIC_URL');
  const common: CommonSettings = {
    publicUrl: rawPublicUrl ? httpUrl('WEFT_PUBLIC_URL', rawPublicUrl) : null,
    tenancy: tenancy(env, mode, cwd),
    publicPreviews: flag(env, 'WEFT_PUBLIC_PREVIEWS'),
  };
  if (mode === 'off') return { ...common, mode };
  if (mode === 'proxy') return { ...common, mode, proxy: proxySettings(env) };

  // The redirect URI must not come from the Host header of a request: an attacker could choose it.
  const publicUrl = common.publicUrl ?? (() => {
    throw new ConfigError('WEFT_PUBLIC_URL', 'required when WEFT_AUTH_MODE=oidc (the redirect URI is <WEFT_PUBLIC_URL>/auth/callback)');
  })();
  const secret = env.WEFT_SESSION_SECRET ?? '';
  if (!secret.trim()) throw new ConfigError('WEFT_SESSION_SECRET', 'required when WEFT_AUTH_MODE=oidc (e.g. openssl rand -base64 48)');
  if (Buffer.byteLength(secret, 'utf8') < MIN_SESSION_SECRET_BYTES) {
    throw new ConfigError('WEFT_SESSION_SECRET', `too short: use at least ${MIN_SESSION_SECRET_BYTES} bytes (e.g. openssl rand -base64 48)`);
  }
  return {
    ...common,
    mode,
    publicUrl,
    oidc: oidcSettings(env, publicUrl),
    sessionKey: deriveKey(secret, 'weft session v1'),
    loginKey: deriveKey(secret, 'weft login transaction v1'),
    sessionMaxAgeSeconds: Math.round(sessionHours(env) * 3600),
  };
}

/** Whether cookies must carry Secure: the public URL is https, or this request came over https. */
export function secureCookies(config: AuthConfig, requestUrl: string, forwardedProto: string | null): boolean {
  if (config.publicUrl?.startsWith('https:')) return true;
  if (requestUrl.startsWith('https:')) return true;
  return forwardedProto?.split(',', 1)[0]?.trim().toLowerCase() === 'https';
}
