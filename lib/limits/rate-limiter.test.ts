import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter';

describe('createRateLimiter', () => {
  it('allows a burst, then refills continuously, and says when to retry', () => {
    const limiter = createRateLimiter({ perMinute: 60, burst: 3 });
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take('alice', t0).ok)).toEqual([true, true, true]);
    expect(limiter.take('alice', t0)).toEqual({ ok: false, retryAfterS: 1 });
    expect(limiter.take('alice', t0 + 500).ok).toBe(false);
    expect(limiter.take('alice', t0 + 1_000)).toEqual({ ok: true, remaining: 0 });
    // A long pause refills to the burst, not beyond.
    expect(limiter.take('alice', t0 + 3_600_000)).toEqual({ ok: true, remaining: 2 });
  });

  it('keeps one bucket per user', () => {
    const limiter = createRateLimiter({ perMinute: 1, burst: 1 });
    expect(limiter.take('alice', 0).ok).toBe(true);
    expect(limiter.take('alice', 0)).toEqual({ ok: false, retryAfterS: 60 });
    expect(limiter.take('bob', 0).ok).toBe(true);
  });

  it('bounds memory by forgetting the least recently used users', () => {
    const limiter = createRateLimiter({ perMinute: 60, burst: 1, maxKeys: 2 });
    limiter.take('a', 0);
    limiter.take('b', 0);
    limiter.take('a', 0); // a is now the most recent
    limiter.take('c', 0); // evicts b
    expect(limiter.size()).toBe(2);
    expect(limiter.take('a', 0).ok).toBe(false); // a is still tracked: its bucket is empty
    expect(limiter.take('b', 0).ok).toBe(true); // b was forgotten: it starts over with a full bucket
  });

  it('is off with 0 per minute', () => {
    const limiter = createRateLimiter({ perMinute: 0, burst: 1 });
    for (let i = 0; i < 100; i++) expect(limiter.take('x', 0).ok).toBe(true);
  });

  it('ignores a clock going backwards', () => {
    const limiter = createRateLimiter({ perMinute: 60, burst: 1 });
    expect(limiter.take('x', 10_000).ok).toBe(true);
    expect(limiter.take('x', 0).ok).toBe(false);
  });
});
