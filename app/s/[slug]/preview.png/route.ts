// GET /s/<slug>/preview.png: the link's unfurl image, 1200x630, rendered on the server (a compact waterfall for a
// trace, the chart for an alert, a card otherwise). Not served when previews are not public.
import { authEnabled } from '@/lib/permalink/policy';
import { renderPreviewPng } from '@/lib/permalink/preview/load';
import { failureJson } from '@/lib/permalink/responses';
import { originFromHeaders, resolvePermalinkPublic } from '@/lib/permalink/server';

export const dynamic = 'force-dynamic';

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

export async function GET(request: Request, context: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await context.params;
  try {
    const { resolved, preview } = await resolvePermalinkPublic(slug, originFromHeaders(request.headers));
    // With authentication on and WEFT_PUBLIC_PREVIEWS unset, only the title is public (the page's <head>).
    if (preview === 'title-only') return plain(403, 'Previews of shared links are not public on this console');
    if (resolved.status === 'not-found') return plain(404, 'This link does not exist or was removed');
    if (resolved.status === 'expired') return plain(410, 'This link has expired');
    if (resolved.status === 'unreadable') return plain(422, 'This link cannot be opened by this version of Weft');
    const png = await renderPreviewPng(slug, resolved.link, resolved.tenant, request.signal);
    return new Response(new Uint8Array(png), {
      // With authentication on, shared caches must not keep what a signed-in user was allowed to see.
      headers: { 'Content-Type': 'image/png', 'Content-Length': String(png.length), 'Cache-Control': `${authEnabled(process.env) ? 'private' : 'public'}, max-age=3600` },
    });
  } catch (error) {
    return failureJson('rendering a link preview', error);
  }
}
