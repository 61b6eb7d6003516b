// GET /auth/callback?code&state: the identity provider's redirect back; sets the session cookie.
import { authConfig } from '@/lib/auth/current';
import { handleCallback } from '@/lib/auth/handlers';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  return handleCallback(request, authConfig());
}
