// GET /api/traces/<id>/timeline?from&to: the trace and its placed log lines, each source ok or its error.
import { getTraceTimeline } from '@/lib/investigation/trace-api';
import { parseTimelineRequest } from '@/lib/investigation/trace-requests';
import { badRequest, respondJson } from '@/lib/investigation/route-json';
import { currentTimeMs } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ traceId: string }> }): Promise<Response> {
  const { traceId } = await context.params;
  const parsed = parseTimelineRequest(traceId, new URL(request.url).searchParams, currentTimeMs());
  if (!parsed.ok) return badRequest(parsed.error);
  return respondJson(
    () => getTraceTimeline(parsed.value, request.signal),
    (body) => [
      { name: 'tempo', durationMs: body.trace.tookMs },
      { name: 'loki', durationMs: body.logs.tookMs },
      { name: 'total', durationMs: body.tookMs },
    ],
  );
}
