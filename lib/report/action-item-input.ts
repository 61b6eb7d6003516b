// What the action item API accepts: one zod schema per operation, messages naming the field. The ticket link
// is an absolute http(s) URL only (it becomes an href on the page: never javascript:). Pure.
import { z } from 'zod';
import { ACTION_ITEM_STATUSES } from './types';

export const MAX_TITLE = 300;
export const MAX_OWNER = 120;
export const MAX_NOTES = 4000;
export const MAX_URL = 2000;
export const MAX_REF = 300;
export const MAX_BODY_BYTES = 32 * 1024;

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const line = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text` })
    .transform((value) => value.trim())
    .refine((value) => value !== '', `${field} is required`)
    .refine((value) => value.length <= max, `${field} is longer than ${max} characters`)
    .refine((value) => !CONTROL.test(value) && !value.includes('\n'), `${field} must be one line without control characters`);

/** A real calendar date: 2026-02-30 is refused. */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 2000 && year <= 2099 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** An absolute http(s) URL, or null for anything else. */
export function safeTicketUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

const dueDate = z
  .union([z.string(), z.null()], { error: 'dueDate must be a date (yyyy-mm-dd) or null' })
  .transform((value) => (value === null || value.trim() === '' ? null : value.trim()))
  .refine((value) => value === null || isCalendarDate(value), 'dueDate must be a real date written yyyy-mm-dd');

const ticketUrl = z
  .union([z.string(), z.null()], { error: 'ticketUrl must be a link or null' })
  .transform((value) => (value === null || value.trim() === '' ? null : value.trim()))
  .refine((value) => value === null || value.length <= MAX_URL, `ticketUrl is longer than ${MAX_URL} characters`)
  .refine((value) => value === null || safeTicketUrl(value) !== null, 'ticketUrl must be an http:// or https:// link');

const optionalRef = (field: string) =>
  z
    .union([z.string(), z.null()], { error: `${field} must be text or null` })
    .transform((value) => (value === null || value.trim() === '' ? null : value.trim()))
    .refine((value) => value === null || (value.length <= MAX_REF && !CONTROL.test(value)), `${field} is not a valid reference`);

const fields = {
  title: line('title', MAX_TITLE),
  owner: line('owner', MAX_OWNER),
  dueDate,
  status: z.enum(ACTION_ITEM_STATUSES, { error: `status is one of ${ACTION_ITEM_STATUSES.join(', ')}` }),
  ticketUrl,
  notes: z
    .string({ error: 'notes must be text' })
    .max(MAX_NOTES, `notes is longer than ${MAX_NOTES} characters`)
    .refine((value) => !CONTROL.test(value), 'notes contains a control character'),
  sloId: optionalRef('sloId'),
  incidentRef: optionalRef('incidentRef'),
};

export const createActionItemSchema = z.strictObject(
  {
    title: fields.title,
    owner: fields.owner,
    dueDate: fields.dueDate.optional().default(null),
    status: fields.status.optional().default('open'),
    ticketUrl: fields.ticketUrl.optional().default(null),
    notes: fields.notes.optional().default(''),
    sloId: fields.sloId.optional().default(null),
    incidentRef: fields.incidentRef.optional().default(null),
    reportMonth: z.string({ error: 'reportMonth is required (yyyy-mm)' }).regex(MONTH, 'reportMonth must be a month written yyyy-mm'),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `Unknown field ${issue.keys.join(', ')}` : undefined) },
);

export const updateActionItemSchema = z
  .strictObject(
    {
      version: z.number({ error: 'version is required: the version of the item you edited' }).int('version must be a whole number').min(1, 'version must be at least 1'),
      title: fields.title.optional(),
      owner: fields.owner.optional(),
      dueDate: fields.dueDate.optional(),
      status: fields.status.optional(),
      ticketUrl: fields.ticketUrl.optional(),
      notes: fields.notes.optional(),
      sloId: fields.sloId.optional(),
      incidentRef: fields.incidentRef.optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `Unknown field ${issue.keys.join(', ')}` : undefined) },
  )
  .refine((value) => Object.keys(value).some((key) => key !== 'version'), 'Nothing to change: send at least one field besides version');

export type CreateActionItem = z.output<typeof createActionItemSchema>;
export type UpdateActionItem = z.output<typeof updateActionItemSchema>;

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

function firstMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid action item';
  const path = issue.path.map(String).join('.');
  return path && !issue.message.startsWith(path) && !issue.message.includes(path) ? `${path}: ${issue.message}` : issue.message;
}

export function checkCreateActionItem(input: unknown): Checked<CreateActionItem> {
  const parsed = createActionItemSchema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: firstMessage(parsed.error) };
}

export function checkUpdateActionItem(input: unknown): Checked<UpdateActionItem> {
  const parsed = updateActionItemSchema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: firstMessage(parsed.error) };
}

/** Done and dropped items are closed; reopening clears the close time. */
export function isClosedStatus(status: string): boolean {
  return status === 'done' || status === 'dropped';
}
