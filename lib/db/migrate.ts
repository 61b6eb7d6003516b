// Our small migration runner. `prisma migrate` needs a native schema engine we cannot download, so the
// checked-in prisma/migrations/<timestamp>_<name>/migration.sql files are applied here at start-up, with the
// raw drivers (adapter-pg would split scripts on ';'), and recorded in Prisma's own `_prisma_migrations`
// table so that Prisma's tooling can take over wherever its engine is available.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The two things the runner needs from a driver: a multi-statement script, and one parameterised query. */
export interface MigrationSession {
  /** Runs a script of one or more statements (simple query protocol); no parameters. */
  exec(sql: string): Promise<void>;
  /** Runs one statement with $1.. parameters and returns its rows. */
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface MigrationFile {
  /** Folder name, e.g. 20261122000000_init. Applied in lexical order, like Prisma. */
  name: string;
  sql: string;
  /** sha256 hex of the file, as Prisma computes it. */
  checksum: string;
}

export interface MigrationResult {
  /** Migrations applied by this run, in order. */
  applied: string[];
  /** Migrations found already applied. */
  alreadyApplied: string[];
  /** Applied in the database but missing from the folder (a newer version of Weft ran here). */
  unknown: string[];
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** The key Prisma's own migrate commands lock on, so our runner and Prisma's exclude each other. */
export const MIGRATION_ADVISORY_LOCK_KEY = 72707369;

// Prisma's definition of its bookkeeping table (schema-engine, PostgreSQL flavour).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

const MIGRATION_NAME = /^\d{14}_[A-Za-z0-9_]+$/;

export function defaultMigrationsDir(): string {
  return path.join(process.cwd(), 'prisma', 'migrations');
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/** Prisma accepts a checksum computed before a checkout changed LF <-> CRLF; so do we. */
function matchesChecksum(sql: string, checksum: string): boolean {
  const lf = sql.replace(/\r\n/g, '\n');
  return [sql, lf, lf.replace(/\n/g, '\r\n')].some((variant) => checksumOf(variant) === checksum);
}

export async function readMigrations(dir: string = defaultMigrationsDir()): Promise<MigrationFile[]> {
  let entries;
  try {
    // turbopackIgnore: a runtime path; without it Next traces the whole project into the server output.
    entries = await readdir(/*turbopackIgnore: true*/ dir, { withFileTypes: true });
  } catch (error) {
    throw new MigrationError(`Cannot read the migrations folder ${dir}`, { cause: error });
  }
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    if (!MIGRATION_NAME.test(name)) {
      throw new MigrationError(`Unexpected folder ${name} in ${dir}: migrations are named <yyyymmddhhmmss>_<name>`);
    }
    const sql = await readFile(/*turbopackIgnore: true*/ path.join(dir, name, 'migration.sql'), 'utf8');
    files.push({ name, sql, checksum: checksumOf(sql) });
  }
  return files;
}

interface AppliedRow extends Record<string, unknown> {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

export interface MigrateOptions {
  migrationsDir?: string;
  /** Migrations to apply instead of reading the folder (tests). */
  migrations?: MigrationFile[];
  log?: (message: string) => void;
}

/**
 * Applies pending migrations, each in its own transaction, under a PostgreSQL advisory lock so that two
 * instances starting together apply each migration once. Refuses to run when an applied migration's file
 * has changed, or when a migration is recorded as failed.
 * Migration SQL must be valid inside a transaction (no CREATE INDEX CONCURRENTLY).
 */
export async function migrate(session: MigrationSession, options: MigrateOptions = {}): Promise<MigrationResult> {
  const migrations = options.migrations ?? (await readMigrations(options.migrationsDir));
  const log = options.log ?? (() => undefined);
  await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_ADVISORY_LOCK_KEY]);
  try {
    await session.exec(CREATE_MIGRATIONS_TABLE);
    const rows = await session.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
    );
    const live = rows.filter((row) => row.rolled_back_at === null);
    const failed = live.find((row) => row.finished_at === null);
    if (failed) {
      throw new MigrationError(
        `Migration ${failed.migration_name} is recorded as failed in _prisma_migrations. ` +
          'Fix the database by hand, then delete or mark that row as rolled back.',
      );
    }
    const appliedByName = new Map(live.map((row) => [row.migration_name, row]));
    for (const file of migrations) {
      const row = appliedByName.get(file.name);
      if (row && !matchesChecksum(file.sql, row.checksum)) {
        throw new MigrationError(
          `Migration ${file.name} was changed after it was applied to this database ` +
            `(checksum ${row.checksum.slice(0, 12)}… in the database, ${file.checksum.slice(0, 12)}… on disk). ` +
            'Restore the original migration.sql and put the change in a new migration.',
        );
      }
    }

    const known = new Set(migrations.map((file) => file.name));
    const result: MigrationResult = {
      applied: [],
      alreadyApplied: migrations.filter((file) => appliedByName.has(file.name)).map((file) => file.name),
      unknown: [...appliedByName.keys()].filter((name) => !known.has(name)),
    };
    if (result.unknown.length > 0) {
      log(`The database has migrations this version of Weft does not know: ${result.unknown.join(', ')}`);
    }
    for (const file of migrations) {
      if (appliedByName.has(file.name)) continue;
      await applyOne(session, file);
      log(`Applied migration ${file.name}`);
      result.applied.push(file.name);
    }
    return result;
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_ADVISORY_LOCK_KEY]);
  }
}

async function applyOne(session: MigrationSession, file: MigrationFile): Promise<void> {
  const startedAt = new Date();
  await session.exec('BEGIN');
  try {
    await session.exec(file.sql);
    await session.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
      [randomUUID(), file.checksum, file.name, startedAt.toISOString()],
    );
    await session.exec('COMMIT');
  } catch (error) {
    await session.exec('ROLLBACK').catch(() => undefined); // the original error is the one to report
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${reason}`, { cause: error });
  }
}
