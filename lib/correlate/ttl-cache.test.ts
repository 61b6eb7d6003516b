import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('shares one load between concurrent callers and expires it', async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>({ ttlMs: 100, maxEntries: 10, now: () => now });
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    now = 99;
    expect(await cache.get('a', load)).toBe(1);
    now = 100;
    expect(await cache.get('a', load)).toBe(2);
  });

  it('does not keep failures', async () => {
    const cache = new TtlCache<string>({ ttlMs: 1000, maxEntries: 10 });
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', async () => 'up')).toBe('up');
  });

  it('evicts the least recently used beyond its bounds, by count and by weight', async () => {
    const byCount = new TtlCache<number>({ ttlMs: 1000, maxEntries: 2 });
    await byCount.get('a', async () => 1);
    await byCount.get('b', async () => 2);
    await byCount.get('a', async () => 0); // touch a
    await byCount.get('c', async () => 3);
    expect(await byCount.get('a', async () => -1)).toBe(1);
    expect(await byCount.get('b', async () => -2)).toBe(-2);

    const byWeight = new TtlCache<number[]>({ ttlMs: 1000, maxEntries: 10, weigh: (v) => v.length, maxWeight: 5 });
    await byWeight.get('x', async () => [1, 2, 3]);
    await byWeight.get('y', async () => [1, 2, 3]);
    expect(byWeight.size).toBe(1);
    // One value heavier than the bound is still kept (and served) on its own.
    await byWeight.get('z', async () => new Array(50).fill(0));
    expect(await byWeight.get('z', async () => [])).toHaveLength(50);
  });
});
