// GET /api/alerts?from&to: alerts active now and firing episodes over in the range, each source ok or its error.
import { withRequestSources } from '@/lib/investigation/alerts/backends';
import { getHomeAlerts, homeAlertsSources } from '@/lib/investigation/alerts/alerts-api';
import { parseHomeAlertsRequest } from '@/lib/investigation/alerts/requests';
import { badRequest, respondJson } from '@/lib/investigation/route-json';
import { currentTimeMs } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const parsed = parseHomeAlertsRequest(new URL(request.url).searchParams, currentTimeMs());
  if (!parsed.ok) return badRequest(parsed.error);
  return withRequestSources(homeAlertsSources, (sources) => respondJson(() => getHomeAlerts(sources, parsed.value, request.signal)));
}
