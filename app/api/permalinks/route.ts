// POST /api/permalinks {href} or {path, params, range}: stores the view with an absolute range and answers
// 201 {slug, url, href, title, description, state}. Bad input is a 400 with a message.
import { MAX_CREATE_BODY_BYTES, createPermalinkBodySchema } from '@/lib/permalink/api-types';
import { readJsonBody } from '@/lib/permalink/read-body';
import { createPermalinkNow, originFromHeaders } from '@/lib/permalink/server';
import { errorJson, failureJson } from '@/lib/permalink/responses';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  // JSON only: a cross-site HTML form cannot send it without a CORS preflight.
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    return errorJson(415, 'Send the view as JSON (Content-Type: application/json)');
  }
  const body = await readJsonBody(request, MAX_CREATE_BODY_BYTES);
  if (!body.ok) return errorJson(400, body.error);
  const parsed = createPermalinkBodySchema.safeParse(body.value);
  if (!parsed.success) return errorJson(400, 'Give the view as {"href": "/path?query"} or {"path", "params", "range"}');
  try {
    const created = await createPermalinkNow(parsed.data, originFromHeaders(request.headers), request.signal);
    if (!created.ok) return errorJson(400, created.error);
    return Response.json(created.link, { status: 201, headers: { 'Cache-Control': 'no-store', Location: created.link.url } });
  } catch (error) {
    return failureJson('creating a permalink', error);
  }
}
