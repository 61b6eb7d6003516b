// POST /api/reports/<yyyy-mm>/freeze?tz= {frozenBy}: stores the report as it is now (re-freezing replaces it).
// DELETE: drops the snapshot; the page shows live numbers again.
import { freeze, unfreeze } from '@/lib/report/api-handlers';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ month: string }> };

export async function POST(request: Request, context: Context): Promise<Response> {
  return freeze(request, (await context.params).month);
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  return unfreeze(request, (await context.params).month);
}
