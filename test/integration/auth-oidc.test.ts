// Sign-in against a real OpenID Provider (oidc-provider) on loopback, through Weft's own /auth handlers:
// the code flow with PKCE, state and nonce, the id_token verified against the provider's JWKS, userinfo for
// profile claims, tenants from the file and the claim, the session cookie, and logout at the provider.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authenticate, credentialsOf } from '@/lib/auth/authenticate';
import { loadAuthConfig, type OidcAuthConfig } from '@/lib/auth/config';
import { handleCallback, handleLogin, handleLogout, handleSession, handleTenantSwitch } from '@/lib/auth/handlers';
import { resetOidcCaches } from '@/lib/auth/oidc';
import { openLogin, sealLogin } from '@/lib/auth/session';
import { CookieClient } from '../helpers/cookie-client';
import { signInAtProvider, startOidcProvider, type TestProvider } from '../helpers/oidc-provider';

const WEFT = 'http://weft.test';
const isWeft = (url: string) => url.startsWith(`${WEFT}/`);

let provider: TestProvider;
let config: OidcAuthConfig;

function configFor(issuer: string, extra: Record<string, string> = {}): OidcAuthConfig {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-oidc-'));
  const tenantsFile = path.join(dir, 'tenants.yaml');
  writeFileSync(tenantsFile, 'users:\n  alice@example.com: [tenant-a]\ngroups:\n  sre: [tenant-ops]\n');
  const loaded = loadAuthConfig(
    {
      WEFT_AUTH_MODE: 'oidc',
      WEFT_OIDC_ISSUER: issuer,
      WEFT_OIDC_CLIENT_ID: 'weft',
      WEFT_OIDC_CLIENT_SECRET: 'weft-client-secret',
      WEFT_OIDC_SCOPES: 'openid profile email groups',
      WEFT_OIDC_TENANT_CLAIM: 'weft_tenants',
      WEFT_PUBLIC_URL: WEFT,
      WEFT_SESSION_SECRET: 'integration-test-session-secret-0123456789',
      WEFT_TENANTS_FILE: tenantsFile,
      ...extra,
    },
    dir,
  );
  if (loaded.mode !== 'oidc') throw new Error('expected oidc');
  return loaded;
}

/** Calls a Weft handler as the browser would: with the jar's cookies for that URL, storing what it sets. */
async function callWeft(client: CookieClient, url: string, handler: (request: Request) => Promise<Response>, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const cookie = client.cookieHeader(url);
  if (cookie) headers.set('cookie', cookie);
  const response = await handler(new Request(url, { ...init, headers }));
  client.store(url, response.headers);
  return response;
}

/** The whole sign-in: /auth/login -> provider login and consent -> /auth/callback. Returns the callback's answer. */
async function signIn(client: CookieClient, login: string, next = '/trace/abc?from=1'): Promise<Response> {
  const start = await callWeft(client, `${WEFT}/auth/login?next=${encodeURIComponent(next)}`, (r) => handleLogin(r, config));
  expect(start.status).toBe(303);
  const callback = await signInAtProvider(client, start.headers.get('location')!, login, isWeft);
  expect(callback.startsWith(`${WEFT}/auth/callback?`)).toBe(true);
  return callWeft(client, callback, (r) => handleCallback(r, config));
}

beforeAll(async () => {
  provider = await startOidcProvider({
    clientId: 'weft',
    clientSecret: 'weft-client-secret',
    redirectUris: [`${WEFT}/auth/callback`],
    postLogoutRedirectUris: [`${WEFT}/auth/signed-out`],
    extraClaims: ['weft_tenants'],
    accounts: {
      alice: { name: 'Alice Example', email: 'alice@example.com', groups: ['sre'], weft_tenants: ['tenant-claimed'] },
      bob: { name: 'Bob', email: 'bob@example.com', groups: [] },
    },
  });
  config = configFor(provider.issuer);
});

afterAll(async () => {
  await provider?.close();
});

beforeEach(() => resetOidcCaches());

describe('OIDC sign-in against a real provider', () => {
  it('starts the code flow with PKCE S256, state and nonce, and a sealed transaction cookie', async () => {
    const client = new CookieClient();
    const response = await callWeft(client, `${WEFT}/auth/login?next=/traces`, (r) => handleLogin(r, config));
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${provider.issuer}/auth`);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'weft',
      redirect_uri: `${WEFT}/auth/callback`,
      scope: 'openid profile email groups',
      code_challenge_method: 'S256',
    });
    expect(location.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const setCookie = response.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/weft_login=[^;]+; Path=\/auth; Max-Age=600; HttpOnly; SameSite=Lax/);
    // The browser sees ciphertext only: no state, nonce or verifier in the clear.
    expect(setCookie).not.toContain(location.searchParams.get('state')!);
  });

  it('does not send script fetches (the Next router) to the provider: CSP would block the cross-origin hop', async () => {
    const scriptFetches: Record<string, string>[] = [{ rsc: '1' }, { 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty', 'sec-fetch-site': 'same-origin' }];
    for (const headers of scriptFetches) {
      const response = await handleLogin(new Request(`${WEFT}/auth/login?next=/traces`, { headers }), config);
      expect(response.status).toBe(200);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    // Node's fetch sends Sec-Fetch-Mode: cors on everything but no Sec-Fetch-Dest: a client, not a page's script.
    const server = await handleLogin(new Request(`${WEFT}/auth/login`, { headers: { 'sec-fetch-mode': 'cors' } }), config);
    expect(server.status).toBe(303);
    const navigation = await handleLogin(new Request(`${WEFT}/auth/login`, { headers: { 'sec-fetch-mode': 'navigate' } }), config);
    expect(navigation.status).toBe(303);
  });

  it('signs in: session cookie, identity from the id_token and userinfo, tenants from the file and the claim', async () => {
    const client = new CookieClient();
    const done = await signIn(client, 'alice');
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${WEFT}/trace/abc?from=1`);
    const cookies = done.headers.getSetCookie().join('\n');
    expect(cookies).toMatch(/weft_session=[^;]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax/);
    expect(cookies).toMatch(/weft_login=; Path=\/auth; Max-Age=0/);
    expect(client.cookies(`${WEFT}/`).has('weft_session')).toBe(true);

    const session = await callWeft(client, `${WEFT}/auth/session`, (r) => handleSession(r, config));
    expect(session.status).toBe(200);
    expect(await session.json()).toEqual({
      mode: 'oidc',
      user: { id: 'alice', name: 'Alice Example', email: 'alice@example.com', groups: ['sre'] },
      tenancy: true,
      tenants: ['tenant-a', 'tenant-claimed', 'tenant-ops'],
      activeTenant: 'tenant-a',
    });
  });

  it('refuses requests without the cookie or with a tampered one', async () => {
    const client = new CookieClient();
    await signIn(client, 'alice');
    const value = client.cookies(`${WEFT}/`).get('weft_session')!;
    const anonymous = await handleSession(new Request(`${WEFT}/auth/session`), config);
    expect(anonymous.status).toBe(401);
    const parts = value.split('.');
    const tag = parts[4]!;
    parts[4] = (tag[0] === 'A' ? 'B' : 'A') + tag.slice(1);
    const tampered = await handleSession(new Request(`${WEFT}/auth/session`, { headers: { cookie: `weft_session=${parts.join('.')}` } }), config);
    expect(tampered.status).toBe(401);
    // A cookie sealed under another secret (another Weft, or a rotated secret) is no session either.
    const other = configFor(provider.issuer, { WEFT_SESSION_SECRET: 'another-session-secret-0123456789-abcdef' });
    expect((await authenticate(other, credentialsOf(new Headers({ cookie: `weft_session=${value}` })))).ok).toBe(false);
  });

  it('switches between granted tenants and refuses any other', async () => {
    const client = new CookieClient();
    await signIn(client, 'alice');
    const post = (body: string, contentType = 'application/json') =>
      callWeft(client, `${WEFT}/auth/tenant`, (r) => handleTenantSwitch(r, config), { method: 'POST', body, headers: { 'content-type': contentType, origin: WEFT } });
    const refused = await post('{"tenant":"tenant-b"}');
    expect(refused.status).toBe(403);
    expect(client.cookies(`${WEFT}/`).has('weft_tenant')).toBe(false);
    const switched = await post('tenant=tenant-ops&next=%2Ftraces', 'application/x-www-form-urlencoded');
    expect(switched.status).toBe(303);
    expect(switched.headers.get('location')).toBe(`${WEFT}/traces`);
    const session = await callWeft(client, `${WEFT}/auth/session`, (r) => handleSession(r, config));
    expect((await session.json()).activeTenant).toBe('tenant-ops');
    const crossSite = await callWeft(client, `${WEFT}/auth/tenant`, (r) => handleTenantSwitch(r, config), {
      method: 'POST',
      body: '{"tenant":"tenant-a"}',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
  });

  it('refuses a callback whose state does not match the sign-in in progress', async () => {
    const client = new CookieClient();
    const start = await callWeft(client, `${WEFT}/auth/login`, (r) => handleLogin(r, config));
    const callback = new URL(await signInAtProvider(client, start.headers.get('location')!, 'alice', isWeft));
    callback.searchParams.set('state', 'forged-state');
    const response = await callWeft(client, callback.toString(), (r) => handleCallback(r, config));
    expect(response.headers.get('location')).toBe(`${WEFT}/auth/error?code=invalid-callback`);
    expect(client.cookies(`${WEFT}/`).has('weft_session')).toBe(false);
  });

  it('refuses an id_token whose nonce belongs to another sign-in', async () => {
    const client = new CookieClient();
    const start = await callWeft(client, `${WEFT}/auth/login`, (r) => handleLogin(r, config));
    const callback = await signInAtProvider(client, start.headers.get('location')!, 'alice', isWeft);
    const transaction = (await openLogin(client.cookies(`${WEFT}/auth/callback`).get('weft_login'), config.loginKey, Math.floor(Date.now() / 1000)))!;
    const swapped = await sealLogin({ ...transaction, nonce: 'another-sign-in-nonce' }, config.loginKey, Math.floor(Date.now() / 1000));
    client.setCookie(WEFT, 'weft_login', swapped, '/auth');
    const response = await callWeft(client, callback, (r) => handleCallback(r, config));
    expect(response.headers.get('location')).toBe(`${WEFT}/auth/error?code=invalid-token`);
  });

  it('refuses a code redeemed with another PKCE verifier, and a code used twice', async () => {
    const client = new CookieClient();
    const start = await callWeft(client, `${WEFT}/auth/login`, (r) => handleLogin(r, config));
    const callback = await signInAtProvider(client, start.headers.get('location')!, 'alice', isWeft);
    const original = client.cookies(`${WEFT}/auth/callback`).get('weft_login')!;
    const transaction = (await openLogin(original, config.loginKey, Math.floor(Date.now() / 1000)))!;
    client.setCookie(WEFT, 'weft_login', await sealLogin({ ...transaction, codeVerifier: 'x'.repeat(43) }, config.loginKey, Math.floor(Date.now() / 1000)), '/auth');
    const wrongVerifier = await callWeft(client, callback, (r) => handleCallback(r, config));
    expect(wrongVerifier.headers.get('location')).toBe(`${WEFT}/auth/error?code=provider-refused`);

    const fresh = new CookieClient();
    const start2 = await callWeft(fresh, `${WEFT}/auth/login`, (r) => handleLogin(r, config));
    const callback2 = await signInAtProvider(fresh, start2.headers.get('location')!, 'alice', isWeft);
    const loginCookie = fresh.cookies(`${WEFT}/auth/callback`).get('weft_login')!;
    expect((await callWeft(fresh, callback2, (r) => handleCallback(r, config))).headers.get('location')).toBe(`${WEFT}/`);
    // Replayed: the same callback with the same transaction cookie.
    fresh.setCookie(WEFT, 'weft_login', loginCookie, '/auth');
    const replay = await callWeft(fresh, callback2, (r) => handleCallback(r, config));
    expect(replay.headers.get('location')).toBe(`${WEFT}/auth/error?code=provider-refused`);
  });

  it('reports an error the provider sends back (the user cancelled)', async () => {
    const client = new CookieClient();
    const start = await callWeft(client, `${WEFT}/auth/login`, (r) => handleLogin(r, config));
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const callback = `${WEFT}/auth/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(provider.issuer)}`;
    const response = await callWeft(client, callback, (r) => handleCallback(r, config));
    expect(response.headers.get('location')).toBe(`${WEFT}/auth/error?code=provider-refused`);
  });

  it('a user the file does not know has only the tenants of the claim (none here)', async () => {
    const client = new CookieClient();
    await signIn(client, 'bob');
    const session = await callWeft(client, `${WEFT}/auth/session`, (r) => handleSession(r, config));
    expect(session.status).toBe(403);
    expect((await session.json()).code).toBe('no-tenant');
  });

  it('logs out: clears the cookies and ends the session at the provider (RP-initiated logout)', async () => {
    const client = new CookieClient();
    await signIn(client, 'alice');
    const response = await callWeft(client, `${WEFT}/auth/logout`, (r) => handleLogout(r, config));
    expect(response.status).toBe(303);
    expect(client.cookies(`${WEFT}/`).has('weft_session')).toBe(false);
    const endSession = new URL(response.headers.get('location')!);
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${WEFT}/auth/signed-out`);
    expect(endSession.searchParams.get('id_token_hint')).toMatch(/^ey/);
    // The provider asks to confirm, then sends the browser back to /auth/signed-out.
    const { response: confirm } = await client.follow(endSession.toString(), isWeft);
    const form = (await import('../helpers/cookie-client')).readForms(confirm.text, confirm.url).find((candidate) => candidate.fields.has('xsrf'));
    expect(form).toBeDefined();
    form!.fields.set('logout', 'yes');
    const { stoppedAt } = await client.follow(form!.action, isWeft, { form: form!.fields });
    expect(stoppedAt).toBe(`${WEFT}/auth/signed-out`);
    expect((await handleSession(new Request(`${WEFT}/auth/session`, { headers: { cookie: client.cookieHeader(`${WEFT}/`) } }), config)).status).toBe(401);
  });

  it('says the provider is unavailable when discovery fails or names another issuer', async () => {
    const missing = configFor(`${provider.issuer}/realms/other`);
    expect((await handleLogin(new Request(`${WEFT}/auth/login`), missing)).headers.get('location')).toBe(`${WEFT}/auth/error?code=provider-unavailable`);
    // Same server under another name: its discovery document names http://127.0.0.1:<port>, not localhost.
    const renamed = configFor(provider.issuer.replace('127.0.0.1', 'localhost'));
    expect((await handleLogin(new Request(`${WEFT}/auth/login`), renamed)).headers.get('location')).toBe(`${WEFT}/auth/error?code=provider-unavailable`);
  });
});
