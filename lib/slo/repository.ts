// SLOs in the database (Prisma model Slo): rows <-> the model, and the writes with their rules — a definition
// is validated before it is stored, an update names the version it read (optimistic concurrency), a delete
// archives (past monthly reviews still name the SLO), and (service, name) is unique among all rows.
import 'server-only';
import { Prisma, type PrismaClient, type Slo as SloRow } from '../generated/prisma/client';
import type { Slo, SloDefinition, SloSource } from './model';

function labelsOf(value: Prisma.JsonValue): Record<string, string> {
  const labels: Record<string, string> = {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) if (typeof item === 'string') labels[key] = item;
  }
  return labels;
}

/** A stored row as the model. Throws for a row no validated write could have produced. */
export function sloFromRow(row: SloRow): Slo {
  const broken = (what: string) => new Error(`SLO ${row.id} in the database is inconsistent: ${what}`);
  let sli: Slo['sli'];
  if (row.sliType === 'bad') {
    if (row.badQuery === null) throw broken('sliType bad without badQuery');
    sli = { type: 'bad', badQuery: row.badQuery, totalQuery: row.totalQuery };
  } else {
    if (row.goodQuery === null) throw broken('sliType good without goodQuery');
    sli = { type: 'good', goodQuery: row.goodQuery, totalQuery: row.totalQuery };
  }
  let window: Slo['window'];
  if (row.windowKind === 'rolling') {
    if (row.windowDays === null) throw broken('a rolling window without windowDays');
    window = { kind: 'rolling', days: row.windowDays };
  } else {
    if (row.calendarPeriod === null) throw broken('a calendar window without calendarPeriod');
    window = { kind: 'calendar', period: row.calendarPeriod, timeZone: row.timeZone };
  }
  return {
    id: row.id,
    name: row.name,
    service: row.service,
    description: row.description,
    sli,
    objective: row.objective,
    window,
    owner: row.owner,
    labels: labelsOf(row.labels),
    source: row.source,
    version: row.version,
    createdAtMs: row.createdAt.getTime(),
    updatedAtMs: row.updatedAt.getTime(),
  };
}

/** The columns a definition writes (every one, so an edit from good to bad clears the other query). */
export function rowData(definition: SloDefinition) {
  const { sli, window } = definition;
  return {
    name: definition.name,
    service: definition.service,
    description: definition.description,
    sliType: sli.type,
    goodQuery: sli.type === 'good' ? sli.goodQuery : null,
    badQuery: sli.type === 'bad' ? sli.badQuery : null,
    totalQuery: sli.totalQuery,
    objective: definition.objective,
    windowKind: window.kind,
    windowDays: window.kind === 'rolling' ? window.days : null,
    calendarPeriod: window.kind === 'calendar' ? window.period : null,
    timeZone: window.kind === 'calendar' ? window.timeZone : 'UTC',
    owner: definition.owner,
    labels: definition.labels,
  } satisfies Prisma.SloUncheckedCreateInput;
}

export type WriteResult = { ok: true; slo: Slo; created: boolean } | { ok: false; reason: 'not-found' | 'conflict' | 'exists'; message: string };

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

const exists = (definition: SloDefinition): WriteResult => ({
  ok: false,
  reason: 'exists',
  message: `Service "${definition.service}" already has an SLO named "${definition.name}": choose another name or edit that one`,
});

/** Active SLOs, by service and name. */
export async function listSlos(prisma: PrismaClient): Promise<Slo[]> {
  const rows = await prisma.slo.findMany({ where: { archivedAt: null }, orderBy: [{ service: 'asc' }, { name: 'asc' }] });
  return rows.map(sloFromRow);
}

/** An active SLO, or null (unknown or archived). */
export async function getSlo(prisma: PrismaClient, id: string): Promise<Slo | null> {
  const row = await prisma.slo.findFirst({ where: { id, archivedAt: null } });
  return row ? sloFromRow(row) : null;
}

/**
 * Creates an SLO. A name that an archived SLO of the service had is taken over (the row comes back with the
 * new definition), so deleting and re-creating works despite the unique key.
 */
export async function createSlo(prisma: PrismaClient, definition: SloDefinition, source: SloSource): Promise<WriteResult> {
  const key = { service: definition.service, name: definition.name };
  const existing = await prisma.slo.findUnique({ where: { service_name: key } });
  if (existing && existing.archivedAt === null) return exists(definition);
  try {
    if (existing) {
      const revived = await prisma.slo.updateMany({
        where: { id: existing.id, version: existing.version, archivedAt: { not: null } },
        data: { ...rowData(definition), source, archivedAt: null, version: { increment: 1 } },
      });
      if (revived.count === 0) return exists(definition);
      const row = await prisma.slo.findUniqueOrThrow({ where: { id: existing.id } });
      return { ok: true, slo: sloFromRow(row), created: true };
    }
    const row = await prisma.slo.create({ data: { ...rowData(definition), source } });
    return { ok: true, slo: sloFromRow(row), created: true };
  } catch (error) {
    if (isUniqueViolation(error)) return exists(definition);
    throw error;
  }
}

/** Replaces an SLO's definition if nobody changed it since `version` was read. */
export async function updateSlo(prisma: PrismaClient, id: string, version: number, definition: SloDefinition): Promise<WriteResult> {
  try {
    const result = await prisma.slo.updateMany({
      where: { id, version, archivedAt: null },
      data: { ...rowData(definition), version: { increment: 1 } },
    });
    if (result.count === 0) {
      const current = await prisma.slo.findFirst({ where: { id, archivedAt: null }, select: { version: true } });
      if (!current) return { ok: false, reason: 'not-found', message: 'This SLO does not exist (any more)' };
      return { ok: false, reason: 'conflict', message: `Someone changed this SLO since you opened it (version ${current.version}, you edited ${version}): reload it and apply your changes again` };
    }
  } catch (error) {
    if (isUniqueViolation(error)) return exists(definition);
    throw error;
  }
  const row = await prisma.slo.findUniqueOrThrow({ where: { id } });
  return { ok: true, slo: sloFromRow(row), created: false };
}

/** Archives an SLO (a soft delete). With a version, only if it is still that version. */
export async function archiveSlo(prisma: PrismaClient, id: string, version?: number): Promise<WriteResult> {
  const result = await prisma.slo.updateMany({
    where: { id, archivedAt: null, ...(version !== undefined ? { version } : {}) },
    data: { archivedAt: new Date(), version: { increment: 1 } },
  });
  if (result.count === 0) {
    const current = await prisma.slo.findFirst({ where: { id, archivedAt: null }, select: { version: true } });
    if (!current) return { ok: false, reason: 'not-found', message: 'This SLO does not exist (any more)' };
    return { ok: false, reason: 'conflict', message: 'Someone changed this SLO since you opened it: reload it first' };
  }
  const row = await prisma.slo.findUniqueOrThrow({ where: { id } });
  return { ok: true, slo: sloFromRow(row), created: false };
}

/** Import: creates the SLO, or replaces the definition of the active one with the same service and name. */
export async function upsertSlo(prisma: PrismaClient, definition: SloDefinition, source: SloSource): Promise<WriteResult> {
  const existing = await prisma.slo.findUnique({ where: { service_name: { service: definition.service, name: definition.name } } });
  if (existing && existing.archivedAt === null) {
    const result = await prisma.slo.updateMany({
      where: { id: existing.id, version: existing.version },
      data: { ...rowData(definition), source, version: { increment: 1 } },
    });
    if (result.count === 0) return { ok: false, reason: 'conflict', message: `The SLO "${definition.name}" of "${definition.service}" changed while importing: try again` };
    const row = await prisma.slo.findUniqueOrThrow({ where: { id: existing.id } });
    return { ok: true, slo: sloFromRow(row), created: false };
  }
  return createSlo(prisma, definition, source);
}
