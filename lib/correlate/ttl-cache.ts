// A small in-process cache with expiry and a size bound, for answers that change slowly (which RED metric
// names a Prometheus has, which labels a Loki's streams carry) and for traces the view asks for again
// (the profile tab needs the trace the timeline just read). Concurrent misses share one promise; a failed
// load is not kept, so the next call tries again.
export interface TtlCacheOptions<V> {
  ttlMs: number;
  /** Most entries kept (oldest evicted first). */
  maxEntries: number;
  /** Weight of a value (e.g. spans of a trace) and the total weight kept; default: no weight bound. */
  weigh?: (value: V) => number;
  maxWeight?: number;
  now?: () => number;
}

interface Entry<V> {
  promise: Promise<V>;
  expiresAtMs: number;
  weight: number;
}

export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private totalWeight = 0;
  private readonly now: () => number;

  constructor(private readonly options: TtlCacheOptions<V>) {
    this.now = options.now ?? Date.now;
  }

  /** The cached value for key, or the result of load() (kept for ttlMs when it succeeds). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const nowMs = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAtMs > nowMs) {
      // Map order is insertion order: re-insert to mark as recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.promise;
    }
    if (hit) this.remove(key);
    const promise = load();
    const entry: Entry<V> = { promise, expiresAtMs: nowMs + this.options.ttlMs, weight: 0 };
    this.entries.set(key, entry);
    promise.then(
      (value) => {
        if (this.entries.get(key) !== entry) return;
        entry.weight = this.options.weigh ? this.options.weigh(value) : 0;
        this.totalWeight += entry.weight;
        this.evict();
      },
      () => {
        if (this.entries.get(key) === entry) this.remove(key);
      },
    );
    this.evict();
    return promise;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.totalWeight = 0;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.totalWeight -= entry.weight;
    this.entries.delete(key);
  }

  private evict(): void {
    const maxWeight = this.options.maxWeight ?? Number.POSITIVE_INFINITY;
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries && this.totalWeight <= maxWeight) return;
      // Never evict the only entry: a value heavier than the bound is still served once.
      if (this.entries.size === 1) return;
      this.remove(key);
    }
  }
}
