// The one Prisma client of this process: embedded PGlite by default (WEFT_DATA_DIR, default .data/pglite),
// PostgreSQL when DATABASE_URL is set. Migrations run once, on first use.
//
// Pages and route handlers that call getDb() must be dynamic (`export const dynamic = 'force-dynamic'`, or
// `await connection()` from next/server): otherwise `next build` prerenders them in build workers that would
// each open — and lock — the embedded database.
import 'server-only';
import { describeDatabaseTarget, resolveDatabaseTarget } from './config/database';
import type { PrismaClient } from './generated/prisma/client';
import { openDatabase, type OpenDatabase } from './db/open';

export type { PrismaClient } from './generated/prisma/client';

// On globalThis so that Next's dev server, which re-evaluates modules on every edit, keeps one client
// (and one PGlite lock) instead of opening the database again per reload.
const cache = globalThis as typeof globalThis & { __weftDb?: Promise<OpenDatabase> };

function log(message: string): void {
  console.info(`[weft db] ${message}`);
}

async function open(): Promise<OpenDatabase> {
  const target = resolveDatabaseTarget();
  const startedMs = Date.now();
  const db = await openDatabase(target, { log });
  log(`${describeDatabaseTarget(target)} ready in ${Date.now() - startedMs} ms`);
  return db;
}

/** The process-wide Prisma client; the first call opens the database and applies pending migrations. */
export async function getDb(): Promise<PrismaClient> {
  if (!cache.__weftDb) {
    // A failed open (locked directory, unreachable server) is not cached: the next call tries again.
    cache.__weftDb = open().catch((error: unknown) => {
      cache.__weftDb = undefined;
      throw error;
    });
  }
  return (await cache.__weftDb).prisma;
}

/** Closes the database (tests, graceful shutdown). The next getDb() opens it again. */
export async function closeDb(): Promise<void> {
  const pending = cache.__weftDb;
  cache.__weftDb = undefined;
  if (!pending) return;
  let db: OpenDatabase;
  try {
    db = await pending;
  } catch {
    return; // it never opened: nothing to close
  }
  await db.close();
}
