// GET /api/slo: the SLO definitions. POST /api/slo { definition }: create one (its queries are run against
// Prometheus first: 422 with each problem when they fail).
import { badRequest } from '@/lib/investigation/route-json';
import { parseCreateBody } from '@/lib/slo/requests';
import { readJsonBody, respondFound, respondOutcome } from '@/lib/slo/route-response';
import { createSloFromUi, getSloList } from '@/lib/slo/slo-service';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  return respondFound(async () => ({ slos: await getSloList() }));
}

export async function POST(request: Request): Promise<Response> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = parseCreateBody(body.value);
  if (!parsed.ok) return badRequest(parsed.error);
  return respondOutcome(() => createSloFromUi(parsed.value, request.signal));
}
