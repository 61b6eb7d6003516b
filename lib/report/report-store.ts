// Frozen reports (ReportSnapshot: one per month, zone and tenant, re-freezing replaces it) and the team's maturity
// entries (MaturityInput: one per month, team and axis). The client is passed in. A snapshot holds what one
// tenant's backends answered, so it is read and written under that tenant (null: no tenancy, stored as '').
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type { EnteredValue } from './maturity';
import { REPORT_DATA_VERSION, type ReportData, type SnapshotInfo } from './types';

export interface StoredSnapshot {
  info: SnapshotInfo;
  /** Null when the stored shape is a version this code does not read (the page then says so). */
  data: ReportData | null;
}

function storedTenant(tenant: string | null): string {
  return tenant ?? '';
}

export async function readSnapshot(db: PrismaClient, month: string, timeZone: string, tenant: string | null): Promise<StoredSnapshot | null> {
  const row = await db.reportSnapshot.findUnique({ where: { month_timeZone_tenant: { month, timeZone, tenant: storedTenant(tenant) } } });
  if (!row) return null;
  const info: SnapshotInfo = { frozenAtMs: row.frozenAt.getTime(), frozenBy: row.frozenBy, dataVersion: row.dataVersion };
  // The data was written by this module with this version: its shape is ours, not outside input.
  const data = row.dataVersion === REPORT_DATA_VERSION ? (row.data as unknown as ReportData) : null;
  return { info, data };
}

/** Which months of a zone have a snapshot of the tenant, with when and by whom. */
export async function listSnapshots(db: PrismaClient, timeZone: string, tenant: string | null): Promise<Map<string, SnapshotInfo>> {
  const rows = await db.reportSnapshot.findMany({ where: { timeZone, tenant: storedTenant(tenant) }, select: { month: true, frozenAt: true, frozenBy: true, dataVersion: true } });
  return new Map(rows.map((row) => [row.month, { frozenAtMs: row.frozenAt.getTime(), frozenBy: row.frozenBy, dataVersion: row.dataVersion }]));
}

export async function writeSnapshot(db: PrismaClient, data: ReportData, tenant: string | null, frozenBy: string | null, nowMs: number): Promise<SnapshotInfo> {
  const json = data as unknown as Prisma.InputJsonValue;
  const frozenAt = new Date(nowMs);
  const key = { month: data.month.label, timeZone: data.month.timeZone, tenant: storedTenant(tenant) };
  const row = await db.reportSnapshot.upsert({
    where: { month_timeZone_tenant: key },
    create: { ...key, dataVersion: data.dataVersion, data: json, frozenAt, frozenBy },
    update: { dataVersion: data.dataVersion, data: json, frozenAt, frozenBy },
  });
  return { frozenAtMs: row.frozenAt.getTime(), frozenBy: row.frozenBy, dataVersion: row.dataVersion };
}

export async function deleteSnapshot(db: PrismaClient, month: string, timeZone: string, tenant: string | null): Promise<boolean> {
  const { count } = await db.reportSnapshot.deleteMany({ where: { month, timeZone, tenant: storedTenant(tenant) } });
  return count > 0;
}

/** The organisation-wide entries ('' team) of a month. */
export async function listMaturityInputs(db: PrismaClient, month: string): Promise<EnteredValue[]> {
  const rows = await db.maturityInput.findMany({ where: { month, team: '' }, orderBy: { axis: 'asc' } });
  return rows.map((row) => ({ axis: row.axis, value: row.value, note: row.note, updatedBy: row.updatedBy, updatedAtMs: row.updatedAt.getTime() }));
}

export async function saveMaturityInput(db: PrismaClient, month: string, entry: { axis: string; value: number; note: string; updatedBy: string | null }): Promise<EnteredValue> {
  const key = { month, team: '', axis: entry.axis };
  const row = await db.maturityInput.upsert({
    where: { month_team_axis: key },
    create: { ...key, value: entry.value, note: entry.note, updatedBy: entry.updatedBy },
    update: { value: entry.value, note: entry.note, updatedBy: entry.updatedBy },
  });
  return { axis: row.axis, value: row.value, note: row.note, updatedBy: row.updatedBy, updatedAtMs: row.updatedAt.getTime() };
}

export async function deleteMaturityInput(db: PrismaClient, month: string, axis: string): Promise<boolean> {
  const { count } = await db.maturityInput.deleteMany({ where: { month, team: '', axis } });
  return count > 0;
}
