// Permalink slugs: short, unguessable, URL-safe. 12 characters of [0-9A-Za-z] carry 12·log2(62) ≈ 71.4 bits
// from the platform's CSPRNG, so links cannot be enumerated. Letters and digits only: chat clients that
// trim trailing punctuation from links ("-", "_", ".") cannot cut one short.

export const SLUG_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const SLUG_LENGTH = 12;
/** Bits of entropy in one slug. */
export const SLUG_BITS = SLUG_LENGTH * Math.log2(SLUG_ALPHABET.length);

const SLUG = new RegExp(`^[0-9A-Za-z]{${SLUG_LENGTH}}$`);
// 248 = 4 · 62: bytes at or above it are dropped so every character is equally likely (no modulo bias).
const UNBIASED_LIMIT = 256 - (256 % SLUG_ALPHABET.length);

/** Fills `count` cryptographically random bytes. */
export type RandomBytes = (count: number) => Uint8Array;

export const cryptoRandomBytes: RandomBytes = (count) => globalThis.crypto.getRandomValues(new Uint8Array(count));

/** A new random slug. `random` is injectable for tests; production uses the Web Crypto CSPRNG. */
export function generateSlug(random: RandomBytes = cryptoRandomBytes): string {
  let slug = '';
  // Each byte is kept with probability 248/256, so a few rounds almost always suffice; bounded all the same.
  for (let round = 0; round < 64 && slug.length < SLUG_LENGTH; round++) {
    for (const byte of random(SLUG_LENGTH * 2)) {
      if (byte >= UNBIASED_LIMIT) continue;
      slug += SLUG_ALPHABET[byte % SLUG_ALPHABET.length];
      if (slug.length === SLUG_LENGTH) break;
    }
  }
  if (slug.length !== SLUG_LENGTH) throw new Error('The random source returned too few usable bytes for a slug');
  return slug;
}

/** True for a string shaped like a slug (says nothing about whether the link exists). */
export function isSlug(value: unknown): value is string {
  return typeof value === 'string' && SLUG.test(value);
}
