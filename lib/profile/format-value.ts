// Profile values with their unit: nanoseconds as s/ms/µs, bytes as KiB/MiB/GiB, counts with k/M/G.

const TIME_UNITS_NS: Record<string, number> = {
  nanoseconds: 1,
  nanosecond: 1,
  ns: 1,
  microseconds: 1e3,
  us: 1e3,
  milliseconds: 1e6,
  ms: 1e6,
  seconds: 1e9,
  s: 1e9,
};

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const COUNT_SUFFIX = ['', 'k', 'M', 'G', 'T'];

function sig3(v: number): string {
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return String(Number(v.toFixed(digits)));
}

export function formatProfileValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '–';
  const u = unit.toLowerCase();
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const nsPerUnit = TIME_UNITS_NS[u];
  if (nsPerUnit !== undefined) {
    const ns = abs * nsPerUnit;
    if (ns === 0) return '0 s';
    if (ns < 1e3) return `${sign}${sig3(ns)} ns`;
    if (ns < 1e6) return `${sign}${sig3(ns / 1e3)} µs`;
    if (ns < 1e9) return `${sign}${sig3(ns / 1e6)} ms`;
    if (ns < 60e9) return `${sign}${sig3(ns / 1e9)} s`;
    if (ns < 3600e9) return `${sign}${sig3(ns / 60e9)} min`;
    return `${sign}${sig3(ns / 3600e9)} h`;
  }
  if (u === 'bytes' || u === 'byte') {
    let i = 0;
    let v = abs;
    while (v >= 1024 && i < BYTE_UNITS.length - 1) {
      v /= 1024;
      i++;
    }
    return `${sign}${i === 0 ? String(v) : sig3(v)} ${BYTE_UNITS[i]}`;
  }
  let i = 0;
  let v = abs;
  while (v >= 1000 && i < COUNT_SUFFIX.length - 1) {
    v /= 1000;
    i++;
  }
  const num = `${sign}${i === 0 ? String(Math.round(v * 100) / 100) : sig3(v)}${COUNT_SUFFIX[i]}`;
  return u === '' || u === 'count' || u === 'short' ? num : `${num} ${unit}`;
}

/** 0.1234 -> "12.3%"; keeps small shares readable ("0.04%"). */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  const p = fraction * 100;
  const abs = Math.abs(p);
  if (abs > 0 && abs < 0.001) return p < 0 ? '>-0.001%' : '<0.001%';
  const digits = abs >= 10 ? 1 : abs >= 1 ? 2 : abs >= 0.01 ? 2 : 3;
  return `${Number(p.toFixed(digits))}%`;
}
