import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/errors';
import { loadAuthConfig, secureCookies } from './config';

const SECRET = 'x'.repeat(40);
const OIDC = {
  WEFT_AUTH_MODE: 'oidc',
  WEFT_OIDC_ISSUER: 'https://id.example.com/realms/ops/',
  WEFT_OIDC_CLIENT_ID: 'weft',
  WEFT_OIDC_CLIENT_SECRET: 's3cret',
  WEFT_PUBLIC_URL: 'https://weft.example.com/',
  WEFT_SESSION_SECRET: SECRET,
};

function fieldOf(env: Record<string, string>): string {
  try {
    loadAuthConfig(env, '/srv/weft');
  } catch (error) {
    if (error instanceof ConfigError) return error.field;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadAuthConfig', () => {
  it('is off by default', () => {
    expect(loadAuthConfig({}, '/').mode).toBe('off');
    expect(loadAuthConfig({ WEFT_AUTH_MODE: ' OFF ' }, '/').mode).toBe('off');
  });

  it('refuses an unknown mode, naming the variable', () => {
    expect(fieldOf({ WEFT_AUTH_MODE: 'ldap' })).toBe('WEFT_AUTH_MODE');
    expect(() => loadAuthConfig({ WEFT_AUTH_MODE: 'yes' }, '/')).toThrow(/WEFT_AUTH_MODE: expected one of off, oidc, proxy/);
  });

  it('reads OIDC settings: redirect URIs from the public URL, derived keys, default scopes', () => {
    const config = loadAuthConfig(OIDC, '/');
    if (config.mode !== 'oidc') throw new Error('expected oidc');
    expect(config.oidc.issuer).toBe('https://id.example.com/realms/ops');
    expect(config.oidc.redirectUri).toBe('https://weft.example.com/auth/callback');
    expect(config.oidc.postLogoutRedirectUri).toBe('https://weft.example.com/auth/signed-out');
    expect(config.oidc.scopes).toEqual(['openid', 'profile', 'email']);
    expect(config.sessionKey).toHaveLength(32);
    // One key per purpose: a login-transaction cookie cannot be presented as a session.
    expect(Buffer.from(config.sessionKey).equals(Buffer.from(config.loginKey))).toBe(false);
    expect(config.sessionMaxAgeSeconds).toBe(12 * 3600);
  });

  it('requires each OIDC setting, naming the missing one', () => {
    for (const name of ['WEFT_OIDC_ISSUER', 'WEFT_OIDC_CLIENT_ID', 'WEFT_PUBLIC_URL', 'WEFT_SESSION_SECRET'] as const) {
      const env: Record<string, string> = { ...OIDC };
      delete env[name];
      expect(fieldOf(env)).toBe(name);
    }
  });

  it('accepts a public client without a secret', () => {
    const env: Record<string, string> = { ...OIDC };
    delete env.WEFT_OIDC_CLIENT_SECRET;
    const config = loadAuthConfig(env, '/');
    expect(config.mode === 'oidc' && config.oidc.clientSecret).toBe(null);
  });

  it('refuses a short session secret and scopes without openid', () => {
    expect(fieldOf({ ...OIDC, WEFT_SESSION_SECRET: 'short' })).toBe('WEFT_SESSION_SECRET');
    expect(fieldOf({ ...OIDC, WEFT_OIDC_SCOPES: 'profile email' })).toBe('WEFT_OIDC_SCOPES');
    expect(fieldOf({ ...OIDC, WEFT_OIDC_ISSUER: 'ftp://id' })).toBe('WEFT_OIDC_ISSUER');
    expect(fieldOf({ ...OIDC, WEFT_SESSION_MAX_AGE_HOURS: '0' })).toBe('WEFT_SESSION_MAX_AGE_HOURS');
  });

  it('refuses settings of another mode: the operator believes the console is protected', () => {
    expect(fieldOf({ WEFT_OIDC_ISSUER: 'https://id.example.com' })).toBe('WEFT_OIDC_ISSUER');
    expect(fieldOf({ WEFT_PROXY_SECRET: 'y'.repeat(32) })).toBe('WEFT_PROXY_SECRET');
    expect(fieldOf({ ...OIDC, WEFT_PROXY_SECRET: 'y'.repeat(32) })).toBe('WEFT_PROXY_SECRET');
    expect(fieldOf({ WEFT_TENANTS_FILE: 'tenants.yaml' })).toBe('WEFT_TENANTS_FILE');
    expect(fieldOf({ WEFT_AUTH_MODE: 'proxy', WEFT_PROXY_SECRET: 'y'.repeat(32), WEFT_OIDC_TENANT_CLAIM: 'groups' })).toBe('WEFT_OIDC_TENANT_CLAIM');
  });

  it('proxy mode requires a long shared secret and checks header names', () => {
    expect(fieldOf({ WEFT_AUTH_MODE: 'proxy' })).toBe('WEFT_PROXY_SECRET');
    expect(fieldOf({ WEFT_AUTH_MODE: 'proxy', WEFT_PROXY_SECRET: 'short' })).toBe('WEFT_PROXY_SECRET');
    expect(fieldOf({ WEFT_AUTH_MODE: 'proxy', WEFT_PROXY_SECRET: 'y'.repeat(32), WEFT_PROXY_USER_HEADER: 'X User' })).toBe('WEFT_PROXY_USER_HEADER');
    const config = loadAuthConfig({ WEFT_AUTH_MODE: 'proxy', WEFT_PROXY_SECRET: 'y'.repeat(32), WEFT_PROXY_LOGOUT_URL: '/oauth2/sign_out' }, '/');
    if (config.mode !== 'proxy') throw new Error('expected proxy');
    expect(config.proxy).toMatchObject({ userHeader: 'x-forwarded-user', emailHeader: 'x-forwarded-email', groupsHeader: 'x-forwarded-groups', secretHeader: 'x-weft-proxy-secret', logoutUrl: '/oauth2/sign_out' });
  });

  it('resolves the tenants file against the working directory and checks the claim name', () => {
    const config = loadAuthConfig({ ...OIDC, WEFT_TENANTS_FILE: 'conf/tenants.yaml', WEFT_OIDC_TENANT_CLAIM: 'groups' }, '/srv/weft');
    expect(config.tenancy).toEqual({ tenantsFile: '/srv/weft/conf/tenants.yaml', tenantClaim: 'groups' });
    expect(fieldOf({ ...OIDC, WEFT_OIDC_TENANT_CLAIM: 'has space' })).toBe('WEFT_OIDC_TENANT_CLAIM');
  });

  it('reads WEFT_PUBLIC_PREVIEWS as a flag and refuses anything else', () => {
    expect(loadAuthConfig({ ...OIDC, WEFT_PUBLIC_PREVIEWS: '1' }, '/').publicPreviews).toBe(true);
    expect(loadAuthConfig({ ...OIDC }, '/').publicPreviews).toBe(false);
    expect(fieldOf({ ...OIDC, WEFT_PUBLIC_PREVIEWS: 'maybe' })).toBe('WEFT_PUBLIC_PREVIEWS');
  });
});

describe('secureCookies', () => {
  it('is on for an https public URL or an https request, off for plain http', () => {
    const oidc = loadAuthConfig(OIDC, '/');
    expect(secureCookies(oidc, 'http://127.0.0.1:3000/', null)).toBe(true);
    const off = loadAuthConfig({}, '/');
    expect(secureCookies(off, 'http://127.0.0.1:3000/', null)).toBe(false);
    expect(secureCookies(off, 'https://weft/', null)).toBe(true);
    expect(secureCookies(off, 'http://weft/', 'https, http')).toBe(true);
  });
});
