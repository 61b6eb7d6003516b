// GET /api/health: each configured backend's health and version, and Weft's own database, as JSON.
// Always 200 when Weft itself answers (a backend being down must not take the console out of a load balancer):
// read `ok` and each check's `ok`. 500 only when the configuration is invalid.
import { configuredConnections } from '@/lib/config/datasources';
import { ConfigError } from '@/lib/config/errors';
import { checkDatabase } from '@/lib/db/health';
import { checkAllHealth } from '@/lib/datasources/health';
import { getDatasources } from '@/lib/datasources/registry';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'Cache-Control': 'no-store' };

export async function GET(request: Request): Promise<Response> {
  let config;
  try {
    config = getDatasources();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return Response.json({ ok: false, error: { field: error.field, message: error.message } }, { status: 500, headers: NO_STORE });
  }
  const [datasources, database] = await Promise.all([checkAllHealth(configuredConnections(config), request.signal), checkDatabase()]);
  const ok = database.ok && datasources.every((result) => result.ok);
  return Response.json({ ok, source: config.source, datasources, database }, { status: 200, headers: NO_STORE });
}
