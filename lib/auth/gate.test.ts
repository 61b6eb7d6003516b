import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../limits/rate-limiter';
import { authenticate, credentialsOf } from './authenticate';
import { loadAuthConfig } from './config';
import { decide } from './gate';
import { sealSession } from './session';

const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-gate-'));
const tenantsFile = path.join(dir, 'tenants.yaml');
writeFileSync(tenantsFile, 'users:\n  alice: [tenant-a]\n  both: [tenant-a, tenant-b]\n');

const PROXY_SECRET = 'p'.repeat(32);
const proxyConfig = loadAuthConfig({ WEFT_AUTH_MODE: 'proxy', WEFT_PROXY_SECRET: PROXY_SECRET, WEFT_TENANTS_FILE: tenantsFile }, '/');
const oidcConfig = loadAuthConfig(
  {
    WEFT_AUTH_MODE: 'oidc',
    WEFT_OIDC_ISSUER: 'https://id.example.com',
    WEFT_OIDC_CLIENT_ID: 'weft',
    WEFT_PUBLIC_URL: 'https://weft.example.com',
    WEFT_SESSION_SECRET: 's'.repeat(40),
    WEFT_TENANTS_FILE: tenantsFile,
  },
  '/',
);
const NOW_MS = 1_800_000_000_000;

function request(pathname: string, headers: Record<string, string> = {}, method = 'GET') {
  const url = new URL(pathname, 'http://weft.test');
  return { method, pathname: url.pathname, search: url.search, credentials: credentialsOf(new Headers(headers)) };
}

const limiter = () => createRateLimiter({ perMinute: 60, burst: 2 });

describe('proxy mode', () => {
  it('trusts the user headers only with the shared secret', async () => {
    const forged = await authenticate(proxyConfig, credentialsOf(new Headers({ 'X-Forwarded-User': 'alice' })));
    expect(forged).toMatchObject({ ok: false, failure: { status: 401 } });
    const wrong = await authenticate(proxyConfig, credentialsOf(new Headers({ 'X-Forwarded-User': 'alice', 'X-Weft-Proxy-Secret': 'q'.repeat(32) })));
    expect(wrong.ok).toBe(false);
    const trusted = await authenticate(
      proxyConfig,
      credentialsOf(new Headers({ 'X-Forwarded-User': 'alice', 'X-Forwarded-Email': 'alice@example.com', 'X-Forwarded-Groups': 'sre, ops', 'X-Weft-Proxy-Secret': PROXY_SECRET })),
    );
    expect(trusted).toMatchObject({
      ok: true,
      context: { mode: 'proxy', user: { id: 'alice', email: 'alice@example.com', groups: ['sre', 'ops'] }, tenancy: true, tenants: ['tenant-a'], activeTenant: 'tenant-a' },
    });
  });

  it('answers a page request that did not come through the proxy with 401 (there is no sign-in page)', async () => {
    const deps = { config: proxyConfig, limiter: limiter(), nowMs: NOW_MS };
    expect(await decide(request('/traces', { 'X-Forwarded-User': 'alice' }), deps)).toMatchObject({ action: 'respond', status: 401 });
  });

  it('refuses the secret without a user', async () => {
    const result = await authenticate(proxyConfig, credentialsOf(new Headers({ 'X-Weft-Proxy-Secret': PROXY_SECRET })));
    expect(result.ok).toBe(false);
  });
});

describe('decide', () => {
  it('sends anonymous page views to sign in and answers APIs 401', async () => {
    const deps = { config: oidcConfig, limiter: limiter(), nowMs: NOW_MS };
    expect(await decide(request('/trace/abc?from=1'), deps)).toEqual({ action: 'redirect', location: '/auth/login?next=%2Ftrace%2Fabc%3Ffrom%3D1', clearTenantCookie: false });
    expect(await decide(request('/api/search'), deps)).toMatchObject({ action: 'respond', status: 401, body: { code: 'unauthenticated' } });
    expect(await decide(request('/', {}, 'POST'), deps)).toMatchObject({ action: 'respond', status: 401 });
    expect(await decide(request('/api/health'), deps)).toMatchObject({ action: 'continue' });
    expect(await decide(request('/auth/login'), deps)).toMatchObject({ action: 'continue' });
    // A shared link answers its title to anyone (chat unfurls); its preview image is not public by default.
    expect(await decide(request('/s/AbCdEf123456'), deps)).toMatchObject({ action: 'continue' });
    expect(await decide(request('/s/AbCdEf123456/preview.png'), deps)).toMatchObject({ action: 'redirect' });
  });

  it('lets a session through with its tenant, and refuses a tenant it may not read', async () => {
    if (oidcConfig.mode !== 'oidc') throw new Error('oidc');
    const session = await sealSession({ user: { id: 'alice', name: 'Alice', email: null, groups: [] }, claimTenants: null, idToken: null }, oidcConfig.sessionKey, NOW_MS / 1000, 3600);
    const deps = { config: oidcConfig, limiter: limiter(), nowMs: NOW_MS };
    const ok = await decide(request('/api/search', { cookie: `weft_session=${session}` }), deps);
    expect(ok).toMatchObject({ action: 'continue', context: { user: { id: 'alice' }, activeTenant: 'tenant-a' } });
    const otherTenant = { cookie: `weft_session=${session}; weft_tenant=tenant-b` };
    expect(await decide(request('/api/search', otherTenant), deps)).toMatchObject({ action: 'respond', status: 403, body: { code: 'tenant-not-allowed' } });
    // A page with a stale choice falls back to the default tenant instead of locking the user out.
    expect(await decide(request('/traces', otherTenant), deps)).toEqual({ action: 'redirect', location: '/traces', clearTenantCookie: true });
  });

  it('sends a user without any tenant to an explanation (pages) or 403 (APIs)', async () => {
    if (oidcConfig.mode !== 'oidc') throw new Error('oidc');
    const session = await sealSession({ user: { id: 'nobody', name: 'N', email: null, groups: [] }, claimTenants: null, idToken: null }, oidcConfig.sessionKey, NOW_MS / 1000, 3600);
    const deps = { config: oidcConfig, limiter: limiter(), nowMs: NOW_MS };
    expect(await decide(request('/', { cookie: `weft_session=${session}` }), deps)).toMatchObject({ action: 'redirect', location: '/auth/error?code=no-tenant' });
    expect(await decide(request('/api/alerts', { cookie: `weft_session=${session}` }), deps)).toMatchObject({ action: 'respond', status: 403, body: { code: 'no-tenant' } });
  });

  it('rate-limits expensive API calls per user with Retry-After', async () => {
    const deps = { config: proxyConfig, limiter: limiter(), nowMs: NOW_MS };
    const as = (user: string) => ({ 'X-Forwarded-User': user, 'X-Weft-Proxy-Secret': PROXY_SECRET });
    expect((await decide(request('/api/search', as('alice')), deps)).action).toBe('continue');
    expect((await decide(request('/api/search', as('alice')), deps)).action).toBe('continue');
    expect(await decide(request('/api/search', as('alice')), deps)).toEqual({
      action: 'respond',
      status: 429,
      body: { error: 'Too many queries; try again in 1 s', code: 'rate-limited' },
      headers: { 'Retry-After': '1' },
    });
    // Another user has their own bucket; cheap routes are not counted.
    expect((await decide(request('/api/search', as('both')), deps)).action).toBe('continue');
    expect((await decide(request('/api/permalinks/AbCdEf123456', as('alice')), deps)).action).toBe('continue');
    expect((await decide(request('/api/search', as('alice')), { ...deps, nowMs: NOW_MS + 1000 })).action).toBe('continue');
  });

  it('lets everything through as the local user when authentication is off', async () => {
    const deps = { config: loadAuthConfig({}, '/'), limiter: limiter(), nowMs: NOW_MS };
    expect(await decide(request('/api/search'), deps)).toMatchObject({ action: 'continue', context: { user: { id: 'local' }, tenancy: false, activeTenant: null } });
  });
});
