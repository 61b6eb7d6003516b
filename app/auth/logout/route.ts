// GET or POST /auth/logout: clears the session, then signs out at the identity provider or auth proxy.
import { authConfig } from '@/lib/auth/current';
import { handleLogout } from '@/lib/auth/handlers';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  return handleLogout(request, authConfig());
}

export async function POST(request: Request): Promise<Response> {
  return handleLogout(request, authConfig());
}
