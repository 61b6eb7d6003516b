// The permalink API's JSON: POST /api/permalinks (create) and GET /api/permalinks/<slug>. Shared by the route
// handlers and the Share button.
import { z } from 'zod';
import { MAX_HREF_LENGTH } from './url';
import { MAX_PARAM_VALUE_LENGTH, MAX_PARAMS, MAX_PATH_LENGTH, type PermalinkState } from './view-state';

/** Largest request body accepted by POST /api/permalinks. */
export const MAX_CREATE_BODY_BYTES = 64 * 1024;

const rangeText = z.string().max(200);

/**
 * Either the view's address as the browser shows it (`href`: path and query, same origin), or its parts.
 * Relative ranges are pinned to absolute instants by the server when the link is made.
 */
export const createPermalinkBodySchema = z.union([
  z.strictObject({ href: z.string().min(1).max(MAX_HREF_LENGTH) }),
  z.strictObject({
    path: z.string().min(1).max(MAX_PATH_LENGTH),
    params: z
      .record(z.string().min(1).max(64), z.union([z.string().max(MAX_PARAM_VALUE_LENGTH), z.array(z.string().max(MAX_PARAM_VALUE_LENGTH)).max(MAX_PARAMS)]))
      .optional(),
    range: z.strictObject({ from: rangeText, to: rangeText }).optional(),
  }),
]);

export type CreatePermalinkBody = z.infer<typeof createPermalinkBodySchema>;

export interface PermalinkJson {
  slug: string;
  /** Absolute link to share: https://weft.example/s/<slug>. */
  url: string;
  /** The view it opens, with the absolute range (same origin). */
  href: string;
  title: string;
  description: string;
  state: PermalinkState;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601, or null when the link never expires. */
  expiresAt: string | null;
}

export interface PermalinkErrorJson {
  error: string;
}

export function isPermalinkJson(value: unknown): value is PermalinkJson {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.slug === 'string' && typeof v.url === 'string' && typeof v.href === 'string' && typeof v.title === 'string' && typeof v.state === 'object';
}
