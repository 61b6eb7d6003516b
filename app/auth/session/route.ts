// GET /auth/session: the signed-in user, their tenants and the active one; 401 when nobody is signed in.
import { authConfig } from '@/lib/auth/current';
import { handleSession } from '@/lib/auth/handlers';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  return handleSession(request, authConfig());
}
