// PromQL for a ratio SLI. An event query is written one of two ways:
//   - a template with Sloth's window placeholder: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
//   - a bare counter selector:                    http_requests_total{code=~"5.."}  ->  sum(rate(<it>[<window>]))
// Either way it yields events per second over the window, one series. The error ratio of a window is
// bad / total, or 1 - good / total. Queries are the SLO author's own PromQL (like an alert rule's expression):
// they are checked with the official grammar here and against the datasource before saving, never built
// from request parameters.
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { formatDuration } from './durations';

export const WINDOW_PLACEHOLDER = '{{.window}}';
// Go templates allow spaces inside the braces; Sloth specs in the field use both forms.
const PLACEHOLDER_PATTERN = /\{\{\s*\.window\s*\}\}/g;

export const MAX_QUERY_LENGTH = 4000;

export type SliType = 'good' | 'bad';

/** The SLI: events that count against the objective (bad) or for it (good), over all events. */
export type Sli = { type: 'bad'; badQuery: string; totalQuery: string } | { type: 'good'; goodQuery: string; totalQuery: string };

export type EventQueryForm = 'template' | 'selector';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** Writes every spelling of the placeholder as `{{.window}}`. */
export function normalizePlaceholder(query: string): string {
  return query.replace(PLACEHOLDER_PATTERN, WINDOW_PLACEHOLDER);
}

function hasPlaceholder(query: string): boolean {
  return new RegExp(PLACEHOLDER_PATTERN.source).test(query);
}

/** The first syntax error of a PromQL expression ("syntax error at character 12 (near ')')"), or null. */
export function promqlSyntaxError(expr: string): string | null {
  if (expr.trim() === '') return 'the query is empty';
  const tree = parser.parse(expr);
  let errorAt: number | null = null;
  tree.iterate({
    enter: (node) => {
      if (errorAt === null && node.type.isError) errorAt = node.from;
      return errorAt === null;
    },
  });
  if (errorAt === null) return null;
  const at: number = errorAt;
  const near = expr.slice(Math.max(0, at - 10), at + 10).replace(/\s+/g, ' ');
  return `syntax error at character ${at + 1} (near "${near}")`;
}

function topExpression(expr: string): SyntaxNode | null {
  const root = parser.parse(expr).topNode;
  return root.firstChild;
}

/** Which form an event query has, or why it has neither. */
export function eventQueryForm(query: string): Checked<EventQueryForm> {
  const text = normalizePlaceholder(query.trim());
  if (text === '') return { ok: false, error: 'is empty' };
  if (text.length > MAX_QUERY_LENGTH) return { ok: false, error: `is longer than ${MAX_QUERY_LENGTH} characters` };
  if (text.includes('\u0000')) return { ok: false, error: 'contains a NUL character' };
  if (hasPlaceholder(text)) {
    const error = promqlSyntaxError(text.replaceAll(WINDOW_PLACEHOLDER, '5m'));
    return error ? { ok: false, error } : { ok: true, value: 'template' };
  }
  const error = promqlSyntaxError(text);
  if (error) return { ok: false, error };
  const top = topExpression(text);
  if (top?.name === 'VectorSelector') return { ok: true, value: 'selector' };
  return {
    ok: false,
    error: `is neither a counter selector (http_requests_total{code=~"5.."}) nor a query with the window placeholder ${WINDOW_PLACEHOLDER} (sum(rate(http_requests_total{code=~"5.."}[${WINDOW_PLACEHOLDER}])))`,
  };
}

/** The event query over one window: events per second, e.g. sum(rate(x[1h])). Throws for a query of neither form. */
export function renderEventQuery(query: string, windowMs: number): string {
  const form = eventQueryForm(query);
  if (!form.ok) throw new TypeError(`Invalid event query: ${form.error}`);
  const window = formatDuration(windowMs);
  const text = normalizePlaceholder(query.trim());
  return form.value === 'template' ? text.replaceAll(WINDOW_PLACEHOLDER, window) : `sum(rate(${text}[${window}]))`;
}

/** The event query as a template with the placeholder (a selector becomes sum(rate(<it>[{{.window}}]))). */
export function eventQueryTemplate(query: string): string {
  const form = eventQueryForm(query);
  if (!form.ok) throw new TypeError(`Invalid event query: ${form.error}`);
  const text = normalizePlaceholder(query.trim());
  return form.value === 'template' ? text : `sum(rate(${text}[${WINDOW_PLACEHOLDER}]))`;
}

/** The SLI's queries over one window. `numerator` is the bad or good events, per sli.type. */
export interface SliWindowQueries {
  numerator: string;
  total: string;
  /** The share of bad events in the window. */
  errorRatio: string;
}

export function numeratorQuery(sli: Sli): string {
  return sli.type === 'bad' ? sli.badQuery : sli.goodQuery;
}

/** Error ratio from rendered parts: (bad) / (total), or 1 - ((good) / (total)). */
export function errorRatioFrom(type: SliType, numerator: string, total: string): string {
  return type === 'bad' ? `(${numerator}) / (${total})` : `1 - ((${numerator}) / (${total}))`;
}

/** The SLI's PromQL over a window (`sliQueries(slo.sli, 3_600_000).errorRatio` is its 1-hour error ratio). */
export function sliQueries(sli: Sli, windowMs: number): SliWindowQueries {
  const numerator = renderEventQuery(numeratorQuery(sli), windowMs);
  const total = renderEventQuery(sli.totalQuery, windowMs);
  return { numerator, total, errorRatio: errorRatioFrom(sli.type, numerator, total) };
}

/** Checks both queries of an SLI; the message names the field. */
export function checkSli(sli: Sli): Checked<Sli> {
  const numeratorField = sli.type === 'bad' ? 'badQuery' : 'goodQuery';
  const numerator = eventQueryForm(numeratorQuery(sli));
  if (!numerator.ok) return { ok: false, error: `${numeratorField} ${numerator.error}` };
  const total = eventQueryForm(sli.totalQuery);
  if (!total.ok) return { ok: false, error: `totalQuery ${total.error}` };
  const errorRatio = promqlSyntaxError(sliQueries(sli, 300_000).errorRatio);
  if (errorRatio) return { ok: false, error: `the error ratio built from the queries has a ${errorRatio}` };
  return { ok: true, value: sli };
}
