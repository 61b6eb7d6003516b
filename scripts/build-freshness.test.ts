import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFreshness } from './build-freshness';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'weft-fresh-'));
  dirs.push(root);
  mkdirSync(path.join(root, 'app'));
  mkdirSync(path.join(root, 'lib', 'deep'), { recursive: true });
  return root;
}

function touch(file: string, secondsAgo: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, 'x');
  const t = Date.now() / 1000 - secondsAgo;
  utimesSync(file, t, t);
}

describe('buildFreshness', () => {
  it('is stale without a build', () => {
    const root = project();
    expect(buildFreshness(root)).toEqual({ stale: true, reason: 'no production build yet (.next/BUILD_ID is missing)' });
  });

  it('is fresh when the build is newer than every source', () => {
    const root = project();
    touch(path.join(root, 'app', 'page.tsx'), 100);
    touch(path.join(root, 'lib', 'deep', 'x.ts'), 100);
    touch(path.join(root, '.next', 'BUILD_ID'), 10);
    expect(buildFreshness(root).stale).toBe(false);
  });

  it('is stale when a nested source or a config file changed after the build', () => {
    const root = project();
    touch(path.join(root, '.next', 'BUILD_ID'), 50);
    touch(path.join(root, 'lib', 'deep', 'x.ts'), 10);
    expect(buildFreshness(root)).toEqual({ stale: true, reason: `${path.join('lib', 'deep', 'x.ts')} changed after the last build` });

    const other = project();
    touch(path.join(other, '.next', 'BUILD_ID'), 50);
    touch(path.join(other, 'next.config.js'), 10);
    expect(buildFreshness(other).stale).toBe(true);
  });

  it('ignores tests and files outside the build inputs', () => {
    const root = project();
    touch(path.join(root, '.next', 'BUILD_ID'), 50);
    touch(path.join(root, 'lib', 'a.test.ts'), 10);
    touch(path.join(root, 'e2e', 'shell.spec.ts'), 10);
    touch(path.join(root, 'scripts', 'test.ts'), 10);
    expect(buildFreshness(root).stale).toBe(false);
  });
});
