// GET /api/traces/<id>/context?services=a,b&from&to&at: RED series and exemplars of the trace's services.
import { getTraceContext } from '@/lib/investigation/trace-api';
import { parseContextRequest } from '@/lib/investigation/trace-requests';
import { badRequest, respondJson } from '@/lib/investigation/route-json';
import { currentTimeMs } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ traceId: string }> }): Promise<Response> {
  const { traceId } = await context.params;
  const parsed = parseContextRequest(traceId, new URL(request.url).searchParams, currentTimeMs());
  if (!parsed.ok) return badRequest(parsed.error);
  return respondJson(() => getTraceContext(parsed.value, request.signal));
}
