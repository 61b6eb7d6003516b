// Server side of the monthly review: the configured time zone, sections computed with bounded concurrency and
// cached briefly (a past month for 10 minutes, the running month for 2; a failed or partial section for 20 s so
// "Try again" really tries again), snapshots, action items and maturity entries. Route handlers call these.
// With tenancy, what comes from the backends (sections, snapshots) is the signed-in user's active tenant's;
// SLO definitions, action items and maturity entries belong to the whole organisation.
import 'server-only';
import { tenantForRequest } from '../auth/tenancy';
import { getDb } from '../db';
import { currentTimeMs } from '../time-range';
import { isValidTimeZone } from '../slo/calendar';
import { listActionItems } from './action-item-store';
import { reportSloCacheScope, reportSources } from './backends';
import { createBackendLimiters } from './limit';
import { reportMarkdown } from './markdown';
import { monthState, parseReportMonth, recentMonths, type MonthState, type Parsed, type ReportMonth } from './month';
import { deleteSnapshot, listMaturityInputs, listSnapshots, readSnapshot, writeSnapshot } from './report-store';
import { computeSection, type SectionContext } from './sections';
import { reportSlo, slosForMonth, type ReportSlo } from './slo-source';
import { getSloList } from '../slo/slo-service';
import { sloFromRow } from '../slo/repository';
import { sharedBucketCache } from '../slo/read-slo';
import { databaseProblem, REPORT_DATA_VERSION, SECTION_KEYS, type ReportData, type ReportSections, type SectionKey, type SectionState, type SnapshotInfo, type SourceProblem } from './types';

export const TIME_ZONE_SETTING = 'report.timeZone';
const PAST_TTL_MS = 10 * 60_000;
const CURRENT_TTL_MS = 2 * 60_000;
const RETRY_TTL_MS = 20_000;
const DEFAULT_QUERY_TIMEOUT_MS = 90_000;
const MAX_CACHED = 60;

// One limiter per backend for every report computation of this process: a busy review does not flood a backend,
// and a slow one does not hold up reads of the others.
const limit = createBackendLimiters(4);

interface CacheEntry {
  promise: Promise<SectionState>;
  expiresAtMs: number;
}
const cache = new Map<string, CacheEntry>();

function queryTimeoutMs(): number {
  const raw = Number(process.env.WEFT_REPORT_QUERY_TIMEOUT_MS);
  return Number.isFinite(raw) && raw >= 1000 ? raw : DEFAULT_QUERY_TIMEOUT_MS;
}

/** The zone reports are cut in: the Setting `report.timeZone`, else WEFT_REPORT_TIME_ZONE, else UTC. */
export async function configuredTimeZone(): Promise<string> {
  try {
    const setting = await (await getDb()).setting.findUnique({ where: { key: TIME_ZONE_SETTING } });
    if (typeof setting?.value === 'string' && isValidTimeZone(setting.value)) return setting.value;
  } catch (error) {
    console.error('weft report: reading the time zone setting failed', error);
  }
  const env = process.env.WEFT_REPORT_TIME_ZONE?.trim();
  return env && isValidTimeZone(env) ? env : 'UTC';
}

/** The month of a URL: its label and the zone (`tz` parameter, else the configured one). */
export async function resolveMonth(label: string, tz: string | null): Promise<Parsed<ReportMonth>> {
  const timeZone = tz && tz.trim() !== '' ? tz.trim() : await configuredTimeZone();
  return parseReportMonth(label, timeZone);
}

/**
 * The SLOs to measure: the active ones through lib/slo (which seeds the demo's SLOs when running on the demo),
 * and those archived during or after the month.
 */
async function loadSlos(month: ReportMonth): Promise<{ slos: ReportSlo[]; problems: SourceProblem[] }> {
  const active = await getSloList();
  const archivedRows = await (await getDb()).slo.findMany({ where: { archivedAt: { gt: new Date(month.startMs) } } });
  const problems: SourceProblem[] = [];
  const archived: ReportSlo[] = [];
  for (const row of archivedRows) {
    try {
      archived.push(reportSlo(sloFromRow(row), row.archivedAt?.getTime() ?? null));
    } catch (error) {
      problems.push(databaseProblem(`Archived SLO ${row.service}/${row.name}`, error instanceof Error ? error.message : 'It could not be read'));
    }
  }
  return { slos: slosForMonth([...active.map((slo) => reportSlo(slo)), ...archived], month), problems };
}

function cacheKey(month: ReportMonth, key: SectionKey, tenant: string | null): string {
  return [tenant ?? '', month.timeZone, month.label, key].join('\u0000');
}

function evictExpired(nowMs: number): void {
  for (const [key, entry] of cache) if (entry.expiresAtMs <= nowMs) cache.delete(key);
  while (cache.size > MAX_CACHED) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
}

function sectionOf<K extends SectionKey>(month: ReportMonth, key: K, nowMs: number, tenant: string | null): Promise<SectionState<K>> {
  // The radar reads action items and entries that change on the page: always fresh (the rest is cached).
  const cacheable = key !== 'maturity';
  const id = cacheKey(month, key, tenant);
  const hit = cacheable ? cache.get(id) : undefined;
  if (hit && hit.expiresAtMs > nowMs) return hit.promise as Promise<SectionState<K>>;
  const ctx: SectionContext = {
    month,
    nowMs,
    sources: reportSources(tenant),
    limit,
    queryTimeoutMs: queryTimeoutMs(),
    sloCache: sharedBucketCache,
    sloCacheScope: reportSloCacheScope(tenant),
    loadSlos: () => loadSlos(month),
    loadActionItems: async () => listActionItems(await getDb(), month),
    loadMaturityInputs: async () => listMaturityInputs(await getDb(), month.label),
    section: (other) => sectionOf(month, other, nowMs, tenant),
  };
  // Not tied to one request's signal: the page asks for sections in parallel and they share computations.
  const promise = computeSection(key, ctx).catch((error: unknown): SectionState<K> => {
    console.error(`weft report: section ${key} of ${month.label} failed`, error);
    return { status: 'error', key, computedAtMs: Date.now(), problems: [databaseProblem(key, 'The section could not be computed; the details are in the server log')] };
  });
  if (cacheable) {
    const ttl = monthState(month, nowMs) === 'past' ? PAST_TTL_MS : CURRENT_TTL_MS;
    const entry: CacheEntry = { promise, expiresAtMs: nowMs + ttl };
    cache.set(id, entry);
    evictExpired(nowMs);
    void promise.then((state) => {
      const partial = state.status === 'error' || state.section.problems.length > 0;
      if (partial && cache.get(id) === entry) entry.expiresAtMs = Math.min(entry.expiresAtMs, Date.now() + RETRY_TTL_MS);
    });
  }
  return promise;
}

/** One section of a month's live report. */
export async function getSection<K extends SectionKey>(month: ReportMonth, key: K): Promise<SectionState<K>> {
  return sectionOf(month, key, currentTimeMs(), await tenantForRequest());
}

/** Every section and the action items, as a snapshot stores them. */
async function buildReportData(month: ReportMonth, tenant: string | null): Promise<ReportData> {
  const nowMs = currentTimeMs();
  const states = await Promise.all(SECTION_KEYS.map((key) => sectionOf(month, key, nowMs, tenant)));
  const sections = Object.fromEntries(SECTION_KEYS.map((key, index) => [key, states[index]])) as ReportSections;
  const actionItems = await listActionItems(await getDb(), month);
  return { dataVersion: REPORT_DATA_VERSION, month, generatedAtMs: nowMs, sections, actionItems };
}

export interface ReportOverview {
  month: ReportMonth;
  state: MonthState;
  configuredTimeZone: string;
  /** The frozen report, when there is one. */
  snapshot: { info: SnapshotInfo; data: ReportData | null } | null;
}

export async function getReportOverview(month: ReportMonth): Promise<ReportOverview> {
  const tenant = await tenantForRequest();
  const [snapshot, zone] = await Promise.all([readSnapshot(await getDb(), month.label, month.timeZone, tenant), configuredTimeZone()]);
  return { month, state: monthState(month, currentTimeMs()), configuredTimeZone: zone, snapshot };
}

export async function freezeReport(month: ReportMonth, frozenBy: string | null): Promise<SnapshotInfo> {
  const tenant = await tenantForRequest();
  const data = await buildReportData(month, tenant);
  return writeSnapshot(await getDb(), data, tenant, frozenBy, currentTimeMs());
}

/** Removes the month's snapshot; false when there was none. */
export async function unfreezeReport(month: ReportMonth): Promise<boolean> {
  return deleteSnapshot(await getDb(), month.label, month.timeZone, await tenantForRequest());
}

/** The Markdown of the frozen report (with today's action items), or of live numbers. */
export async function getReportMarkdown(month: ReportMonth, options: { live: boolean; origin?: string }): Promise<string> {
  const [db, tenant] = await Promise.all([getDb(), tenantForRequest()]);
  const snapshot = options.live ? null : await readSnapshot(db, month.label, month.timeZone, tenant);
  if (snapshot?.data) {
    const actionItems = await listActionItems(db, month);
    return reportMarkdown({ ...snapshot.data, actionItems }, { snapshot: snapshot.info, origin: options.origin });
  }
  return reportMarkdown(await buildReportData(month, tenant), { snapshot: null, origin: options.origin });
}

export interface MonthListEntry {
  label: string;
  startMs: number;
  endMs: number;
  state: MonthState;
  snapshot: SnapshotInfo | null;
}

/** The months to list on /reports (newest first), with their snapshots. */
export async function listReportMonths(count = 13): Promise<{ timeZone: string; months: MonthListEntry[] }> {
  const [timeZone, tenant] = await Promise.all([configuredTimeZone(), tenantForRequest()]);
  const nowMs = currentTimeMs();
  const snapshots = await listSnapshots(await getDb(), timeZone, tenant);
  const months = recentMonths(nowMs, timeZone, count).map((month) => ({
    label: month.label,
    startMs: month.startMs,
    endMs: month.endMs,
    state: monthState(month, nowMs),
    snapshot: snapshots.get(month.label) ?? null,
  }));
  return { timeZone, months };
}

/** Forget cached sections (tests; after definitions change). */
export function clearReportCache(): void {
  cache.clear();
}
