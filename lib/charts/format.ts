// Value formatting by unit: units are named by the caller, never guessed from a number's size.

export type ValueUnit = 'seconds' | 'ms' | 'ns' | 'bytes' | 'ratio' | 'percent' | 'reqps' | 'count' | 'none';

export function formatValue(value: number | null | undefined, unit: ValueUnit): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  switch (unit) {
    case 'seconds':
      return formatDurationMs(value * 1000);
    case 'ms':
      return formatDurationMs(value);
    case 'ns':
      return formatDurationMs(value / 1e6);
    case 'bytes':
      return formatBytes(value);
    case 'ratio':
      return `${trim(value * 100)}%`;
    case 'percent':
      return `${trim(value)}%`;
    case 'reqps':
      return `${trim(value)} req/s`;
    case 'count':
    case 'none':
      return trim(value);
  }
}

export function formatDurationMs(ms: number): string {
  const abs = Math.abs(ms);
  if (abs === 0) return '0 ms';
  if (abs < 0.001) return `${trim(ms * 1e6)} ns`;
  if (abs < 1) return `${trim(ms * 1000)} µs`;
  if (abs < 1000) return `${trim(ms)} ms`;
  if (abs < 60_000) return `${trim(ms / 1000)} s`;
  if (abs < 3_600_000) return `${trim(ms / 60_000)} min`;
  return `${trim(ms / 3_600_000)} h`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let index = 0;
  while (Math.abs(value) >= 1024 && index < units.length - 1) {
    value /= 1024;
    index++;
  }
  return `${trim(value)} ${units[index]}`;
}

/** Three significant digits without trailing zeros. */
function trim(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return Number(value.toFixed(digits)).toString();
}
