// A real, throw-away PostgreSQL for integration tests: a temporary cluster (initdb) in a temp directory,
// listening on a free loopback port, removed on stop(). Set WEFT_TEST_DATABASE_URL to use an existing
// server instead (each test database is then created on it). PostgreSQL refuses to run as root, so as
// root the cluster runs as the `postgres` user.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './free-port';

export interface TestPostgres {
  /** URL of a fresh, empty database created for this caller. */
  url: string;
  /** Another fresh database on the same server. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

const SUPERUSER = 'weft';

function findBinDir(): string | null {
  const override = process.env.WEFT_PG_BIN;
  if (override && existsSync(path.join(override, 'initdb'))) return override;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((name) => /^\d+$/.test(name) && existsSync(path.join(base, name, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(base, versions[0], 'bin');
  }
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const bindir = pgConfig.status === 0 ? pgConfig.stdout.trim() : '';
  return bindir && existsSync(path.join(bindir, 'initdb')) ? bindir : null;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function ensureInstalled(): string {
  const found = findBinDir();
  if (found) return found;
  if (!isRoot()) {
    throw new Error('PostgreSQL is not installed (no initdb found). Install it (Debian: apt-get install -y postgresql) or set WEFT_TEST_DATABASE_URL.');
  }
  execFileSync('apt-get', ['install', '-y', 'postgresql'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const installed = findBinDir();
  if (!installed) throw new Error('apt-get installed postgresql but no initdb was found');
  return installed;
}

/** Runs a PostgreSQL binary, as the postgres user when we are root. */
function runPg(binDir: string, program: string, args: string[]): void {
  const binary = path.join(binDir, program);
  const [command, commandArgs] = isRoot() ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
  // cwd: the postgres user may not be allowed into the repository.
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', timeout: 60_000, cwd: os.tmpdir() });
  if (result.status !== 0) {
    throw new Error(`${program} failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr || result.stdout}`);
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function createDatabaseOn(serverUrl: string): Promise<string> {
  const name = `weft_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return withDatabase(serverUrl, name);
}

async function startCluster(): Promise<{ serverUrl: string; stop(): Promise<void> }> {
  const binDir = ensureInstalled();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-pg-'));
  const dataDir = path.join(dir, 'data');
  if (isRoot()) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })));
  runPg(binDir, 'initdb', ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);

  let lastError: unknown;
  // The free port may be taken between our probe and postgres' bind: try a few.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    try {
      runPg(binDir, 'pg_ctl', ['-D', dataDir, '-l', path.join(dir, 'postgres.log'), '-o', options, '-w', '-t', '60', 'start']);
    } catch (error) {
      lastError = error;
      continue;
    }
    return {
      serverUrl: `postgresql://${SUPERUSER}@127.0.0.1:${port}/postgres`,
      async stop() {
        try {
          runPg(binDir, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

/** Starts a temporary PostgreSQL cluster (or uses WEFT_TEST_DATABASE_URL) and creates an empty database on it. */
export async function startPostgres(): Promise<TestPostgres> {
  const external = process.env.WEFT_TEST_DATABASE_URL;
  const cluster = external ? { serverUrl: external, stop: async () => undefined } : await startCluster();
  try {
    const url = await createDatabaseOn(cluster.serverUrl);
    return { url, createDatabase: () => createDatabaseOn(cluster.serverUrl), stop: cluster.stop };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
