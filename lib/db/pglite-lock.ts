// Only one process may open a PGlite directory: PGlite has no postmaster.pid of its own, and two processes
// writing the same directory silently lost rows here. We take an exclusive lock file holding our pid.
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE_NAME = 'weft.lock';

interface LockOwner {
  pid: number;
  /** Process start time from /proc (Linux), so a reused pid (e.g. pid 1 in a new container) is not mistaken for the owner. */
  startTime: string | null;
}

export interface DataDirLock {
  readonly dir: string;
  readonly lockPath: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

export class DataDirLockedError extends Error {
  readonly pid: number;
  readonly dir: string;

  constructor(dir: string, pid: number) {
    super(
      `Weft's embedded database at ${dir} is already open by process ${pid}. ` +
        'Stop that process or set WEFT_DATA_DIR / DATABASE_URL.',
    );
    this.name = 'DataDirLockedError';
    this.pid = pid;
    this.dir = dir;
  }
}

/**
 * Locks held by this process, so a lock file naming our own pid is recognised as ours, not as stale.
 * On globalThis: a bundler may load this module more than once per process (one copy per server chunk).
 */
const shared = globalThis as typeof globalThis & { __weftHeldLocks?: Set<string> };
const heldLocks = (shared.__weftHeldLocks ??= new Set<string>());

interface ProcStat {
  state: string;
  startTime: string;
}

/** State and start time of a process from /proc (Linux); null where /proc is not available. */
function procStat(pid: number): ProcStat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" closing the command name (which may contain spaces): state is field 3, starttime 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] && fields[19] ? { state: fields[0], startTime: fields[19] } : null;
  } catch {
    return null;
  }
}

function processStartTime(pid: number): string | null {
  return procStat(pid)?.startTime ?? null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A killed process stays a zombie until its parent reaps it (containers without an init may never do so).
  const state = procStat(pid)?.state;
  return state !== 'Z' && state !== 'X';
}

function readOwner(lockPath: string): LockOwner | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(lockPath, 'utf8'));
    if (parsed && typeof parsed === 'object') {
      const { pid, startTime } = parsed as Record<string, unknown>;
      if (typeof pid === 'number' && Number.isInteger(pid) && pid > 0) {
        return { pid, startTime: typeof startTime === 'string' ? startTime : null };
      }
    }
    return null;
  } catch {
    return null; // unreadable or half-written: treated as stale
  }
}

function ownerIsRunning(owner: LockOwner, lockPath: string): boolean {
  if (owner.pid === process.pid) return heldLocks.has(lockPath);
  if (!isAlive(owner.pid)) return false;
  const current = processStartTime(owner.pid);
  // Where /proc exists, a different start time means the pid was reused by another process.
  return owner.startTime === null || current === null || current === owner.startTime;
}

/** Creates the lock file with its content in one step (write a temp file, then link it), never half-written. */
function tryCreate(lockPath: string): boolean {
  const temp = `${lockPath}.${process.pid}.tmp`;
  const owner: LockOwner = { pid: process.pid, startTime: processStartTime(process.pid) };
  const fd = openSync(temp, 'w', 0o644);
  try {
    writeSync(fd, JSON.stringify(owner) + '\n');
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/**
 * Moves a stale lock aside atomically. If another process replaced it with a live lock in between,
 * put theirs back (link fails if a third lock appeared, which is then theirs too).
 */
function removeStale(lockPath: string, stale: LockOwner | null): void {
  const aside = `${lockPath}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readOwner(aside);
  const sameAsStale = moved?.pid === stale?.pid && moved?.startTime === stale?.startTime;
  if (!sameAsStale && moved && ownerIsRunning(moved, lockPath)) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // someone else holds the lock now; ours will fail on its own
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // already gone
  }
}

/**
 * Takes the lock for a PGlite data directory (creating the directory), or throws DataDirLockedError
 * naming the live process that holds it. A lock left by a dead process is taken over.
 * The lock is released on process exit; a killed process leaves a stale lock that the next start takes over.
 */
export function lockDataDir(dir: string): DataDirLock {
  const absoluteDir = path.resolve(dir);
  mkdirSync(absoluteDir, { recursive: true });
  const lockPath = path.join(absoluteDir, LOCK_FILE_NAME);

  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(lockPath)) {
      heldLocks.add(lockPath);
      const onExit = (): void => release();
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        process.removeListener('exit', onExit);
        heldLocks.delete(lockPath);
        if (readOwner(lockPath)?.pid === process.pid) {
          try {
            unlinkSync(lockPath);
          } catch {
            // already removed
          }
        }
      };
      process.on('exit', onExit);
      return { dir: absoluteDir, lockPath, release };
    }
    const owner = readOwner(lockPath);
    if (owner && ownerIsRunning(owner, lockPath)) throw new DataDirLockedError(absoluteDir, owner.pid);
    removeStale(lockPath, owner);
  }
  const owner = readOwner(lockPath);
  throw new DataDirLockedError(absoluteDir, owner?.pid ?? 0);
}
