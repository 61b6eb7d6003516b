import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeDatabaseTarget, resolveDatabaseTarget } from './database';
import { ConfigError } from './errors';

describe('resolveDatabaseTarget', () => {
  it('defaults to an embedded PGlite directory under .data/pglite', () => {
    expect(resolveDatabaseTarget({}, '/srv/weft')).toEqual({ kind: 'pglite', dataDir: path.resolve('/srv/weft/.data/pglite') });
  });

  it('takes WEFT_DATA_DIR relative to the working directory, or memory://', () => {
    expect(resolveDatabaseTarget({ WEFT_DATA_DIR: 'var/db' }, '/srv/weft')).toEqual({ kind: 'pglite', dataDir: '/srv/weft/var/db' });
    expect(resolveDatabaseTarget({ WEFT_DATA_DIR: '/data' }, '/srv/weft')).toEqual({ kind: 'pglite', dataDir: '/data' });
    expect(resolveDatabaseTarget({ WEFT_DATA_DIR: 'memory://' })).toEqual({ kind: 'pglite', dataDir: 'memory://' });
  });

  it('uses PostgreSQL when DATABASE_URL is set, over WEFT_DATA_DIR', () => {
    const url = 'postgresql://weft:secret@db.internal:5432/weft?sslmode=require';
    expect(resolveDatabaseTarget({ DATABASE_URL: url, WEFT_DATA_DIR: '/data' })).toEqual({ kind: 'postgres', url });
    expect(resolveDatabaseTarget({ DATABASE_URL: 'postgres://db/weft' })).toEqual({ kind: 'postgres', url: 'postgres://db/weft' });
  });

  it.each([
    ['file:./dev.db', "DATABASE_URL: unsupported scheme 'file' (Weft needs postgresql://)"],
    ['mysql://db/weft', "DATABASE_URL: unsupported scheme 'mysql' (Weft needs postgresql://)"],
    ['db.internal:5432', "DATABASE_URL: unsupported scheme 'db.internal' (Weft needs postgresql://)"],
    ['not a url', 'DATABASE_URL: not a URL'],
    ['postgresql:///weft', 'DATABASE_URL: no host'],
  ])('rejects DATABASE_URL=%s', (url, message) => {
    expect(() => resolveDatabaseTarget({ DATABASE_URL: url })).toThrow(new ConfigError('DATABASE_URL', message.replace('DATABASE_URL: ', '')));
  });
});

describe('describeDatabaseTarget', () => {
  it('never shows the password', () => {
    const text = describeDatabaseTarget({ kind: 'postgres', url: 'postgresql://weft:s3cret@db:5432/weft?password=s3cret' });
    expect(text).toBe('PostgreSQL at postgresql://weft:***@db:5432/weft');
    expect(describeDatabaseTarget({ kind: 'pglite', dataDir: 'memory://' })).toBe('embedded PGlite (in memory)');
    expect(describeDatabaseTarget({ kind: 'pglite', dataDir: '/data' })).toBe('embedded PGlite at /data');
  });
});
