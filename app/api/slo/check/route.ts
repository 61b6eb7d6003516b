// POST /api/slo/check { sli }: runs the SLI's queries once against Prometheus (the form's "Check queries").
import { badRequest } from '@/lib/investigation/route-json';
import { parseCheckBody } from '@/lib/slo/requests';
import { readJsonBody, respondFound } from '@/lib/slo/route-response';
import { checkQueries } from '@/lib/slo/slo-service';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = parseCheckBody(body.value);
  if (!parsed.ok) return badRequest(parsed.error);
  return respondFound(() => checkQueries({ sli: parsed.value }, request.signal));
}
