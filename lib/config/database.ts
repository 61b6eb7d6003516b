// Where Weft keeps its own data: an embedded PGlite directory by default, a real PostgreSQL when
// DATABASE_URL is set. One dialect, one schema, one migration folder.
import path from 'node:path';
import { ConfigError } from './errors';
import { redactUrl } from './redact';

export type DatabaseTarget =
  | { kind: 'pglite'; /** An absolute directory, or 'memory://' for a throw-away database. */ dataDir: string }
  | { kind: 'postgres'; url: string };

export const DEFAULT_DATA_DIR = path.join('.data', 'pglite');
export const IN_MEMORY = 'memory://';

type Env = Record<string, string | undefined>;

/** Reads DATABASE_URL (postgres:// or postgresql://) or WEFT_DATA_DIR (a directory or memory://). */
export function resolveDatabaseTarget(env: Env = process.env, cwd: string = process.cwd()): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError('DATABASE_URL', 'not a URL');
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
      throw new ConfigError('DATABASE_URL', `unsupported scheme '${parsed.protocol.replace(/:$/, '')}' (Weft needs postgresql://)`);
    }
    if (!parsed.hostname && !parsed.searchParams.has('host')) throw new ConfigError('DATABASE_URL', 'no host');
    return { kind: 'postgres', url };
  }
  const dataDir = env.WEFT_DATA_DIR?.trim();
  if (dataDir === IN_MEMORY) return { kind: 'pglite', dataDir: IN_MEMORY };
  return { kind: 'pglite', dataDir: path.resolve(cwd, dataDir || DEFAULT_DATA_DIR) };
}

/** A one-line description safe to show: the directory, or the URL without its password. */
export function describeDatabaseTarget(target: DatabaseTarget): string {
  if (target.kind === 'postgres') return `PostgreSQL at ${redactUrl(target.url)}`;
  return target.dataDir === IN_MEMORY ? 'embedded PGlite (in memory)' : `embedded PGlite at ${target.dataDir}`;
}
