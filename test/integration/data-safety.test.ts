// Weft's own data — permalinks, SLOs, action items, report snapshots — through the stores the routes use, on
// the embedded PGlite and on a real PostgreSQL: many writers at once lose nothing, concurrent editors of one
// record each get their change in (optimistic versions, retried) or a clear conflict, and everything survives a
// restart and is read back by a separate process.
// Covered elsewhere, not repeated here: a second process is refused a PGlite directory in use, and takes over
// from a killed one (test/integration/db-pglite.test.ts, lib/db/pglite-lock.test.ts); a permalink made by one
// process opens identically in the next (lib/permalink/restart.test.ts); raw rows from 5 PostgreSQL clients
// (test/integration/db-postgres.test.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { openDatabase, type OpenDatabase } from '@/lib/db/open';
import { createPermalink, resolvePermalink } from '@/lib/permalink/service';
import { createSummariser } from '@/lib/permalink/summarise';
import { createSlo, getSlo, listSlos, updateSlo } from '@/lib/slo/repository';
import { validateSloDefinition, type SloDefinition } from '@/lib/slo/model';
import { checkCreateActionItem, checkUpdateActionItem } from '@/lib/report/action-item-input';
import { createActionItem, getActionItem, updateActionItem } from '@/lib/report/action-item-store';
import { listSnapshots, readSnapshot, writeSnapshot } from '@/lib/report/report-store';
import { parseReportMonth } from '@/lib/report/month';
import { REPORT_DATA_VERSION, SECTION_KEYS, type ReportData, type ReportSections } from '@/lib/report/types';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

const NOW_MS = Date.UTC(2026, 10, 21, 12, 0, 0);
const ORIGIN = 'https://weft.test';
const WRITERS = 5;

function sloDefinition(name: string, labels: Record<string, string> = {}): SloDefinition {
  const checked = validateSloDefinition({
    name,
    service: 'payment',
    objective: 0.99,
    window: { kind: 'rolling', days: 28 },
    labels,
    sli: { type: 'bad', badQuery: 'http_server_requests_total{service="payment",code=~"5.."}', totalQuery: 'http_server_requests_total{service="payment"}' },
  });
  if (!checked.ok) throw new Error(checked.error);
  return checked.value;
}

function reportData(label: string, generatedAtMs: number): ReportData {
  const month = parseReportMonth(label, 'UTC');
  if (!month.ok) throw new Error(month.error);
  const sections = Object.fromEntries(SECTION_KEYS.map((key) => [key, { status: 'error', key, computedAtMs: generatedAtMs, problems: [] }])) as unknown as ReportSections;
  return { dataVersion: REPORT_DATA_VERSION, month: month.value, generatedAtMs, sections, actionItems: [] };
}

async function makeLink(db: PrismaClient, service: string): Promise<string> {
  const created = await createPermalink(
    { path: '/traces', params: { service }, range: { from: String(NOW_MS - 3_600_000), to: String(NOW_MS) } },
    { db: async () => db, summarise: createSummariser(async () => db), nowMs: NOW_MS, retentionDays: null, origin: ORIGIN },
  );
  if (!created.ok) throw new Error(created.error);
  return created.link.slug;
}

async function makeItem(db: PrismaClient, title: string): Promise<string> {
  const input = checkCreateActionItem({ title, owner: 'ops', reportMonth: '2026-11' });
  if (!input.ok) throw new Error(input.error);
  const result = await createActionItem(db, input.value, NOW_MS);
  if (!result.ok) throw new Error(result.reason);
  return result.item.id;
}

/** Read, change, write with the version read; on a conflict read again and retry: what two editors' browsers do. */
async function appendNote(db: PrismaClient, id: string, token: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const current = await getActionItem(db, id);
    if (!current) throw new Error('item vanished');
    const patch = checkUpdateActionItem({ version: current.version, notes: `${current.notes ?? ''} ${token}`.trim() });
    if (!patch.ok) throw new Error(patch.error);
    const result = await updateActionItem(db, id, patch.value, NOW_MS);
    if (result.ok) return attempt;
    if (result.reason !== 'conflict') throw new Error(result.reason);
  }
}

async function addSloLabel(db: PrismaClient, id: string, name: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const current = await getSlo(db, id);
    if (!current) throw new Error('SLO vanished');
    const result = await updateSlo(db, id, current.version, sloDefinition(current.name, { ...current.labels, [name]: 'yes' }));
    if (result.ok) return attempt;
    if (result.reason !== 'conflict') throw new Error(result.message);
  }
}

interface Backend {
  name: string;
  /** Writers: separate clients (pools) on PostgreSQL; on PGlite the one client of the one process. */
  writers(): PrismaClient[];
  reader(): PrismaClient;
}

/** The scenarios, run against each database. Returns what was written, for the restart checks. */
function scenarios(backend: Backend, written: { slugs: string[]; slos: string[]; items: string[]; months: string[] }) {
  it('many writers at once lose nothing: permalinks, SLOs, action items and snapshots all stored', async () => {
    const writers = backend.writers();
    const at = (i: number) => writers[i % writers.length]!;
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i++) work.push(makeLink(at(i), `svc-${i}`).then((slug) => written.slugs.push(slug)));
    for (let i = 0; i < 15; i++) {
      work.push(
        createSlo(at(i), sloDefinition(`parallel-${i}`), 'ui').then((result) => {
          if (!result.ok) throw new Error(result.message);
          written.slos.push(result.slo.name);
        }),
      );
    }
    for (let i = 0; i < 30; i++) work.push(makeItem(at(i), `parallel item ${i}`).then(() => written.items.push(`parallel item ${i}`)));
    for (let i = 1; i <= 10; i++) {
      const month = `2025-${String(i).padStart(2, '0')}`;
      work.push(writeSnapshot(at(i), reportData(month, NOW_MS), null, `writer ${i}`, NOW_MS).then(() => written.months.push(month)));
    }
    await Promise.all(work);

    const db = backend.reader();
    expect(new Set(written.slugs).size).toBe(30);
    for (const [index, slug] of written.slugs.entries()) {
      const resolved = await resolvePermalink(slug, { db, nowMs: NOW_MS, retentionDays: null, origin: ORIGIN });
      expect(resolved.status, `link ${index}`).toBe('ok');
    }
    expect((await listSlos(db)).map((slo) => slo.name).filter((name) => name.startsWith('parallel-')).sort()).toEqual([...written.slos].sort());
    expect((await db.actionItem.findMany({ where: { title: { startsWith: 'parallel item' } } })).map((item) => item.title).sort()).toEqual([...written.items].sort());
    expect([...(await listSnapshots(db, 'UTC', null)).keys()].sort()).toEqual([...written.months].sort());
  });

  it('concurrent editors of one action item and one SLO: every change lands once, none is lost', async () => {
    const writers = backend.writers();
    const db = backend.reader();
    const itemId = await makeItem(db, 'edited by many');
    written.items.push('edited by many');
    const tokens = Array.from({ length: 8 }, (_, i) => `edit-${i}`);
    const itemAttempts = await Promise.all(tokens.map((token, i) => appendNote(writers[i % writers.length]!, itemId, token)));
    const item = await getActionItem(db, itemId);
    expect(item?.notes?.split(' ').sort()).toEqual([...tokens].sort());
    expect(item?.version).toBe(1 + tokens.length);

    const created = await createSlo(db, sloDefinition('edited-by-many'), 'ui');
    if (!created.ok) throw new Error(created.message);
    written.slos.push('edited-by-many');
    const labels = Array.from({ length: 8 }, (_, i) => `editor_${i}`);
    const sloAttempts = await Promise.all(labels.map((label, i) => addSloLabel(writers[i % writers.length]!, created.slo.id, label)));
    const slo = await getSlo(db, created.slo.id);
    expect(Object.keys(slo?.labels ?? {}).sort()).toEqual([...labels].sort());
    expect(slo?.version).toBe(1 + labels.length);
    // Writers did collide (so the versions were what kept the changes), on both records.
    expect(Math.max(...itemAttempts, ...sloAttempts)).toBeGreaterThan(1);
  });

  it('the same SLO created twice at once: one is stored, the other is told it exists', async () => {
    const writers = backend.writers();
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => createSlo(writers[i % writers.length]!, sloDefinition('created-twice'), 'ui')));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.reason))).toEqual(['exists', 'exists', 'exists']);
    written.slos.push('created-twice');
  });

  it('the same month frozen by several reviewers at once: one snapshot, nobody gets an error', async () => {
    const writers = backend.writers();
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => writeSnapshot(writers[i % writers.length]!, reportData('2025-12', NOW_MS + i), null, `reviewer ${i}`, NOW_MS + i)),
    );
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    const stored = await readSnapshot(backend.reader(), '2025-12', 'UTC', null);
    expect(stored?.info.frozenBy).toMatch(/^reviewer \d$/);
    expect(await backend.reader().reportSnapshot.count({ where: { month: '2025-12' } })).toBe(1);
    written.months.push('2025-12');
  });
}

describe('on PGlite (a data directory)', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-data-safety-'));
  const dataDir = path.join(dir, 'db');
  let db: OpenDatabase;
  const written = { slugs: [] as string[], slos: [] as string[], items: [] as string[], months: [] as string[] };

  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite', dataDir });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  scenarios({ name: 'pglite', writers: () => Array.from({ length: WRITERS }, () => db.prisma), reader: () => db.prisma }, written);

  async function contents(prisma: PrismaClient) {
    return {
      links: (await prisma.permalink.findMany({ select: { slug: true } })).map((r) => r.slug).sort(),
      slos: (await listSlos(prisma)).map((slo) => `${slo.name} v${slo.version} ${Object.keys(slo.labels).length}`).sort(),
      items: (await prisma.actionItem.findMany({ select: { title: true, version: true, notes: true } })).map((r) => `${r.title} v${r.version} ${r.notes ?? ''}`).sort(),
      snapshots: [...(await listSnapshots(prisma, 'UTC', null)).entries()].map(([month, info]) => `${month} ${info.frozenBy}`).sort(),
    };
  }

  it('everything survives a restart: close the directory and open it again', async () => {
    const before = await contents(db.prisma);
    expect(before.links).toHaveLength(written.slugs.length);
    await db.close();
    db = await openDatabase({ kind: 'pglite', dataDir });
    expect(await contents(db.prisma)).toEqual(before);
  });

  it('a separate process opening the directory afterwards reads the same', async () => {
    const expected = await contents(db.prisma);
    await db.close();
    const script = path.join(dir, 'read.mts');
    const root = process.cwd();
    writeFileSync(
      script,
      `import { openDatabase } from ${JSON.stringify(path.join(root, 'lib/db/open.ts'))};\n` +
        `import { listSlos } from ${JSON.stringify(path.join(root, 'lib/slo/repository.ts'))};\n` +
        `import { listSnapshots } from ${JSON.stringify(path.join(root, 'lib/report/report-store.ts'))};\n` +
        `const db = await openDatabase({ kind: 'pglite', dataDir: ${JSON.stringify(dataDir)} });\n` +
        `const prisma = db.prisma;\n` +
        `const out = {\n` +
        `  links: (await prisma.permalink.findMany({ select: { slug: true } })).map((r) => r.slug).sort(),\n` +
        `  slos: (await listSlos(prisma)).map((slo) => \`\${slo.name} v\${slo.version} \${Object.keys(slo.labels).length}\`).sort(),\n` +
        `  items: (await prisma.actionItem.findMany({ select: { title: true, version: true, notes: true } })).map((r) => \`\${r.title} v\${r.version} \${r.notes ?? ''}\`).sort(),\n` +
        `  snapshots: [...(await listSnapshots(prisma, 'UTC', null)).entries()].map(([month, info]) => \`\${month} \${info.frozenBy}\`).sort(),\n` +
        `};\n` +
        `await db.close();\n` +
        `console.log(JSON.stringify(out));\n`,
    );
    const output = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      // As `npm start` runs the server: the react-server condition makes server-only importable.
      const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    // Without the child's stack lines: vitest would try to read their source maps.
    expect(output.code, output.stderr.replace(/^\s+at .*$/gm, '').slice(-1500)).toBe(0);
    expect(JSON.parse(output.stdout.trim().split('\n').at(-1)!)).toEqual(expected);
    // This process may open it again once the other has gone.
    db = await openDatabase({ kind: 'pglite', dataDir });
    expect(await contents(db.prisma)).toEqual(expected);
  });
});

describe('on PostgreSQL (separate clients)', { timeout: 180_000 }, () => {
  let server: TestPostgres;
  let clients: OpenDatabase[] = [];
  const written = { slugs: [] as string[], slos: [] as string[], items: [] as string[], months: [] as string[] };

  beforeAll(async () => {
    server = await startPostgres();
    const url = await server.createDatabase();
    // The first opens (and migrates); the others are further console instances on the same database.
    clients = [await openDatabase({ kind: 'postgres', url })];
    clients.push(...(await Promise.all(Array.from({ length: WRITERS - 1 }, () => openDatabase({ kind: 'postgres', url })))));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await server?.stop();
  });

  scenarios({ name: 'postgres', writers: () => clients.map((c) => c.prisma), reader: () => clients[0]!.prisma }, written);
});
