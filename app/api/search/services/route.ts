// GET /api/search/services: the service names Tempo knows, for the search form's picker.
import { withRequestSources } from '@/lib/investigation/alerts/backends';
import { getSearchServices, searchSources } from '@/lib/investigation/search/search-api';
import { respondJson } from '@/lib/investigation/route-json';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  return withRequestSources(searchSources, (tempo) => respondJson(() => getSearchServices(tempo, request.signal)));
}
