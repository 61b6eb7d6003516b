// The SLO route handlers' server functions: the database and Prometheus in, JSON-ready answers out. Writes
// validate the definition and run its queries against Prometheus first; reads put each Prometheus part in a
// SourceResult so the definitions show even when Prometheus does not answer.
import 'server-only';
import { getDb, type PrismaClient } from '../db';
import { settleSource } from '../correlate/source-result';
import { stepForRange } from '../charts/series-data';
import { currentTimeMs } from '../time-range';
import type {
  ImportedSloPreview,
  SloImportResponse,
  SloReportResponse,
  SloSaveResponse,
  SloSummary,
  SloSummaryResponse,
} from './api-types';
import { configuredSloBackend, sloBackend, type SloBackend } from './backend';
import { checkSliQueries, type QueryCheck } from './check-queries';
import { isBurning } from './burn-rate';
import { DEMO_SLOS, shouldSeedDemoSlos } from './demo-slos';
import { HOUR_MS } from './durations';
import { importSloSpecs } from './import';
import type { Slo, SloDefinition } from './model';
import { readBurnRates, readPeriod, readSliSeries, sharedBucketCache, type ReadOptions } from './read-slo';
import { archiveSlo, createSlo, getSlo, listSlos, rowData, updateSlo, upsertSlo, type WriteResult } from './repository';
import { sloRulesYaml } from './rules';
import { sliQueries } from './sli-query';
import { traceLinks } from './trace-links';

export type Outcome<T> = { ok: true; status: 200 | 201; body: T } | { ok: false; status: 404 | 409 | 422; body: { error: string; errors?: string[]; warnings?: string[] } };

// --- The database, with the demo's SLOs seeded once per process when running on the demo. ---

const state = globalThis as typeof globalThis & { __weftDemoSlosSeeded?: Promise<void> };

/** Creates the demo SLOs that do not exist yet (by service and name); never touches existing ones. */
export async function seedDemoSlos(prisma: PrismaClient): Promise<string[]> {
  const created: string[] = [];
  for (const definition of DEMO_SLOS) {
    const key = { service: definition.service, name: definition.name };
    const before = await prisma.slo.findUnique({ where: { service_name: key }, select: { id: true } });
    if (before) continue;
    await prisma.slo.upsert({ where: { service_name: key }, create: { ...rowData(definition), source: 'demo' }, update: {} });
    created.push(`${definition.service}/${definition.name}`);
  }
  return created;
}

/** Reads the demo SLOs' periods once in the background, so the first look at the list finds them cached. */
async function warmDemoPeriods(prisma: PrismaClient): Promise<void> {
  const backend = configuredSloBackend();
  for (const slo of await listSlos(prisma)) {
    if (slo.source !== 'demo') continue;
    await readPeriod(backend.prom, slo, currentTimeMs(), periodOptions(backend));
  }
}


/** Period reads: the shared bucket cache (scoped to the Prometheus and tenant) and the longer deadline. */
function periodOptions(backend: SloBackend, signal?: AbortSignal): ReadOptions {
  return { signal, cache: sharedBucketCache, cacheScope: backend.cacheScope, nowMs: currentTimeMs(), periodTimeoutMs: backend.longQueryTimeoutMs };
}

async function sloDb(): Promise<PrismaClient> {
  const prisma = await getDb();
  if (shouldSeedDemoSlos(process.env)) {
    state.__weftDemoSlosSeeded ??= seedDemoSlos(prisma).then(
      (created) => {
        if (created.length > 0) console.info(`[weft slo] seeded the demo SLOs: ${created.join(', ')}`);
        void warmDemoPeriods(prisma).catch((error: unknown) => console.warn('[weft slo] warming the demo SLO periods failed', error));
      },
      (error: unknown) => {
        state.__weftDemoSlosSeeded = undefined;
        throw error;
      },
    );
    await state.__weftDemoSlosSeeded;
  }
  return prisma;
}

// --- Reads. ---

export async function getSloList(): Promise<Slo[]> {
  return listSlos(await sloDb());
}

export async function getSloById(id: string): Promise<Slo | null> {
  return getSlo(await sloDb(), id);
}

/** The end of the range, never in the future, in whole seconds (labels read cleanly, queries repeat exactly). */
function evaluationInstant(toMs: number): number {
  return Math.floor(Math.min(toMs, currentTimeMs()) / 1000) * 1000;
}

async function summarize(backend: SloBackend, slo: Slo, atMs: number, signal?: AbortSignal): Promise<SloSummary & { burnDown: SloReportResponse['burnDown'] }> {
  const [burn, periodReading] = await Promise.all([
    settleSource('prometheus', () => readBurnRates(backend.prom, slo, atMs, { signal, periodTimeoutMs: backend.longQueryTimeoutMs })),
    settleSource('prometheus', () => readPeriod(backend.prom, slo, atMs, periodOptions(backend, signal))),
  ]);
  const period: SloSummary['period'] =
    periodReading.status === 'ok'
      ? {
          ...periodReading,
          data: {
            period: periodReading.data.period,
            budget: periodReading.data.report.budget,
            badEvents: periodReading.data.report.badEvents,
            totalEvents: periodReading.data.report.totalEvents,
            emptyBuckets: periodReading.data.report.emptyBuckets,
          },
        }
      : periodReading;
  return { atMs, burn, period, burnDown: periodReading.status === 'ok' ? periodReading.data.report.burnDown : null };
}

/** A list row or home tile: burn rates and the period's budget at the end of the range. */
export async function getSloSummary(id: string, range: { fromMs: number; toMs: number }, signal?: AbortSignal): Promise<SloSummaryResponse | null> {
  const slo = await getSloById(id);
  if (!slo) return null;
  const { burnDown: _burnDown, ...summary } = await summarize(await sloBackend(), slo, evaluationInstant(range.toMs), signal);
  return { slo, ...summary };
}

/** The SLO page: the summary, the burn-down, the SLI over the range and where to look for traces. */
export async function getSloReport(id: string, range: { fromMs: number; toMs: number }, signal?: AbortSignal): Promise<SloReportResponse | null> {
  const slo = await getSloById(id);
  if (!slo) return null;
  const backend = await sloBackend();
  const atMs = evaluationInstant(range.toMs);
  const stepMs = stepForRange(range.fromMs, range.toMs);
  const [summary, sli] = await Promise.all([
    summarize(backend, slo, atMs, signal),
    settleSource('prometheus', () => readSliSeries(backend.prom, slo, { fromMs: range.fromMs, toMs: range.toMs, stepMs }, { signal, periodTimeoutMs: backend.longQueryTimeoutMs })),
  ]);
  // The worst pair's long window, when it burns (Critical, Recovering, Increasing); otherwise the selected range.
  const worstPair = summary.burn.status === 'ok' && summary.burn.data.worstPairIndex !== null ? summary.burn.data.pairs[summary.burn.data.worstPairIndex] : null;
  const worst = worstPair && isBurning(worstPair.status) ? worstPair : null;
  const tracesWindow = worst ? { fromMs: atMs - worst.longWindowMs, toMs: atMs } : { fromMs: range.fromMs, toMs: atMs };
  return {
    slo,
    ...summary,
    range: { ...range, stepMs },
    sli,
    traces: { ...traceLinks(slo.service, slo.sli, tracesWindow), window: worst ? worst.long : null },
    queries: sliQueries(slo.sli, HOUR_MS),
  };
}

// --- Writes. ---

function failed(result: Extract<WriteResult, { ok: false }>): Outcome<never> {
  return { ok: false, status: result.reason === 'not-found' ? 404 : 409, body: { error: result.message } };
}

/** Runs the SLI's queries against Prometheus; a problem stops the save with 422 and each message. */
async function checkBeforeSave(definition: SloDefinition, signal?: AbortSignal): Promise<{ ok: true; warnings: string[] } | { ok: false; outcome: Outcome<never> }> {
  const backend = await sloBackend();
  const check = await checkSliQueries(backend.prom, definition.sli, currentTimeMs(), signal, backend.checkTimeoutMs);
  if (check.errors.length === 0) return { ok: true, warnings: check.warnings };
  return {
    ok: false,
    outcome: { ok: false, status: 422, body: { error: 'The queries did not pass the check against Prometheus', errors: check.errors, warnings: check.warnings } },
  };
}

export async function checkQueries(definition: Pick<SloDefinition, 'sli'>, signal?: AbortSignal): Promise<QueryCheck> {
  const backend = await sloBackend();
  return checkSliQueries(backend.prom, definition.sli, currentTimeMs(), signal, backend.checkTimeoutMs);
}

export async function createSloFromUi(definition: SloDefinition, signal?: AbortSignal): Promise<Outcome<SloSaveResponse>> {
  const check = await checkBeforeSave(definition, signal);
  if (!check.ok) return check.outcome;
  const result = await createSlo(await sloDb(), definition, 'ui');
  if (!result.ok) return failed(result);
  return { ok: true, status: 201, body: { slo: result.slo, warnings: check.warnings } };
}

export async function updateSloFromUi(id: string, version: number, definition: SloDefinition, signal?: AbortSignal): Promise<Outcome<SloSaveResponse>> {
  const prisma = await sloDb();
  if (!(await getSlo(prisma, id))) return { ok: false, status: 404, body: { error: 'This SLO does not exist (any more)' } };
  const check = await checkBeforeSave(definition, signal);
  if (!check.ok) return check.outcome;
  const result = await updateSlo(prisma, id, version, definition);
  if (!result.ok) return failed(result);
  return { ok: true, status: 200, body: { slo: result.slo, warnings: check.warnings } };
}

export async function deleteSloFromUi(id: string, version: number | undefined): Promise<Outcome<{ slo: Slo }>> {
  const result = await archiveSlo(await sloDb(), id, version);
  if (!result.ok) return failed(result);
  return { ok: true, status: 200, body: { slo: result.slo } };
}

/**
 * Imports Sloth / OpenSLO YAML: parse, check every SLO's queries against Prometheus, then save them all
 * (dryRun: only the first two). Nothing is saved when anything fails.
 */
export async function importSlos(yaml: string, dryRun: boolean, signal?: AbortSignal): Promise<Outcome<SloImportResponse>> {
  const parsed = importSloSpecs(yaml);
  if (!parsed.ok) return { ok: false, status: 422, body: { error: parsed.error } };
  const prisma = await sloDb();
  const existing = new Set((await listSlos(prisma)).map((slo) => `${slo.service}/${slo.name}`));
  const { prom, checkTimeoutMs } = await sloBackend();
  const checks = await Promise.all(parsed.slos.map((slo) => checkSliQueries(prom, slo.definition.sli, currentTimeMs(), signal, checkTimeoutMs)));
  const errors = checks.flatMap((check, index) => check.errors.map((error) => `${parsed.slos[index].definition.service}/${parsed.slos[index].definition.name}: ${error}`));
  if (errors.length > 0) return { ok: false, status: 422, body: { error: 'Some queries did not pass the check against Prometheus; nothing was imported', errors } };
  const previews: ImportedSloPreview[] = parsed.slos.map((slo, index) => ({
    name: slo.definition.name,
    service: slo.definition.service,
    source: slo.source,
    objective: slo.definition.objective,
    window: slo.definition.window,
    replaces: existing.has(`${slo.definition.service}/${slo.definition.name}`),
    notes: slo.notes,
    warnings: checks[index].warnings,
    id: null,
  }));
  if (dryRun) return { ok: true, status: 200, body: { saved: false, slos: previews, notes: parsed.notes } };
  for (const [index, slo] of parsed.slos.entries()) {
    const result = await upsertSlo(prisma, slo.definition, slo.source);
    if (!result.ok) return failed(result);
    previews[index].id = result.slo.id;
  }
  return { ok: true, status: 201, body: { saved: true, slos: previews, notes: parsed.notes } };
}

/** Prometheus rules for one SLO, or for all of them. */
export async function rulesYaml(id?: string): Promise<string | null> {
  if (id === undefined) return sloRulesYaml(await getSloList());
  const slo = await getSloById(id);
  return slo ? sloRulesYaml([slo]) : null;
}
