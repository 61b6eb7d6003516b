// GET /api/reports: the months to list (newest first) in the configured time zone, with their snapshots.
import { listReports } from '@/lib/report/api-handlers';

export const dynamic = 'force-dynamic';

export function GET(): Promise<Response> {
  return listReports();
}
