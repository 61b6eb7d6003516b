import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE_NAME, lockDataDir } from './pglite-lock';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'weft-lock-'));
  return () => rmSync(dir, { recursive: true, force: true });
});

function lockFile(): string {
  return path.join(dir, LOCK_FILE_NAME);
}

/** A pid that certainly belongs to no running process: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('lockDataDir', () => {
  it('creates the directory and a lock file naming this process', () => {
    const nested = path.join(dir, 'a', 'b');
    const lock = lockDataDir(nested);
    expect(lock.dir).toBe(nested);
    expect(JSON.parse(readFileSync(path.join(nested, LOCK_FILE_NAME), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(existsSync(path.join(nested, LOCK_FILE_NAME))).toBe(false);
    expect(readdirSync(nested)).toEqual([]); // no temp files left behind
  });

  it('refuses a second lock on the same directory within this process, and allows it after release', () => {
    const lock = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    lock.release();
    lock.release(); // twice is harmless
    lockDataDir(dir).release();
  });

  it('refuses a lock held by another live process, with the message users see', async () => {
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => sleeper.once('spawn', resolve));
      writeFileSync(lockFile(), JSON.stringify({ pid: sleeper.pid, startTime: null }));
      expect(() => lockDataDir(dir)).toThrow(
        `Weft's embedded database at ${dir} is already open by process ${sleeper.pid}. Stop that process or set WEFT_DATA_DIR / DATABASE_URL.`,
      );
      expect(JSON.parse(readFileSync(lockFile(), 'utf8')).pid).toBe(sleeper.pid); // untouched
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a dead process', () => {
    writeFileSync(lockFile(), JSON.stringify({ pid: deadPid(), startTime: null }));
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockFile(), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock whose pid was reused by another process (different start time)', () => {
    // Our parent is alive, but it is not the process that wrote this lock.
    writeFileSync(lockFile(), JSON.stringify({ pid: process.ppid, startTime: '1' }));
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockFile(), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over an unreadable lock file', () => {
    writeFileSync(lockFile(), 'garbage');
    lockDataDir(dir).release();
  });

  it('treats a lock naming this pid but not held (a previous life of a reused pid) as stale', () => {
    writeFileSync(lockFile(), JSON.stringify({ pid: process.pid, startTime: '1' }));
    lockDataDir(dir).release();
  });

  it('does not delete a lock that another process took after ours was removed', () => {
    const lock = lockDataDir(dir);
    writeFileSync(lockFile(), JSON.stringify({ pid: process.ppid, startTime: null }));
    lock.release();
    expect(JSON.parse(readFileSync(lockFile(), 'utf8')).pid).toBe(process.ppid);
  });
});
