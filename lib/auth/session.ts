// Sessions without server state: the cookie is a JWT encrypted with A256GCM (jose, "dir" key management),
// so it is both tamper-proof (authenticated encryption) and unreadable to the browser. The same sealing
// carries the short-lived OIDC login transaction (state, nonce, PKCE verifier) under its own key.
import { EncryptJWT, jwtDecrypt } from 'jose';
import { z } from 'zod';
import { authUserSchema, type AuthUser } from './identity';

export const SESSION_COOKIE = 'weft_session';
export const LOGIN_COOKIE = 'weft_login';
/** The active tenant the user picked; checked against their tenants on every request. */
export const TENANT_COOKIE = 'weft_tenant';

const ISSUER = 'weft';
const SESSION_AUDIENCE = 'weft-session';
const LOGIN_AUDIENCE = 'weft-login';
export const LOGIN_MAX_AGE_SECONDS = 10 * 60;
// Browsers drop cookies above 4096 bytes (name + value + attributes): stay well below.
export const MAX_COOKIE_VALUE_LENGTH = 3800;

export interface SessionData {
  user: AuthUser;
  /** Tenants named by the identity provider's tenant claim at sign-in; null when no claim is configured. */
  claimTenants: string[] | null;
  /** The id_token, kept for RP-initiated logout (id_token_hint) when it fits the cookie. */
  idToken: string | null;
  issuedAtS: number;
  expiresAtS: number;
}

const sessionClaims = z.object({
  u: authUserSchema,
  t: z.array(z.string()).nullable(),
  idt: z.string().nullable(),
  iat: z.number(),
  exp: z.number(),
});

export interface LoginTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Where to go after signing in: a path on this console. */
  returnTo: string;
}

const loginClaims = z.object({ st: z.string(), no: z.string(), cv: z.string(), rt: z.string() });

async function seal(payload: Record<string, unknown>, key: Uint8Array, audience: string, nowS: number, maxAgeS: number): Promise<string> {
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + maxAgeS)
    .encrypt(key);
}

async function unseal(token: string, key: Uint8Array, audience: string, nowS: number): Promise<Record<string, unknown> | null> {
  try {
    const { payload } = await jwtDecrypt(token, key, {
      issuer: ISSUER,
      audience,
      currentDate: new Date(nowS * 1000),
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      requiredClaims: ['exp', 'iat'],
    });
    return payload;
  } catch {
    // Tampered, expired, sealed with another secret, or not a JWE at all: all mean "no session".
    return null;
  }
}

export async function sealSession(data: Omit<SessionData, 'issuedAtS' | 'expiresAtS'>, key: Uint8Array, nowS: number, maxAgeS: number): Promise<string> {
  const payload = { u: data.user, t: data.claimTenants, idt: data.idToken };
  const token = await seal(payload, key, SESSION_AUDIENCE, nowS, maxAgeS);
  if (token.length <= MAX_COOKIE_VALUE_LENGTH || data.idToken === null) return token;
  // Without the id_token hint, logout at the provider still works (it asks the user to confirm).
  return seal({ ...payload, idt: null }, key, SESSION_AUDIENCE, nowS, maxAgeS);
}

/** The session in a cookie value, or null when it is missing, tampered with or expired. */
export async function openSession(token: string | undefined, key: Uint8Array, nowS: number): Promise<SessionData | null> {
  if (!token) return null;
  const payload = await unseal(token, key, SESSION_AUDIENCE, nowS);
  const parsed = sessionClaims.safeParse(payload);
  if (!parsed.success) return null;
  const { u, t, idt, iat, exp } = parsed.data;
  return { user: u, claimTenants: t, idToken: idt, issuedAtS: iat, expiresAtS: exp };
}

export async function sealLogin(transaction: LoginTransaction, key: Uint8Array, nowS: number): Promise<string> {
  const payload = { st: transaction.state, no: transaction.nonce, cv: transaction.codeVerifier, rt: transaction.returnTo };
  return seal(payload, key, LOGIN_AUDIENCE, nowS, LOGIN_MAX_AGE_SECONDS);
}

export async function openLogin(token: string | undefined, key: Uint8Array, nowS: number): Promise<LoginTransaction | null> {
  if (!token) return null;
  const parsed = loginClaims.safeParse(await unseal(token, key, LOGIN_AUDIENCE, nowS));
  if (!parsed.success) return null;
  return { state: parsed.data.st, nonce: parsed.data.no, codeVerifier: parsed.data.cv, returnTo: parsed.data.rt };
}

/** A session cookie that would not fit: the identity carries too many groups. */
export function sessionTooLarge(token: string): boolean {
  return token.length > MAX_COOKIE_VALUE_LENGTH;
}
