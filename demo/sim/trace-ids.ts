// Trace and span ids. A trace id is 128 random-looking bits that still encode where the trace lives: the first
// 64 bits are a hash of (seed, slot, index); the last 64 bits are (slot, index) XOR a mask derived from the first
// half. Decoding is O(1) and is always verified by re-encoding, so a foreign id never resolves.
import { hash2, hash3, hash4, hex8, stringKey } from './random';

const ID_SALT = stringKey('trace-id');
const MASK_SALT = stringKey('trace-id-mask');
const SPAN_SALT = stringKey('span-id');

/** Slot = the trace's second (unix seconds); index 0-2 = sampled requests, >= 4 = the hourly batch trace. */
export interface TraceSlot {
  slot: number;
  index: number;
}

export function encodeTraceId(seed: number, slot: number, index: number): string {
  const aHi = hash4(seed ^ ID_SALT, slot, index, 1);
  const aLo = hash4(seed ^ ID_SALT, slot, index, 2);
  const m1 = hash3(seed ^ MASK_SALT, aHi, aLo);
  const m2 = hash3(seed ^ MASK_SALT, aLo, aHi);
  const bHi = (slot ^ m1) >>> 0;
  const filler = hash4(seed ^ ID_SALT, slot, index, 3) & 0xffffff00;
  const bLo = ((filler | (index & 0xff)) ^ m2) >>> 0;
  return hex8(aHi) + hex8(aLo) + hex8(bHi) + hex8(bLo);
}

const HEX32 = /^[0-9a-f]{32}$/;

/** The slot of one of this seed's trace ids, or null for any other id. */
export function decodeTraceId(seed: number, traceId: string): TraceSlot | null {
  const id = traceId.toLowerCase();
  if (!HEX32.test(id)) return null;
  const aHi = parseInt(id.slice(0, 8), 16);
  const aLo = parseInt(id.slice(8, 16), 16);
  const bHi = parseInt(id.slice(16, 24), 16);
  const bLo = parseInt(id.slice(24, 32), 16);
  const slot = (bHi ^ hash3(seed ^ MASK_SALT, aHi, aLo)) >>> 0;
  const index = ((bLo ^ hash3(seed ^ MASK_SALT, aLo, aHi)) >>> 0) & 0xff;
  return encodeTraceId(seed, slot, index) === id ? { slot, index } : null;
}

/** Span id of node `nodeIndex` of a trace: 16 hex, a hash of the trace id's first half. */
export function spanIdOf(seed: number, traceId: string, nodeIndex: number): string {
  const aHi = parseInt(traceId.slice(0, 8), 16);
  const aLo = parseInt(traceId.slice(8, 16), 16);
  const key = hash3(seed ^ SPAN_SALT, aHi, aLo);
  return hex8(hash3(key, nodeIndex, 1) | 1) + hex8(hash2(key, nodeIndex));
}

/** A faster span id factory for many spans of one trace. */
export function spanIdFactory(seed: number, traceId: string): (nodeIndex: number) => string {
  const aHi = parseInt(traceId.slice(0, 8), 16);
  const aLo = parseInt(traceId.slice(8, 16), 16);
  const key = hash3(seed ^ SPAN_SALT, aHi, aLo);
  return (nodeIndex) => hex8(hash3(key, nodeIndex, 1) | 1) + hex8(hash2(key, nodeIndex));
}
