// Functions over instant vectors: math, clamping, rounding, dates, label_replace / label_join.
import { QueryError, type Labels } from '../types';
import { compileGoRegex, GoRegexError } from '../shared/go-regex';
import { dropMetricName, isValidLabelName } from '../shared/labels';
import { SeriesBuilder, type StepSeries } from '../vector/step-series';

const MATH: Record<string, (v: number) => number> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  sqrt: Math.sqrt,
  exp: Math.exp,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sgn: (v) => (v < 0 ? -1 : v > 0 ? 1 : v),
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  deg: (v) => (v * 180) / Math.PI,
  rad: (v) => (v * Math.PI) / 180,
};

function daysInMonth(date: Date): number {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
}

function dayOfYear(date: Date): number {
  return Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

const DATE: Record<string, (d: Date) => number> = {
  minute: (d) => d.getUTCMinutes(),
  hour: (d) => d.getUTCHours(),
  day_of_week: (d) => d.getUTCDay(),
  day_of_month: (d) => d.getUTCDate(),
  day_of_year: dayOfYear,
  days_in_month: daysInMonth,
  month: (d) => d.getUTCMonth() + 1,
  year: (d) => d.getUTCFullYear(),
};

export function isMathFunction(name: string): boolean {
  return name in MATH || name in DATE;
}

/** Applies a per-value function; the metric name is dropped, as Prometheus does for all of these. */
export function mapValues(
  input: readonly StepSeries[],
  count: number,
  fn: (value: number, step: number) => number | null,
): StepSeries[] {
  const builder = new SeriesBuilder(count);
  for (const series of input) {
    const out = builder.series(dropMetricName(series.labels));
    for (let step = 0; step < count; step++) {
      if (!series.present[step]) continue;
      const value = fn(series.values[step], step);
      if (value !== null) builder.set(out, step, value);
    }
  }
  return builder.result();
}

export function mathFunction(name: string, input: readonly StepSeries[], count: number): StepSeries[] {
  const math = MATH[name];
  if (math) return mapValues(input, count, (v) => math(v));
  const date = DATE[name];
  // Prometheus truncates the value to whole seconds before reading the calendar.
  return mapValues(input, count, (v) => (Number.isFinite(v) ? date(new Date(Math.trunc(v) * 1000)) : Number.NaN));
}

/** Go's Regexp.Expand: $1, ${1}, $name, ${name}, $$; the longest name wins ($1x is the group "1x"). */
export function expandTemplate(template: string, match: RegExpExecArray): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar === -1) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, dollar);
    const rest = template.slice(dollar + 1);
    if (rest.startsWith('$')) {
      out += '$';
      i = dollar + 2;
      continue;
    }
    const m = /^(?:\{([\p{L}\p{N}_]+)\}|([\p{L}\p{N}_]+))/u.exec(rest);
    if (!m) {
      out += '$';
      i = dollar + 1;
      continue;
    }
    const name = m[1] ?? m[2];
    i = dollar + 1 + m[0].length;
    if (/^\d+$/.test(name) && !(name.length > 1 && name.startsWith('0'))) {
      out += match[Number(name)] ?? '';
    } else {
      out += match.groups?.[name] ?? '';
    }
  }
  return out;
}

function invalidRegex(error: unknown, fn: string): never {
  const reason = error instanceof GoRegexError ? error.message : 'invalid regular expression';
  throw new QueryError(`invalid regular expression in ${fn}(): ${reason}`, 'execution');
}

function relabel(input: readonly StepSeries[], count: number, newLabels: (labels: Labels) => Labels): StepSeries[] {
  const builder = new SeriesBuilder(count);
  for (const series of input) {
    const out = builder.series(newLabels(series.labels));
    for (let step = 0; step < count; step++) {
      if (series.present[step]) builder.set(out, step, series.values[step]);
    }
  }
  return builder.result();
}

export function labelReplace(
  input: readonly StepSeries[],
  count: number,
  dst: string,
  replacement: string,
  src: string,
  regex: string,
): StepSeries[] {
  let re: RegExp;
  try {
    re = compileGoRegex(regex, { anchored: true });
  } catch (error) {
    invalidRegex(error, 'label_replace');
  }
  if (!isValidLabelName(dst)) throw new QueryError(`invalid destination label name in label_replace(): ${dst}`, 'execution');
  return relabel(input, count, (labels) => {
    const match = re.exec(labels[src] ?? '');
    if (!match) return labels;
    const value = expandTemplate(replacement, match);
    const out = { ...labels };
    if (value === '') delete out[dst];
    else out[dst] = value;
    return out;
  });
}

export function labelJoin(input: readonly StepSeries[], count: number, dst: string, separator: string, sources: string[]): StepSeries[] {
  if (!isValidLabelName(dst)) throw new QueryError(`invalid destination label name in label_join(): ${dst}`, 'execution');
  for (const src of sources) {
    if (!isValidLabelName(src)) throw new QueryError(`invalid source label name in label_join(): ${src}`, 'execution');
  }
  return relabel(input, count, (labels) => {
    const value = sources.map((s) => labels[s] ?? '').join(separator);
    const out = { ...labels };
    if (value === '') delete out[dst];
    else out[dst] = value;
    return out;
  });
}
