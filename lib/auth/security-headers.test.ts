import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce, scriptHash } from './security-headers';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((part) => {
    const [name, ...values] = part.trim().split(/\s+/);
    return [name!, values];
  }));
}

describe('contentSecurityPolicy', () => {
  it('allows scripts only with the nonce or a listed hash, and forbids framing', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'abc', dev: false, https: false, inlineScriptHashes: ["'sha256-xyz'"] }));
    expect(csp.get('script-src')).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'", "'sha256-xyz'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('script-src')).not.toContain("'unsafe-eval'");
  });

  it('adds eval only for next dev, and upgrades over https', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'abc', dev: true, https: true, inlineScriptHashes: [] }));
    expect(csp.get('script-src')).toContain("'unsafe-eval'");
    expect(csp.has('upgrade-insecure-requests')).toBe(true);
  });
});

describe('nonces and hashes', () => {
  it('makes a fresh 128-bit nonce each time', () => {
    const a = newNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });

  it('hashes inline scripts the way browsers do (sha256, base64)', () => {
    // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
    expect(scriptHash('alert(1)')).toBe("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
  });
});
