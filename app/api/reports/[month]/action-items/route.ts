// GET /api/reports/<yyyy-mm>/action-items?tz=: the items raised in the month and those carried over into it.
import { listItems } from '@/lib/report/api-handlers';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ month: string }> };

export async function GET(request: Request, context: Context): Promise<Response> {
  return listItems(request, (await context.params).month);
}
