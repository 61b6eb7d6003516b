// GET /api/reports/<yyyy-mm>/sections/<slos|incidents|alert-quality|coverage|maturity>?tz=: one section of the
// live report, computed (or taken from the short-lived cache) on the server; partial results name what failed.
import { reportSection } from '@/lib/report/api-handlers';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ month: string; section: string }> };

export async function GET(request: Request, context: Context): Promise<Response> {
  const { month, section } = await context.params;
  return reportSection(request, month, section);
}
