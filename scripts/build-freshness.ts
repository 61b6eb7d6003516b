// Decides whether `.next` must be rebuilt: missing, or older than any source that goes into the build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** What goes into `next build` (tests, e2e, scripts and the demo do not). */
export const BUILD_INPUT_DIRS = ['app', 'components', 'lib', 'public', 'types', 'prisma'];
export const BUILD_INPUT_FILES = ['next.config.js', 'proxy.ts', 'package.json', 'package-lock.json', 'tsconfig.json', 'prisma.config.ts'];

const SKIPPED = /\.test\.tsx?$|\.spec\.tsx?$|(^|\/)\.DS_Store$/;

export interface Freshness {
  stale: boolean;
  reason: string;
}

export function newestInput(root: string): { file: string; mtimeMs: number } | null {
  let newest: { file: string; mtimeMs: number } | null = null;
  const consider = (file: string) => {
    const mtimeMs = statSync(file).mtimeMs;
    if (newest === null || mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && !SKIPPED.test(entry.name)) consider(full);
    }
  };
  for (const dir of BUILD_INPUT_DIRS) {
    const full = path.join(root, dir);
    if (existsSync(full)) walk(full);
  }
  for (const file of BUILD_INPUT_FILES) {
    const full = path.join(root, file);
    if (existsSync(full)) consider(full);
  }
  return newest;
}

export function buildFreshness(root: string): Freshness {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return { stale: true, reason: 'no production build yet (.next/BUILD_ID is missing)' };
  const builtMs = statSync(buildId).mtimeMs;
  const newest = newestInput(root);
  if (newest !== null && newest.mtimeMs > builtMs) {
    return { stale: true, reason: `${path.relative(root, newest.file)} changed after the last build` };
  }
  return { stale: false, reason: 'the production build is up to date' };
}
