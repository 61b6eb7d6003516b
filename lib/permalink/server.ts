// The permalink functions route handlers call: the process's database, clock, environment and the request's
// user and tenant (lib/auth/tenancy) wired into service.ts.
import 'server-only';
import { AuthError } from '../auth/authenticate';
import { mayOpenPermalink, permalinkAccess, type PermalinkAccess } from '../auth/tenancy';
import { getDb } from '../db';
import { currentTimeMs } from '../time-range';
import type { CreatePermalinkBody } from './api-types';
import { previewAccess, publicOrigin, retentionSetting, type PreviewAccess } from './policy';
import { createPermalink, resolvePermalink, type CreateResult, type ResolveResult } from './service';
import { isSlug } from './slug';
import { createSummariser } from './summarise';

export { AuthError };

let warnedRetention = false;

function retentionDays(): number | null {
  const setting = retentionSetting(process.env);
  if (setting.problem && !warnedRetention) {
    warnedRetention = true;
    console.warn(`weft: ${setting.problem}`);
  }
  return setting.days;
}

/** Header access as both Request.headers and next/headers' ReadonlyHeaders offer it. */
export interface HeaderSource {
  get(name: string): string | null;
}

export function originFromHeaders(headers: HeaderSource): string {
  return publicOrigin(process.env, {
    host: headers.get('host'),
    forwardedHost: headers.get('x-forwarded-host'),
    forwardedProto: headers.get('x-forwarded-proto'),
  });
}

const summarise = createSummariser(getDb);

/** Makes a link for the signed-in user's active tenant. Throws AuthError when nobody is signed in. */
export async function createPermalinkNow(body: CreatePermalinkBody, origin: string, signal?: AbortSignal): Promise<CreateResult> {
  const access = await permalinkAccess();
  return createPermalink(body, {
    db: getDb,
    summarise,
    nowMs: currentTimeMs(),
    retentionDays: retentionDays(),
    origin,
    signal,
    tenant: access.tenant,
    createdBy: access.createdBy,
  });
}

async function resolveWith(slug: string, origin: string, access: PermalinkAccess): Promise<ResolveResult> {
  // A malformed slug cannot exist: no need to open the database for it.
  if (!isSlug(slug)) return { status: 'not-found' };
  return resolvePermalink(slug, {
    db: await getDb(),
    nowMs: currentTimeMs(),
    retentionDays: retentionDays(),
    origin,
    mayOpen: (tenant) => mayOpenPermalink(access, tenant),
  });
}

/** For the API: the signed-in user's view of a link. Throws AuthError when nobody is signed in. */
export async function resolvePermalinkNow(slug: string, origin: string): Promise<ResolveResult> {
  return resolveWith(slug, origin, await permalinkAccess());
}

export interface PublicResolution {
  resolved: ResolveResult;
  /** What this request may see beyond the title: everything for a signed-in user or public previews. */
  preview: PreviewAccess;
}

/**
 * For /s/<slug> and its image, which chat crawlers fetch without a session. Signed in (or authentication off):
 * the user's tenants and the full preview. Not signed in: the operator's choice (WEFT_PUBLIC_PREVIEWS) —
 * the full preview, or the title only.
 */
export async function resolvePermalinkPublic(slug: string, origin: string): Promise<PublicResolution> {
  let access: PermalinkAccess;
  let signedIn: boolean;
  try {
    access = await permalinkAccess();
    signedIn = access.createdBy !== null;
  } catch (error) {
    if (!(error instanceof AuthError) || error.status !== 401) throw error;
    // Reachable only if the gate lets anonymous requests through to /s/<slug>; they see titles at most.
    access = { tenant: null, createdBy: null, readable: 'any' };
    signedIn = false;
  }
  const preview = signedIn ? 'full' : previewAccess(process.env);
  return { resolved: await resolveWith(slug, origin, access), preview };
}
