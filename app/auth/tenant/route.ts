// POST /auth/tenant (form: tenant, next | JSON: {tenant}): switches the active tenant; 403 for a tenant the
// user may not read.
import { authConfig } from '@/lib/auth/current';
import { handleTenantSwitch } from '@/lib/auth/handlers';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  return handleTenantSwitch(request, authConfig());
}
