// GET /api/search/services: the service names Tempo knows, for the search form's picker.
import { getSearchServices } from '@/lib/investigation/search/search-api';
import { respondJson } from '@/lib/investigation/route-json';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  return respondJson(() => getSearchServices(request.signal));
}
