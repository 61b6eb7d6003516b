// Is Weft's own database usable? Opens it on first use (and applies migrations), then a trivial query.
import 'server-only';
import { describeDatabaseTarget, resolveDatabaseTarget } from '../config/database';
import { getDb } from '../db';

export interface DatabaseHealth {
  ok: boolean;
  /** e.g. "embedded PGlite at /srv/weft/.data/pglite" or the PostgreSQL URL without its password. */
  target: string;
  latencyMs: number;
  error?: string;
}

export async function checkDatabase(): Promise<DatabaseHealth> {
  const startedMs = performance.now();
  let target = 'unknown';
  try {
    target = describeDatabaseTarget(resolveDatabaseTarget());
    const prisma = await getDb();
    await prisma.$queryRaw`SELECT 1`;
    return { ok: true, target, latencyMs: Math.round(performance.now() - startedMs) };
  } catch (error) {
    console.error('weft: database health check failed', error);
    // The first line says what is wrong (locked directory, refused connection, failed migration); the rest is in the log.
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
    return { ok: false, target, latencyMs: Math.round(performance.now() - startedMs), error: message };
  }
}
