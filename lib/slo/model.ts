// The SLO model: a ratio SLI over PromQL, an objective and a window (rolling days, or a calendar month or
// quarter in a time zone). One validation for every way in (the form, the API, Sloth and OpenSLO imports,
// the demo seed); its messages name the field.
import { z } from 'zod';
import { calendarPeriodAt, isValidTimeZone, type CalendarKind } from './calendar';
import { DAY_MS } from './durations';
import { checkSli, type Sli } from './sli-query';
import { isValidLabelName } from '../query-lang/promql';

export type SloWindow = { kind: 'rolling'; days: number } | { kind: 'calendar'; period: CalendarKind; timeZone: string };

export type SloSource = 'ui' | 'sloth' | 'openslo' | 'demo';

/** What an author writes: everything but identity and bookkeeping. */
export interface SloDefinition {
  /** Unique per service; a slug, as in rule labels (sloth_slo) and alert names. */
  name: string;
  service: string;
  description: string;
  sli: Sli;
  /** Ratio of good events, 0.999 for 99.9 %. */
  objective: number;
  window: SloWindow;
  owner: string;
  labels: Record<string, string>;
}

export interface Slo extends SloDefinition {
  id: string;
  source: SloSource;
  /** Optimistic concurrency: an update names the version it read. */
  version: number;
  createdAtMs: number;
  updatedAtMs: number;
}

export const ROLLING_DAYS_CHOICES = [7, 28, 30] as const;
export const MAX_ROLLING_DAYS = 90;
export const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
export const SERVICE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const MAX_LABELS = 20;

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text` })
    .max(max, `${field} is longer than ${max} characters`)
    .refine((value) => !CONTROL.test(value), `${field} contains a control character`);

const windowSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('rolling'),
      days: z
        .number({ error: 'window.days must be a number of days' })
        .int('window.days must be a whole number of days')
        .min(1, 'window.days must be at least 1')
        .max(MAX_ROLLING_DAYS, `window.days must be at most ${MAX_ROLLING_DAYS} (Prometheus rarely keeps more)`),
    }),
    z.object({
      kind: z.literal('calendar'),
      period: z.enum(['month', 'quarter'], { error: 'window.period is month or quarter' }),
      timeZone: z.string().refine(isValidTimeZone, 'window.timeZone is not an IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)'),
    }),
  ],
  { error: 'window.kind is rolling or calendar' },
);

const sliSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('bad'), badQuery: z.string({ error: 'sli.badQuery is required' }), totalQuery: z.string({ error: 'sli.totalQuery is required' }) }),
    z.object({ type: z.literal('good'), goodQuery: z.string({ error: 'sli.goodQuery is required' }), totalQuery: z.string({ error: 'sli.totalQuery is required' }) }),
  ],
  { error: 'sli.type is good or bad' },
);

export const sloDefinitionSchema = z.object({
  name: text('name', 128)
    .transform((value) => value.trim())
    .refine((value) => value !== '', 'name is required')
    .refine((value) => NAME_PATTERN.test(value), 'name may hold lowercase letters, digits, ".", "_" and "-", starting with a letter or digit'),
  service: text('service', 128)
    .transform((value) => value.trim())
    .refine((value) => value !== '', 'service is required')
    .refine((value) => SERVICE_PATTERN.test(value), 'service may hold letters, digits, ".", "_", "/" and "-", starting with a letter or digit'),
  description: text('description', 2000).default(''),
  sli: sliSchema,
  objective: z
    .number({ error: 'objective must be a number' })
    .gt(0, 'objective must be above 0 %')
    .lt(1, 'objective must be below 100 %: a 100 % objective leaves no error budget'),
  window: windowSchema,
  owner: text('owner', 200).default(''),
  labels: z
    .record(z.string(), text('a label value', 200))
    .default({})
    .refine((labels) => Object.keys(labels).length <= MAX_LABELS, `labels: at most ${MAX_LABELS}`)
    .refine((labels) => Object.keys(labels).every(isValidLabelName), 'labels: names are Prometheus label names (letters, digits, "_")'),
});

export type Validated<T> = { ok: true; value: T } | { ok: false; error: string };

function issuePath(issue: z.core.$ZodIssue): string {
  return issue.path.map(String).join('.');
}

/** Checks a definition from any source (zod shape, then the SLI's PromQL syntax); the message names the field. */
export function validateSloDefinition(input: unknown): Validated<SloDefinition> {
  const parsed = sloDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = issue?.message ?? 'invalid SLO';
    const path = issue ? issuePath(issue) : '';
    // Messages written above already name their field; zod's own ("Invalid input") get the path.
    return { ok: false, error: path && !message.includes(path.split('.').pop() ?? '') ? `${path}: ${message}` : message };
  }
  const definition: SloDefinition = parsed.data;
  const sli = checkSli(definition.sli);
  if (!sli.ok) return { ok: false, error: `sli.${sli.error}` };
  return { ok: true, value: definition };
}

/** "99.9 %", "99.95 %", "99 %". */
export function formatObjective(objective: number): string {
  return `${Number((objective * 100).toFixed(4))} %`;
}

/** "30 days", "calendar month (Europe/Berlin)". */
export function describeWindow(window: SloWindow): string {
  if (window.kind === 'rolling') return `${window.days} day${window.days === 1 ? '' : 's'} rolling`;
  return `calendar ${window.period}${window.timeZone === 'UTC' ? '' : ` (${window.timeZone})`}`;
}

/** The SLO's period that ends at (rolling) or contains (calendar) an instant. */
export interface SloPeriod {
  startMs: number;
  /** Exclusive end: atMs for a rolling window, the next month or quarter for a calendar one. */
  endMs: number;
  /** The instant the numbers are taken at: min(atMs, endMs). */
  evaluatedAtMs: number;
  periodMs: number;
  elapsedMs: number;
  /** "2026-11", "2026-Q4", or "30d". */
  label: string;
}

export function sloPeriod(window: SloWindow, atMs: number): SloPeriod {
  if (window.kind === 'rolling') {
    const periodMs = window.days * DAY_MS;
    return { startMs: atMs - periodMs, endMs: atMs, evaluatedAtMs: atMs, periodMs, elapsedMs: periodMs, label: `${window.days}d` };
  }
  const period = calendarPeriodAt(window.period, atMs, window.timeZone);
  const evaluatedAtMs = Math.min(atMs, period.endMs);
  return {
    startMs: period.startMs,
    endMs: period.endMs,
    evaluatedAtMs,
    periodMs: period.endMs - period.startMs,
    elapsedMs: evaluatedAtMs - period.startMs,
    label: period.label,
  };
}

/** The sloth_id style identifier: "<service>-<name>". */
export function sloKey(slo: Pick<SloDefinition, 'service' | 'name'>): string {
  return `${slo.service}-${slo.name}`;
}
