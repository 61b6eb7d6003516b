// GET /s/<slug>: a shared view. One HTML document with the unfurl tags in its <head> for chat crawlers (no
// JavaScript needed) and a one-line redirect to the stored view, with its absolute range, for people.
// 404 unknown or malformed slug, 410 expired, 422 not readable by this version: each a clear page.
import { originFromHeaders, resolvePermalinkPublic } from '@/lib/permalink/server';
import { sharePage, sharePageError, type SharePage } from '@/lib/permalink/share-page';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await context.params;
  let page: SharePage;
  try {
    const origin = originFromHeaders(request.headers);
    const { resolved, preview } = await resolvePermalinkPublic(slug, origin);
    // proxy.ts puts a fresh CSP nonce on the request; the redirect script carries it.
    page = sharePage(resolved, origin, preview, request.headers.get('x-nonce'));
  } catch (error) {
    console.error('weft: opening a shared link failed', error);
    page = sharePageError();
  }
  return new Response(page.html, {
    status: page.status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' },
  });
}
