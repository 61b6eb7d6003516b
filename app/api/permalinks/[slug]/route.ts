// GET /api/permalinks/<slug>: the stored view (upgraded to the current state shape) and where it opens.
// 404 unknown or malformed slug, 410 expired, 422 stored but not readable by this version.
import { originFromHeaders, resolvePermalinkNow } from '@/lib/permalink/server';
import { errorJson, failureJson } from '@/lib/permalink/responses';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await context.params;
  try {
    const resolved = await resolvePermalinkNow(slug, originFromHeaders(request.headers));
    switch (resolved.status) {
      case 'ok':
        return Response.json(resolved.link, { headers: { 'Cache-Control': 'no-store' } });
      case 'not-found':
        return errorJson(404, 'This link does not exist or was removed');
      case 'expired':
        return errorJson(410, 'This link has expired');
      case 'unreadable':
        return errorJson(422, resolved.error);
    }
  } catch (error) {
    return failureJson('reading a permalink', error);
  }
}
