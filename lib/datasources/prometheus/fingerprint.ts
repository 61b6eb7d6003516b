// The label-set fingerprint Prometheus and Alertmanager use (prometheus/common model.LabelSet.Fingerprint):
// FNV-1a 64 over sorted names and values, each followed by the 0xff separator, as 16 lowercase hex.
// Computing the same value here gives an alert the same identity whether it came from Prometheus or
// Alertmanager. O(total label bytes).
import type { Labels } from '../../model/metrics';

const FNV_OFFSET_64 = 0xcbf29ce484222325n;
const FNV_PRIME_64 = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;
const SEPARATOR_BYTE = 0xff;
const encoder = new TextEncoder();

function addBytes(hash: bigint, bytes: Uint8Array): bigint {
  let h = hash;
  for (const byte of bytes) h = ((h ^ BigInt(byte)) * FNV_PRIME_64) & MASK_64;
  return h;
}

/** Alertmanager's `fingerprint` for a label set; Prometheus' series fingerprint. */
export function labelSetFingerprint(labels: Labels): string {
  const separator = Uint8Array.of(SEPARATOR_BYTE);
  let hash = FNV_OFFSET_64;
  // Go sorts names by bytes; for the label-name charset that is the same as code-unit order.
  for (const name of Object.keys(labels).sort()) {
    hash = addBytes(hash, encoder.encode(name));
    hash = addBytes(hash, separator);
    hash = addBytes(hash, encoder.encode(labels[name]));
    hash = addBytes(hash, separator);
  }
  return hash.toString(16).padStart(16, '0');
}
