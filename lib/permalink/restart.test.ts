// A link survives a restart of the console: one process makes it in an embedded database directory and exits,
// a second process opens the same directory afterwards and gets the identical view back.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CreateResult, ResolveResult } from './service';

const TSX = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CHILD = path.join(__dirname, 'testing', 'restart-child.ts');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'weft-permalink-restart-'));

function run(...args: string[]): Promise<{ pid: number; result: unknown }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [CHILD, ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`child exited ${code}: ${err}`));
      const line = out.trim().split('\n').at(-1) ?? '';
      resolve(JSON.parse(line) as { pid: number; result: unknown });
    });
  });
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a permalink across a restart', { timeout: 180_000 }, () => {
  it('is made by one process and opened, identical, by the next one on the same data directory', async () => {
    const first = await run('create', dataDir);
    const created = first.result as CreateResult;
    if (!created.ok) throw new Error(created.error);
    expect(created.link.href).toMatch(/^\/trace\/4bf92f3577b34da6a3ce929d0e0e4736\?span=00f067aa0ba902b7&tab=profile&from=\d+&to=\d+$/);

    // The first process has exited (and released the directory) before the second starts.
    const second = await run('resolve', dataDir, created.link.slug);
    expect(second.pid).not.toBe(first.pid);
    const resolved = second.result as ResolveResult;
    expect(resolved).toMatchObject({ status: 'ok', upgradedFrom: null });
    if (resolved.status !== 'ok') throw new Error(resolved.status);
    expect(resolved.link).toEqual(created.link);

    // And an unknown slug in that database is still unknown.
    expect((await run('resolve', dataDir, 'AAAAAAAAAAAA')).result).toEqual({ status: 'not-found' });
  });
});
