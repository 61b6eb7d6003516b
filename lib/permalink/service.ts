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
  db: PrismaClient;
  summarise: Summariser;
  nowMs: number;
  retentionDays: number | null;
  /** Public origin for the returned url, e.g. https://weft.example. */
  origin: string;
  random?: RandomBytes;
  signal?: AbortSignal;
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
  const { summary, suggestedRange } = await deps.summarise(
    { path: location.value.path, params: location.value.params, range: given ? given.value : null },
    deps.signal,
  );
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
    deps.db,
    {
      stateVersion: CURRENT_STATE_VERSION,
      state,
      title: permalinkTitle(state.summary, state.path),
      description: permalinkDescription(state),
      createdMs: deps.nowMs,
      expiresMs: expiryFor(deps.nowMs, deps.retentionDays),
    },
    deps.random,
  );
  return { ok: true, link: toJson(stored, state, deps.origin) };
}

export type ResolveResult =
  | { status: 'ok'; link: PermalinkJson; upgradedFrom: number | null }
  | { status: 'not-found' }
  | { status: 'expired'; title: string; createdMs: number }
  /** Stored, but its state cannot be read by this version (made by a newer one, or damaged). */
  | { status: 'unreadable'; title: string; reason: 'newer' | 'invalid'; error: string };

export interface ResolveDeps {
  db: PrismaClient;
  nowMs: number;
  retentionDays: number | null;
  origin: string;
}

export async function resolvePermalink(slug: string, deps: ResolveDeps): Promise<ResolveResult> {
  // A malformed slug cannot exist: answer without asking the database.
  if (!isSlug(slug)) return { status: 'not-found' };
  const stored = await findPermalink(deps.db, slug);
  if (!stored) return { status: 'not-found' };
  if (isExpired(stored, deps.nowMs, deps.retentionDays)) return { status: 'expired', title: stored.title, createdMs: stored.createdMs };
  const upgraded = upgradeState(stored.stateVersion, stored.state);
  if (!upgraded.ok) return { status: 'unreadable', title: stored.title, reason: upgraded.reason, error: upgraded.error };
  return { status: 'ok', link: toJson(stored, upgraded.state, deps.origin), upgradedFrom: upgraded.upgradedFrom };
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
