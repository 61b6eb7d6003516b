import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAuthSettings } from './startup';

describe('checkAuthSettings', () => {
  it('describes the mode', () => {
    expect(checkAuthSettings({}, '/')).toMatch(/^authentication off/);
    expect(checkAuthSettings({ WEFT_AUTH_MODE: 'proxy', WEFT_PROXY_SECRET: 'x'.repeat(32) }, '/')).toContain('x-forwarded-user');
  });

  it('stops on a bad variable, a bad limit, or a broken tenants file', () => {
    expect(() => checkAuthSettings({ WEFT_AUTH_MODE: 'sso' }, '/')).toThrow(/^WEFT_AUTH_MODE: /);
    expect(() => checkAuthSettings({ WEFT_RATE_LIMIT_PER_MINUTE: '-1' }, '/')).toThrow(/^WEFT_RATE_LIMIT_PER_MINUTE: /);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-startup-'));
    writeFileSync(path.join(dir, 'tenants.yaml'), 'users:\n  alice: ["not a tenant"]\n');
    const env = { WEFT_AUTH_MODE: 'proxy', WEFT_PROXY_SECRET: 'x'.repeat(32), WEFT_TENANTS_FILE: 'tenants.yaml' };
    expect(() => checkAuthSettings(env, dir)).toThrow(/^WEFT_TENANTS_FILE: users\.alice\[0\]: /);
    expect(() => checkAuthSettings({ ...env, WEFT_TENANTS_FILE: 'missing.yaml' }, dir)).toThrow(/^WEFT_TENANTS_FILE: cannot read/);
  });
});
