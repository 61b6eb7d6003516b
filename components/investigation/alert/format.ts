import { formatInstant } from '@/lib/time-range';

/** "14:03:27" when the instant is on the same UTC day as `referenceMs`, else the full "2026-11-21 14:03:27 UTC". */
export function shortInstant(ms: number, referenceMs: number): string {
  const full = formatInstant(ms);
  return full.slice(0, 10) === formatInstant(referenceMs).slice(0, 10) ? full.slice(11).replace(' UTC', '') : full;
}
