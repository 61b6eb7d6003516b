// Input of the SLO route handlers: path and query parameters and JSON bodies -> typed requests, or a message
// saying what is wrong (the handler answers 400 with it). Pure: the clock is passed in.
import { z } from 'zod';
import { parseRangeParams, singleParams } from '../investigation/alerts/requests';
import { DAY_MS } from './durations';
import { MAX_IMPORT_BYTES } from './limits';
import { validateSloDefinition, type SloDefinition } from './model';
import { checkSli, type Sli } from './sli-query';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** The SLO pages look at most a quarter back (the SLI chart; periods have their own lengths). */
export const MAX_SLO_RANGE_MS = 92 * DAY_MS;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function fail<T>(error: string): Parsed<T> {
  return { ok: false, error };
}

export function parseSloId(raw: string): Parsed<string> {
  return ID.test(raw) ? { ok: true, value: raw } : fail('This is not an SLO id');
}

export interface SloRangeRequest {
  fromMs: number;
  toMs: number;
}

/** from/to of the page (both or neither: the last hour). */
export function parseSloRange(search: URLSearchParams, nowMs: number): Parsed<SloRangeRequest> {
  const values = singleParams(search, ['from', 'to']);
  if (!values.ok) return values;
  return parseRangeParams(values.value, nowMs, MAX_SLO_RANGE_MS);
}

const versionSchema = z.number({ error: 'version must be a number' }).int('version must be a whole number').min(1, 'version must be at least 1');

/** POST /api/slo: { definition } */
export function parseCreateBody(body: unknown): Parsed<SloDefinition> {
  if (typeof body !== 'object' || body === null || !('definition' in body)) return fail('The body is { "definition": { ... } }');
  const result = validateSloDefinition((body as { definition: unknown }).definition);
  return result.ok ? result : fail(result.error);
}

/** PUT /api/slo/[id]: { definition, version } */
export function parseUpdateBody(body: unknown): Parsed<{ definition: SloDefinition; version: number }> {
  const definition = parseCreateBody(body);
  if (!definition.ok) return definition;
  const version = versionSchema.safeParse((body as { version?: unknown }).version);
  if (!version.success) return fail(version.error.issues[0]?.message ?? 'version is required');
  return { ok: true, value: { definition: definition.value, version: version.data } };
}

/** DELETE /api/slo/[id]?version=3 (optional: without it the delete does not check for concurrent edits). */
export function parseVersionParam(search: URLSearchParams): Parsed<number | undefined> {
  const values = singleParams(search, ['version']);
  if (!values.ok) return values;
  const raw = values.value.version;
  if (raw === undefined || raw === '') return { ok: true, value: undefined };
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) return fail('version must be a whole number from 1');
  return { ok: true, value: Number(raw) };
}

const sliSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bad'), badQuery: z.string(), totalQuery: z.string() }),
  z.object({ type: z.literal('good'), goodQuery: z.string(), totalQuery: z.string() }),
]);

/** POST /api/slo/check: { sli } */
export function parseCheckBody(body: unknown): Parsed<Sli> {
  const parsed = sliSchema.safeParse(typeof body === 'object' && body !== null ? (body as { sli?: unknown }).sli : undefined);
  if (!parsed.success) return fail('The body is { "sli": { "type": "bad" | "good", "badQuery" | "goodQuery", "totalQuery" } }');
  const checked = checkSli(parsed.data);
  return checked.ok ? checked : fail(checked.error);
}

/** POST /api/slo/import: { yaml, dryRun? } */
export function parseImportBody(body: unknown): Parsed<{ yaml: string; dryRun: boolean }> {
  const schema = z.object({
    yaml: z.string({ error: 'yaml is the spec as text' }).max(MAX_IMPORT_BYTES, `The YAML is larger than ${MAX_IMPORT_BYTES / 1024} KiB`),
    dryRun: z.boolean({ error: 'dryRun is true or false' }).optional(),
  });
  const parsed = schema.safeParse(body);
  if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? 'The body is { "yaml": "..." }');
  return { ok: true, value: { yaml: parsed.data.yaml, dryRun: parsed.data.dryRun ?? false } };
}
