// GET /auth/login?next=/path: sends the browser to the identity provider (authorization code + PKCE).
import { authConfig } from '@/lib/auth/current';
import { handleLogin } from '@/lib/auth/handlers';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  return handleLogin(request, authConfig());
}
