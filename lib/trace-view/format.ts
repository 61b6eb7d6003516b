// Human-readable durations for the trace views. Units are in the names: the input is microseconds.

/** 850 µs, 12.3 ms, 1.25 s, 2m 05s. Three significant digits below a minute. */
export function formatDurationUs(us: number): string {
  if (!Number.isFinite(us)) return '–';
  const abs = Math.abs(us);
  const sign = us < 0 ? '-' : '';
  if (abs < 1) return `${sign}${trim(abs * 1000)} ns`;
  if (abs < 1000) return `${sign}${trim(abs)} µs`;
  if (abs < 1e6) return `${sign}${trim(abs / 1000)} ms`;
  if (abs < 60e6) return `${sign}${trim(abs / 1e6)} s`;
  const totalS = Math.round(abs / 1e6);
  const m = Math.floor(totalS / 60);
  const s = totalS % 60;
  if (m < 60) return `${sign}${m}m ${String(s).padStart(2, '0')}s`;
  return `${sign}${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

function trim(v: number): string {
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return String(Number(v.toFixed(digits)));
}

/**
 * 1,234,567: a count with en-US digit grouping, as toLocaleString('en-US') writes whole numbers, without
 * loading the locale's number formatting on the page's first render.
 */
export function formatCount(count: number): string {
  if (!Number.isFinite(count)) return '–';
  const digits = String(Math.abs(Math.trunc(count)));
  const sign = count <= -1 ? '-' : '';
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
