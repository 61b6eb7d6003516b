// Building TraceQL from values we do not control (service names, span names, attribute values). Each
// condition is built by a function that validates the name and escapes the value, and only those
// conditions (a branded string) can go into a spanset filter.
// Grammar: https://grafana.com/docs/tempo/latest/traceql/
// Tempo's lexer (pkg/traceql/lexer.go) reads strings with Go's text/scanner + strconv.Unquote, which
// accepts every character raw except a newline; Grafana's editor grammar (@grafana/lezer-traceql) knows
// only the \\ and \" escapes. So we escape just those two, send other characters raw (valid for both),
// and put a value with a newline in a `raw string` (legal in both, and where a newline is allowed).

export type TraceqlScope = 'resource' | 'span' | '';
export type TraceqlComparison = '=' | '!=' | '>' | '>=' | '<' | '<=';
export type TraceqlOp = TraceqlComparison | '=~' | '!~';
export type TraceqlStatus = 'error' | 'ok' | 'unset';
export type TraceqlKind = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type TraceqlStringIntrinsic = 'name' | 'statusMessage' | 'rootName' | 'rootServiceName';

/** One condition inside `{ ... }`, only obtainable from the builders below. */
export type TraceqlCondition = string & { readonly __brand: 'TraceqlCondition' };

const SCOPES: ReadonlySet<string> = new Set(['resource', 'span', '']);
const COMPARISONS: ReadonlySet<string> = new Set(['=', '!=', '>', '>=', '<', '<=']);
const STRING_OPS: ReadonlySet<string> = new Set(['=', '!=', '=~', '!~']);
const EQUALITY_OPS: ReadonlySet<string> = new Set(['=', '!=']);
const STATUSES: ReadonlySet<string> = new Set(['error', 'ok', 'unset']);
const KINDS: ReadonlySet<string> = new Set(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer']);
const STRING_INTRINSICS: ReadonlySet<string> = new Set(['name', 'statusMessage', 'rootName', 'rootServiceName']);

/** Attribute names that need no quoting: dotted segments of letters, digits, `_`, `-`, `/`, starting with a letter or `_`. */
const PLAIN_ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_/-]*(?:\.[A-Za-z0-9_/-]+)*$/;
const MAX_ATTRIBUTE_LENGTH = 1024;

function assertEncodable(value: string, what: string): void {
  if (value.includes('\u0000')) throw new TypeError(`TraceQL ${what} contains a NUL character`);
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value)) {
    throw new TypeError(`TraceQL ${what} contains a lone UTF-16 surrogate`);
  }
}

/**
 * Escapes `value` for use between double quotes in TraceQL; returns the body only. Throws for a value that
 * no double-quoted TraceQL string can hold (a newline, a NUL, a lone surrogate); traceqlString handles
 * newlines with a raw string.
 */
export function escapeTraceqlString(value: string): string {
  assertEncodable(value, 'string');
  if (value.includes('\n')) throw new TypeError('A double-quoted TraceQL string cannot contain a newline');
  return value.replace(/[\\"]/g, '\\$&');
}

/** The value as a complete TraceQL string literal: double-quoted, or a `raw string` when it holds a newline. */
export function traceqlString(value: string): string {
  assertEncodable(value, 'string');
  if (!value.includes('\n')) return `"${escapeTraceqlString(value)}"`;
  // Go drops \r from raw strings and a raw string cannot hold a backtick: such a value has no literal.
  if (value.includes('`') || value.includes('\r')) {
    throw new TypeError('This TraceQL value mixes a newline with a backtick or carriage return and cannot be written as a literal');
  }
  return '`' + value + '`';
}

/**
 * An attribute reference: `span.http.status_code`, `resource.service.name`, `.service.name`. A name with
 * other characters is quoted (`span."my attr"`), which Tempo reads since 2.4; Tempo 2.0 cannot address
 * such attributes at all.
 */
export function attributeRef(scope: TraceqlScope, name: string): string {
  if (!SCOPES.has(scope)) throw new TypeError(`Invalid TraceQL scope: ${JSON.stringify(scope)}`);
  if (name.length === 0) throw new TypeError('A TraceQL attribute name cannot be empty');
  if (name.length > MAX_ATTRIBUTE_LENGTH) throw new TypeError('TraceQL attribute name is too long');
  assertEncodable(name, 'attribute name');
  const written = PLAIN_ATTRIBUTE.test(name) ? name : `"${name.replace(/[\\"]/g, '\\$&')}"`;
  return `${scope}.${written}`;
}

function staticValue(value: string | number | boolean, op: TraceqlOp): string {
  if (typeof value === 'string') {
    if (!STRING_OPS.has(op)) throw new TypeError(`Operator ${op} does not apply to a string in TraceQL`);
    return traceqlString(value);
  }
  if (typeof value === 'boolean') {
    if (!EQUALITY_OPS.has(op)) throw new TypeError(`Operator ${op} does not apply to a boolean in TraceQL`);
    return value ? 'true' : 'false';
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError('A TraceQL number must be finite');
  if (!COMPARISONS.has(op)) throw new TypeError(`Operator ${op} does not apply to a number in TraceQL`);
  const text = String(value);
  // 1e21 and 1e-7 have no TraceQL spelling; values that large or small are not attribute values we compare.
  if (/e/i.test(text)) throw new TypeError('This number is out of range for a TraceQL literal');
  return text;
}

/** `scope.name op value`, e.g. attributeCondition('span', 'http.status_code', '>=', 500). */
export function attributeCondition(
  scope: TraceqlScope,
  name: string,
  op: TraceqlOp,
  value: string | number | boolean,
): TraceqlCondition {
  const ref = attributeRef(scope, name);
  return `${ref} ${op} ${staticValue(value, op)}` as TraceqlCondition;
}

/** `status = error` (the span status intrinsic; a keyword, not a string). */
export function statusCondition(status: TraceqlStatus, op: '=' | '!=' = '='): TraceqlCondition {
  if (!STATUSES.has(status)) throw new TypeError(`Invalid TraceQL status: ${JSON.stringify(status)}`);
  if (!EQUALITY_OPS.has(op)) throw new TypeError(`Operator ${op} does not apply to status`);
  return `status ${op} ${status}` as TraceqlCondition;
}

/** `kind = server`. */
export function kindCondition(kind: TraceqlKind, op: '=' | '!=' = '='): TraceqlCondition {
  if (!KINDS.has(kind)) throw new TypeError(`Invalid TraceQL span kind: ${JSON.stringify(kind)}`);
  if (!EQUALITY_OPS.has(op)) throw new TypeError(`Operator ${op} does not apply to kind`);
  return `kind ${op} ${kind}` as TraceqlCondition;
}

/** `name = "GET /checkout"`, `rootServiceName = "frontend"`... */
export function intrinsicStringCondition(field: TraceqlStringIntrinsic, op: '=' | '!=' | '=~' | '!~', value: string): TraceqlCondition {
  if (!STRING_INTRINSICS.has(field)) throw new TypeError(`Invalid TraceQL intrinsic: ${JSON.stringify(field)}`);
  if (typeof value !== 'string') throw new TypeError(`${field} compares with a string`);
  return `${field} ${op} ${staticValue(value, op)}` as TraceqlCondition;
}

/**
 * A TraceQL duration literal for `ms` milliseconds: whole milliseconds as `500ms`, finer values in `us` or
 * `ns` (Go duration units, which Tempo reads) so no precision is lost.
 */
export function durationLiteral(ms: number): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new TypeError('A TraceQL duration must be a finite, non-negative number of milliseconds');
  if (Number.isInteger(ms)) return `${ms}ms`;
  const us = ms * 1000;
  if (Math.abs(us - Math.round(us)) < 1e-6) return `${Math.round(us)}us`;
  return `${Math.round(ms * 1_000_000)}ns`;
}

/** `duration > 500ms` (a span's) or `traceDuration > 2s` (the whole trace's). */
export function durationCondition(op: TraceqlComparison, ms: number, field: 'duration' | 'traceDuration' = 'duration'): TraceqlCondition {
  if (!COMPARISONS.has(op)) throw new TypeError(`Operator ${op} does not apply to a duration`);
  if (field !== 'duration' && field !== 'traceDuration') throw new TypeError(`Invalid duration field: ${JSON.stringify(field)}`);
  return `${field} ${op} ${durationLiteral(ms)}` as TraceqlCondition;
}

/**
 * `{ a && b && c }`; no conditions gives `{}` (every span). `join` '||' matches spans meeting any condition.
 */
export function spansetFilter(conditions: readonly TraceqlCondition[], join: '&&' | '||' = '&&'): string {
  if (join !== '&&' && join !== '||') throw new TypeError(`Invalid TraceQL join: ${JSON.stringify(join)}`);
  if (conditions.length === 0) return '{}';
  return `{ ${conditions.join(` ${join} `)} }`;
}
