// Duration literals of the three languages. PromQL uses Prometheus' model.ParseDuration (1h30m, units in
// descending order, y/w/d allowed, integers only). LogQL and TraceQL use Go's time.ParseDuration (1.5h, 300ms,
// -2s); Loki also falls back to Prometheus' form for d, w and y.

export class DurationError extends Error {}

const PROM_UNITS_MS: [string, number][] = [
  ['y', 365 * 24 * 3600_000],
  ['w', 7 * 24 * 3600_000],
  ['d', 24 * 3600_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

/** Prometheus model.ParseDuration, in milliseconds. "0" is accepted; anything else needs units. */
export function parsePrometheusDurationMs(text: string): number {
  if (text === '0') return 0;
  const re = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
  const m = re.exec(text);
  if (!m || text === '') throw new DurationError(`not a valid duration string: "${text}"`);
  let total = 0;
  PROM_UNITS_MS.forEach(([, unitMs], index) => {
    const group = m[index + 1];
    if (group !== undefined) total += Number(group) * unitMs;
  });
  if (!Number.isSafeInteger(total)) throw new DurationError(`duration out of range: "${text}"`);
  return total;
}

const GO_UNITS_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3,
  'μs': 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go time.ParseDuration, in nanoseconds (as a number: exact up to ~104 days). */
export function parseGoDurationNs(text: string): number {
  const m = /^([-+]?)((?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(text);
  if (!m) {
    if (text === '0' || text === '-0' || text === '+0') return 0;
    throw new DurationError(`time: invalid duration "${text}"`);
  }
  let total = 0;
  for (const part of m[2].matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * GO_UNITS_NS[part[2]];
  }
  return m[1] === '-' ? -total : total;
}

/** Loki's range/offset durations: Go's syntax, falling back to Prometheus' for d, w and y. In milliseconds. */
export function parseLokiDurationMs(text: string): number {
  try {
    return parseGoDurationNs(text) / 1e6;
  } catch {
    return parsePrometheusDurationMs(text);
  }
}
