// PATCH /api/reports/action-items/<id> {version, ...changes}: 200 {item}, 409 {error, current} when someone else
// changed it first, 404 when it is gone. DELETE ?version=<n>: 204, or 409/404 likewise.
import { deleteItem, updateItem } from '@/lib/report/api-handlers';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export async function PATCH(request: Request, context: Context): Promise<Response> {
  return updateItem(request, (await context.params).id);
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  return deleteItem(request, (await context.params).id);
}
