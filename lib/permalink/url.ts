// View state <-> URL. A view's address is `path?params&from=&to=`; a permalink keeps the path, the other
// parameters in their order, and the range pinned to epoch milliseconds. Pure: the clock is passed in.
import { isRelativeExpr, parseTimeRange, type ParseResult, type RawTimeRange } from '../time-range';
import {
  checkViewPath,
  MAX_PARAM_NAME_LENGTH,
  MAX_PARAM_VALUE_LENGTH,
  MAX_PARAMS,
  RANGE_PARAMS,
  type AbsoluteRange,
  type ViewParams,
} from './view-state';

/** A view as its URL says: the range as written (null when the URL has none). */
export interface ViewLocation {
  path: string;
  params: ViewParams;
  range: RawTimeRange | null;
}

/** Longest href accepted from a client (path + query). */
export const MAX_HREF_LENGTH = 32_768;

/**
 * Reads a same-origin href (`/trace/abc?span=..&from=now-1h&to=now`). A fragment is dropped (the server never
 * sees it, so no view keeps state there). Only one `from` and one `to`; half a range counts as none, as in the
 * trace view, and is filled in by the caller's default.
 */
export function parseViewHref(href: string): ParseResult<ViewLocation> {
  if (href.length > MAX_HREF_LENGTH) return fail(`The address is longer than ${MAX_HREF_LENGTH} characters`);
  const noHash = href.split('#', 1)[0];
  const queryAt = noHash.indexOf('?');
  const path = checkViewPath(queryAt >= 0 ? noHash.slice(0, queryAt) : noHash);
  if (!path.ok) return path;
  let search: URLSearchParams;
  try {
    search = new URLSearchParams(queryAt >= 0 ? noHash.slice(queryAt + 1) : '');
  } catch {
    return fail('The query string cannot be read');
  }
  return locationFromParts(path.value, [...search.entries()]);
}

/** The same from a path and its parameters given separately (`{ path, params: { span: '..' } }`). */
export function locationFromParts(path: string, pairs: readonly (readonly [string, string])[]): ParseResult<ViewLocation> {
  const checked = checkViewPath(path);
  if (!checked.ok) return checked;
  const params: ViewParams = [];
  const range: Partial<RawTimeRange> = {};
  for (const [name, value] of pairs) {
    if (name === '' || name.length > MAX_PARAM_NAME_LENGTH) return fail(`A parameter name is empty or longer than ${MAX_PARAM_NAME_LENGTH} characters`);
    if (value.length > MAX_PARAM_VALUE_LENGTH) return fail(`The parameter "${clip(name)}" is longer than ${MAX_PARAM_VALUE_LENGTH} characters`);
    if (name === 'from' || name === 'to') {
      if (range[name] !== undefined) return fail(`Give "${name}" once`);
      range[name] = value.trim();
      continue;
    }
    params.push([name, value]);
  }
  if (params.length > MAX_PARAMS) return fail(`A view has at most ${MAX_PARAMS} parameters`);
  const from = range.from ?? '';
  const to = range.to ?? '';
  return { ok: true, value: { path: checked.value, params, range: from !== '' && to !== '' ? { from, to } : null } };
}

/**
 * The range pinned to epoch ms. Relative sides (`now-1h`) resolve against nowMs and drop their milliseconds,
 * so the stored range reads as whole seconds; sides already absolute are kept to the millisecond.
 */
export function absoluteRange(raw: RawTimeRange, nowMs: number): ParseResult<AbsoluteRange> {
  const parsed = parseTimeRange(raw, nowMs);
  if (!parsed.ok) return parsed;
  const pin = (expr: string, ms: number) => (isRelativeExpr(expr) ? Math.floor(ms / 1000) * 1000 : ms);
  const fromMs = pin(raw.from, parsed.value.fromMs);
  const toMs = pin(raw.to, parsed.value.toMs);
  if (toMs <= fromMs) return fail('The time range is shorter than a second');
  return { ok: true, value: { fromMs, toMs } };
}

/** The view's address with the absolute range: the params in stored order, then `from` and `to`. */
export function viewHref(state: { path: string; params: ViewParams; range: AbsoluteRange }): string {
  const search = new URLSearchParams();
  for (const [name, value] of state.params) if (!RANGE_PARAMS.includes(name)) search.append(name, value);
  search.set('from', String(state.range.fromMs));
  search.set('to', String(state.range.toMs));
  return `${state.path}?${search.toString()}`;
}

/** Parameters given as an object (`{ tab: 'logs', services: ['a', 'b'] }`) as ordered pairs. */
export function paramsFromRecord(record: Readonly<Record<string, string | readonly string[]>>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(record)) {
    for (const one of typeof value === 'string' ? [value] : value) pairs.push([name, one]);
  }
  return pairs;
}

function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

function fail<T>(error: string): ParseResult<T> {
  return { ok: false, error };
}
