// The trace view's state in the URL: /trace/<id>?span=&tab=&from=&to=&profileType=&diff=. Reading is lenient
// (a hand-edited or stale link still opens the trace, with defaults for what does not parse); writing is
// canonical (fixed parameter order, defaults left out) so the same view always has the same address.
import { isSpanId } from '../model/ids';
import type { SpanId, TraceId } from '../model/trace';
import type { RawTimeRange, SearchParamsInput } from '../time-range';

export const TRACE_TABS = ['logs', 'details', 'metrics', 'profile'] as const;
export type TraceTab = (typeof TRACE_TABS)[number];
export const DEFAULT_TRACE_TAB: TraceTab = 'logs';

/** What the profile is compared with: nothing, the same window an hour earlier, or a chosen absolute range. */
export type BaselineSpec = { kind: 'none' } | { kind: 'hour' } | { kind: 'range'; startMs: number; endMs: number };

export interface TraceViewState {
  spanId: SpanId | null;
  tab: TraceTab;
  /** The range as written in the URL, or null when the URL has none (the trace then tells where to look). */
  range: RawTimeRange | null;
  /** A Pyroscope profile type id; null means the default (CPU). */
  profileType: string | null;
  diff: BaselineSpec;
}

export const DEFAULT_TRACE_VIEW: TraceViewState = { spanId: null, tab: DEFAULT_TRACE_TAB, range: null, profileType: null, diff: { kind: 'none' } };

/** name:sampleType:sampleUnit:periodType:periodUnit, each part a plain token. */
const PROFILE_TYPE_ID = /^[A-Za-z0-9_.-]{1,64}(?::[A-Za-z0-9_.-]{0,64}){4}$/;
const BASELINE_RANGE = /^(\d{1,16})-(\d{1,16})$/;

export function isProfileTypeId(value: string): boolean {
  return PROFILE_TYPE_ID.test(value);
}

function read(params: SearchParamsInput, name: string): string | null {
  if (typeof (params as { get?: unknown }).get === 'function') {
    return (params as { get(name: string): string | null }).get(name);
  }
  const value = (params as Record<string, string | string[] | undefined>)[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

/** `hour`, `none` or `<fromMs>-<toMs>`; null for anything else. */
export function parseBaselineSpec(value: string | null | undefined): BaselineSpec | null {
  if (value === null || value === undefined || value === '' || value === 'none') return { kind: 'none' };
  if (value === 'hour') return { kind: 'hour' };
  const match = BASELINE_RANGE.exec(value);
  if (!match) return null;
  const startMs = Number(match[1]);
  const endMs = Number(match[2]);
  if (!Number.isSafeInteger(startMs) || !Number.isSafeInteger(endMs) || endMs <= startMs) return null;
  return { kind: 'range', startMs, endMs };
}

export function formatBaselineSpec(spec: BaselineSpec): string {
  if (spec.kind === 'range') return `${spec.startMs}-${spec.endMs}`;
  return spec.kind;
}

/** The view state from a page's search params. Never throws: unknown values fall back to defaults. */
export function parseTraceViewState(params: SearchParamsInput): TraceViewState {
  const span = read(params, 'span')?.trim().toLowerCase() ?? '';
  const tab = read(params, 'tab') ?? '';
  const from = read(params, 'from')?.trim() ?? '';
  const to = read(params, 'to')?.trim() ?? '';
  const profileType = read(params, 'profileType')?.trim() ?? '';
  return {
    spanId: isSpanId(span) ? span : null,
    tab: (TRACE_TABS as readonly string[]).includes(tab) ? (tab as TraceTab) : DEFAULT_TRACE_TAB,
    // Half a range is no range: the trace decides where to look.
    range: from !== '' && to !== '' ? { from, to } : null,
    profileType: isProfileTypeId(profileType) ? profileType : null,
    diff: parseBaselineSpec(read(params, 'diff')) ?? { kind: 'none' },
  };
}

/** Canonical search params for a view state: span, tab, from, to, profileType, diff; defaults omitted. */
export function traceViewSearchParams(state: TraceViewState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.spanId) params.set('span', state.spanId);
  if (state.tab !== DEFAULT_TRACE_TAB) params.set('tab', state.tab);
  if (state.range) {
    params.set('from', state.range.from);
    params.set('to', state.range.to);
  }
  if (state.profileType) params.set('profileType', state.profileType);
  if (state.diff.kind !== 'none') params.set('diff', formatBaselineSpec(state.diff));
  return params;
}

export function traceViewHref(traceId: TraceId, state: TraceViewState = DEFAULT_TRACE_VIEW): string {
  const query = traceViewSearchParams(state).toString();
  return `/trace/${traceId}${query ? `?${query}` : ''}`;
}

/** A link to another trace (an exemplar, a span link), keeping only the time range. */
export function otherTraceHref(traceId: string, range: RawTimeRange | null, spanId?: string): string {
  const params = new URLSearchParams();
  if (spanId) params.set('span', spanId);
  if (range) {
    params.set('from', range.from);
    params.set('to', range.to);
  }
  const query = params.toString();
  return `/trace/${encodeURIComponent(traceId)}${query ? `?${query}` : ''}`;
}
