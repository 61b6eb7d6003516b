// The embedded database: the migrations build what schema.prisma describes, every model round-trips through
// the generated client, rows survive a restart, and a second process on the same directory gets a clear error.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_MEMORY } from '@/lib/config/database';
import { migrate } from '@/lib/db/migrate';
import { openDatabase } from '@/lib/db/open';
import { pgliteSession } from '@/lib/db/sessions';
import { actualShape, expectedShape } from '../helpers/db-schema';
import { roundTripEveryModel } from '../helpers/db-round-trip';

const repoRoot = process.cwd();

describe('migrations on PGlite', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = new PGlite(IN_MEMORY);
    await db.waitReady;
  });
  afterAll(() => db.close());

  it('build exactly the tables, columns, enums, indexes and foreign keys of schema.prisma', async () => {
    const session = pgliteSession(db);
    const result = await migrate(session);
    expect(result.applied.length).toBeGreaterThan(0);
    expect(await actualShape(session)).toEqual(expectedShape());
  });

  it('run a second time change nothing', async () => {
    const result = await migrate(pgliteSession(db));
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied.length).toBeGreaterThan(0);
  });
});

describe('the Prisma client on PGlite', { timeout: 120_000 }, () => {
  it('round-trips every model', async () => {
    const opened = await openDatabase({ kind: 'pglite', dataDir: IN_MEMORY });
    try {
      await roundTripEveryModel(opened.prisma);
    } finally {
      await opened.close();
    }
  });
});

// Each test opens PGlite (2-3 s cold, much more on a loaded machine) and some spawn `npx tsx`.
describe('a PGlite data directory', { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'weft-pglite-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs a tiny script in a separate Node process (npx tsx) that opens `dir`; exit code 3 and the message on failure. */
  function child(body: string): { done: Promise<{ code: number | null; stdout: string; stderr: string }>; kill(): void; ready: Promise<void> } {
    const script = path.join(dir, `child-${Math.random().toString(36).slice(2)}.mts`);
    writeFileSync(
      script,
      `import { openDatabase } from ${JSON.stringify(path.join(repoRoot, 'lib/db/open.ts'))};\n` +
        `const dir = ${JSON.stringify(path.join(dir, 'db'))};\n` +
        `try {\n${body}\n} catch (error) {\n  console.error(error instanceof Error ? error.message : String(error));\n  process.exit(3);\n}\n`,
    );
    // Its own process group: npx -> tsx -> node is a tree, and a kill must reach the node that holds the lock.
    const proc = spawn('npx', ['tsx', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('READY')) markReady();
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      proc.on('close', (code) => resolve({ code, stdout, stderr })),
    );
    return { done, ready, kill: () => process.kill(-proc.pid!, 'SIGKILL') };
  }

  it('keeps rows across close and reopen (a restart)', async () => {
    const first = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'db') });
    await first.prisma.actionItem.create({ data: { title: 'survives a restart', owner: 'ops', reportMonth: '2026-11' } });
    await first.close();

    const second = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'db') });
    try {
      expect(second.migrations.applied).toEqual([]);
      expect((await second.prisma.actionItem.findMany()).map((item) => item.title)).toEqual(['survives a restart']);
    } finally {
      await second.close();
    }
  });

  it('refuses a second process with a clear error while the first has it open, then lets it in', async () => {
    const holder = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'db') });
    try {
      const blocked = await child(`await openDatabase({ kind: 'pglite', dataDir: dir });\nconsole.log('OPENED');`).done;
      expect(blocked.code).toBe(3);
      expect(blocked.stdout).not.toContain('OPENED');
      expect(blocked.stderr).toContain(
        `Weft's embedded database at ${path.join(dir, 'db')} is already open by process ${process.pid}. Stop that process or set WEFT_DATA_DIR / DATABASE_URL.`,
      );
      await holder.prisma.actionItem.create({ data: { title: 'written by the first process', owner: 'ops', reportMonth: '2026-11' } });
    } finally {
      await holder.close();
    }

    const allowed = await child(
      `const db = await openDatabase({ kind: 'pglite', dataDir: dir });\n` +
        `const titles = (await db.prisma.actionItem.findMany({ orderBy: { createdAt: 'asc' } })).map((item) => item.title);\n` +
        `console.log(JSON.stringify(titles));\nawait db.close();`,
    ).done;
    expect(allowed.stderr.replace(/npm warn.*\n?/g, '')).toBe('');
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout.trim().split('\n').at(-1)!)).toEqual(['survives a restart', 'written by the first process']);
  });

  it('takes over the directory of a process that was killed while holding it', async () => {
    // The victim commits a row, then dies without closing anything: committed rows must survive a SIGKILL.
    const victim = child(
      `const db = await openDatabase({ kind: 'pglite', dataDir: dir });\n` +
        `await db.prisma.actionItem.create({ data: { title: 'committed before SIGKILL', owner: 'ops', reportMonth: '2026-11' } });\n` +
        `console.log('READY');\nawait new Promise(() => {});`,
    );
    await victim.ready;
    await expect(openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'db') })).rejects.toThrow(/is already open by process \d+/);
    victim.kill();
    await victim.done;

    const after = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'db') });
    try {
      const titles = (await after.prisma.actionItem.findMany({ orderBy: { createdAt: 'asc' } })).map((item) => item.title);
      expect(titles).toEqual(['survives a restart', 'written by the first process', 'committed before SIGKILL']);
    } finally {
      await after.close();
    }
  });
});
