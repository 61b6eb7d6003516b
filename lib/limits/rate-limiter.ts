// Per-user rate limit on expensive queries: one token bucket per user, in memory (one Weft process serves a
// team; a restart forgetting the buckets is harmless). Buckets refill continuously; the least recently used
// are dropped past maxKeys so memory stays bounded whatever the traffic.

export interface RateLimitSettings {
  /** Tokens added per minute (sustained queries per minute). 0 disables the limit. */
  perMinute: number;
  /** Bucket size: how many queries may come at once after a quiet spell. */
  burst: number;
  /** Most users tracked at once. */
  maxKeys?: number;
}

export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfterS: number };

export interface RateLimiter {
  take(key: string, nowMs: number, cost?: number): RateDecision;
  /** Users currently tracked (tests, diagnostics). */
  size(): number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

const DEFAULT_MAX_KEYS = 10_000;

export function createRateLimiter(settings: RateLimitSettings): RateLimiter {
  const maxKeys = settings.maxKeys ?? DEFAULT_MAX_KEYS;
  const perMs = settings.perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  return {
    take(key, nowMs, cost = 1) {
      if (settings.perMinute <= 0) return { ok: true, remaining: Infinity };
      const bucket = buckets.get(key) ?? { tokens: settings.burst, updatedMs: nowMs };
      // A clock that went backwards adds nothing rather than a negative amount.
      const elapsedMs = Math.max(0, nowMs - bucket.updatedMs);
      bucket.tokens = Math.min(settings.burst, bucket.tokens + elapsedMs * perMs);
      bucket.updatedMs = nowMs;
      // Map order is insertion order: re-inserting makes this key the most recently used.
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
      if (bucket.tokens >= cost) {
        bucket.tokens -= cost;
        return { ok: true, remaining: Math.floor(bucket.tokens) };
      }
      return { ok: false, retryAfterS: Math.max(1, Math.ceil((cost - bucket.tokens) / perMs / 1000)) };
    },
    size: () => buckets.size,
  };
}
