// GET /api/alerts/<alertname>?labels=<JSON label set>&from&to: the rule, the plotted expression with its
// exemplars, the firing episodes, and the slowest and failed traces of the alert's service.
import { withRequestSources } from '@/lib/investigation/alerts/backends';
import { alertDetailSources, getAlertDetail } from '@/lib/investigation/alerts/alerts-api';
import { parseAlertDetailRequest } from '@/lib/investigation/alerts/requests';
import { badRequest, respondJson } from '@/lib/investigation/route-json';
import { currentTimeMs } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ name: string }> }): Promise<Response> {
  const { name } = await context.params;
  const parsed = parseAlertDetailRequest(name, new URL(request.url).searchParams, currentTimeMs());
  if (!parsed.ok) return badRequest(parsed.error);
  return withRequestSources(alertDetailSources, (sources) => respondJson(() => getAlertDetail(sources, parsed.value, request.signal)));
}
