// GET /api/slo/<id>/summary?from&to: burn rates of the four window pairs and the period's budget at the end
// of the range (a list row, a home tile). Prometheus failing is part of the answer, not an error.
import { badRequest } from '@/lib/investigation/route-json';
import { parseSloId, parseSloRange } from '@/lib/slo/requests';
import { respondFound } from '@/lib/slo/route-response';
import { getSloSummary } from '@/lib/slo/slo-service';
import { currentTimeMs } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const id = parseSloId((await context.params).id);
  if (!id.ok) return badRequest(id.error);
  const range = parseSloRange(new URL(request.url).searchParams, currentTimeMs());
  if (!range.ok) return badRequest(range.error);
  return respondFound(() => getSloSummary(id.value, range.value, request.signal));
}
