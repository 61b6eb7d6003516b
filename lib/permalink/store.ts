// Permalink rows in the database (Prisma's Permalink model). The client is passed in: route handlers give
// getDb()'s, tests an in-memory PGlite's. Slugs are random; on the (astronomically rare) unique clash a new
// one is drawn.
import { Prisma, type PrismaClient } from '../generated/prisma/client';
import { generateSlug, type RandomBytes } from './slug';
import type { PermalinkState } from './view-state';

/** What a stored link holds, with the state still in its stored (possibly old) version. */
export interface StoredPermalink {
  slug: string;
  stateVersion: number;
  state: unknown;
  title: string;
  description: string;
  fromMs: number;
  toMs: number;
  createdMs: number;
  expiresMs: number | null;
  /** The tenant whose data the view shows (null without tenancy): only its members may open the link. */
  tenant: string | null;
  createdBy: string | null;
}

export interface NewPermalink {
  stateVersion: number;
  state: PermalinkState;
  title: string;
  description: string;
  createdMs: number;
  expiresMs: number | null;
  createdBy?: string | null;
  tenant?: string | null;
}

const SLUG_ATTEMPTS = 5;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

export async function insertPermalink(db: PrismaClient, link: NewPermalink, random?: RandomBytes): Promise<StoredPermalink> {
  for (let attempt = 1; ; attempt++) {
    const slug = generateSlug(random);
    try {
      const row = await db.permalink.create({
        data: {
          slug,
          stateVersion: link.stateVersion,
          // The state is plain JSON by construction (validated by its zod schema).
          state: link.state as unknown as Prisma.InputJsonObject,
          title: link.title,
          description: link.description,
          fromMs: BigInt(link.state.range.fromMs),
          toMs: BigInt(link.state.range.toMs),
          createdAt: new Date(link.createdMs),
          expiresAt: link.expiresMs === null ? null : new Date(link.expiresMs),
          createdBy: link.createdBy ?? null,
          tenant: link.tenant ?? null,
        },
      });
      return toStored(row);
    } catch (error) {
      if (isUniqueViolation(error) && attempt < SLUG_ATTEMPTS) continue;
      throw error;
    }
  }
}

export async function findPermalink(db: PrismaClient, slug: string): Promise<StoredPermalink | null> {
  const row = await db.permalink.findUnique({ where: { slug } });
  return row ? toStored(row) : null;
}

type Row = Prisma.PermalinkGetPayload<Record<string, never>>;

function toStored(row: Row): StoredPermalink {
  return {
    slug: row.slug,
    stateVersion: row.stateVersion,
    state: row.state,
    title: row.title,
    description: row.description,
    fromMs: Number(row.fromMs),
    toMs: Number(row.toMs),
    createdMs: row.createdAt.getTime(),
    expiresMs: row.expiresAt ? row.expiresAt.getTime() : null,
    tenant: row.tenant,
    createdBy: row.createdBy,
  };
}
