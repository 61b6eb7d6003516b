// GET /api/reports/<yyyy-mm>?tz=: the month, whether it has ended, and its frozen snapshot if there is one.
import { reportOverview } from '@/lib/report/api-handlers';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ month: string }> };

export async function GET(request: Request, context: Context): Promise<Response> {
  return reportOverview(request, (await context.params).month);
}
