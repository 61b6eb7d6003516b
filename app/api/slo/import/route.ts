// POST /api/slo/import { yaml, dryRun }: Sloth prometheus/v1 specs and OpenSLO v1 SLO documents. 422 names the
// document and field Weft cannot use, or the queries Prometheus refused; nothing is saved then.
import { badRequest } from '@/lib/investigation/route-json';
import { parseImportBody } from '@/lib/slo/requests';
import { readJsonBody, respondOutcome } from '@/lib/slo/route-response';
import { importSlos } from '@/lib/slo/slo-service';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = parseImportBody(body.value);
  if (!parsed.ok) return badRequest(parsed.error);
  return respondOutcome(() => importSlos(parsed.value.yaml, parsed.value.dryRun, request.signal));
}
