// getDb(): one client per process, opened once however many callers race for it, reopened after closeDb(),
// and a failed open is not cached.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeDb, getDb } from '../db';
import { lockDataDir } from './pglite-lock';

afterEach(async () => {
  await closeDb();
  vi.unstubAllEnvs();
});

describe('getDb', { timeout: 120_000 }, () => {
  it('gives every concurrent caller the same client, migrated and usable', async () => {
    vi.stubEnv('DATABASE_URL', '');
    vi.stubEnv('WEFT_DATA_DIR', 'memory://');
    const clients = await Promise.all([getDb(), getDb(), getDb()]);
    expect(new Set(clients).size).toBe(1);
    await clients[0]!.setting.create({ data: { key: 'k', value: 1 } });
    expect(await (await getDb()).setting.count()).toBe(1);
  });

  it('opens a fresh database after closeDb()', async () => {
    vi.stubEnv('DATABASE_URL', '');
    vi.stubEnv('WEFT_DATA_DIR', 'memory://');
    const first = await getDb();
    await first.setting.create({ data: { key: 'k', value: 1 } });
    await closeDb();
    const second = await getDb();
    expect(second).not.toBe(first);
    expect(await second.setting.count()).toBe(0); // in memory: a new database
  });

  it('does not cache a failed open: the next call tries again', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-getdb-'));
    try {
      vi.stubEnv('DATABASE_URL', '');
      vi.stubEnv('WEFT_DATA_DIR', dir);
      const held = lockDataDir(dir);
      await expect(getDb()).rejects.toThrow(`Weft's embedded database at ${dir} is already open by process ${process.pid}`);
      held.release();
      const prisma = await getDb();
      expect(await prisma.permalink.count()).toBe(0);
    } finally {
      await closeDb();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
