// Opens Weft's database for either target, applies pending migrations, and returns a Prisma client.
// lib/db.ts keeps the one instance per process; tests and scripts call this directly.
// The drivers are imported on demand: each mode loads only its own (PGlite's WASM or pg), and a bundler
// problem with one driver cannot break the other mode.
import type { PGlite } from '@electric-sql/pglite';
import { IN_MEMORY, type DatabaseTarget } from '../config/database';
import { PrismaClient } from '../generated/prisma/client';
import { migrate, type MigrationResult } from './migrate';
import { lockDataDir, type DataDirLock } from './pglite-lock';
import { pgliteSession, pgSession } from './sessions';

export interface OpenDatabase {
  prisma: PrismaClient;
  target: DatabaseTarget;
  migrations: MigrationResult;
  /** Disconnects Prisma, closes PGlite / the pool, and releases the data-directory lock. */
  close(): Promise<void>;
}

export interface OpenOptions {
  migrationsDir?: string;
  log?: (message: string) => void;
}

/** A dropped connection (database restart, network): the pool replaces it; worth a line in the log. */
function logConnectionError(error: Error): void {
  console.error(`weft: PostgreSQL connection error: ${error.message}`);
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<OpenDatabase> {
  return target.kind === 'postgres' ? openPostgres(target, options) : openPglite(target, options);
}

async function openPostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>, options: OpenOptions): Promise<OpenDatabase> {
  const [{ default: pg }, { PrismaPg }] = await Promise.all([import('pg'), import('@prisma/adapter-pg')]);
  // Migrations on a dedicated connection: the advisory lock is held by a session, not a pool.
  const client = new pg.Client({ connectionString: target.url });
  // An unhandled 'error' event from pg would end the process; the failing query rejects with it anyway.
  client.on('error', logConnectionError);
  let migrations: MigrationResult;
  try {
    await client.connect();
    migrations = await migrate(pgSession(client), options);
  } finally {
    await client.end();
  }
  const adapter = new PrismaPg({ connectionString: target.url }, { onPoolError: logConnectionError, onConnectionError: logConnectionError });
  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    target,
    migrations,
    close: () => prisma.$disconnect(),
  };
}

async function openPglite(target: Extract<DatabaseTarget, { kind: 'pglite' }>, options: OpenOptions): Promise<OpenDatabase> {
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('pglite-prisma-adapter')]);
  const inMemory = target.dataDir === IN_MEMORY;
  const lock: DataDirLock | null = inMemory ? null : lockDataDir(target.dataDir);
  let db: PGlite | null = null;
  try {
    db = new PGlite(inMemory ? IN_MEMORY : target.dataDir);
    await db.waitReady;
    const migrations = await migrate(pgliteSession(db), options);
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
    const opened = db;
    return {
      prisma,
      target,
      migrations,
      async close() {
        try {
          await prisma.$disconnect();
          await opened.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    try {
      if (db && !db.closed) await db.close();
    } finally {
      lock?.release();
    }
    throw error;
  }
}
