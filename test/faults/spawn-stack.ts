// Starts test/faults/main.ts in a child process and hands back its URLs and a client of its control endpoint.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { DemoBackend } from '../../demo/contract';
import { STACK_BACKENDS, URL_ENV, faultControl } from './fault-stack';

export interface FaultStackProcess {
  urls: Record<DemoBackend, string>;
  controlUrl: string;
  control: ReturnType<typeof faultControl>;
  /** Environment for a console that reads the stack through the proxies with these deadlines and size cap. */
  consoleEnv(options: { timeoutMs: number; maxResponseBytes: number }): Record<string, string>;
  close(): Promise<void>;
}

export interface SpawnOptions {
  memo?: boolean;
  slowMs?: number;
  oversizeBytes?: number;
  /** How long the stack may take to start (default 60 s). */
  startTimeoutMs?: number;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

export async function spawnFaultStack(options: SpawnOptions = {}): Promise<FaultStackProcess> {
  const args = ['--import', 'tsx', path.join(ROOT, 'test/faults/main.ts')];
  if (options.memo) args.push('--memo');
  if (options.slowMs) args.push(`--slow-ms=${options.slowMs}`);
  if (options.oversizeBytes) args.push(`--oversize-bytes=${options.oversizeBytes}`);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<{ urls: Record<DemoBackend, string>; controlUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the fault stack did not start in time')), options.startTimeoutMs ?? 60_000);
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as { urls: Record<DemoBackend, string>; controlUrl: string });
      } catch (error) {
        reject(new Error(`the fault stack printed ${JSON.stringify(line)}`, { cause: error }));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the fault stack exited (${code}) before it was ready`));
    });
  });
  return {
    ...ready,
    control: faultControl(ready.controlUrl),
    consoleEnv({ timeoutMs, maxResponseBytes }) {
      const env: Record<string, string> = { WEFT_DATASOURCES_FILE: '' };
      for (const backend of STACK_BACKENDS) {
        const prefix = URL_ENV[backend].replace(/_URL$/, '');
        env[URL_ENV[backend]] = ready.urls[backend];
        env[`${prefix}_TIMEOUT_MS`] = String(timeoutMs);
        env[`${prefix}_MAX_RESPONSE_BYTES`] = String(maxResponseBytes);
      }
      return env;
    },
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
