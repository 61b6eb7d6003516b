// POST /api/reports/action-items {title, owner, dueDate, status, ticketUrl, notes, sloId, incidentRef,
// reportMonth}: 201 {item}; bad input is a 400 naming the field.
import { createItem } from '@/lib/report/api-handlers';

export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return createItem(request);
}
