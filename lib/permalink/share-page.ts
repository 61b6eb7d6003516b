// The HTML of /s/<slug>, served by a route handler rather than a page so that the status is right (404 unknown,
// 410 expired: a streamed page has already sent 200) and the <head> is complete before any byte of body.
// Crawlers (no JavaScript) read the OpenGraph and Twitter-card tags; browsers run one line that replaces the
// address with the stored view. When previews are not public, crawlers get the title only. Pure.
import { formatInstant } from '../time-range';
import type { PermalinkJson } from './api-types';
import type { PreviewAccess } from './policy';
import type { ResolveResult } from './service';
import { describeAbsoluteRange } from './title';

export const PREVIEW_IMAGE_SIZE = { width: 1200, height: 630 } as const;

export function previewImagePath(slug: string): string {
  return `/s/${slug}/preview.png`;
}

export interface SharePage {
  status: number;
  html: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

type Meta = [kind: 'name' | 'property', key: string, content: string];

/** The unfurl tags of a link; only the title when previews are not public. */
export function unfurlMeta(link: Pick<PermalinkJson, 'slug' | 'url' | 'title' | 'description'>, origin: string, access: PreviewAccess): Meta[] {
  const common: Meta[] = [
    ['property', 'og:type', 'website'],
    ['property', 'og:site_name', 'Weft'],
    ['property', 'og:title', link.title],
    ['property', 'og:url', link.url],
    ['name', 'twitter:title', link.title],
  ];
  if (access === 'title-only') return [...common, ['name', 'twitter:card', 'summary']];
  const image = `${origin}${previewImagePath(link.slug)}`;
  return [
    ['name', 'description', link.description],
    ...common,
    ['property', 'og:description', link.description],
    ['property', 'og:image', image],
    ['property', 'og:image:type', 'image/png'],
    ['property', 'og:image:width', String(PREVIEW_IMAGE_SIZE.width)],
    ['property', 'og:image:height', String(PREVIEW_IMAGE_SIZE.height)],
    ['property', 'og:image:alt', link.title],
    ['name', 'twitter:card', 'summary_large_image'],
    ['name', 'twitter:description', link.description],
    ['name', 'twitter:image', image],
    ['name', 'twitter:image:alt', link.title],
  ];
}

/** `nonce`: the request's CSP nonce (proxy.ts), put on the inline redirect script. */
export function sharePage(result: ResolveResult, origin: string, access: PreviewAccess, nonce: string | null = null): SharePage {
  switch (result.status) {
    case 'ok': {
      const { link } = result;
      // JSON in a script: "<" escaped so a value can never close the element.
      const target = JSON.stringify(link.href).replace(/</g, '\\u003c');
      return {
        status: 200,
        html: document({
          title: link.title,
          meta: unfurlMeta(link, origin, access),
          script: `window.location.replace(${target});`,
          nonce,
          body: `<p class="muted">Opening a shared view…</p>
<h1>${escapeHtml(link.title)}</h1>
<p class="muted">${escapeHtml(describeAbsoluteRange(link.state.range))}</p>
<p><a class="btn btn-primary" href="${escapeHtml(link.href)}" data-testid="open-shared-view">Open the view</a></p>`,
        }),
      };
    }
    case 'not-found':
      return {
        status: 404,
        html: document({
          title: 'Link not found · Weft',
          meta: [['property', 'og:title', 'Link not found']],
          body: `<p class="muted mono">404</p>
<h1>This link does not exist or was removed</h1>
<p>Check that the whole link was copied: shared links end with a 12-character code. Ask whoever shared it for a new one.</p>
<p><a class="btn btn-primary" href="/">Go to Weft</a></p>`,
        }),
      };
    case 'expired':
      return {
        status: 410,
        html: document({
          title: 'Expired link · Weft',
          meta: [['property', 'og:title', 'Expired link']],
          body: `<p class="muted mono">410</p>
<h1>This link has expired</h1>
<p>“${escapeHtml(result.title)}” was shared on ${escapeHtml(formatInstant(result.createdMs))}. This console keeps shared links for a limited time (set by its operator), and this one is past it.</p>
<p><a class="btn btn-primary" href="/">Go to Weft</a></p>`,
        }),
      };
    case 'unreadable':
      return {
        status: 422,
        html: document({
          title: 'Link cannot be opened · Weft',
          meta: [['property', 'og:title', result.title]],
          body: `<h1>This link cannot be opened</h1>
<p>${
            result.reason === 'newer'
              ? `“${escapeHtml(result.title)}” was made by a newer version of Weft than this console runs. Open it on the console it was made on, or upgrade this one.`
              : `“${escapeHtml(result.title)}” is stored, but its view could not be read. Ask whoever shared it for a new link.`
          }</p>
<p><a class="btn btn-primary" href="/">Go to Weft</a></p>`,
        }),
      };
  }
}

/** Something failed on the server: say so without details (they are in the log). */
export function sharePageError(): SharePage {
  return {
    status: 500,
    html: document({
      title: 'Weft could not open this link',
      meta: [],
      body: `<h1>Weft could not open this link right now</h1>
<p>The server failed while reading it; the details are in its log. Try again in a moment.</p>
<p><a class="btn btn-primary" href="/">Go to Weft</a></p>`,
    }),
  };
}

// The console's look in a few lines (light and dark), so the page needs no stylesheet request.
const STYLE = `:root{color-scheme:light dark;--bg:#f6f7f9;--fg:#151a21;--muted:#5b6573;--surface:#fff;--border:#d7dce3;--accent:#2563eb;--accent-fg:#fff}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9aa6b2;--surface:#151b23;--border:#2c3542;--accent:#58a6ff;--accent-fg:#0d1117}}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}
main{max-width:640px;margin:12vh auto;padding:32px;background:var(--surface);border:1px solid var(--border);border-radius:8px}
h1{font-size:1.4rem;margin:.2em 0 .4em;overflow-wrap:anywhere}.muted{color:var(--muted)}.mono{font-family:ui-monospace,Menlo,Consolas,monospace}
.btn{display:inline-block;padding:6px 14px;border-radius:6px;text-decoration:none;border:1px solid var(--accent)}.btn-primary{background:var(--accent);color:var(--accent-fg)}`;

function document(input: { title: string; meta: Meta[]; body: string; script?: string; nonce?: string | null }): string {
  const meta = input.meta.map(([kind, key, content]) => `<meta ${kind}="${escapeHtml(key)}" content="${escapeHtml(content)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(input.title)}</title>
${meta}
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<style>${STYLE}</style>
${input.script ? `<script${input.nonce ? ` nonce="${escapeHtml(input.nonce)}"` : ''}>${input.script}</script>` : ''}
</head>
<body>
<main>
${input.body}
</main>
</body>
</html>
`;
}
