// GET /api/traces/<id>/profile?span&profileType&baseline=hour|none|<from>-<to>&from&to: the span's profile plan,
// its flame graph, the profile types for the picker and an optional diff against a baseline.
import { getTraceProfile } from '@/lib/investigation/trace-api';
import { parseProfileRequest } from '@/lib/investigation/trace-requests';
import { badRequest, respondJson } from '@/lib/investigation/route-json';
import { currentTimeMs } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ traceId: string }> }): Promise<Response> {
  const { traceId } = await context.params;
  const parsed = parseProfileRequest(traceId, new URL(request.url).searchParams, currentTimeMs());
  if (!parsed.ok) return badRequest(parsed.error);
  return respondJson(
    () => getTraceProfile(parsed.value, request.signal),
    (body) => [
      { name: 'plan', durationMs: body.plan.tookMs },
      ...(body.graph ? [{ name: 'pyroscope', durationMs: body.graph.tookMs }] : []),
    ],
  );
}
