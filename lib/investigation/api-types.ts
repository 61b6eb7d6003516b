// What the trace view's route handlers answer, shared by the handlers and the components that read them.
// Every backend-backed part is a SourceResult: ok with its data, or the failed backend and why.
import type { SourceResult } from '../correlate/source-result';
import type { TraceContext } from '../correlate/trace-context';
import type { TraceProfile } from '../correlate/trace-profile';
import type { TimelineLogs } from '../correlate/trace-timeline';
import type { TraceId } from '../model/trace';
import type { TraceTransport } from './trace-transport';

/** GET /api/traces/[traceId]/timeline?from&to */
export interface TraceTimelineResponse {
  traceId: TraceId;
  trace: SourceResult<TraceTransport>;
  logs: SourceResult<TimelineLogs>;
  /** Wall time of the whole join on the server, ms. */
  tookMs: number;
}

/** GET /api/traces/[traceId]/context?services&from&to&at */
export type TraceContextResponse = TraceContext;

/** GET /api/traces/[traceId]/profile?span&profileType&baseline&from&to */
export type TraceProfileResponse = TraceProfile;

/** Any 4xx/5xx answer of these handlers: a message safe to show, never a stack trace. */
export interface ApiErrorBody {
  error: string;
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as { error?: unknown }).error === 'string';
}
