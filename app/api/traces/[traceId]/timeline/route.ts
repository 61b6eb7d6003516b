// GET /api/traces/<id>/timeline?from&to: the trace and its placed log lines, each source ok or its error.
import { getTraceTimeline } from '@/lib/investigation/trace-api';
import { parseTimelineRequest } from '@/lib/investigation/trace-requests';
import { badRequest, respondJson, serverTiming } from '@/lib/investigation/route-json';
import { currentTimeMs } from '@/lib/time-range';
import { timelineJson } from './timeline-json';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ traceId: string }> }): Promise<Response> {
  const { traceId } = await context.params;
  const parsed = parseTimelineRequest(traceId, new URL(request.url).searchParams, currentTimeMs());
  if (!parsed.ok) return badRequest(parsed.error);
  try {
    const body = await getTraceTimeline(parsed.value, request.signal);
    const timing = serverTiming([
      { name: 'tempo', durationMs: body.trace.tookMs },
      { name: 'loki', durationMs: body.logs.tookMs },
      { name: 'total', durationMs: body.tookMs },
    ]);
    // respondJson's 200, with the body written by timelineJson (which reuses a cached trace's JSON).
    return new Response(timelineJson(body), {
      status: 200,
      headers: { 'Cache-Control': 'no-store', 'Content-Type': 'application/json', ...(timing ? { 'Server-Timing': timing } : {}) },
    });
  } catch (error) {
    // Failures get respondJson's answers (401/403 without a session or tenant, else a plain 500 and a log line).
    return respondJson(() => Promise.reject(error));
  }
}
