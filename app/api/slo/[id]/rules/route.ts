// GET /api/slo/<id>/rules: the SLO's Prometheus recording and alerting rules (Sloth layout) as a YAML file.
import { badRequest } from '@/lib/investigation/route-json';
import { parseSloId } from '@/lib/slo/requests';
import { jsonError } from '@/lib/slo/route-response';
import { rulesYaml } from '@/lib/slo/slo-service';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const id = parseSloId((await context.params).id);
  if (!id.ok) return badRequest(id.error);
  try {
    const yaml = await rulesYaml(id.value);
    if (yaml === null) return jsonError(404, 'This SLO does not exist (any more)');
    return new Response(yaml, { headers: { 'Content-Type': 'application/yaml; charset=utf-8', 'Content-Disposition': `attachment; filename="slo-${id.value}.rules.yml"`, 'Cache-Control': 'no-store' } });
  } catch (error) {
    console.error('weft: SLO rules export failed', error);
    return jsonError(500, 'The server could not answer this request; the details are in its log.');
  }
}
