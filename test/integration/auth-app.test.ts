// The built console with authentication on, over HTTP: a real OpenID Provider on loopback, stand-in backends
// recording the X-Scope-OrgID of every call, and `next start` in OIDC mode and in auth-proxy mode.
// Proves: anonymous requests to every page and API are refused; sign-in works end to end; a tampered cookie
// and a logged-out session are refused; each user's queries carry only their tenant, another tenant is
// refused, and another tenant's permalink is a 404; the CSP nonce is on every script; the per-user rate
// limit answers 429; one request never has more backend calls in flight than the cap; the monthly report
// reads and freezes per tenant.
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieClient } from '../helpers/cookie-client';
import { appDir, ensureBuilt, freePort, startApp, type RunningApp } from '../helpers/next-app';
import { signInAtProvider, startOidcProvider, type TestProvider } from '../helpers/oidc-provider';
import { startRecordingBackends, type RecordingBackends } from '../helpers/recording-backends';

const TRACE_ID = 'c5527fbb0cac1b9c5b80953ef63cd323'; // tempo/traces_by_id_ok.json
const PROXY_SECRET = 'proxy-shared-secret-0123456789abcdef';
const RATE_BURST = 20;
const MAX_CALLS_PER_REQUEST = 2;

let backends: RecordingBackends;
let provider: TestProvider;
let oidcApp: RunningApp;
let proxyApp: RunningApp;

function tenantsFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-app-tenants-'));
  const file = path.join(dir, 'tenants.yaml');
  writeFileSync(
    file,
    ['users:', '  alice: [tenant-a]', '  bob: [tenant-b]', '  carol: [tenant-a]', '  dave: [tenant-a, tenant-b]', ''].join('\n'),
  );
  return file;
}

beforeAll(async () => {
  ensureBuilt();
  backends = await startRecordingBackends({ delayMs: 20 });
  const file = tenantsFile();
  const common = {
    TEMPO_URL: backends.urls.tempo,
    LOKI_URL: backends.urls.loki,
    PYROSCOPE_URL: backends.urls.pyroscope,
    PROMETHEUS_URL: backends.urls.prometheus,
    WEFT_TENANTS_FILE: file,
    WEFT_RATE_LIMIT_PER_MINUTE: '30',
    WEFT_RATE_LIMIT_BURST: String(RATE_BURST),
    WEFT_MAX_BACKEND_CALLS_PER_REQUEST: String(MAX_CALLS_PER_REQUEST),
  };
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({
    clientId: 'weft',
    clientSecret: 'weft-client-secret',
    redirectUris: [`${publicUrl}/auth/callback`],
    postLogoutRedirectUris: [`${publicUrl}/auth/signed-out`],
    accounts: Object.fromEntries(['alice', 'bob', 'carol', 'dave'].map((name) => [name, { name, email: `${name}@example.com`, groups: [] }])),
  });
  [oidcApp, proxyApp] = await Promise.all([
    startApp(
      {
        ...common,
        WEFT_AUTH_MODE: 'oidc',
        WEFT_OIDC_ISSUER: provider.issuer,
        WEFT_OIDC_CLIENT_ID: 'weft',
        WEFT_OIDC_CLIENT_SECRET: 'weft-client-secret',
        WEFT_PUBLIC_URL: publicUrl,
        WEFT_SESSION_SECRET: 'app-integration-session-secret-0123456789',
      },
      port,
    ),
    startApp({ ...common, WEFT_AUTH_MODE: 'proxy', WEFT_PROXY_SECRET: PROXY_SECRET }),
  ]);
}, 20 * 60_000);

afterAll(async () => {
  await Promise.all([oidcApp?.close(), proxyApp?.close()]);
  await Promise.all([provider?.close(), backends?.close()]);
});

/** Signs `login` in through the app's /auth/login and the provider's forms; returns the client holding the session. */
async function signedIn(login: string): Promise<CookieClient> {
  const client = new CookieClient();
  const callback = await signInAtProvider(client, `${oidcApp.url}/auth/login?next=%2Ftraces`, login, (url) => url.startsWith(`${oidcApp.url}/auth/callback`));
  const done = await client.request(callback);
  expect(done.status, done.text).toBe(303);
  expect(done.headers.get('location')).toBe(`${oidcApp.url}/traces`);
  return client;
}

function callsSince(mark: number) {
  return backends.calls.slice(mark);
}

/** The app's routes from the build's manifest, with sample values for their parameters. */
function appRoutes(): Array<{ path: string; kind: 'page' | 'route' }> {
  const manifest = JSON.parse(readFileSync(path.join(appDir(), '.next', 'app-path-routes-manifest.json'), 'utf8')) as Record<string, string>;
  const samples: Record<string, string> = { traceId: TRACE_ID, slug: 'AbCdEf123456', name: 'HighErrorRate', month: '2026-11', id: 'x' };
  return Object.entries(manifest).map(([file, route]) => ({
    path: route.replace(/\[\[?\.{0,3}(\w+)\]?\]/g, (_match, name: string) => samples[name] ?? 'sample'),
    kind: file.endsWith('/page') ? 'page' : 'route',
  }));
}

// /s/<slug> answers a shared link's title to anyone (chat unfurls); the view it leads to needs a login.
const SHARED_LINK = /^\/s\/[^/]+$/;
const EXEMPT = (route: string) =>
  route.startsWith('/_') || route.startsWith('/auth/') || route === '/icon.svg' || route === '/favicon.ico' || route === '/api/health' || SHARED_LINK.test(route);

describe('OIDC mode: anonymous requests', () => {
  it('refuses every page (sign-in redirect) and every API (401 JSON) of the build', async () => {
    const routes = appRoutes().filter((route) => !EXEMPT(route.path));
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const get = await fetch(`${oidcApp.url}${route.path}`, { redirect: 'manual' });
      if (route.path.startsWith('/api/')) {
        expect(get.status, `GET ${route.path}`).toBe(401);
        expect(await get.json(), `GET ${route.path}`).toMatchObject({ code: 'unauthenticated' });
        const post = await fetch(`${oidcApp.url}${route.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        expect(post.status, `POST ${route.path}`).toBe(401);
      } else {
        expect(get.status, `GET ${route.path}`).toBe(303);
        expect(new URL(get.headers.get('location')!, oidcApp.url).toString(), `GET ${route.path}`).toBe(`${oidcApp.url}/auth/login${route.path === '/' ? '' : `?next=${encodeURIComponent(route.path)}`}`);
        const post = await fetch(`${oidcApp.url}${route.path}`, { method: 'POST', redirect: 'manual' });
        expect(post.status, `POST ${route.path}`).toBe(401);
      }
    }
  });

  // The first /api/health opens the embedded database (seconds on a cold, busy machine).
  it('a shared link answers only what it is (404 for an unknown one); its preview image needs a login', async () => {
    const unknown = await fetch(`${oidcApp.url}/s/AbCdEf123456`, { redirect: 'manual' });
    expect(unknown.status).toBe(404);
    const image = await fetch(`${oidcApp.url}/s/AbCdEf123456/preview.png`, { redirect: 'manual' });
    expect(image.status).toBe(303);
  });

  it('keeps the health check, the icons and the sign-in pages public', { timeout: 120_000 }, async () => {
    expect((await fetch(`${oidcApp.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${oidcApp.url}/icon.svg`)).status).toBe(200);
    expect((await fetch(`${oidcApp.url}/favicon.ico`)).status).toBe(200);
    const login = await fetch(`${oidcApp.url}/auth/login`, { redirect: 'manual' });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')!.startsWith(`${provider.issuer}/auth?`)).toBe(true);
  });

  it('never reaches a backend', async () => {
    const mark = backends.calls.length;
    await fetch(`${oidcApp.url}/api/traces/${TRACE_ID}/timeline`);
    await fetch(`${oidcApp.url}/api/search/services`);
    expect(callsSince(mark)).toEqual([]);
  });
});

describe('OIDC mode: signed in', () => {
  it('signs in over HTTP and answers the APIs; a tampered cookie is refused', async () => {
    const client = await signedIn('alice');
    const ok = await client.request(`${oidcApp.url}/api/search/services`);
    expect(ok.status, ok.text).toBe(200);
    const session = client.cookies(`${oidcApp.url}/`).get('weft_session')!;
    const tampered = session.slice(0, -2) + (session.endsWith('A') ? 'BB' : 'AA');
    const refused = await fetch(`${oidcApp.url}/api/search/services`, { headers: { cookie: `weft_session=${tampered}` } });
    expect(refused.status).toBe(401);
    const page = await fetch(`${oidcApp.url}/traces`, { headers: { cookie: `weft_session=${tampered}` }, redirect: 'manual' });
    expect(page.status).toBe(303);
  });

  it("queries carry only the user's tenant; asking for another tenant is refused before any backend call", async () => {
    const alice = await signedIn('alice');
    let mark = backends.calls.length;
    const range = 'from=1795300280000&to=1795303940000';
    for (const api of [`/api/traces/${TRACE_ID}/timeline?${range}`, `/api/traces/${TRACE_ID}/profile?span=0123456789abcdef&${range}`, '/api/search/services']) {
      const response = await alice.request(`${oidcApp.url}${api}`);
      expect(response.status, `${api}: ${response.text.slice(0, 200)}`).toBe(200);
    }
    const aliceCalls = callsSince(mark);
    expect(new Set(aliceCalls.map((call) => call.backend))).toEqual(new Set(['tempo', 'loki', 'pyroscope']));
    expect(aliceCalls.filter((call) => call.tenant !== 'tenant-a')).toEqual([]);

    mark = backends.calls.length;
    const asB = await fetch(`${oidcApp.url}/api/traces/${TRACE_ID}/timeline`, { headers: { cookie: `${alice.cookieHeader(`${oidcApp.url}/`)}; weft_tenant=tenant-b` } });
    expect(asB.status).toBe(403);
    expect(await asB.json()).toMatchObject({ code: 'tenant-not-allowed' });
    const switchToB = await alice.request(`${oidcApp.url}/auth/tenant`, { form: new URLSearchParams({ tenant: 'tenant-b' }), headers: { origin: oidcApp.url } });
    expect(switchToB.status).toBe(403);
    expect(callsSince(mark)).toEqual([]);

    const bob = await signedIn('bob');
    mark = backends.calls.length;
    expect((await bob.request(`${oidcApp.url}/api/traces/${TRACE_ID}/timeline`)).status).toBe(200);
    const bobCalls = callsSince(mark);
    expect(bobCalls.length).toBeGreaterThan(0);
    expect(bobCalls.every((call) => call.tenant === 'tenant-b')).toBe(true);
  });

  it('a user with two tenants switches between them, and only then queries the other', async () => {
    const dave = await signedIn('dave');
    let mark = backends.calls.length;
    await dave.request(`${oidcApp.url}/api/search/services`);
    expect(callsSince(mark).map((call) => call.tenant)).toEqual(['tenant-a']);
    const switched = await dave.request(`${oidcApp.url}/auth/tenant`, { form: new URLSearchParams({ tenant: 'tenant-b', next: '/traces' }), headers: { origin: oidcApp.url } });
    expect(switched.status).toBe(303);
    mark = backends.calls.length;
    await dave.request(`${oidcApp.url}/api/search/services`);
    expect(callsSince(mark).map((call) => call.tenant)).toEqual(['tenant-b']);
  });

  it("opening another tenant's permalink is a 404, as if it did not exist", async () => {
    const alice = await signedIn('alice');
    const response = await alice.request(`${oidcApp.url}/api/permalinks`, { json: { href: `/trace/${TRACE_ID}?from=1795300280000&to=1795303940000` } });
    expect(response.status, response.text).toBe(201);
    const { slug } = JSON.parse(response.text) as { slug: string };
    expect((await alice.request(`${oidcApp.url}/api/permalinks/${slug}`)).status).toBe(200);

    const bob = await signedIn('bob');
    const api = await bob.request(`${oidcApp.url}/api/permalinks/${slug}`);
    expect(api.status).toBe(404);
    const page = await bob.request(`${oidcApp.url}/s/${slug}`);
    expect(page.status).toBe(404);
    expect(page.text).not.toContain(TRACE_ID);
  });

  it("the monthly report reads the user's tenant, and a frozen report is that tenant's alone", async () => {
    const month = '2026-10';
    const alice = await signedIn('alice');
    let mark = backends.calls.length;
    const section = await alice.request(`${oidcApp.url}/api/reports/${month}/sections/incidents`);
    expect(section.status, section.text.slice(0, 300)).toBe(200);
    const aliceCalls = callsSince(mark);
    expect(aliceCalls.length).toBeGreaterThan(0);
    expect(aliceCalls.filter((call) => call.tenant !== 'tenant-a')).toEqual([]);
    const frozen = await alice.request(`${oidcApp.url}/api/reports/${month}/freeze`, { json: { frozenBy: 'alice' } });
    expect(frozen.status, frozen.text.slice(0, 300)).toBe(201);
    const snapshotOf = async (client: CookieClient) => (JSON.parse((await client.request(`${oidcApp.url}/api/reports/${month}`)).text) as { snapshot: unknown }).snapshot;
    const listed = async (client: CookieClient) =>
      (JSON.parse((await client.request(`${oidcApp.url}/api/reports`)).text) as { months: { label: string; snapshot: unknown }[] }).months.find((entry) => entry.label === month)?.snapshot ?? null;
    expect(await snapshotOf(alice)).toMatchObject({ info: { frozenBy: 'alice' } });
    expect(await listed(alice)).toMatchObject({ frozenBy: 'alice' });

    // Bob reads tenant-b: his sections are computed from tenant-b (not served from tenant-a's cache), and
    // tenant-a's snapshot is not his: neither the report nor the month list shows it, and he cannot remove it.
    const bob = await signedIn('bob');
    mark = backends.calls.length;
    expect((await bob.request(`${oidcApp.url}/api/reports/${month}/sections/incidents`)).status).toBe(200);
    const bobCalls = callsSince(mark);
    expect(bobCalls.length).toBeGreaterThan(0);
    expect(bobCalls.filter((call) => call.tenant !== 'tenant-b')).toEqual([]);
    expect(await snapshotOf(bob)).toBeNull();
    expect(await listed(bob)).toBeNull();
    expect((await bob.request(`${oidcApp.url}/api/reports/${month}/freeze`, { method: 'DELETE' })).status).toBe(404);
    expect(await snapshotOf(alice)).toMatchObject({ info: { frozenBy: 'alice' } });
  });

  it('puts the CSP nonce on every script of a page (the theme script is allowed by its hash)', async () => {
    const alice = await signedIn('alice');
    const page = await alice.request(`${oidcApp.url}/traces`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    const hashes = [...csp.matchAll(/'sha256-([^']+)'/g)].map((match) => match[1]);
    const scripts = [...page.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(3);
    for (const [, attributes, body] of scripts) {
      if (attributes!.includes(`nonce="${nonce}"`)) continue;
      expect(hashes, `script without the nonce: ${attributes} ${body!.slice(0, 80)}`).toContain(createHash('sha256').update(body!).digest('base64'));
    }
    expect(page.text).toContain('data-testid="user-name"');
  });

  it('keeps one request to the backend-call cap', async () => {
    const dave = await signedIn('dave');
    const mark = backends.calls.length;
    backends.resetPeak();
    const services = ['checkout', 'frontend', 'payment', 'catalog'].join(',');
    const response = await dave.request(
      `${oidcApp.url}/api/traces/${TRACE_ID}/context?services=${services}&from=1795300280000&to=1795303940000`,
    );
    expect(response.status, response.text.slice(0, 300)).toBe(200);
    const calls = callsSince(mark).filter((call) => call.backend === 'prometheus');
    expect(calls.length).toBeGreaterThan(MAX_CALLS_PER_REQUEST * 2);
    expect(backends.peakInFlight()).toBeLessThanOrEqual(MAX_CALLS_PER_REQUEST);
  });

  it('rate-limits one user with 429 and Retry-After, leaving others alone', async () => {
    const carol = await signedIn('carol');
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < RATE_BURST + 5; i++) {
      const response = await carol.request(`${oidcApp.url}/api/search/services`);
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses.slice(0, RATE_BURST - 2).every((status) => status === 200)).toBe(true);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    const alice = await signedIn('alice');
    expect((await alice.request(`${oidcApp.url}/api/search/services`)).status).toBe(200);
  });

  it('logs out: the session is cleared and the APIs answer 401 again', async () => {
    const alice = await signedIn('alice');
    const before = alice.cookieHeader(`${oidcApp.url}/`);
    const logout = await alice.request(`${oidcApp.url}/auth/logout`);
    expect(logout.status).toBe(303);
    expect(logout.headers.get('location')!.startsWith(`${provider.issuer}/session/end?`)).toBe(true);
    expect(alice.cookies(`${oidcApp.url}/`).has('weft_session')).toBe(false);
    expect((await alice.request(`${oidcApp.url}/api/search/services`)).status).toBe(401);
    // The cookie is stateless: logout clears it in the browser; a copy taken before stays valid until it expires.
    expect(before).toContain('weft_session=');
  });
});

describe('auth-proxy mode', () => {
  const as = (user: string, secret: string | null) => ({ 'X-Forwarded-User': user, 'X-Forwarded-Email': `${user}@example.com`, ...(secret ? { 'X-Weft-Proxy-Secret': secret } : {}) });

  it('refuses identity headers without the shared secret, for pages and APIs', async () => {
    const mark = backends.calls.length;
    for (const headers of [as('alice', null), as('alice', 'wrong-secret-0123456789abcdef0123')]) {
      expect((await fetch(`${proxyApp.url}/api/search/services`, { headers })).status).toBe(401);
      expect((await fetch(`${proxyApp.url}/traces`, { headers, redirect: 'manual' })).status).toBe(401);
    }
    expect(callsSince(mark)).toEqual([]);
  });

  it("trusts them with the secret, and queries carry the user's tenant", async () => {
    const mark = backends.calls.length;
    const alice = await fetch(`${proxyApp.url}/api/search/services`, { headers: as('alice', PROXY_SECRET) });
    expect(alice.status).toBe(200);
    const bob = await fetch(`${proxyApp.url}/api/search/services`, { headers: as('bob', PROXY_SECRET) });
    expect(bob.status).toBe(200);
    expect(callsSince(mark).map((call) => call.tenant)).toEqual(['tenant-a', 'tenant-b']);
    const page = await fetch(`${proxyApp.url}/traces`, { headers: as('alice', PROXY_SECRET) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('alice');
  });
});
