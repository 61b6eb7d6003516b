import { PGlite } from '@electric-sql/pglite';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checksumOf, migrate, MigrationError, readMigrations, type MigrationFile, type MigrationSession } from './migrate';
import { pgliteSession } from './sessions';

function migration(name: string, sql: string): MigrationFile {
  return { name, sql, checksum: checksumOf(sql) };
}

const first = migration('20260101000000_first', 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "A" VALUES (1);');
const second = migration('20260102000000_second', 'ALTER TABLE "A" ADD COLUMN "name" TEXT;');

describe('checksumOf', () => {
  it('is the sha256 hex of the file, as Prisma records it', () => {
    expect(checksumOf('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(checksumOf('SELECT 1;\n')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('readMigrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'weft-migrations-'));
    return () => rmSync(dir, { recursive: true, force: true });
  });

  it('reads the folders in lexical order and ignores migration_lock.toml', async () => {
    for (const [name, sql] of [['20260102000000_b', 'SELECT 2;'], ['20260101000000_a', 'SELECT 1;']]) {
      mkdirSync(path.join(dir, name));
      writeFileSync(path.join(dir, name, 'migration.sql'), sql);
    }
    writeFileSync(path.join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
    const files = await readMigrations(dir);
    expect(files.map((file) => file.name)).toEqual(['20260101000000_a', '20260102000000_b']);
    expect(files[0]).toEqual({ name: '20260101000000_a', sql: 'SELECT 1;', checksum: checksumOf('SELECT 1;') });
  });

  it('rejects a folder that is not <timestamp>_<name>', async () => {
    mkdirSync(path.join(dir, 'init'));
    await expect(readMigrations(dir)).rejects.toThrow(/Unexpected folder init/);
  });

  it('names a missing migrations folder', async () => {
    await expect(readMigrations(path.join(dir, 'nope'))).rejects.toThrow(/Cannot read the migrations folder .*nope/);
  });

  it('reads the real migrations of this repository', async () => {
    const files = await readMigrations(path.join(process.cwd(), 'prisma', 'migrations'));
    expect(files.length).toBeGreaterThan(0);
    expect(files[0]!.name).toMatch(/_init$/);
  });
});

describe('migrate', () => {
  let db: PGlite;
  let session: MigrationSession;

  beforeAll(async () => {
    db = new PGlite('memory://');
    await db.waitReady;
    session = pgliteSession(db);
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  });

  async function recorded(): Promise<Array<Record<string, unknown>>> {
    return session.query('SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
  }

  it('applies pending migrations in order and records them like Prisma', async () => {
    const result = await migrate(session, { migrations: [first, second] });
    expect(result).toEqual({ applied: [first.name, second.name], alreadyApplied: [], unknown: [] });
    expect(await session.query('SELECT * FROM "A"')).toEqual([{ id: 1, name: null }]);
    const rows = await recorded();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ migration_name: first.name, checksum: first.checksum, logs: null, rolled_back_at: null, applied_steps_count: 1 });
    expect(rows[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(rows[0]!.finished_at).toBeInstanceOf(Date);
    expect(rows[0]!.started_at).toBeInstanceOf(Date);
  });

  it('is a no-op the second time, and applies only what is new later', async () => {
    await migrate(session, { migrations: [first] });
    expect(await migrate(session, { migrations: [first] })).toEqual({ applied: [], alreadyApplied: [first.name], unknown: [] });
    expect(await migrate(session, { migrations: [first, second] })).toEqual({ applied: [second.name], alreadyApplied: [first.name], unknown: [] });
    expect(await session.query('SELECT count(*)::int AS n FROM "A"')).toEqual([{ n: 1 }]);
  });

  it('refuses to run when an applied migration was edited, naming it', async () => {
    await migrate(session, { migrations: [first] });
    const edited = migration(first.name, first.sql + '\nINSERT INTO "A" VALUES (2);');
    const error = await migrate(session, { migrations: [edited, second] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(new RegExp(`Migration ${first.name} was changed after it was applied`));
    // Nothing else ran: the pending migration was not applied either.
    expect((await recorded()).map((row) => row.migration_name)).toEqual([first.name]);
  });

  it('accepts a file whose line endings changed (CRLF checkout), as Prisma does', async () => {
    await migrate(session, { migrations: [first] });
    const crlf = first.sql.replace(/\n/g, '\r\n');
    expect(await migrate(session, { migrations: [migration(first.name, crlf)] })).toMatchObject({ applied: [] });
  });

  it('rolls a failing migration back entirely and does not record it', async () => {
    const broken = migration('20260103000000_broken', 'CREATE TABLE "B" ("id" INTEGER);\nSELECT no_such_function();');
    const error = await migrate(session, { migrations: [first, broken] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(/Migration 20260103000000_broken failed and was rolled back: .*no_such_function/);
    expect((await recorded()).map((row) => row.migration_name)).toEqual([first.name]);
    expect(await session.query(`SELECT to_regclass('"B"') AS b`)).toEqual([{ b: null }]);
    // The session is usable again and the advisory lock was released.
    expect(await session.query('SELECT pg_try_advisory_lock(72707369) AS locked')).toEqual([{ locked: true }]);
    await session.query('SELECT pg_advisory_unlock(72707369)');
  });

  it('refuses to run past a migration Prisma recorded as failed', async () => {
    await migrate(session, { migrations: [first] });
    await session.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ('x', 'y', '20260101500000_half', now())`);
    await expect(migrate(session, { migrations: [first, second] })).rejects.toThrow(/20260101500000_half is recorded as failed/);
  });

  it('reports migrations the database has but this version does not', async () => {
    await migrate(session, { migrations: [first, second] });
    const messages: string[] = [];
    const result = await migrate(session, { migrations: [first], log: (message) => messages.push(message) });
    expect(result.unknown).toEqual([second.name]);
    expect(messages.join('\n')).toContain(second.name);
  });

  it('ignores a migration that was rolled back and applies it again', async () => {
    await migrate(session, { migrations: [first] });
    await session.exec(`UPDATE "_prisma_migrations" SET rolled_back_at = now(); DROP TABLE "A";`);
    expect(await migrate(session, { migrations: [first] })).toMatchObject({ applied: [first.name] });
  });
});
