// Makes sure the system binaries the tests need are installed: Debian's Chromium (Playwright), Prometheus +
// promtool (integration tests against the real server) and PostgreSQL 15 (DATABASE_URL tests).
// As root with apt-get it installs what is missing; otherwise it prints the command and exits 1.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';

interface SystemDep {
  binary: string;
  aptPackage: string;
  what: string;
}

const SYSTEM_DEPS: readonly SystemDep[] = [
  { binary: '/usr/bin/chromium', aptPackage: 'chromium', what: 'Chromium (Playwright e2e tests)' },
  { binary: '/usr/bin/prometheus', aptPackage: 'prometheus', what: 'Prometheus (integration tests)' },
  { binary: '/usr/bin/promtool', aptPackage: 'prometheus', what: 'promtool (rule checks)' },
  { binary: '/usr/lib/postgresql/15/bin/initdb', aptPackage: 'postgresql', what: 'PostgreSQL 15 (DATABASE_URL tests)' },
];

const POLICY_RC = '/usr/sbin/policy-rc.d';

function missingDeps(exists: (path: string) => boolean = existsSync): SystemDep[] {
  return SYSTEM_DEPS.filter((dep) => !exists(dep.binary));
}

function run(command: string, args: string[], tolerate = false): boolean {
  console.log(`ensure-system-deps: $ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const ok = result.status === 0;
  if (!ok && !tolerate) {
    console.error(`ensure-system-deps: "${command} ${args.join(' ')}" failed (${result.error?.message ?? `exit ${result.status}`})`);
  }
  return ok;
}

function hasAptGet(): boolean {
  return existsSync('/usr/bin/apt-get');
}

function install(packages: string[]): boolean {
  // Debian's postinst would start the prometheus and postgresql services on their well-known ports;
  // a policy-rc.d that answers 101 ("action forbidden") stops that during the install.
  const addedPolicy = !existsSync(POLICY_RC);
  if (addedPolicy) writeFileSync(POLICY_RC, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    const lockWait = ['-o', 'DPkg::Lock::Timeout=300'];
    if (!run('apt-get', [...lockWait, 'update'])) return false;
    return run('apt-get', [...lockWait, 'install', '-y', ...packages]);
  } finally {
    if (addedPolicy) rmSync(POLICY_RC, { force: true });
    // Belt and braces where a service did start anyway (an existing policy allowed it): free the ports.
    if (packages.includes('prometheus')) {
      run('service', ['prometheus', 'stop'], true);
      run('service', ['prometheus-node-exporter', 'stop'], true);
    }
    if (packages.includes('postgresql')) run('pg_ctlcluster', ['15', 'main', 'stop'], true);
  }
}

function main(): number {
  const missing = missingDeps();
  if (missing.length === 0) {
    console.log('ensure-system-deps: chromium, prometheus, promtool and PostgreSQL 15 are installed');
    return 0;
  }
  const packages = [...new Set(missing.map((dep) => dep.aptPackage))];
  for (const dep of missing) console.log(`ensure-system-deps: missing ${dep.binary}: ${dep.what}`);
  const command = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !hasAptGet()) {
    console.error(`ensure-system-deps: cannot install them here (${isRoot ? 'no apt-get' : 'not root'}). Run:`);
    console.error(`  sudo sh -c '${command}'`);
    return 1;
  }
  console.log(`ensure-system-deps: installing ${packages.join(', ')} with apt-get`);
  if (!install(packages)) return 1;
  const still = missingDeps();
  if (still.length > 0) {
    console.error(`ensure-system-deps: still missing after install: ${still.map((d) => d.binary).join(', ')}`);
    return 1;
  }
  console.log('ensure-system-deps: installed');
  return 0;
}

process.exitCode = main();
