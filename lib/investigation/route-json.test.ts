import { describe, expect, it, vi } from 'vitest';
import { AuthError } from '../auth/authenticate';
import { respondJson } from './route-json';

describe('respondJson', () => {
  it('answers 200 with the body and its Server-Timing', async () => {
    const response = await respondJson(async () => ({ ok: true }), () => [{ name: 'tempo', durationMs: 12.34 }]);
    expect(response.status).toBe(200);
    expect(response.headers.get('server-timing')).toBe('tempo;dur=12.3');
    expect(await response.json()).toEqual({ ok: true });
  });

  it('answers an AuthError with its own status and code, not a 500', async () => {
    const noTenant = await respondJson(async () => {
      throw new AuthError({ status: 403, code: 'tenant-not-allowed', message: 'You may not read tenant-b' });
    });
    expect(noTenant.status).toBe(403);
    expect(await noTenant.json()).toEqual({ error: 'You may not read tenant-b', code: 'tenant-not-allowed' });
    const anonymous = await respondJson(async () => {
      throw new AuthError({ status: 401, code: 'unauthenticated', message: 'Sign in to use this console' });
    });
    expect(anonymous.status).toBe(401);
  });

  it('answers anything else with a 500 that says nothing about the code', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await respondJson(async () => {
      throw new TypeError('Cannot read properties of undefined (reading "spans") at parse.ts:12:3');
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toMatch(/TypeError|parse\.ts/);
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });
});
