// GET /api/slo/<id>/rules: the SLO's Prometheus recording and alerting rules (Sloth layout) as a YAML file.
import { badRequest } from '@/lib/investigation/route-json';
import { parseSloId } from '@/lib/slo/requests';
import { respondYaml } from '@/lib/slo/route-response';
import { rulesYaml } from '@/lib/slo/slo-service';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const id = parseSloId((await context.params).id);
  if (!id.ok) return badRequest(id.error);
  return respondYaml(() => rulesYaml(id.value), `slo-${id.value}.rules.yml`);
}
