// Real PostgreSQL (a temporary cluster, see test/helpers/postgres.ts): the migrations build what
// schema.prisma describes, every model round-trips, re-running is a no-op, a tampered migration is refused,
// instances starting together migrate once, and concurrent writers lose nothing.
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksumOf, migrate, MigrationError, readMigrations } from '@/lib/db/migrate';
import { openDatabase, type OpenDatabase } from '@/lib/db/open';
import { pgSession } from '@/lib/db/sessions';
import { actualShape, expectedShape } from '../helpers/db-schema';
import { roundTripEveryModel } from '../helpers/db-round-trip';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

let server: TestPostgres;

beforeAll(async () => {
  server = await startPostgres();
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

describe('migrations on PostgreSQL', () => {
  it('build exactly the tables, columns, enums, indexes and foreign keys of schema.prisma', async () => {
    await withClient(server.url, async (client) => {
      const result = await migrate(pgSession(client));
      expect(result.applied).toEqual((await readMigrations()).map((file) => file.name));
      expect(await actualShape(pgSession(client))).toEqual(expectedShape());
    });
  });

  it('run a second time change nothing', async () => {
    await withClient(server.url, async (client) => {
      const before = await client.query('SELECT id, checksum, finished_at FROM "_prisma_migrations" ORDER BY id');
      const result = await migrate(pgSession(client));
      expect(result.applied).toEqual([]);
      expect(result.alreadyApplied).toEqual((await readMigrations()).map((file) => file.name));
      const after = await client.query('SELECT id, checksum, finished_at FROM "_prisma_migrations" ORDER BY id');
      expect(after.rows).toEqual(before.rows);
    });
  });

  it('refuse a migration whose file changed after it was applied', async () => {
    const files = await readMigrations();
    const tampered = files.map((file, index) =>
      index === 0 ? { ...file, sql: file.sql + '\n-- edited', checksum: checksumOf(file.sql + '\n-- edited') } : file,
    );
    await withClient(server.url, async (client) => {
      const error = await migrate(pgSession(client), { migrations: tampered }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as Error).message).toContain(`Migration ${files[0]!.name} was changed after it was applied`);
    });
  });

  it('are applied once when several instances start together', async () => {
    const url = await server.createDatabase();
    const instances = await Promise.all(Array.from({ length: 4 }, () => openDatabase({ kind: 'postgres', url })));
    try {
      const appliedCounts = instances.map((instance) => instance.migrations.applied.length);
      const total = (await readMigrations()).length;
      expect(appliedCounts.filter((count) => count === total)).toHaveLength(1);
      expect(appliedCounts.filter((count) => count === 0)).toHaveLength(3);
      const rows = await withClient(url, (client) => client.query('SELECT migration_name FROM "_prisma_migrations"'));
      expect(rows.rowCount).toBe(total);
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
    }
  });
});

describe('opening PostgreSQL', () => {
  it('fails promptly with the connection error when the server is unreachable', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const startedMs = Date.now();
    await expect(openDatabase({ kind: 'postgres', url: `postgresql://weft@127.0.0.1:${closedPort}/weft` })).rejects.toThrow(/ECONNREFUSED/);
    expect(Date.now() - startedMs).toBeLessThan(5_000);
  });
});

describe('the Prisma client on PostgreSQL', () => {
  let db: OpenDatabase;
  beforeAll(async () => {
    db = await openDatabase({ kind: 'postgres', url: await server.createDatabase() });
  });
  afterAll(() => db?.close());

  it('round-trips every model', async () => {
    await roundTripEveryModel(db.prisma);
  });

  it('loses nothing when 5 clients insert 50 action items in parallel', async () => {
    const url = db.target.kind === 'postgres' ? db.target.url : '';
    const clients = await Promise.all(Array.from({ length: 5 }, () => openDatabase({ kind: 'postgres', url })));
    try {
      await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          clients[index % clients.length]!.prisma.actionItem.create({
            data: { title: `parallel ${index}`, owner: `client-${index % clients.length}`, reportMonth: '2026-12' },
          }),
        ),
      );
      // Concurrent optimistic updates of one row: exactly one writer per version wins.
      const slo = await db.prisma.slo.create({
        data: { name: 'race', service: 'order', sliType: 'good', goodQuery: 'g', totalQuery: 't', objective: 0.99, windowKind: 'rolling', windowDays: 7 },
      });
      const outcomes = await Promise.all(
        clients.map((client, index) =>
          client.prisma.slo.updateMany({ where: { id: slo.id, version: 1 }, data: { owner: `writer-${index}`, version: { increment: 1 } } }),
        ),
      );
      expect(outcomes.map((outcome) => outcome.count).sort()).toEqual([0, 0, 0, 0, 1]);
      expect((await db.prisma.slo.findUniqueOrThrow({ where: { id: slo.id } })).version).toBe(2);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
    const titles = (await db.prisma.actionItem.findMany({ where: { reportMonth: '2026-12' } })).map((item) => item.title);
    expect(titles).toHaveLength(50);
    expect(new Set(titles)).toEqual(new Set(Array.from({ length: 50 }, (_, index) => `parallel ${index}`)));
  });
});
