// PUT /api/reports/<yyyy-mm>/maturity {axis, value 0-100, note, updatedBy}: the team's value for an axis the data
// cannot measure. DELETE ?axis=: removes it.
import { clearMaturity, saveMaturity } from '@/lib/report/api-handlers';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ month: string }> };

export async function PUT(request: Request, context: Context): Promise<Response> {
  return saveMaturity(request, (await context.params).month);
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  return clearMaturity(request, (await context.params).month);
}
