// Making and opening permalinks: request body -> absolute view state -> stored row, and slug -> the view to
// open (or why it cannot be opened). Dependencies are passed in so tests run them on an in-memory database.
import type { PrismaClient } from '../generated/prisma/client';
import { DEFAULT_TIME_RANGE, type ParseResult } from '../time-range';
import type { CreatePermalinkBody, PermalinkJson } from './api-types';
import { expiryFor, isExpired } from './policy';
import type { RandomBytes } from './slug';
import { isSlug } from './slug';
import { findPermalink, insertPermalink, type StoredPermalink } from './store';
import type { Summariser } from './summarise';
import { permalinkDescription, permalinkTitle } from './title';
import { absoluteRange, locationFromParts, paramsFromRecord, parseViewHref, viewHref, type ViewLocation } from './url';
import { CURRENT_STATE_VERSION, upgradeState } from './versions';
import { permalinkStateV1Schema, type PermalinkState } from './view-state';

export interface CreateDeps {
  /** Opened while the view is summarised: on a cold start both take seconds. */
  db: () => Promise<PrismaClient>;
  summarise: Summariser;
  nowMs: number;
  retentionDays: number | null;
  /** Public origin for the returned url, e.g. https://weft.example. */
  origin: string;
  random?: RandomBytes;
  signal?: AbortSignal;
  /** Who makes the link and for which tenant (null without authentication / tenancy). */
  tenant?: string | null;
  createdBy?: string | null;
}

/** The view the body names, its range pinned (the caller's clock), not yet summarised. */
export function locationOfBody(body: CreatePermalinkBody): ParseResult<ViewLocation> {
  if ('href' in body) return parseViewHref(body.href);
  const pairs = paramsFromRecord(body.params ?? {});
  if (body.range) pairs.push(['from', body.range.from], ['to', body.range.to]);
  return locationFromParts(body.path, pairs);
}

export type CreateResult = { ok: true; link: PermalinkJson } | { ok: false; error: string };

export async function createPermalink(body: CreatePermalinkBody, deps: CreateDeps): Promise<CreateResult> {
  const location = locationOfBody(body);
  if (!location.ok) return location;
  const given = location.value.range ? absoluteRange(location.value.range, deps.nowMs) : null;
  if (given && !given.ok) return given;
  const [db, { summary, suggestedRange }] = await Promise.all([
    deps.db(),
    deps.summarise({ path: location.value.path, params: location.value.params, range: given ? given.value : null, tenant: deps.tenant ?? null }, deps.signal),
  ]);
  // No range in the URL: the view's own choice (around a trace), else the console's default, pinned now.
  let range = given?.value ?? suggestedRange;
  if (!range) {
    const fallback = absoluteRange(DEFAULT_TIME_RANGE, deps.nowMs);
    if (!fallback.ok) return fallback;
    range = fallback.value;
  }
  const checked = permalinkStateV1Schema.safeParse({ v: CURRENT_STATE_VERSION, path: location.value.path, params: location.value.params, range, summary });
  if (!checked.success) return { ok: false, error: `The view cannot be stored: ${checked.error.issues[0]?.message ?? 'invalid'}` };
  const state = checked.data;
  const stored = await insertPermalink(
    db,
    {
      stateVersion: CURRENT_STATE_VERSION,
      state,
      title: permalinkTitle(state.summary, state.path),
      description: permalinkDescription(state),
      createdMs: deps.nowMs,
      expiresMs: expiryFor(deps.nowMs, deps.retentionDays),
      tenant: deps.tenant ?? null,
      createdBy: deps.createdBy ?? null,
    },
    deps.random,
  );
  return { ok: true, link: toJson(stored, state, deps.origin) };
}

export type ResolveResult =
  | { status: 'ok'; link: PermalinkJson; upgradedFrom: number | null; tenant: string | null }
  | { status: 'not-found' }
  | { status: 'expired'; title: string; createdMs: number }
  /** Stored, but its state cannot be read by this version (made by a newer one, or damaged). */
  | { status: 'unreadable'; title: string; reason: 'newer' | 'invalid'; error: string };

export interface ResolveDeps {
  db: PrismaClient;
  nowMs: number;
  retentionDays: number | null;
  origin: string;
  /** Whether this request may open a link of `tenant`; a link it may not open answers as unknown. */
  mayOpen?: (tenant: string | null) => boolean;
}

export async function resolvePermalink(slug: string, deps: ResolveDeps): Promise<ResolveResult> {
  // A malformed slug cannot exist: answer without asking the database.
  if (!isSlug(slug)) return { status: 'not-found' };
  const stored = await findPermalink(deps.db, slug);
  // Another tenant's link is "unknown": nobody learns that it exists.
  if (!stored || (deps.mayOpen && !deps.mayOpen(stored.tenant))) return { status: 'not-found' };
  if (isExpired(stored, deps.nowMs, deps.retentionDays)) return { status: 'expired', title: stored.title, createdMs: stored.createdMs };
  const upgraded = upgradeState(stored.stateVersion, stored.state);
  if (!upgraded.ok) return { status: 'unreadable', title: stored.title, reason: upgraded.reason, error: upgraded.error };
  return { status: 'ok', link: toJson(stored, upgraded.state, deps.origin), upgradedFrom: upgraded.upgradedFrom, tenant: stored.tenant };
}

export function permalinkPath(slug: string): string {
  return `/s/${slug}`;
}

function toJson(stored: StoredPermalink, state: PermalinkState, origin: string): PermalinkJson {
  return {
    slug: stored.slug,
    url: `${origin}${permalinkPath(stored.slug)}`,
    href: viewHref(state),
    title: stored.title,
    description: stored.description,
    state,
    createdAt: new Date(stored.createdMs).toISOString(),
    expiresAt: stored.expiresMs === null ? null : new Date(stored.expiresMs).toISOString(),
  };
}
