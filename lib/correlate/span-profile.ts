// Which profile to show for a span: its own span profile when the service labels profiles with span ids
// (Go's otel-profiling sets `pyroscope.profile.id` on the local root span it labels), else the service's
// profile over the span's window with padding. The view says which of the two it shows.
import type { PyroscopeClient } from '../datasources/pyroscope/client';
import { DatasourceError } from '../datasources/errors';
import type { FlameGraph } from '../model/profile';
import type { Span, SpanId } from '../model/trace';
import { settleSource, type SourceResult } from './source-result';

export const PROFILE_ID_ATTRIBUTE = 'pyroscope.profile.id';
export const DEFAULT_PROFILE_TYPE = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
/** Profiles arrive in chunks of ~10-15 s: a shorter window around a span would often be empty. */
export const MIN_PROFILE_WINDOW_MS = 30_000;
export const PROFILE_SERVICE_LABEL = 'service_name';

export type ProfilePlan =
  | { mode: 'span'; service: string; spanId: SpanId; profiledSpanId: SpanId; startMs: number; endMs: number; reason: string }
  | { mode: 'service'; service: string; startMs: number; endMs: number; reason: string };

/** A window around [startMs, endMs] of at least MIN_PROFILE_WINDOW_MS, centred on the span. */
export function paddedWindow(startMs: number, endMs: number, minMs = MIN_PROFILE_WINDOW_MS): { startMs: number; endMs: number } {
  const length = endMs - startMs;
  if (length >= minMs) return { startMs, endMs };
  const pad = (minMs - length) / 2;
  return { startMs: Math.floor(startMs - pad), endMs: Math.ceil(endMs + pad) };
}

/**
 * Plans the profile for `span`: its own span profile, that of the nearest ancestor of the same service that
 * carries a profile id (samples are labelled per local root), or the service's profile around the span.
 */
export function planSpanProfile(span: Span, spansById: ReadonlyMap<string, Span>): ProfilePlan {
  const spanEndMs = span.startMs + span.durationNs / 1e6;
  for (let current: Span | undefined = span; current && current.serviceName === span.serviceName; ) {
    if (typeof current.attributes[PROFILE_ID_ATTRIBUTE] === 'string') {
      const window = paddedWindow(current.startMs, current.startMs + current.durationNs / 1e6);
      const own = current.spanId === span.spanId;
      return {
        mode: 'span',
        service: span.serviceName,
        spanId: span.spanId,
        profiledSpanId: current.spanId,
        ...window,
        reason: own
          ? 'Span profile: only the CPU samples taken while this span ran.'
          : `Span profile of "${current.name}", the ${span.serviceName} request this span belongs to (samples are labelled per request).`,
      };
    }
    current = current.parentSpanId ? spansById.get(current.parentSpanId) : undefined;
  }
  const window = paddedWindow(span.startMs, spanEndMs);
  return {
    mode: 'service',
    service: span.serviceName,
    ...window,
    reason: `${span.serviceName} does not label profiles with span ids: showing the whole service over the span's window (${Math.round((window.endMs - window.startMs) / 1000)} s).`,
  };
}

export interface SpanProfileResult {
  plan: ProfilePlan;
  profileTypeId: string;
  graph: SourceResult<FlameGraph>;
  /** The baseline the diff compares against, when asked for. */
  baseline?: SourceResult<FlameGraph> & { startMs: number; endMs: number };
}

export interface LoadProfileOptions {
  profileTypeId: string;
  maxNodes: number;
  /** Compare with this window of the same service (e.g. an hour earlier). */
  baseline?: { startMs: number; endMs: number };
  signal?: AbortSignal;
}

function notConfigured(): never {
  throw new DatasourceError({ backend: 'pyroscope', kind: 'not-configured', message: 'No pyroscope datasource is configured' });
}

export type SpanProfilePyroscope = Pick<PyroscopeClient, 'selectMergeStacktraces' | 'selectMergeSpanProfile'>;

export async function loadSpanProfile(
  plan: ProfilePlan,
  pyroscope: SpanProfilePyroscope | null,
  options: LoadProfileOptions,
): Promise<SpanProfileResult> {
  const { profileTypeId, maxNodes, signal, baseline } = options;
  const labelSelector = [{ name: PROFILE_SERVICE_LABEL, op: '=' as const, value: plan.service }];
  const graphPromise = settleSource('pyroscope', () => {
    if (!pyroscope) notConfigured();
    const params = { profileTypeId, labelSelector, startMs: plan.startMs, endMs: plan.endMs, maxNodes };
    return plan.mode === 'span'
      ? pyroscope.selectMergeSpanProfile({ ...params, spanSelector: [plan.profiledSpanId] }, { signal })
      : pyroscope.selectMergeStacktraces(params, { signal });
  });
  const baselinePromise = baseline
    ? settleSource('pyroscope', () => {
        if (!pyroscope) notConfigured();
        return pyroscope.selectMergeStacktraces({ profileTypeId, labelSelector, ...baseline, maxNodes }, { signal });
      })
    : undefined;
  const [graph, baselineGraph] = await Promise.all([graphPromise, baselinePromise]);
  return {
    plan,
    profileTypeId,
    graph,
    ...(baselineGraph && baseline ? { baseline: { ...baselineGraph, ...baseline } } : {}),
  };
}
