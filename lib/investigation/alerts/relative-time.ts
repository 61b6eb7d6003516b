// "12 min ago", "3 h 5 min ago": how long ago something happened, for scanning a list; the absolute instant
// goes beside it (title, tooltip). Pure: the clock is passed in.

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A span of time in at most two units: "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function formatSpan(ms: number): string {
  const abs = Math.max(0, Math.round(Math.abs(ms)));
  if (abs < MINUTE_MS) return `${Math.floor(abs / 1000)} s`;
  if (abs < HOUR_MS) return `${Math.floor(abs / MINUTE_MS)} min`;
  if (abs < DAY_MS) {
    const hours = Math.floor(abs / HOUR_MS);
    const minutes = Math.floor((abs % HOUR_MS) / MINUTE_MS);
    return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
  }
  const days = Math.floor(abs / DAY_MS);
  const hours = Math.floor((abs % DAY_MS) / HOUR_MS);
  return hours === 0 ? `${days} d` : `${days} d ${hours} h`;
}

/** "12 min ago"; "just now" under 10 s; "in 3 min" for an instant ahead of the clock (skew). */
export function formatAgo(atMs: number, nowMs: number): string {
  const deltaMs = nowMs - atMs;
  if (Math.abs(deltaMs) < 10_000) return 'just now';
  return deltaMs > 0 ? `${formatSpan(deltaMs)} ago` : `in ${formatSpan(deltaMs)}`;
}
