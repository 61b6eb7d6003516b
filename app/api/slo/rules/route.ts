// GET /api/slo/rules: Prometheus recording and alerting rules (Sloth layout) for every SLO, as one YAML file.
import { respondYaml } from '@/lib/slo/route-response';
import { rulesYaml } from '@/lib/slo/slo-service';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  return respondYaml(() => rulesYaml(), 'weft-slo.rules.yml');
}
