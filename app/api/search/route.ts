// GET /api/search?service&minDuration&maxDuration&status&q&limit&from&to: traces from Tempo (TraceQL), with
// which of them hold an error span.
import { withRequestSources } from '@/lib/investigation/alerts/backends';
import { getTraceSearch, searchSources } from '@/lib/investigation/search/search-api';
import { parseSearchRequest } from '@/lib/investigation/search/requests';
import { badRequest, respondJson } from '@/lib/investigation/route-json';
import { currentTimeMs } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const parsed = parseSearchRequest(new URL(request.url).searchParams, currentTimeMs());
  if (!parsed.ok) return badRequest(parsed.error);
  return withRequestSources(searchSources, (tempo) => respondJson(() => getTraceSearch(tempo, parsed.value, request.signal)));
}
