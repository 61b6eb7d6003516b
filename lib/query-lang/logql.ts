// Building LogQL from values we do not control (service names, trace ids, search text). Every value goes
// through one escaper, every label name is validated, and a stream selector that Loki would reject is
// refused here, before a round trip.
// Grammar: https://grafana.com/docs/loki/latest/query/log_queries/
// Loki's lexer reads string literals with Go's strconv.Unquote, so Go's escape rules apply.
import { unpaddedHex } from '../model/ids';
import { escapeGoString, quoteRegexMeta } from './go-string';
import type { TraceId } from '../model/trace';

export type LogqlMatchOp = '=' | '!=' | '=~' | '!~';
export type LogqlLineFilterOp = '|=' | '!=' | '|~' | '!~';

export interface LogqlMatcher {
  name: string;
  op: LogqlMatchOp;
  value: string;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MATCH_OPS: ReadonlySet<string> = new Set(['=', '!=', '=~', '!~']);
const LINE_FILTER_OPS: ReadonlySet<string> = new Set(['|=', '!=', '|~', '!~']);

export function isValidLogqlLabelName(name: string): boolean {
  return LABEL_NAME.test(name);
}

/**
 * Escapes `value` for use between double quotes in LogQL (Go string-literal rules, see go-string.ts);
 * returns the body only. U+2028/U+2029 are escaped too.
 */
export function escapeLogqlString(value: string): string {
  return escapeGoString(value, { language: 'LogQL', escapeLineSeparators: true });
}

/** The value as a complete double-quoted LogQL string literal. */
export function logqlString(value: string): string {
  return `"${escapeLogqlString(value)}"`;
}

/** Escapes RE2 metacharacters (like Go's regexp.QuoteMeta) so `value` matches literally inside a regex. */
export function escapeRegexForLogql(value: string): string {
  return quoteRegexMeta(value);
}

/**
 * Whether an RE2 regex, anchored as Loki anchors label matchers, can match the empty string. Checked with
 * the JS engine after lifting a leading flag group; a pattern JS cannot compile is assumed to match empty,
 * so the selector check errs on the side of refusing.
 */
function regexMayMatchEmpty(pattern: string): boolean {
  const flagsMatch = /^\(\?([imsU]+)\)/.exec(pattern);
  const body = flagsMatch ? pattern.slice(flagsMatch[0].length) : pattern;
  const flags = flagsMatch ? [...new Set(flagsMatch[1].replace(/U/g, '').split(''))].join('') : '';
  try {
    return new RegExp(`^(?:${body})$`, flags).test('');
  } catch {
    return true;
  }
}

function matcherNeedsNonEmpty(matcher: LogqlMatcher): boolean {
  if (matcher.op === '=') return matcher.value !== '';
  if (matcher.op === '=~') return !regexMayMatchEmpty(matcher.value);
  return false;
}

/**
 * A stream selector `{name="value", ...}`. Throws when a label name is invalid, an operator unknown, or no
 * matcher is an equality or regex matcher that cannot match the empty string: Loki refuses such selectors
 * ("queries require at least one regexp or equality matcher that does not have an empty-compatible value").
 */
export function streamSelector(matchers: readonly LogqlMatcher[]): string {
  if (matchers.length === 0) throw new TypeError('A LogQL stream selector needs at least one matcher');
  const parts = matchers.map((matcher) => {
    if (!isValidLogqlLabelName(matcher.name)) throw new TypeError(`Invalid Loki label name: ${JSON.stringify(matcher.name)}`);
    if (!MATCH_OPS.has(matcher.op)) throw new TypeError(`Invalid LogQL matcher operator: ${JSON.stringify(matcher.op)}`);
    return `${matcher.name}${matcher.op}${logqlString(matcher.value)}`;
  });
  if (!matchers.some(matcherNeedsNonEmpty)) {
    throw new TypeError('A LogQL stream selector needs a matcher that cannot match the empty value (e.g. service="checkout")');
  }
  return `{${parts.join(', ')}}`;
}

/** One line filter stage, e.g. `|= "timeout"`; for |~ and !~ the value is an RE2 pattern. */
export function lineFilter(op: LogqlLineFilterOp, value: string): string {
  if (!LINE_FILTER_OPS.has(op)) throw new TypeError(`Invalid LogQL line filter operator: ${JSON.stringify(op)}`);
  return `${op} ${logqlString(value)}`;
}

/** `|= "value"`: lines containing `value` literally (case-sensitive). */
export function lineContains(value: string): string {
  return lineFilter('|=', value);
}

export interface TraceIdLogQueryInput {
  /** Stream matchers narrowing the search, e.g. [{ name: 'job', op: '=', value: 'shop' }]. */
  selector: readonly LogqlMatcher[];
  traceId: TraceId;
}

/**
 * A log query for the lines of one trace. Services print trace ids in three ways: 32 hex (OpenTelemetry,
 * W3C), 16 hex for 64-bit ids (Jaeger/Zipkin), and hex without leading zeros (Jaeger clients use %x; Loki's
 * own logs do). Our ids are 32 hex, so:
 *  - an id whose first digit is not zero can only be printed one way: a plain `|= "<32 hex>"` filter,
 *    the cheapest filter Loki has;
 *  - otherwise a cheap `|= "<hex without leading zeros>"` prunes lines first, and a word-bounded regex
 *    `\b0*<hex without leading zeros>\b` then accepts the padded, 16-hex and unpadded spellings while
 *    rejecting a different id that merely ends with the same digits.
 * One query, not two, so the lines come back in one time-ordered page with one limit. Hex is matched in
 * lowercase: W3C trace context mandates it and every SDK we know prints it so.
 */
export function traceIdLogQuery(input: TraceIdLogQueryInput): string {
  const selector = streamSelector(input.selector);
  const unpadded = unpaddedHex(input.traceId);
  if (unpadded.length === 32) return `${selector} ${lineContains(unpadded)}`;
  return `${selector} ${lineContains(unpadded)} ${lineFilter('|~', `\\b0*${unpadded}\\b`)}`;
}
