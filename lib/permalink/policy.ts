// Operator settings for permalinks, read from the environment (passed in, so every function is pure):
// - WEFT_PERMALINK_RETENTION_DAYS: links older than this stop opening; unset = links never expire.
// - WEFT_PUBLIC_PREVIEWS=1: with authentication on (WEFT_AUTH_MODE), chat crawlers still get the description
//   and image; otherwise they get the title only. With authentication off everything is public anyway.
// - WEFT_PUBLIC_URL: the console's public address for absolute links (og:image, copied links); else the
//   request's own host.

type Env = Readonly<Record<string, string | undefined>>;

export type PreviewAccess = 'full' | 'title-only';

const AUTH_OFF = new Set(['', 'none', 'off', 'disabled', 'false', '0']);
const TRUE = new Set(['1', 'true', 'yes', 'on']);

export function authEnabled(env: Env): boolean {
  return !AUTH_OFF.has((env.WEFT_AUTH_MODE ?? '').trim().toLowerCase());
}

/** What a client without a session (a chat crawler) may see of a link. */
export function previewAccess(env: Env): PreviewAccess {
  if (!authEnabled(env)) return 'full';
  return TRUE.has((env.WEFT_PUBLIC_PREVIEWS ?? '').trim().toLowerCase()) ? 'full' : 'title-only';
}

export const MAX_RETENTION_DAYS = 36_500;

export type RetentionSetting = { days: number | null; problem: string | null };

/** The retention in days, or null for "never expire". A bad value is reported and treated as unset. */
export function retentionSetting(env: Env): RetentionSetting {
  const raw = env.WEFT_PERMALINK_RETENTION_DAYS?.trim() ?? '';
  if (raw === '' || raw === '0' || raw.toLowerCase() === 'never') return { days: null, problem: null };
  if (!/^\d{1,6}$/.test(raw) || Number(raw) > MAX_RETENTION_DAYS) {
    return { days: null, problem: `WEFT_PERMALINK_RETENTION_DAYS=${JSON.stringify(raw)} is not a number of days (1-${MAX_RETENTION_DAYS}); links are kept` };
  }
  return { days: Number(raw), problem: null };
}

const DAY_MS = 86_400_000;

/** When a link made at createdMs expires under the retention, or null. */
export function expiryFor(createdMs: number, retentionDays: number | null): number | null {
  return retentionDays === null ? null : createdMs + retentionDays * DAY_MS;
}

/**
 * Expired when its own expiry has passed, or when it is older than the retention in force now (so shortening
 * the retention applies to links made before the change, as an operator expects of a retention policy).
 */
export function isExpired(link: { createdMs: number; expiresMs: number | null }, nowMs: number, retentionDays: number | null): boolean {
  if (link.expiresMs !== null && link.expiresMs <= nowMs) return true;
  const limit = expiryFor(link.createdMs, retentionDays);
  return limit !== null && limit <= nowMs;
}

/** A host header value we are willing to put into a URL: a name or address with an optional port. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export interface RequestOrigin {
  host: string | null;
  /** X-Forwarded-Proto (first value) when behind a proxy. */
  forwardedProto?: string | null;
  forwardedHost?: string | null;
}

/**
 * The console's public origin, without a trailing slash: WEFT_PUBLIC_URL when set and valid, else the
 * request's (forwarded) host, else http://localhost.
 */
export function publicOrigin(env: Env, request: RequestOrigin): string {
  const configured = env.WEFT_PUBLIC_URL?.trim();
  if (configured) {
    try {
      const url = new URL(configured);
      if (url.protocol === 'http:' || url.protocol === 'https:') return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    } catch {
      // An unusable setting falls back to the request's host.
    }
  }
  const host = firstValue(request.forwardedHost) ?? firstValue(request.host);
  if (!host || !HOST.test(host)) return 'http://localhost';
  const proto = firstValue(request.forwardedProto)?.toLowerCase();
  return `${proto === 'https' ? 'https' : 'http'}://${host}`;
}

function firstValue(header: string | null | undefined): string | null {
  const value = header?.split(',', 1)[0]?.trim();
  return value ? value : null;
}
