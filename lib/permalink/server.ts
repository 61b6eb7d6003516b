// The permalink functions route handlers and pages call: the process's database, clock and environment wired
// into service.ts.
import 'server-only';
import { getDb } from '../db';
import { currentTimeMs } from '../time-range';
import type { CreatePermalinkBody } from './api-types';
import { previewAccess, publicOrigin, retentionSetting, type PreviewAccess } from './policy';
import { createPermalink, resolvePermalink, type CreateResult, type ResolveResult } from './service';
import { isSlug } from './slug';
import { createSummariser } from './summarise';

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

export function currentPreviewAccess(): PreviewAccess {
  return previewAccess(process.env);
}

const summarise = createSummariser(getDb);

export async function createPermalinkNow(body: CreatePermalinkBody, origin: string, signal?: AbortSignal): Promise<CreateResult> {
  return createPermalink(body, { db: await getDb(), summarise, nowMs: currentTimeMs(), retentionDays: retentionDays(), origin, signal });
}

export async function resolvePermalinkNow(slug: string, origin: string): Promise<ResolveResult> {
  // A malformed slug cannot exist: no need to open the database for it.
  if (!isSlug(slug)) return { status: 'not-found' };
  return resolvePermalink(slug, { db: await getDb(), nowMs: currentTimeMs(), retentionDays: retentionDays(), origin });
}
