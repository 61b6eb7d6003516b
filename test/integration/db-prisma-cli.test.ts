// Prisma's CLI with our schema-engine stub: commands that need the engine fail loudly and promptly
// instead of hanging or "succeeding" with no output (what a plain exit-1 stub gives for `migrate diff`).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.cwd();

function prisma(args: string[], env: Record<string, string> = {}): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/prisma/build/index.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: path.join(root, 'scripts/prisma-schema-engine-stub'),
      CHECKPOINT_DISABLE: '1',
      DATABASE_URL: '',
      ...env,
    },
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('the schema-engine stub', () => {
  it('makes `prisma migrate diff` fail with our explanation', () => {
    const result = prisma(['migrate', 'diff', '--from-empty', '--to-schema', 'prisma/schema.prisma', '--script']);
    expect(result.status).toBe(1);
    expect(result.output).toContain("Prisma's schema engine is not available in this project");
  });

  it('makes `prisma migrate deploy` fail instead of hanging', () => {
    const result = prisma(['migrate', 'deploy'], { DATABASE_URL: 'postgresql://weft@127.0.0.1:1/weft' });
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/Schema engine error/);
  });
});
