// Building PromQL from values we do not control (label values from URLs, service names from traces).
// Every value goes through one escaper; every label name is validated. Pyroscope label selectors use the
// same syntax, so its client builds them here too.
// Grammar: https://prometheus.io/docs/prometheus/latest/querying/basics/#string-literals
import { escapeGoString, quoteRegexMeta } from './go-string';

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcherSpec {
  name: string;
  op?: MatchOp;
  value: string;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const MATCH_OPS: ReadonlySet<string> = new Set(['=', '!=', '=~', '!~']);

/** Classic (pre-UTF-8) Prometheus label name; the only names we ever put into a query or a URL path. */
export function isValidLabelName(name: string): boolean {
  return LABEL_NAME.test(name);
}

export function isValidMetricName(name: string): boolean {
  return METRIC_NAME.test(name);
}

/**
 * Escapes `value` for use between double quotes in PromQL (Go string-literal rules, see go-string.ts).
 * Returns the body only; see promqlStringLiteral for the quoted form.
 */
export function escapePromqlString(value: string): string {
  return escapeGoString(value, { language: 'PromQL' });
}

/** `value` as a complete double-quoted PromQL string literal. */
export function promqlStringLiteral(value: string): string {
  return `"${escapePromqlString(value)}"`;
}

/** Escapes a literal so that `=~` matches exactly it (Prometheus anchors regexes at both ends). */
export function escapeRegex(value: string): string {
  return quoteRegexMeta(value);
}

/** A regex matching exactly one of `values` (for `=~`); an empty list matches nothing but the empty value. */
export function regexAlternation(values: readonly string[]): string {
  return values.map(escapeRegex).join('|');
}

/** One `name op "value"` matcher. Throws on a label name that is not a valid Prometheus label name. */
export function labelMatcher(name: string, op: MatchOp, value: string): string {
  if (!isValidLabelName(name)) throw new TypeError(`Invalid label name: ${JSON.stringify(name)}`);
  if (!MATCH_OPS.has(op)) throw new TypeError(`Invalid match operator: ${JSON.stringify(op)}`);
  return `${name}${op}${promqlStringLiteral(value)}`;
}

/**
 * A vector selector `metric{a="x",b=~"y"}`. With no metric name and no matchers it returns `{}`, which
 * Prometheus rejects as a query but Pyroscope accepts as "all series".
 */
export function selector(metricName: string | undefined, matchers: readonly LabelMatcherSpec[]): string {
  if (metricName !== undefined && !isValidMetricName(metricName)) {
    throw new TypeError(`Invalid metric name: ${JSON.stringify(metricName)}`);
  }
  const body = matchers.map((m) => labelMatcher(m.name, m.op ?? '=', m.value)).join(', ');
  if (metricName !== undefined && body === '') return metricName;
  return `${metricName ?? ''}{${body}}`;
}
