// Number, time and id formatting exactly as the Go backends put them on the wire, and their parameter parsers.
import type { PromResult } from './engines';

/** Expand a JS exponent form ("1.5e-7", "1e+21") into plain decimal digits. */
function expandExponent(s: string): string {
  const negative = s.startsWith('-');
  const body = negative ? s.slice(1) : s;
  const [mantissa, expText] = body.split('e');
  const exponent = Number(expText);
  const [intPart, fracPart = ''] = mantissa.split('.');
  const digits = intPart + fracPart;
  const pointAt = intPart.length + exponent;
  let out: string;
  if (pointAt <= 0) out = '0.' + '0'.repeat(-pointAt) + digits;
  else if (pointAt >= digits.length) out = digits + '0'.repeat(pointAt - digits.length);
  else out = digits.slice(0, pointAt) + '.' + digits.slice(pointAt);
  return negative ? '-' + out : out;
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64) with Prometheus' spelling of the specials: "NaN", "+Inf", "-Inf". */
export function formatPromFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Object.is(v, -0)) return '-0';
  const s = String(v);
  return s.includes('e') ? expandExponent(s) : s;
}

/** Go's strconv.FormatFloat(v, 'e', -1, 64), as in alert values ("1e+00", "2.5e-03"). */
export function formatGoExp(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const s = v.toExponential();
  const [mantissa, exp] = s.split('e');
  const sign = exp.startsWith('-') ? '-' : '+';
  const digits = exp.replace(/^[+-]/, '');
  return `${mantissa}e${sign}${digits.padStart(2, '0')}`;
}

/** Float seconds for Prometheus sample timestamps (Go: float64(ms)/1000). */
export function msToPromSeconds(ms: number): number {
  return ms / 1000;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * Go's time.RFC3339Nano in UTC ("2026-11-21T23:15:36.730124283Z", trailing fraction zeros trimmed).
 * `extraNs` adds sub-millisecond precision (0..999999).
 */
export function rfc3339Nano(ms: number, extraNs = 0): string {
  const whole = Math.floor(ms);
  const d = new Date(whole);
  const base =
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const nanos = d.getUTCMilliseconds() * 1_000_000 + Math.round((ms - whole) * 1_000_000) + extraNs;
  if (nanos === 0) return base + 'Z';
  return `${base}.${String(nanos).padStart(9, '0').replace(/0+$/, '')}Z`;
}

/** RFC3339Nano from a nanosecond bigint. */
export function rfc3339NanoFromNs(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const rest = Number(ns % 1_000_000n);
  return rfc3339Nano(ms, rest);
}

/** Parse RFC3339 (with optional fraction up to ns) into nanoseconds; null when it is not RFC3339. */
export function parseRfc3339Ns(s: string): bigint | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, frac = '', zone] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
  if (Number.isNaN(ms)) return null;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const [zh, zm] = zone.slice(1).split(':').map(Number);
    ms -= sign * (zh * 60 + zm) * 60_000;
  }
  return BigInt(ms) * 1_000_000n + BigInt(frac.padEnd(9, '0') || '0');
}

const PROM_DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const PROM_DURATION_UNITS_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1];

/** Prometheus model.ParseDuration ("1h30m", "5m", "1d", "250ms"); null when invalid. */
export function parsePromDurationMs(s: string): number | null {
  if (s === '0') return 0;
  if (s === '') return null;
  const m = PROM_DURATION.exec(s);
  if (!m) return null;
  let total = 0;
  for (let i = 0; i < PROM_DURATION_UNITS_MS.length; i++) {
    if (m[i + 1] !== undefined) total += Number(m[i + 1]) * PROM_DURATION_UNITS_MS[i];
  }
  return total;
}

const GO_DURATION_UNITS_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go's time.ParseDuration ("250ms", "1.5h", "1h2m3s"), in nanoseconds; null when invalid. */
export function parseGoDurationNs(s: string): number | null {
  if (s === '0' || s === '+0' || s === '-0') return 0;
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(s);
  if (!m) return null;
  const sign = m[1] === '-' ? -1 : 1;
  let total = 0;
  for (const part of s.replace(/^[+-]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * GO_DURATION_UNITS_NS[part[2]];
  }
  return sign * total;
}

/** Go's time.Duration.String() for a whole number of milliseconds ("721h0m0s", "1m30s", "250ms"). */
export function formatGoDurationMs(ms: number): string {
  if (ms === 0) return '0s';
  const negative = ms < 0;
  let rest = Math.abs(ms);
  if (rest < 1000) return `${negative ? '-' : ''}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = formatPromFloat(rest / 1000);
  const out = h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
  return negative ? '-' + out : out;
}

/** Go strconv.ParseFloat-ish: a finite decimal or exponent number only (no hex, no "Inf"). */
export function parseDecimal(s: string): number | null {
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(s)) return null;
  return Number(s);
}

/** 32 (or 16) lowercase hex -> standard base64, as Tempo's JSON encodes OTLP byte ids. */
export function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

/** Escape a label value for the Prometheus / OpenMetrics text formats. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** A label set as `{a="1",b="2"}` (sorted by name), or '' when empty. */
export function formatLabelSet(labels: Record<string, string>, skip: ReadonlySet<string> = new Set()): string {
  const names = Object.keys(labels)
    .filter((n) => !skip.has(n))
    .sort();
  if (names.length === 0) return '';
  return `{${names.map((n) => `${n}="${escapeLabelValue(labels[n])}"`).join(',')}}`;
}

/** A query result as the `data` of Prometheus' /api/v1/query(_range) (and Loki's metric queries): times in float seconds, values as strings. */
export function promResultToWire(result: PromResult): { resultType: PromResult['resultType']; result: unknown } {
  switch (result.resultType) {
    case 'matrix':
      return {
        resultType: 'matrix',
        result: result.result.map((s) => ({ metric: s.metric, values: s.points.map((p) => [p.timeMs / 1000, formatPromFloat(p.value)]) })),
      };
    case 'vector':
      return {
        resultType: 'vector',
        result: result.result.map((s) => ({ metric: s.metric, value: [s.timeMs / 1000, formatPromFloat(s.value)] })),
      };
    case 'scalar':
      return { resultType: 'scalar', result: [result.timeMs / 1000, formatPromFloat(result.value)] };
    case 'string':
      return { resultType: 'string', result: [result.timeMs / 1000, result.value] };
  }
}
