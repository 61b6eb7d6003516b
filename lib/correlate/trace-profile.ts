// The profile of one span of a trace: read the trace (usually from the cache the timeline filled), plan
// span profile vs service profile (span-profile.ts), then fetch the graph, the profile types for the picker
// and, when asked, a baseline to diff against, all in parallel. Each source is ok or carries its error.
import { DatasourceError } from '../datasources/errors';
import type { PyroscopeClient } from '../datasources/pyroscope/client';
import type { FlameGraph, ProfileType } from '../model/profile';
import type { Span, SpanId, TraceId } from '../model/trace';
import { diffFlameTrees } from '../profile/diff';
import { countNodes } from '../profile/flame-tree';
import { settleSource, type SourceResult } from './source-result';
import { DEFAULT_PROFILE_TYPE, loadSpanProfile, planSpanProfile, type ProfilePlan } from './span-profile';
import { fetchTrace, type TraceFetcher } from './trace-timeline';

export type ProfilePyroscope = Pick<PyroscopeClient, 'selectMergeStacktraces' | 'selectMergeSpanProfile' | 'profileTypes'>;

export interface TraceProfileSources {
  tempo: TraceFetcher | null;
  pyroscope: ProfilePyroscope | null;
}

/** What to compare with: nothing, the plan's window an hour earlier, or an absolute range. */
export type BaselineRequest = { kind: 'none' } | { kind: 'hour' } | { kind: 'range'; startMs: number; endMs: number };

export interface TraceProfileOptions {
  spanId: SpanId;
  /** null: the default CPU profile type. */
  profileTypeId: string | null;
  baseline: BaselineRequest;
  /** A hint for Tempo (the view's range). */
  range?: { startMs: number; endMs: number };
  maxNodes: number;
  signal?: AbortSignal;
}

export interface BaselineSummary {
  startMs: number;
  endMs: number;
  /** The baseline's own graph is not sent (the diff carries its totals): only whether it loaded. */
  status: SourceResult<{ total: number; nodeCount: number }>;
}

export interface TraceProfile {
  traceId: TraceId;
  spanId: SpanId;
  profileTypeId: string;
  /** Span or service profile and why; an error when the trace or the span could not be read. */
  plan: SourceResult<ProfilePlan>;
  profileTypes: SourceResult<ProfileType[]>;
  /** null when there is no plan to fetch for. */
  graph: SourceResult<FlameGraph> | null;
  baseline: BaselineSummary | null;
  /** The graph with the baseline's totals attached per stack (diffFlameTrees), when both loaded. */
  diff: FlameGraph | null;
}

export const HOUR_MS = 3_600_000;

/** The baseline window for a plan: the same window an hour earlier, or the range asked for. */
export function baselineWindow(plan: ProfilePlan, baseline: BaselineRequest): { startMs: number; endMs: number } | null {
  if (baseline.kind === 'none') return null;
  if (baseline.kind === 'hour') return { startMs: plan.startMs - HOUR_MS, endMs: plan.endMs - HOUR_MS };
  return { startMs: baseline.startMs, endMs: baseline.endMs };
}

function notConfigured(): never {
  throw new DatasourceError({ backend: 'pyroscope', kind: 'not-configured', message: 'No pyroscope datasource is configured' });
}

export async function loadTraceProfile(traceId: TraceId, sources: TraceProfileSources, options: TraceProfileOptions): Promise<TraceProfile> {
  const { spanId, signal } = options;
  const profileTypeId = options.profileTypeId ?? DEFAULT_PROFILE_TYPE;

  // The picker's list does not depend on the span: ask for it while the trace is read.
  const typesPromise = settleSource('pyroscope', async () => {
    if (!sources.pyroscope) notConfigured();
    return sources.pyroscope.profileTypes(options.range, { signal });
  });

  const plan = await settleSource('tempo', async () => {
    const trace = await fetchTrace(sources.tempo, traceId, options.range, signal);
    const spansById = new Map<string, Span>();
    for (const span of trace.spans) if (!spansById.has(span.spanId)) spansById.set(span.spanId, span);
    const span = spansById.get(spanId);
    if (!span) {
      throw new DatasourceError({ backend: 'tempo', kind: 'not-found', message: `Span ${spanId} is not in trace ${traceId}` });
    }
    return planSpanProfile(span, spansById);
  });

  if (plan.status !== 'ok') {
    return { traceId, spanId, profileTypeId, plan, profileTypes: await typesPromise, graph: null, baseline: null, diff: null };
  }

  const window = baselineWindow(plan.data, options.baseline);
  const [loaded, profileTypes] = await Promise.all([
    loadSpanProfile(plan.data, sources.pyroscope, {
      profileTypeId,
      maxNodes: options.maxNodes,
      ...(window ? { baseline: window } : {}),
      signal,
    }),
    typesPromise,
  ]);

  let baseline: BaselineSummary | null = null;
  let diff: FlameGraph | null = null;
  if (loaded.baseline) {
    const { startMs, endMs, ...result } = loaded.baseline;
    baseline = {
      startMs,
      endMs,
      status: result.status === 'ok' ? { ...result, data: { total: result.data.root.total, nodeCount: result.data.nodeCount } } : result,
    };
    if (result.status === 'ok' && loaded.graph.status === 'ok') {
      const root = diffFlameTrees(result.data.root, loaded.graph.data.root);
      diff = { root, unit: loaded.graph.data.unit, nodeCount: countNodes(root) };
    }
  }
  return { traceId, spanId, profileTypeId, plan, profileTypes, graph: loaded.graph, baseline, diff };
}
