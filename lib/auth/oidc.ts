// OpenID Connect relying party: authorization code flow with PKCE (S256), state and nonce, discovery via
// /.well-known/openid-configuration, id_token verified with jose against the provider's JWKS (signature,
// issuer, audience, expiry, nonce, azp). Claims missing from the id_token are read from userinfo.
// Specs: https://openid.net/specs/openid-connect-core-1_0.html, RFC 7636 (PKCE), RFC 9207 (iss parameter).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import type { OidcSettings } from './config';
import { cleanGroups, cleanIdentityValue, makeUser, type AuthUser } from './identity';
import { fetchIdpJson, IDP_TIMEOUT_MS, OidcError } from './idp-http';
import type { LoginTransaction } from './session';
import { tenantsFromClaim } from './tenants';

const httpUrl = z.string().refine((value) => /^https?:\/\//i.test(value), { error: 'expected an http(s) URL' });

const discoverySchema = z.looseObject({
  issuer: z.string().min(1),
  authorization_endpoint: httpUrl,
  token_endpoint: httpUrl,
  jwks_uri: httpUrl,
  userinfo_endpoint: httpUrl.optional(),
  end_session_endpoint: httpUrl.optional(),
  token_endpoint_auth_methods_supported: z.array(z.string()).optional(),
  id_token_signing_alg_values_supported: z.array(z.string()).optional(),
  authorization_response_iss_parameter_supported: z.boolean().optional(),
});

export type ProviderMetadata = z.infer<typeof discoverySchema>;

const DISCOVERY_TTL_MS = 60 * 60 * 1000;
// Asymmetric algorithms only: an HS256 id_token would be signed with our own client secret.
const ACCEPTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
const CLOCK_TOLERANCE_S = 60;

const discoveryCache = new Map<string, { metadata: ProviderMetadata; expiresMs: number }>();
const jwksCache = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The provider's metadata, cached for an hour; a failed discovery is not cached. */
export async function discover(issuer: string, signal?: AbortSignal, nowMs: number = Date.now()): Promise<ProviderMetadata> {
  const hit = discoveryCache.get(issuer);
  if (hit && hit.expiresMs > nowMs) return hit.metadata;
  const url = `${withoutTrailingSlash(issuer)}/.well-known/openid-configuration`;
  const { status, body } = await fetchIdpJson(url, 'the identity provider discovery document', { signal });
  if (status !== 200) throw new OidcError('provider-unavailable', `discovery at ${url} answered HTTP ${status}`);
  const parsed = discoverySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new OidcError('provider-unavailable', `discovery at ${url}: ${issue.path.join('.') || '(document)'} ${issue.message}`);
  }
  // OIDC Discovery 4.3: the document must name the issuer we asked (a trailing slash is the only leeway).
  if (withoutTrailingSlash(parsed.data.issuer) !== withoutTrailingSlash(issuer)) {
    throw new OidcError('provider-unavailable', `discovery at ${url} names issuer ${parsed.data.issuer}, not ${issuer} (check WEFT_OIDC_ISSUER)`);
  }
  discoveryCache.set(issuer, { metadata: parsed.data, expiresMs: nowMs + DISCOVERY_TTL_MS });
  return parsed.data;
}

/** Forgets cached discovery documents and key sets (tests). */
export function resetOidcCaches(): void {
  discoveryCache.clear();
  jwksCache.clear();
}

function keySet(jwksUri: string): ReturnType<typeof createRemoteJWKSet> {
  let jwks = jwksCache.get(jwksUri);
  if (!jwks) {
    // jose refetches on an unknown kid (key rotation), at most once per cooldown.
    jwks = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: IDP_TIMEOUT_MS, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    jwksCache.set(jwksUri, jwks);
  }
  return jwks;
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** A fresh sign-in: unguessable state, nonce and PKCE verifier, and where to return afterwards. */
export function newLoginTransaction(returnTo: string): LoginTransaction {
  return { state: randomToken(), nonce: randomToken(), codeVerifier: randomToken(), returnTo };
}

export function authorizationUrl(settings: OidcSettings, metadata: ProviderMetadata, transaction: LoginTransaction): string {
  const url = new URL(metadata.authorization_endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('redirect_uri', settings.redirectUri);
  url.searchParams.set('scope', settings.scopes.join(' '));
  url.searchParams.set('state', transaction.state);
  url.searchParams.set('nonce', transaction.nonce);
  url.searchParams.set('code_challenge', pkceChallenge(transaction.codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

/** RP-initiated logout at the provider, when it offers it; null otherwise. */
export function endSessionUrl(settings: OidcSettings, metadata: ProviderMetadata, idToken: string | null): string | null {
  if (!metadata.end_session_endpoint) return null;
  const url = new URL(metadata.end_session_endpoint);
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('post_logout_redirect_uri', settings.postLogoutRedirectUri);
  return url.toString();
}

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

const tokenResponseSchema = z.looseObject({ id_token: z.string().min(1), access_token: z.string().optional(), token_type: z.string().optional() });
const tokenErrorSchema = z.looseObject({ error: z.string(), error_description: z.string().optional() });

/** An OAuth error code as the provider sent it, reduced to characters safe to log and show. */
function errorCode(raw: string | null | undefined): string {
  return (raw ?? '').replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 64) || 'unknown_error';
}

function clientAuth(settings: OidcSettings, metadata: ProviderMetadata, form: URLSearchParams): Record<string, string> {
  if (settings.clientSecret === null) {
    form.set('client_id', settings.clientId);
    return {};
  }
  const methods = metadata.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  if (!methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
    form.set('client_id', settings.clientId);
    form.set('client_secret', settings.clientSecret);
    return {};
  }
  // RFC 6749 2.3.1: both parts are form-urlencoded before the base64.
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return { Authorization: `Basic ${Buffer.from(`${encode(settings.clientId)}:${encode(settings.clientSecret)}`).toString('base64')}` };
}

async function exchangeCode(settings: OidcSettings, metadata: ProviderMetadata, code: string, verifier: string, signal?: AbortSignal) {
  const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: settings.redirectUri, code_verifier: verifier });
  const headers = clientAuth(settings, metadata, form);
  const { status, body } = await fetchIdpJson(metadata.token_endpoint, 'the token endpoint', { method: 'POST', form, headers, signal });
  if (status !== 200) {
    const error = tokenErrorSchema.safeParse(body);
    throw new OidcError('provider-refused', `the token endpoint answered HTTP ${status} (${error.success ? errorCode(error.data.error) : 'no error code'})`);
  }
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) throw new OidcError('provider-unavailable', 'the token endpoint answered without an id_token');
  return parsed.data;
}

async function verifyIdToken(settings: OidcSettings, metadata: ProviderMetadata, idToken: string, nonce: string, nowS: number): Promise<JWTPayload> {
  const offered = metadata.id_token_signing_alg_values_supported;
  const algorithms = offered ? ACCEPTED_ALGORITHMS.filter((alg) => offered.includes(alg)) : ['RS256'];
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, keySet(metadata.jwks_uri), {
      issuer: metadata.issuer,
      audience: settings.clientId,
      algorithms,
      currentDate: new Date(nowS * 1000),
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['sub', 'iat', 'exp'],
    }));
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new OidcError('invalid-token', `the id_token failed verification (${reason})`, { cause: error });
  }
  if (typeof payload.nonce !== 'string' || !sameString(payload.nonce, nonce)) {
    throw new OidcError('invalid-token', 'the id_token nonce does not match this sign-in (a replayed token?)');
  }
  // Core 3.1.3.7: with several audiences, azp must be us.
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== settings.clientId) {
    throw new OidcError('invalid-token', 'the id_token has several audiences and azp is not this client');
  }
  return payload;
}

const userinfoSchema = z.looseObject({ sub: z.string() });

async function readUserinfo(metadata: ProviderMetadata, accessToken: string, subject: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const { status, body } = await fetchIdpJson(metadata.userinfo_endpoint!, 'the userinfo endpoint', {
    headers: { Authorization: `Bearer ${accessToken}` },
    signal,
  });
  if (status !== 200) throw new OidcError('provider-unavailable', `the userinfo endpoint answered HTTP ${status}`);
  const parsed = userinfoSchema.safeParse(body);
  if (!parsed.success) throw new OidcError('provider-unavailable', 'the userinfo endpoint answered without a subject');
  // Core 5.3.2: a userinfo answer for another subject must not be used.
  if (parsed.data.sub !== subject) throw new OidcError('invalid-token', 'the userinfo subject differs from the id_token subject');
  return parsed.data;
}

export interface CompletedLogin {
  user: AuthUser;
  /** Tenant ids from the tenant claim; null when no claim is configured. */
  claimTenants: string[] | null;
  idToken: string;
}

export interface CompleteOptions {
  tenantClaim: string | null;
  nowS?: number;
  signal?: AbortSignal;
}

/**
 * Finishes a sign-in from the callback's query parameters: checks state (and iss), exchanges the code with
 * the PKCE verifier, verifies the id_token, and reads userinfo for claims the id_token lacks.
 */
export async function completeLogin(
  settings: OidcSettings,
  metadata: ProviderMetadata,
  params: URLSearchParams,
  transaction: LoginTransaction,
  options: CompleteOptions,
): Promise<CompletedLogin> {
  const nowS = options.nowS ?? Math.floor(Date.now() / 1000);
  const state = params.get('state');
  if (state === null || !sameString(state, transaction.state)) {
    throw new OidcError('invalid-callback', 'the callback state does not match the sign-in in progress');
  }
  const error = params.get('error');
  if (error !== null) throw new OidcError('provider-refused', `the identity provider answered ${errorCode(error)}`);
  // RFC 9207: where the provider says it sends iss, it must be there and be the issuer (mix-up defence).
  const iss = params.get('iss');
  if ((iss !== null || metadata.authorization_response_iss_parameter_supported) && iss !== metadata.issuer) {
    throw new OidcError('invalid-callback', 'the callback iss parameter is not the configured issuer');
  }
  const code = params.get('code');
  if (!code) throw new OidcError('invalid-callback', 'the callback has no code');

  const tokens = await exchangeCode(settings, metadata, code, transaction.codeVerifier, options.signal);
  const payload = await verifyIdToken(settings, metadata, tokens.id_token, transaction.nonce, nowS);
  const subject = payload.sub!;
  let claims: Record<string, unknown> = { ...payload };
  const wanted = ['name', 'email', 'groups', ...(options.tenantClaim ? [options.tenantClaim] : [])];
  if (metadata.userinfo_endpoint && tokens.access_token && wanted.some((claim) => claims[claim] === undefined)) {
    // Many providers put profile claims only in userinfo (oidc-provider's default, Okta, Azure AD groups).
    const userinfo = await readUserinfo(metadata, tokens.access_token, subject, options.signal);
    claims = { ...userinfo, ...claims };
  }
  const id = cleanIdentityValue(subject);
  if (!id) throw new OidcError('invalid-token', 'the id_token subject is unusable');
  const name = cleanIdentityValue(claims.name) ?? cleanIdentityValue(claims.preferred_username);
  const email = cleanIdentityValue(claims.email);
  return {
    user: makeUser(id, name, email, cleanGroups(claims.groups)),
    claimTenants: options.tenantClaim ? tenantsFromClaim(claims[options.tenantClaim]) : null,
    idToken: tokens.id_token,
  };
}
