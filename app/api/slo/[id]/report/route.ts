// GET /api/slo/<id>/report?from&to: everything the SLO page shows — burn rates, budget and burn-down, the SLI
// over the range, trace links from the worst window. Each Prometheus part is ok or its own error.
import { badRequest } from '@/lib/investigation/route-json';
import { parseSloId, parseSloRange } from '@/lib/slo/requests';
import { respondFound } from '@/lib/slo/route-response';
import { getSloReport } from '@/lib/slo/slo-service';
import { currentTimeMs } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const id = parseSloId((await context.params).id);
  if (!id.ok) return badRequest(id.error);
  const range = parseSloRange(new URL(request.url).searchParams, currentTimeMs());
  if (!range.ok) return badRequest(range.error);
  return respondFound(() => getSloReport(id.value, range.value, request.signal));
}
