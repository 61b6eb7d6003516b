// Deterministic hashing and pseudo-random numbers: every value of the simulation is a pure function of (seed, key).
// Never Math.random: the same (seed, time) must always give the same telemetry.

const TWO_POW_32 = 4294967296;

function mixStep(h: number, k: number): number {
  // MurmurHash3 x86_32 body step.
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalise(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function stepNumber(h: number, key: number): number {
  // Keys may exceed 32 bits (millisecond timestamps): feed both halves. Negative keys are fine too.
  const lo = key | 0;
  const hi = Math.floor(key / TWO_POW_32) | 0;
  return mixStep(mixStep(h, lo), hi);
}

/** 32-bit hash of integer keys (each up to 2^53). */
export function hash(...keys: number[]): number {
  let h = 0x2545f491;
  for (let i = 0; i < keys.length; i++) h = stepNumber(h, keys[i]);
  return finalise(h ^ keys.length);
}

export function hash2(a: number, b: number): number {
  return finalise(stepNumber(stepNumber(0x2545f491, a), b) ^ 2);
}

export function hash3(a: number, b: number, c: number): number {
  return finalise(stepNumber(stepNumber(stepNumber(0x2545f491, a), b), c) ^ 3);
}

export function hash4(a: number, b: number, c: number, d: number): number {
  return finalise(stepNumber(stepNumber(stepNumber(stepNumber(0x2545f491, a), b), c), d) ^ 4);
}

/** A stable 32-bit hash of a string (FNV-1a, then finalised): turns names into hash keys. */
export function stringKey(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return finalise(h);
}

/** A uniform number in [0, 1) from a 32-bit hash. */
export function unit(h: number): number {
  return h / TWO_POW_32;
}

/** A roughly normal N(0, 1) number from three hashes (sum of uniforms: cheap, bounded, smooth enough). */
export function normalFromHashes(a: number, b: number, c: number): number {
  return (unit(a) + unit(b) + unit(c) - 1.5) * 2;
}

const BYTE_HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** 8 lowercase hex digits. */
export function hex8(n: number): string {
  return BYTE_HEX[(n >>> 24) & 0xff] + BYTE_HEX[(n >>> 16) & 0xff] + BYTE_HEX[(n >>> 8) & 0xff] + BYTE_HEX[n & 0xff];
}

/** Mulberry32: a small, fast, well-distributed PRNG stream. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    return Math.floor(this.next() * TWO_POW_32) >>> 0;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  private spare = Number.NaN;

  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = Number.NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.next()));
    const theta = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Log-normal with the given median and shape. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}
