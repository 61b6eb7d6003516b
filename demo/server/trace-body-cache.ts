// Serialised bodies of big traces (the hourly 20,000-span batch job, the 100,000-span benchmark trace), kept so that
// opening the same trace again costs a buffer write instead of ~100 ms (20k spans) to ~0.5 s (100k) of generation
// and JSON. A trace is a pure function of (seed, trace id), so a cached body is the body; only its visibility
// depends on the clock (it appears once the trace has ended and leaves with retention), hence the time to live.

export interface TraceBody {
  body: Buffer;
  /** Earliest span start and latest span end, for the `start`/`end` block check. */
  firstNs: bigint;
  lastNs: bigint;
}

interface Entry extends TraceBody {
  storedAtMs: number;
}

export interface TraceBodyCacheOptions {
  /** Total bytes kept; least recently used bodies go first. */
  maxBytes?: number;
  /** Traces with fewer spans are cheap to build: not cached. */
  minSpans?: number;
  /** How long (by the demo's clock) a body is served without asking the store again. */
  ttlMs?: number;
}

export class TraceBodyCache {
  readonly maxBytes: number;
  readonly minSpans: number;
  private readonly ttlMs: number;
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(options: TraceBodyCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? 160 * 1024 * 1024;
    this.minSpans = options.minSpans ?? 2000;
    this.ttlMs = options.ttlMs ?? 3_600_000;
  }

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get(key: string, nowMs: number): TraceBody | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (nowMs < entry.storedAtMs || nowMs - entry.storedAtMs > this.ttlMs) {
      this.bytes -= entry.body.length;
      return undefined;
    }
    this.entries.set(key, entry); // most recently used
    return entry;
  }

  set(key: string, value: TraceBody, nowMs: number): void {
    if (value.body.length > this.maxBytes) return;
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.bytes -= previous.body.length;
    }
    this.entries.set(key, { ...value, storedAtMs: nowMs });
    this.bytes += value.body.length;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.bytes -= old.body.length;
    }
  }
}
