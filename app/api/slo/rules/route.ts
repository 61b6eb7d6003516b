// GET /api/slo/rules: Prometheus recording and alerting rules (Sloth layout) for every SLO, as one YAML file.
import { jsonError } from '@/lib/slo/route-response';
import { rulesYaml } from '@/lib/slo/slo-service';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  try {
    const yaml = (await rulesYaml()) ?? '';
    return new Response(yaml, { headers: { 'Content-Type': 'application/yaml; charset=utf-8', 'Content-Disposition': 'attachment; filename="weft-slo.rules.yml"', 'Cache-Control': 'no-store' } });
  } catch (error) {
    console.error('weft: SLO rules export failed', error);
    return jsonError(500, 'The server could not answer this request; the details are in its log.');
  }
}
