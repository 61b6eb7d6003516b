// Action items in the database (Prisma's ActionItem). Edits are optimistic: an update or delete names the
// version it read, and a write that finds another version changed nothing and answers "conflict" with the
// item as it is now, so the page can show what someone else changed. The client is passed in: route handlers
// give getDb()'s, tests an in-memory PGlite's.
import { Prisma, type PrismaClient } from '../generated/prisma/client';
import { isClosedStatus, type CreateActionItem, type UpdateActionItem } from './action-item-input';
import type { ReportMonth } from './month';
import type { ActionItemStatus, ActionItemView } from './types';

export type WriteResult = { ok: true; item: ActionItemView } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'conflict'; current: ActionItemView } | { ok: false; reason: 'bad-reference'; message: string };

interface ActionItemRow {
  id: string;
  title: string;
  owner: string;
  dueDate: Date | null;
  status: ActionItemStatus;
  ticketUrl: string | null;
  notes: string;
  sloId: string | null;
  incidentRef: string | null;
  reportMonth: string;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  version: number;
}

/** A DATE column comes back as midnight UTC of that date. */
function dateOnly(value: Date | null): string | null {
  return value ? value.toISOString().slice(0, 10) : null;
}

function toDate(value: string | null): Date | null {
  return value === null ? null : new Date(`${value}T00:00:00.000Z`);
}

export function toView(row: ActionItemRow, forMonth?: string): ActionItemView {
  return {
    id: row.id,
    title: row.title,
    owner: row.owner,
    dueDate: dateOnly(row.dueDate),
    status: row.status,
    ticketUrl: row.ticketUrl,
    notes: row.notes,
    sloId: row.sloId,
    incidentRef: row.incidentRef,
    reportMonth: row.reportMonth,
    carriedOver: forMonth !== undefined && row.reportMonth < forMonth,
    createdAtMs: row.createdAt.getTime(),
    updatedAtMs: row.updatedAt.getTime(),
    closedAtMs: row.closedAt ? row.closedAt.getTime() : null,
    version: row.version,
  };
}

const STATUS_ORDER: Record<ActionItemStatus, number> = { open: 0, in_progress: 1, done: 2, dropped: 3 };

/**
 * The month's items: raised in it, plus those raised earlier that were still open when it began (closed
 * during it, or not yet) — open items carry over, month after month, until they are closed.
 */
export async function listActionItems(db: PrismaClient, month: ReportMonth): Promise<ActionItemView[]> {
  const rows = await db.actionItem.findMany({
    where: {
      OR: [
        { reportMonth: month.label },
        { reportMonth: { lt: month.label }, OR: [{ closedAt: null }, { closedAt: { gte: new Date(month.startMs) } }] },
      ],
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows
    .map((row) => toView(row, month.label))
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.createdAtMs - b.createdAtMs);
}

export async function getActionItem(db: PrismaClient, id: string): Promise<ActionItemView | null> {
  const row = await db.actionItem.findUnique({ where: { id } });
  return row ? toView(row) : null;
}

function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003';
}

export async function createActionItem(db: PrismaClient, input: CreateActionItem, nowMs: number): Promise<WriteResult> {
  try {
    const row = await db.actionItem.create({
      data: {
        title: input.title,
        owner: input.owner,
        dueDate: toDate(input.dueDate),
        status: input.status,
        ticketUrl: input.ticketUrl,
        notes: input.notes,
        sloId: input.sloId,
        incidentRef: input.incidentRef,
        reportMonth: input.reportMonth,
        closedAt: isClosedStatus(input.status) ? new Date(nowMs) : null,
      },
    });
    return { ok: true, item: toView(row) };
  } catch (error) {
    if (isForeignKeyViolation(error)) return { ok: false, reason: 'bad-reference', message: 'sloId names no SLO' };
    throw error;
  }
}

async function missingOrConflict(db: PrismaClient, id: string): Promise<WriteResult> {
  const current = await getActionItem(db, id);
  return current ? { ok: false, reason: 'conflict', current } : { ok: false, reason: 'not-found' };
}

/** Applies the change when the stored version is still `patch.version`, bumping it; else not-found or conflict. */
export async function updateActionItem(db: PrismaClient, id: string, patch: UpdateActionItem, nowMs: number): Promise<WriteResult> {
  const existing = await db.actionItem.findUnique({ where: { id } });
  if (!existing) return { ok: false, reason: 'not-found' };
  if (existing.version !== patch.version) return { ok: false, reason: 'conflict', current: toView(existing) };
  const data: Prisma.ActionItemUncheckedUpdateManyInput = { version: { increment: 1 } };
  if (patch.title !== undefined) data.title = patch.title;
  if (patch.owner !== undefined) data.owner = patch.owner;
  if (patch.dueDate !== undefined) data.dueDate = toDate(patch.dueDate);
  if (patch.ticketUrl !== undefined) data.ticketUrl = patch.ticketUrl;
  if (patch.notes !== undefined) data.notes = patch.notes;
  if (patch.sloId !== undefined) data.sloId = patch.sloId;
  if (patch.incidentRef !== undefined) data.incidentRef = patch.incidentRef;
  if (patch.status !== undefined && patch.status !== existing.status) {
    data.status = patch.status;
    const wasClosed = isClosedStatus(existing.status);
    const closes = isClosedStatus(patch.status);
    if (closes && !wasClosed) data.closedAt = new Date(nowMs);
    if (!closes) data.closedAt = null;
  }
  try {
    // The version in the WHERE makes the write conditional: two editors who read version 3 cannot both win.
    const { count } = await db.actionItem.updateMany({ where: { id, version: patch.version }, data });
    if (count === 0) return missingOrConflict(db, id);
  } catch (error) {
    if (isForeignKeyViolation(error)) return { ok: false, reason: 'bad-reference', message: 'sloId names no SLO' };
    throw error;
  }
  const row = await db.actionItem.findUnique({ where: { id } });
  return row ? { ok: true, item: toView(row) } : { ok: false, reason: 'not-found' };
}

export async function deleteActionItem(db: PrismaClient, id: string, version: number): Promise<WriteResult | { ok: true; item: null }> {
  const { count } = await db.actionItem.deleteMany({ where: { id, version } });
  if (count === 1) return { ok: true, item: null };
  return missingOrConflict(db, id);
}
