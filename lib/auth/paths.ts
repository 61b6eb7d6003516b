// Which requests need a login, and how a refusal looks: pages are sent to sign in, APIs answer 401 JSON.
// Everything not listed here as exempt requires a login when authentication is on (deny by default).

export type PathClass =
  /** Framework assets and the icon: never gated (they hold no data). */
  | 'asset'
  /** The sign-in machinery itself (/auth/*). */
  | 'auth'
  /** Liveness for load balancers, a shared link's title, and its preview image when WEFT_PUBLIC_PREVIEWS=1. */
  | 'public'
  | 'api'
  | 'page';

const ASSET_PATHS = new Set(['/favicon.ico', '/icon.svg', '/robots.txt']);
const PUBLIC_PATHS = new Set(['/api/health']);
// Chat crawlers have no session. /s/<slug> is always reachable: without a session it answers the link's title
// only (the route decides), and a person is then sent on to sign in by the view it redirects to. The preview
// image and full description only when the operator allows public previews.
const LINK_PATH = /^\/s\/[0-9A-Za-z]{1,64}\/?$/;
const PREVIEW_IMAGE_PATH = /^\/s\/[0-9A-Za-z]{1,64}\/preview\.png$/;

export function classifyPath(pathname: string, publicPreviews: boolean): PathClass {
  if (pathname.startsWith('/_next/') || ASSET_PATHS.has(pathname)) return 'asset';
  if (pathname === '/auth' || pathname.startsWith('/auth/')) return 'auth';
  if (PUBLIC_PATHS.has(pathname.replace(/\/+$/, ''))) return 'public';
  if (LINK_PATH.test(pathname)) return 'public';
  if (publicPreviews && PREVIEW_IMAGE_PATH.test(pathname)) return 'public';
  if (pathname === '/api' || pathname.startsWith('/api/')) return 'api';
  return 'page';
}

// Routes that cost backend work and so count against a user's rate limit. Reading a stored link
// (GET /api/permalinks/<slug>) and the health check are cheap; creating a link looks the trace up.
const CHEAP_API = [/^\/api\/health\/?$/, /^\/api\/permalinks\/[^/]+\/?$/];

export function isExpensiveApi(pathname: string, method: string): boolean {
  if (!pathname.startsWith('/api/')) return pathname.endsWith('/preview.png');
  if (method === 'GET' || method === 'HEAD') return !CHEAP_API.some((pattern) => pattern.test(pathname));
  return true;
}

/**
 * A path on this console to return to after signing in, from untrusted input (?next=). Anything that is not
 * a plain absolute path (other origins, //host, /\host, control characters, the auth routes) becomes '/'.
 */
export function safeReturnTo(raw: string | null | undefined): string {
  if (!raw || raw.length > 2048) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || /[\u0000-\u001f\u007f\\]/.test(raw)) return '/';
  let url: URL;
  try {
    url = new URL(raw, 'http://weft.invalid');
  } catch {
    return '/';
  }
  if (url.origin !== 'http://weft.invalid') return '/';
  if (url.pathname === '/auth' || url.pathname.startsWith('/auth/')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in URL that brings the user back to `pathAndQuery` afterwards. */
export function loginPath(pathAndQuery: string): string {
  const next = safeReturnTo(pathAndQuery);
  return next === '/' ? '/auth/login' : `/auth/login?next=${encodeURIComponent(next)}`;
}
