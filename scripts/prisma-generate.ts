// Generates the Prisma client into lib/generated/prisma (runs in `postinstall` and `build`).
// Prisma's CLI insists on a schema-engine binary it would download from a host we cannot reach; generate never
// runs it, so point it at a stub that fails loudly if anything ever does. Telemetry checks are off: offline.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const prismaCli = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
const stub = path.join(root, 'scripts', 'prisma-schema-engine-stub');
const generatedClient = path.join(root, 'lib', 'generated', 'prisma', 'client.ts');

function main(): number {
  if (!existsSync(path.join(root, 'prisma', 'schema.prisma'))) {
    console.error('prisma-generate: prisma/schema.prisma not found (run this from the repository root)');
    return 1;
  }
  if (!existsSync(prismaCli)) {
    // A production install without devDependencies: keep the client that was generated before, if any.
    if (existsSync(generatedClient)) {
      console.log('prisma-generate: the prisma CLI is not installed; keeping the existing generated client');
      return 0;
    }
    console.error('prisma-generate: the prisma CLI is not installed and no client was generated; install devDependencies');
    return 1;
  }
  chmodSync(stub, 0o755); // git keeps the mode, but an unpacked tarball may not
  const result = spawnSync(process.execPath, [prismaCli, 'generate'], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: stub,
      CHECKPOINT_DISABLE: '1',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
  });
  if (result.error) {
    console.error(`prisma-generate: could not run prisma: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

process.exitCode = main();
