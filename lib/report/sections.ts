// Computes one section of a month's report from its sources. Sections build on each other (alert quality needs
// the SLO burns and the incidents; the radar needs almost everything): `ctx.section` hands out the others,
// memoised by the caller, so the page's parallel section requests share one computation of each.
import { alertQuality, DEFAULT_QUALITY_RULE } from './alert-quality';
import type { BackendLimiters } from './limit';
import { loadCoverage, type CoverageSources } from './load-coverage';
import { loadIncidents, type IncidentSources } from './load-incidents';
import { loadSloSection, type SloSources } from './load-slos';
import { maturityScores, type EnteredValue } from './maturity';
import { monthDays, type ReportMonth } from './month';
import type { ReportSlo } from './slo-source';
import type { BucketCache } from '../slo/read-slo';
import { databaseProblem, problemOf, type ActionItemView, type SectionDataMap, type SectionKey, type SectionState, type SourceProblem } from './types';
import { asDatasourceError, DatasourceError, toSourceFailure, type BackendName } from '../datasources/errors';

export interface SectionSources {
  prometheus: SloSources['prometheus'] & IncidentSources['prometheus'];
  loki: CoverageSources['loki'];
  tempo: CoverageSources['tempo'];
  pyroscope: CoverageSources['pyroscope'];
}

export interface SectionContext {
  month: ReportMonth;
  nowMs: number;
  sources: SectionSources;
  limit: BackendLimiters;
  queryTimeoutMs: number;
  /** The SLO definitions (database), with rows that could not be read named as problems. */
  loadSlos: () => Promise<{ slos: ReportSlo[]; problems: SourceProblem[] }>;
  loadActionItems: () => Promise<ActionItemView[]>;
  loadMaturityInputs: () => Promise<EnteredValue[]>;
  /** Another section of the same month (memoised by the caller). */
  section: <K extends SectionKey>(key: K) => Promise<SectionState<K>>;
  /** lib/slo's bucket cache for SLO readings (the service passes the process's shared one). */
  sloCache?: BucketCache;
  /** Its scope: the Prometheus and tenant `sources` read (lib/slo/backend's sloCacheScope). */
  sloCacheScope?: string;
  /** Coverage sampling (tests use smaller numbers). */
  coverage?: { logWindows?: number; traceWindows?: number; tracesPerWindow?: number };
}

/**
 * One deadline for all of a section's own queries, from when it starts them: they wait for the backend's limiter
 * and some run one after another, so per-query deadlines alone could add up to several times queryTimeoutMs.
 */
function queryDeadline(ctx: SectionContext): AbortSignal {
  return AbortSignal.timeout(ctx.queryTimeoutMs);
}

function failed<K extends SectionKey>(key: K, startedMs: number, problems: SourceProblem[]): SectionState<K> {
  return { status: 'error', key, computedAtMs: startedMs, problems };
}

function ok<K extends SectionKey>(key: K, startedMs: number, data: SectionDataMap[K], problems: SourceProblem[]): SectionState<K> {
  return { status: 'ok', section: { key, computedAtMs: Date.now(), tookMs: Date.now() - startedMs, data, problems } };
}

function dataOf<K extends SectionKey>(state: SectionState<K>): SectionDataMap[K] | null {
  return state.status === 'ok' ? state.section.data : null;
}

/** A thrown error as the section's one problem (datasource errors keep their backend and message). */
function thrownProblem(what: string, error: unknown, backend: BackendName): SourceProblem {
  const failure = asDatasourceError(backend, error);
  if (!(error instanceof DatasourceError)) console.error(`weft report: ${what} failed`, error);
  return problemOf(what, toSourceFailure(failure));
}

/** The first problem of a failed dependency, renamed for the section that needed it. */
function dependencyProblem(what: string, state: SectionState): SourceProblem {
  const first = state.status === 'error' ? state.problems[0] : undefined;
  return first ? { ...first, what: `${what}: ${first.what}` } : databaseProblem(what, 'It could not be computed');
}

async function computeSlos(ctx: SectionContext, startedMs: number): Promise<SectionState<'slos'>> {
  let slos: Awaited<ReturnType<SectionContext['loadSlos']>>;
  try {
    slos = await ctx.loadSlos();
  } catch (error) {
    console.error('weft report: reading the SLOs failed', error);
    return failed('slos', startedMs, [databaseProblem('SLO definitions', 'The SLO definitions could not be read from the database')]);
  }
  const deadline = queryDeadline(ctx);
  const { data, problems } = await loadSloSection({ prometheus: ctx.sources.prometheus }, slos.slos, ctx.month, {
    nowMs: ctx.nowMs,
    limit: ctx.limit.prometheus,
    queryTimeoutMs: ctx.queryTimeoutMs,
    signal: deadline,
    cache: ctx.sloCache,
    cacheScope: ctx.sloCacheScope,
  });
  const all = [...slos.problems, ...problems];
  // Every SLO failed: the section has nothing true to show.
  if (data.slos.length > 0 && data.slos.every((slo) => slo.failure !== null)) return failed('slos', startedMs, all);
  return ok('slos', startedMs, data, all);
}

async function computeIncidents(ctx: SectionContext, startedMs: number): Promise<SectionState<'incidents'>> {
  try {
    const { data, problems } = await loadIncidents({ prometheus: ctx.sources.prometheus }, ctx.month, { nowMs: ctx.nowMs, limit: ctx.limit.prometheus, queryTimeoutMs: ctx.queryTimeoutMs, signal: queryDeadline(ctx) });
    return ok('incidents', startedMs, data, problems);
  } catch (error) {
    return failed('incidents', startedMs, [thrownProblem('Alert history (ALERTS)', error, 'prometheus')]);
  }
}

async function computeAlertQuality(ctx: SectionContext, startedMs: number): Promise<SectionState<'alert-quality'>> {
  const [slos, incidents] = await Promise.all([ctx.section('slos'), ctx.section('incidents')]);
  const incidentData = dataOf(incidents);
  if (!incidentData) return failed('alert-quality', startedMs, [dependencyProblem('Incidents (needed to judge alerts)', incidents)]);
  const sloData = dataOf(slos);
  const problems: SourceProblem[] = [];
  if (!sloData) problems.push(dependencyProblem('SLO burns (needed to judge alerts)', slos));
  const failedSlos = sloData?.slos.filter((slo) => slo.failure !== null) ?? [];
  for (const slo of failedSlos) if (slo.failure) problems.push(problemOf(`Burns of ${slo.slo.service}/${slo.slo.name} (not counted)`, slo.failure));
  const burns = sloData?.slos.flatMap((slo) => slo.burns) ?? [];
  const refs = sloData?.slos.map((slo) => slo.slo) ?? [];
  const complete = sloData !== null && failedSlos.length === 0 && (incidents.status === 'ok' && incidents.section.problems.length === 0);
  return ok('alert-quality', startedMs, alertQuality(incidentData.episodes, burns, refs, DEFAULT_QUALITY_RULE, complete), problems);
}

async function computeCoverage(ctx: SectionContext, startedMs: number): Promise<SectionState<'coverage'>> {
  // Its reads go to Loki, Tempo and Pyroscope (their own limiters) alongside the SLO section's to Prometheus.
  const sloServices = ctx.section('slos').then((slos) => dataOf(slos)?.slos.map((slo) => slo.slo.service) ?? []);
  const { data, problems } = await loadCoverage(ctx.sources, ctx.month, {
    nowMs: ctx.nowMs,
    limit: ctx.limit,
    queryTimeoutMs: ctx.queryTimeoutMs,
    signal: queryDeadline(ctx),
    sloServices,
    ...ctx.coverage,
  });
  if (!data.logs && !data.traceLogs && !data.profiles && data.services.length === 0) return failed('coverage', startedMs, problems);
  return ok('coverage', startedMs, data, problems);
}

async function computeMaturity(ctx: SectionContext, startedMs: number): Promise<SectionState<'maturity'>> {
  const problems: SourceProblem[] = [];
  const [slos, quality, coverage, items, entered] = await Promise.all([
    ctx.section('slos'),
    ctx.section('alert-quality'),
    ctx.section('coverage'),
    ctx.loadActionItems().catch((error: unknown) => {
      console.error('weft report: reading action items failed', error);
      problems.push(databaseProblem('Action items', 'The action items could not be read'));
      return null;
    }),
    ctx.loadMaturityInputs().catch((error: unknown) => {
      console.error('weft report: reading maturity entries failed', error);
      problems.push(databaseProblem('Maturity entries', 'The entered maturity values could not be read'));
      return [];
    }),
  ]);
  const days = monthDays(ctx.month);
  const scores = maturityScores({
    coverage: dataOf(coverage),
    alertQuality: dataOf(quality),
    slos: dataOf(slos),
    actionItems: items,
    lastDay: days[days.length - 1]?.date ?? ctx.month.label,
    entered,
  });
  return ok('maturity', startedMs, { scores }, problems);
}

export async function computeSection<K extends SectionKey>(key: K, ctx: SectionContext): Promise<SectionState<K>> {
  const startedMs = Date.now();
  // Each branch returns the state of its own key; TypeScript cannot narrow K through the switch.
  switch (key) {
    case 'slos':
      return (await computeSlos(ctx, startedMs)) as SectionState<K>;
    case 'incidents':
      return (await computeIncidents(ctx, startedMs)) as SectionState<K>;
    case 'alert-quality':
      return (await computeAlertQuality(ctx, startedMs)) as SectionState<K>;
    case 'coverage':
      return (await computeCoverage(ctx, startedMs)) as SectionState<K>;
    case 'maturity':
      return (await computeMaturity(ctx, startedMs)) as SectionState<K>;
    default:
      throw new RangeError(`Unknown report section ${String(key)}`);
  }
}
