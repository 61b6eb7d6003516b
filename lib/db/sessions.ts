// Adapts the raw drivers to the migration runner: both run whole scripts natively
// (pg's simple query protocol, PGlite.exec), which adapter-pg cannot do.
import type { PGlite } from '@electric-sql/pglite';
import type { ClientBase } from 'pg';
import type { MigrationSession } from './migrate';

export function pgSession(client: ClientBase): MigrationSession {
  return {
    async exec(sql) {
      await client.query(sql);
    },
    async query<Row extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      const result = await client.query<Row>(sql, params);
      return result.rows;
    },
  };
}

export function pgliteSession(db: PGlite): MigrationSession {
  return {
    async exec(sql) {
      await db.exec(sql);
    },
    async query<Row extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      const result = await db.query<Row>(sql, params);
      return result.rows;
    },
  };
}
