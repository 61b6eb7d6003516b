import { EncryptJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { deriveKey } from './config';
import { openLogin, openSession, sealLogin, sealSession, MAX_COOKIE_VALUE_LENGTH } from './session';

const key = deriveKey('a'.repeat(40), 'weft session v1');
const otherKey = deriveKey('b'.repeat(40), 'weft session v1');
const loginKey = deriveKey('a'.repeat(40), 'weft login transaction v1');
const user = { id: 'sub-1', name: 'Alice', email: 'alice@example.com', groups: ['sre'] };
const NOW = 1_800_000_000;

describe('sealed sessions', () => {
  it('round-trips the user, claim tenants and id_token', async () => {
    const token = await sealSession({ user, claimTenants: ['team-a'], idToken: 'eyJ.id.token' }, key, NOW, 3600);
    expect(token.split('.')).toHaveLength(5); // compact JWE: encrypted, not just signed
    expect(token).not.toContain('alice');
    expect(await openSession(token, key, NOW + 10)).toEqual({ user, claimTenants: ['team-a'], idToken: 'eyJ.id.token', issuedAtS: NOW, expiresAtS: NOW + 3600 });
  });

  it('refuses expired, tampered and foreign-key sessions', async () => {
    const token = await sealSession({ user, claimTenants: null, idToken: null }, key, NOW, 3600);
    expect(await openSession(token, key, NOW + 3601)).toBeNull();
    expect(await openSession(token, otherKey, NOW)).toBeNull();
    const parts = token.split('.');
    const ciphertext = parts[3]!;
    const flipped = (ciphertext[0] === 'A' ? 'B' : 'A') + ciphertext.slice(1);
    expect(await openSession([...parts.slice(0, 3), flipped, parts[4]].join('.'), key, NOW)).toBeNull();
    expect(await openSession('not-a-token', key, NOW)).toBeNull();
    expect(await openSession(undefined, key, NOW)).toBeNull();
  });

  it('does not accept a login transaction as a session, even under the same key', async () => {
    const login = await sealLogin({ state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/' }, key, NOW);
    expect(await openSession(login, key, NOW)).toBeNull();
  });

  it('refuses a well-formed JWE whose claims are not a session', async () => {
    const forged = await new EncryptJWT({ u: { id: 'x' } })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuer('weft')
      .setAudience('weft-session')
      .setIssuedAt(NOW)
      .setExpirationTime(NOW + 60)
      .encrypt(key);
    expect(await openSession(forged, key, NOW)).toBeNull();
  });

  it('drops the id_token rather than exceed the cookie size', async () => {
    const idToken = 'x'.repeat(MAX_COOKIE_VALUE_LENGTH);
    const token = await sealSession({ user, claimTenants: null, idToken }, key, NOW, 3600);
    expect(token.length).toBeLessThanOrEqual(MAX_COOKIE_VALUE_LENGTH);
    expect((await openSession(token, key, NOW))?.idToken).toBeNull();
  });
});

describe('login transactions', () => {
  it('round-trip for ten minutes', async () => {
    const transaction = { state: 'st', nonce: 'no', codeVerifier: 'cv', returnTo: '/trace/abc?x=1' };
    const token = await sealLogin(transaction, loginKey, NOW);
    expect(await openLogin(token, loginKey, NOW + 599)).toEqual(transaction);
    expect(await openLogin(token, loginKey, NOW + 601)).toBeNull();
    expect(await openLogin(token, key, NOW)).toBeNull();
  });
});
