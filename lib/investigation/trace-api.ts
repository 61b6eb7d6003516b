// The trace view's server functions, one per route handler: configured backends in, JSON-ready answers out.
import 'server-only';
import { loadTraceContext } from '../correlate/trace-context';
import { loadTraceProfile } from '../correlate/trace-profile';
import { loadTraceTimeline } from '../correlate/trace-timeline';
import type { Trace } from '../model/trace';
import type { TraceContextResponse, TraceProfileResponse, TraceTimelineResponse } from './api-types';
import { lokiBackend, prometheusBackend, pyroscopeBackend, tempoBackend } from './trace-backends';
import type { ContextRequest, ProfileRequest, TimelineRequest } from './trace-requests';
import { encodeTrace, type TraceTransport } from './trace-transport';
import { traceViewConfig } from './trace-view-config';

// Traces come from a cache (trace-backends.ts): encode each one once.
const encoded = new WeakMap<Trace, TraceTransport>();
function encodeOnce(trace: Trace): TraceTransport {
  let transport = encoded.get(trace);
  if (!transport) {
    transport = encodeTrace(trace);
    encoded.set(trace, transport);
  }
  return transport;
}

export async function getTraceTimeline(request: TimelineRequest, signal?: AbortSignal): Promise<TraceTimelineResponse> {
  const started = performance.now();
  const config = traceViewConfig();
  const timeline = await loadTraceTimeline(
    request.traceId,
    { tempo: (await tempoBackend()).client, loki: (await lokiBackend()).client },
    {
      ...(request.range ? { range: request.range } : {}),
      logPadMs: config.logPadMs,
      logLimit: config.logLimit,
      maxParallelRangeMs: config.maxParallelRangeMs,
      signal,
    },
  );
  const trace = timeline.trace.status === 'ok' ? { ...timeline.trace, data: encodeOnce(timeline.trace.data) } : timeline.trace;
  return { traceId: timeline.traceId, trace, logs: timeline.logs, tookMs: performance.now() - started };
}

export async function getTraceContext(request: ContextRequest, signal?: AbortSignal): Promise<TraceContextResponse> {
  const prometheus = await prometheusBackend();
  return loadTraceContext(
    { prometheus: prometheus.client, ...(prometheus.key ? { prometheusKey: prometheus.key } : {}) },
    {
      traceId: request.traceId,
      services: request.services,
      window: request.window,
      atMs: request.atMs,
      points: traceViewConfig().contextPoints,
      signal,
    },
  );
}

export async function getTraceProfile(request: ProfileRequest, signal?: AbortSignal): Promise<TraceProfileResponse> {
  return loadTraceProfile(
    request.traceId,
    { tempo: (await tempoBackend()).client, pyroscope: (await pyroscopeBackend()).client },
    {
      spanId: request.spanId,
      profileTypeId: request.profileTypeId,
      baseline: request.baseline,
      ...(request.range ? { range: request.range } : {}),
      maxNodes: traceViewConfig().profileMaxNodes,
      signal,
    },
  );
}
