import { describe, expect, it } from 'vitest';
import { generateSlug, isSlug, SLUG_ALPHABET, SLUG_BITS, SLUG_LENGTH, type RandomBytes } from './slug';

describe('generateSlug', () => {
  it('is 12 URL-safe characters carrying at least 64 bits', () => {
    expect(SLUG_BITS).toBeGreaterThanOrEqual(64);
    for (let i = 0; i < 200; i++) {
      const slug = generateSlug();
      expect(slug).toMatch(/^[0-9A-Za-z]{12}$/);
      expect(encodeURIComponent(slug)).toBe(slug);
      expect(isSlug(slug)).toBe(true);
    }
  });

  it('does not repeat over 50,000 draws', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) seen.add(generateSlug());
    expect(seen.size).toBe(50_000);
  });

  it('uses every character about equally often (no modulo bias)', () => {
    const counts = new Map<string, number>();
    const draws = 20_000;
    for (let i = 0; i < draws; i++) for (const c of generateSlug()) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(SLUG_ALPHABET.length);
    const expected = (draws * SLUG_LENGTH) / SLUG_ALPHABET.length;
    // Chi-squared with 61 degrees of freedom: p < 1e-6 above ~130. A biased mapping of 256 bytes to 62
    // characters (plain modulo) scores in the hundreds at this sample size.
    let chi2 = 0;
    for (const count of counts.values()) chi2 += (count - expected) ** 2 / expected;
    expect(chi2).toBeLessThan(130);
  });

  it('drops bytes that would bias the alphabet, and maps the rest in order', () => {
    // 248..255 are dropped; 0 -> '0', 61 -> 'z', 62 -> '0' (62 % 62), 247 -> 247 % 62 = 61 -> 'z'.
    const bytes = [255, 0, 248, 61, 62, 247, 10, 36, 1, 2, 3, 4, 5, 6];
    const random: RandomBytes = (n) => Uint8Array.from({ length: n }, (_, i) => bytes[i % bytes.length]);
    expect(generateSlug(random)).toBe('0z0zAa123456');
  });

  it('fails loudly on a random source that never yields a usable byte', () => {
    expect(() => generateSlug((n) => new Uint8Array(n).fill(255))).toThrow(/too few usable bytes/);
  });
});

describe('isSlug', () => {
  it.each(['', 'short', 'abcdefghijk-', 'abcdefghijklm', '../etc/passwd', 'abcdefghijk ', 'ÄbcdefghijkL', null, 42])('rejects %j', (value) => {
    expect(isSlug(value)).toBe(false);
  });
});
