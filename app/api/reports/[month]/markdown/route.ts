// GET /api/reports/<yyyy-mm>/markdown?tz=&live=1&download=1: the report as Markdown (the snapshot when there is
// one, unless live=1); download=1 adds Content-Disposition so the browser saves a file.
import { markdown } from '@/lib/report/api-handlers';
import { originFromHeaders } from '@/lib/permalink/server';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ month: string }> };

export async function GET(request: Request, context: Context): Promise<Response> {
  return markdown(request, (await context.params).month, originFromHeaders(request.headers));
}
