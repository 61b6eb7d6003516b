// The month's incidents: ALERTS history (both states) in week-long chunks at a one-minute step (Prometheus caps
// a range query at 11,000 points), merged into episodes; the alerting rules for summaries; and, for the most
// recent episodes, exemplars of the rule's expression at the time — their trace ids link straight to traces.
// Exemplar storage is a ring buffer (hours to a day or two on most servers): once several episodes in a row
// have none, older ones are not asked, and every episode keeps its Tempo search link.
import type { PrometheusClient } from '../datasources/prometheus/client';
import { asDatasourceError, toSourceFailure } from '../datasources/errors';
import type { AlertingRule, Rule, Series } from '../model/metrics';
import { findAlertingRule } from '../investigation/alerts/alert-rule';
import { exemplarsOfAlert, expressionLabels } from '../investigation/alerts/alert-series';
import { alertComparison } from '../investigation/alerts/alert-threshold';
import { readsSeries } from '../investigation/alerts/expr-unit';
import { traceHref } from '../investigation/alerts/alert-window';
import { alertEpisodes, mergeSeriesChunks } from './alert-episodes';
import type { Limiter } from './limit';
import type { ReportMonth } from './month';
import { problemOf, type AlertEpisode, type ExemplarLink, type IncidentsSection, type SourceProblem } from './types';

export interface IncidentSources {
  prometheus: Pick<PrometheusClient, 'queryRange' | 'queryExemplars' | 'rules'>;
}

export interface IncidentOptions {
  nowMs: number;
  limit: Limiter;
  queryTimeoutMs: number;
  signal?: AbortSignal;
  /** Most episodes whose exemplars are looked up, newest first. */
  maxExemplarLookups?: number;
  /** Stop looking further back after this many episodes in a row without exemplars. */
  emptyRunToStop?: number;
  /** Series beyond this are dropped (and the section says so). */
  maxSeries?: number;
}

export const ALERTS_STEP_MS = 60_000;
export const CHUNK_MS = 7 * 24 * 3_600_000;
const EXEMPLAR_WINDOW_MS = 60 * 60_000;
const EXEMPLARS_PER_EPISODE = 3;
const DEFAULT_MAX_LOOKUPS = 40;
const DEFAULT_EMPTY_RUN = 6;
const DEFAULT_MAX_SERIES = 1000;

/** Consecutive ranges covering [startMs, endMs] on the step grid, none longer than CHUNK_MS. */
export function chunkRanges(startMs: number, endMs: number, stepMs: number, chunkMs: number = CHUNK_MS): { startMs: number; endMs: number }[] {
  const ranges: { startMs: number; endMs: number }[] = [];
  for (let from = startMs; from <= endMs; from += chunkMs) {
    ranges.push({ startMs: from, endMs: Math.min(endMs, from + chunkMs - stepMs) });
  }
  return ranges;
}

function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

function withSummaries(episodes: AlertEpisode[], rules: readonly Rule[] | null): AlertEpisode[] {
  if (!rules) return episodes;
  return episodes.map((episode) => {
    const match = findAlertingRule(rules, episode.name, episode.labels);
    const summary = match?.rule.annotations.summary ?? match?.rule.annotations.description ?? null;
    return summary ? { ...episode, summary } : episode;
  });
}

async function exemplarsFor(sources: IncidentSources, episode: AlertEpisode, rule: AlertingRule, options: IncidentOptions): Promise<ExemplarLink[]> {
  const expr = alertComparison(rule.query)?.valueExpr ?? rule.query;
  const toMs = Math.min(episode.endMs, episode.startMs + EXEMPLAR_WINDOW_MS);
  const raw = await sources.prometheus.queryExemplars(expr, episode.startMs, toMs, { signal: options.signal, timeoutMs: options.queryTimeoutMs });
  return exemplarsOfAlert(raw, expressionLabels(episode.labels, rule.labels))
    .sort((a, b) => b.value - a.value)
    .slice(0, EXEMPLARS_PER_EPISODE)
    .flatMap((exemplar) => (exemplar.traceId ? [{ traceId: exemplar.traceId, timeMs: exemplar.timeMs, value: exemplar.value, href: traceHref(exemplar.traceId, exemplar.timeMs) }] : []));
}

/** Looks up exemplars newest first, a batch at a time, until the limit or a long run of empty answers. */
async function attachExemplars(
  sources: IncidentSources,
  episodes: AlertEpisode[],
  rules: readonly Rule[],
  options: IncidentOptions,
  problems: SourceProblem[],
): Promise<{ episodes: AlertEpisode[]; looked: number; stoppedEarly: boolean }> {
  const maxLookups = options.maxExemplarLookups ?? DEFAULT_MAX_LOOKUPS;
  const emptyRunToStop = options.emptyRunToStop ?? DEFAULT_EMPTY_RUN;
  const byRef = new Map(episodes.map((episode) => [episode.ref, episode]));
  const newestFirst = [...episodes].sort((a, b) => b.startMs - a.startMs);
  let looked = 0;
  let emptyRun = 0;
  let stoppedEarly = false;
  let failures = 0;
  const batchSize = 4;
  for (let index = 0; index < newestFirst.length && looked < maxLookups; index += batchSize) {
    if (emptyRun >= emptyRunToStop) {
      stoppedEarly = true;
      break;
    }
    const batch = newestFirst.slice(index, Math.min(index + batchSize, index + maxLookups - looked));
    const answers = await Promise.all(
      batch.map((episode) => {
        const match = findAlertingRule(rules, episode.name, episode.labels);
        if (!match) return Promise.resolve({ episode, lookup: 'no-rule' as const, links: [] as ExemplarLink[] });
        const expr = alertComparison(match.rule.query)?.valueExpr ?? match.rule.query;
        if (!readsSeries(expr)) return Promise.resolve({ episode, lookup: 'no-rule' as const, links: [] as ExemplarLink[] });
        return options
          .limit(() => exemplarsFor(sources, episode, match.rule, options))
          .then(
            (links) => ({ episode, lookup: links.length > 0 ? ('found' as const) : ('none' as const), links }),
            (error: unknown) => {
              failures++;
              if (failures === 1) problems.push(problemOf(`Exemplars of ${episode.name} at ${formatDate(episode.startMs)}`, toSourceFailure(asDatasourceError('prometheus', error))));
              return { episode, lookup: 'failed' as const, links: [] as ExemplarLink[] };
            },
          );
      }),
    );
    for (const answer of answers) {
      if (answer.lookup === 'no-rule') continue;
      looked++;
      emptyRun = answer.lookup === 'found' ? 0 : emptyRun + 1;
      byRef.set(answer.episode.ref, { ...answer.episode, exemplars: answer.links, exemplarLookup: answer.lookup });
    }
    for (const answer of answers) if (answer.lookup === 'no-rule') byRef.set(answer.episode.ref, { ...answer.episode, exemplarLookup: 'no-rule' });
  }
  return { episodes: episodes.map((episode) => byRef.get(episode.ref) ?? episode), looked, stoppedEarly };
}

export async function loadIncidents(sources: IncidentSources, month: ReportMonth, options: IncidentOptions): Promise<{ data: IncidentsSection; problems: SourceProblem[] }> {
  const problems: SourceProblem[] = [];
  const dataEndMs = Math.min(month.endMs, Math.floor(options.nowMs / ALERTS_STEP_MS) * ALERTS_STEP_MS);
  const call = { signal: options.signal, timeoutMs: options.queryTimeoutMs };
  const ranges = dataEndMs > month.startMs ? chunkRanges(month.startMs, dataEndMs, ALERTS_STEP_MS) : [];
  const rulesPromise = options.limit(() => sources.prometheus.rules({ type: 'alert' }, call)).then(
    (rules) => rules,
    (error: unknown) => {
      problems.push(problemOf('Alerting rules (summaries and exemplar lookups)', toSourceFailure(asDatasourceError('prometheus', error))));
      return null;
    },
  );
  const chunks = await Promise.allSettled(
    ranges.map((range) =>
      options.limit(async (): Promise<Series[]> => {
        const result = await sources.prometheus.queryRange('ALERTS', range.startMs, range.endMs, ALERTS_STEP_MS, call);
        return result.type === 'matrix' ? result.series : [];
      }),
    ),
  );
  const ok: Series[][] = [];
  chunks.forEach((chunk, index) => {
    if (chunk.status === 'fulfilled') ok.push(chunk.value);
    else problems.push(problemOf(`Alert history ${formatDate(ranges[index].startMs)} to ${formatDate(ranges[index].endMs)}`, toSourceFailure(asDatasourceError('prometheus', chunk.reason))));
  });
  // Every chunk failed: there is nothing to show, and an empty list would read as "no incidents".
  const firstFailure = chunks.find((chunk): chunk is PromiseRejectedResult => chunk.status === 'rejected');
  if (ranges.length > 0 && ok.length === 0 && firstFailure) throw firstFailure.reason;

  const maxSeries = options.maxSeries ?? DEFAULT_MAX_SERIES;
  const merged = mergeSeriesChunks(ok);
  const truncated = merged.length > maxSeries;
  let episodes = alertEpisodes(merged.slice(0, maxSeries), { month, stepMs: ALERTS_STEP_MS, dataEndMs, nowMs: options.nowMs });
  const rules = await rulesPromise;
  episodes = withSummaries(episodes, rules);
  let exemplarNote = 'Exemplars were not looked up: the alerting rules could not be read.';
  if (rules) {
    const attached = await attachExemplars(sources, episodes, rules, options, problems);
    episodes = attached.episodes;
    const maxLookups = options.maxExemplarLookups ?? DEFAULT_MAX_LOOKUPS;
    exemplarNote =
      `Exemplars of each alert's expression were looked up for the ${attached.looked} most recent episodes` +
      (attached.stoppedEarly
        ? ' and stopped where several in a row had none: Prometheus keeps exemplars for a limited time (a ring buffer).'
        : attached.looked >= maxLookups
          ? ` (at most ${maxLookups}).`
          : '.') +
      ' Every episode links to a trace search of its service at the time.';
  }
  return { data: { episodes, stepMs: ALERTS_STEP_MS, truncated, exemplarNote }, problems };
}
