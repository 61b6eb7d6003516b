import { afterEach, describe, expect, it } from 'vitest';
import { resetDatasourcesCache } from '../datasources/registry';
import { resetAuthConfigCache } from './current';
import { connectionForRequest, connectionForTenant, mayOpenPermalink, permalinkAccess, withTenant } from './tenancy';

const saved = { ...process.env };

function useEnv(env: Record<string, string>): void {
  for (const name of ['WEFT_AUTH_MODE', 'WEFT_PROXY_SECRET', 'LOKI_URL', 'LOKI_TENANT', 'WEFT_DATASOURCES_FILE', 'PROMETHEUS_URL', 'TEMPO_URL', 'PYROSCOPE_URL', 'ALERTMANAGER_URL']) delete process.env[name];
  Object.assign(process.env, env);
  resetAuthConfigCache();
  resetDatasourcesCache();
}

afterEach(() => {
  process.env = { ...saved };
  resetAuthConfigCache();
  resetDatasourcesCache();
});

describe('connectionForRequest outside a request (scripts, lib tests)', () => {
  it('with authentication off: the configured connection, its tenant, no gate', async () => {
    useEnv({ LOKI_URL: 'http://127.0.0.1:3100', LOKI_TENANT: 'configured' });
    const connection = await connectionForRequest('loki');
    expect(connection).toMatchObject({ backend: 'loki', url: 'http://127.0.0.1:3100', tenant: 'configured' });
    expect(connection.gate).toBeUndefined();
    expect(await permalinkAccess()).toEqual({ tenant: null, createdBy: null, readable: 'any' });
  });

  it('with authentication on: refuses, since there is nobody to read for (fail closed)', async () => {
    useEnv({ LOKI_URL: 'http://127.0.0.1:3100', WEFT_AUTH_MODE: 'proxy', WEFT_PROXY_SECRET: 's'.repeat(32) });
    await expect(connectionForRequest('loki')).rejects.toThrow();
    await expect(permalinkAccess()).rejects.toThrow();
  });

  it('names an unconfigured backend like requireConnection', async () => {
    useEnv({});
    await expect(connectionForRequest('tempo')).rejects.toMatchObject({ kind: 'not-configured' });
  });
});

describe('tenant helpers', () => {
  it('withTenant replaces the tenant without touching the configured connection', () => {
    const configured = { backend: 'loki' as const, name: 'Loki', url: 'http://loki', tenant: 'configured' };
    expect(withTenant(configured, 'team-a')).toEqual({ ...configured, tenant: 'team-a' });
    expect(configured.tenant).toBe('configured');
    expect(withTenant(configured, null)).toBe(configured);
  });

  it('connectionForTenant applies a stored tenant', () => {
    useEnv({ LOKI_URL: 'http://127.0.0.1:3100' });
    expect(connectionForTenant('loki', 'team-b').tenant).toBe('team-b');
  });

  it('mayOpenPermalink: only links of a readable tenant; untagged links only without tenancy', () => {
    const scoped = { tenant: 'a', createdBy: 'alice', readable: ['a', 'b'] };
    expect(mayOpenPermalink(scoped, 'a')).toBe(true);
    expect(mayOpenPermalink(scoped, 'c')).toBe(false);
    expect(mayOpenPermalink(scoped, null)).toBe(false);
    expect(mayOpenPermalink({ tenant: null, createdBy: null, readable: 'any' }, 'c')).toBe(true);
  });
});
