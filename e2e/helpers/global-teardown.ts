import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Removes the temporary data directory playwright.config.ts made for the server's embedded database. */
export default function globalTeardown(): void {
  const dir = process.env.WEFT_E2E_DATA_DIR;
  // Only ever delete what the config created: a weft-e2e-* directory under the OS temp dir.
  if (!dir || path.dirname(dir) !== os.tmpdir() || !path.basename(dir).startsWith('weft-e2e-')) return;
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
