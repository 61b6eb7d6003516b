import { describe, expect, it } from 'vitest';
import { authEnabled, expiryFor, isExpired, previewAccess, publicOrigin, retentionSetting } from './policy';

const DAY = 86_400_000;

describe('previewAccess', () => {
  it('is full without authentication, whatever WEFT_PUBLIC_PREVIEWS says', () => {
    expect(previewAccess({})).toBe('full');
    expect(previewAccess({ WEFT_AUTH_MODE: 'none', WEFT_PUBLIC_PREVIEWS: '0' })).toBe('full');
    expect(authEnabled({ WEFT_AUTH_MODE: 'off' })).toBe(false);
  });

  it('is the title only with authentication, unless the operator allows public previews', () => {
    expect(authEnabled({ WEFT_AUTH_MODE: 'oidc' })).toBe(true);
    expect(previewAccess({ WEFT_AUTH_MODE: 'oidc' })).toBe('title-only');
    expect(previewAccess({ WEFT_AUTH_MODE: 'oidc', WEFT_PUBLIC_PREVIEWS: 'yes-please' })).toBe('title-only');
    expect(previewAccess({ WEFT_AUTH_MODE: 'oidc', WEFT_PUBLIC_PREVIEWS: '1' })).toBe('full');
    expect(previewAccess({ WEFT_AUTH_MODE: 'basic', WEFT_PUBLIC_PREVIEWS: 'true' })).toBe('full');
  });
});

describe('retention', () => {
  it('reads days, treats unset/0/never as "keep forever", and reports a bad value', () => {
    expect(retentionSetting({})).toEqual({ days: null, problem: null });
    expect(retentionSetting({ WEFT_PERMALINK_RETENTION_DAYS: ' 0 ' })).toEqual({ days: null, problem: null });
    expect(retentionSetting({ WEFT_PERMALINK_RETENTION_DAYS: '90' })).toEqual({ days: 90, problem: null });
    expect(retentionSetting({ WEFT_PERMALINK_RETENTION_DAYS: '90d' })).toEqual({ days: null, problem: expect.stringMatching(/not a number of days/) });
  });

  it('expires a link at its own expiry or past the retention in force', () => {
    const createdMs = Date.UTC(2026, 0, 1);
    expect(expiryFor(createdMs, null)).toBeNull();
    expect(expiryFor(createdMs, 30)).toBe(createdMs + 30 * DAY);
    const never = { createdMs, expiresMs: null };
    expect(isExpired(never, createdMs + 10_000 * DAY, null)).toBe(false);
    expect(isExpired(never, createdMs + 31 * DAY, 30)).toBe(true);
    expect(isExpired(never, createdMs + 29 * DAY, 30)).toBe(false);
    expect(isExpired({ createdMs, expiresMs: createdMs + DAY }, createdMs + 2 * DAY, null)).toBe(true);
  });
});

describe('publicOrigin', () => {
  it('prefers WEFT_PUBLIC_URL, then the forwarded host, then the Host header', () => {
    expect(publicOrigin({ WEFT_PUBLIC_URL: 'https://weft.example/' }, { host: '127.0.0.1:3000' })).toBe('https://weft.example');
    expect(publicOrigin({}, { host: '127.0.0.1:3000' })).toBe('http://127.0.0.1:3000');
    expect(publicOrigin({}, { host: 'internal:3000', forwardedHost: 'weft.example, proxy', forwardedProto: 'https' })).toBe('https://weft.example');
    expect(publicOrigin({}, { host: '[::1]:3000' })).toBe('http://[::1]:3000');
  });

  it('never builds a URL from a hostile Host header', () => {
    for (const host of ['evil.example/x', 'a@b', 'x y', '"><script>', '']) expect(publicOrigin({}, { host })).toBe('http://localhost');
    expect(publicOrigin({ WEFT_PUBLIC_URL: 'javascript:alert(1)' }, { host: 'ok.example' })).toBe('http://ok.example');
  });
});
