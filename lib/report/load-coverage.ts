// Telemetry coverage, sampled: per service, the share of log lines carrying a trace id (two LogQL counts per
// one-hour window); the share of traces with matching logs (a few traces per window from Tempo, each looked
// up in Loki by its id); and which services send profiles (Pyroscope's service_name values). Each part is
// ok or its own problem; the services are the union of what Tempo, Loki and the SLOs name.
import type { LokiClient } from '../datasources/loki/client';
import type { PyroscopeClient } from '../datasources/pyroscope/client';
import type { TempoClient } from '../datasources/tempo/client';
import { asDatasourceError, toSourceFailure, type BackendName } from '../datasources/errors';
import { lineFilter, streamSelector, traceIdLogQuery, type LogqlMatcher } from '../query-lang/logql';
import type { Labels } from '../model/metrics';
import { normaliseTraceId } from '../model/ids';
import { logCoverage, sampleWindows, serviceCoverageRows, traceLogCoverage, type LogWindowCounts, type TraceLogSample } from './coverage';
import type { BackendLimiters } from './limit';
import type { ReportMonth } from './month';
import { problemOf, type CoverageSection, type LogCoverage, type ProfileCoverage, type SampleWindow, type SourceProblem, type TraceLogCoverage } from './types';

export interface CoverageSources {
  loki: Pick<LokiClient, 'query' | 'queryRange' | 'labelNames' | 'labelValues'>;
  tempo: Pick<TempoClient, 'search' | 'searchTagValues'>;
  pyroscope: Pick<PyroscopeClient, 'labelValues' | 'series'>;
}

export interface CoverageOptions {
  nowMs: number;
  /** One limiter per backend: a slow one's queued reads do not hold up the others'. */
  limit: Pick<BackendLimiters, 'loki' | 'tempo' | 'pyroscope'>;
  queryTimeoutMs: number;
  signal?: AbortSignal;
  /** Services that have an SLO (they count as services even when no backend names them); awaited last. */
  sloServices: Promise<readonly string[]>;
  /** One-hour windows sampled for log coverage. */
  logWindows?: number;
  /** Windows traces are drawn from, and traces per window. */
  traceWindows?: number;
  tracesPerWindow?: number;
}

/** Stream labels that name a service, most specific first (Loki 3 fills service_name itself). */
export const LOKI_SERVICE_LABELS = ['service_name', 'service', 'app', 'application', 'job'] as const;

/**
 * A line carrying a trace id: a trace-id key followed by 16-32 hex (JSON "trace_id":"…", logfmt traceID=…),
 * or a W3C traceparent. RE2 syntax, sent through the LogQL escaper.
 */
export const TRACE_ID_LINE_REGEX = '(?i)(?:trace[_.-]?id\\W{0,4}[:=]\\W{0,4}[0-9a-f]{16,32}|00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2})';

const DEFAULT_LOG_WINDOWS = 8;
const DEFAULT_TRACE_WINDOWS = 6;
const DEFAULT_TRACES_PER_WINDOW = 4;
const TRACE_LOG_PAD_MS = 60_000;

function thrown(backend: BackendName, what: string, error: unknown): SourceProblem {
  return problemOf(what, toSourceFailure(asDatasourceError(backend, error)));
}

function countsByLabel(samples: readonly { labels: Labels; value: number }[], label: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const sample of samples) {
    const service = sample.labels[label];
    if (service === undefined || !Number.isFinite(sample.value)) continue;
    out[service] = (out[service] ?? 0) + sample.value;
  }
  return out;
}

async function lokiServiceLabel(sources: CoverageSources, range: SampleWindow, options: CoverageOptions): Promise<string | null> {
  const names = await options.limit.loki(() => sources.loki.labelNames(range, { signal: options.signal, timeoutMs: options.queryTimeoutMs }));
  return LOKI_SERVICE_LABELS.find((label) => names.includes(label)) ?? null;
}

async function countLogs(sources: CoverageSources, label: string, window: SampleWindow, options: CoverageOptions): Promise<LogWindowCounts> {
  const selector = streamSelector([{ name: label, op: '=~', value: '.+' }]);
  const call = { signal: options.signal, timeoutMs: options.queryTimeoutMs };
  const count = async (pipeline: string): Promise<Record<string, number>> => {
    const query = `sum by (${label}) (count_over_time(${selector}${pipeline} [1h]))`;
    const result = await options.limit.loki(() => sources.loki.query({ query, timeMs: window.endMs }, call));
    return result.kind === 'vector' ? countsByLabel(result.samples, label) : {};
  };
  const [lines, inLine, inMetadata] = await Promise.all([
    count(''),
    count(` ${lineFilter('|~', TRACE_ID_LINE_REGEX)}`),
    // OTLP logs keep the id in structured metadata, not in the line (Loki 3); older Lokis count nothing here.
    count(' | trace_id != ""'),
  ]);
  const withTraceId: Record<string, number> = {};
  for (const service of new Set([...Object.keys(inLine), ...Object.keys(inMetadata)])) {
    // The two ways rarely mix within one service: the larger count is that service's way.
    withTraceId[service] = Math.max(inLine[service] ?? 0, inMetadata[service] ?? 0);
  }
  return { window, lines, withTraceId };
}

async function loadLogCoverage(sources: CoverageSources, label: string, windows: SampleWindow[], options: CoverageOptions): Promise<LogCoverage> {
  const counts = await Promise.all(windows.map((window) => countLogs(sources, label, window, options)));
  return logCoverage(label, windows, counts);
}

async function hasLogs(sources: CoverageSources, label: string, hit: { traceId: string; startMs: number; durationMs: number }, options: CoverageOptions): Promise<boolean> {
  const traceId = normaliseTraceId(hit.traceId);
  if (!traceId) return false;
  const selector: LogqlMatcher[] = [{ name: label, op: '=~', value: '.+' }];
  const result = await options.limit.loki(() =>
    sources.loki.queryRange(
      { query: traceIdLogQuery({ selector, traceId }), startMs: hit.startMs - TRACE_LOG_PAD_MS, endMs: hit.startMs + hit.durationMs + TRACE_LOG_PAD_MS, limit: 1 },
      { signal: options.signal, timeoutMs: options.queryTimeoutMs },
    ),
  );
  return result.kind === 'streams' && result.result.lines.length > 0;
}

async function loadTraceLogCoverage(sources: CoverageSources, label: string, windows: SampleWindow[], options: CoverageOptions, problems: SourceProblem[]): Promise<TraceLogCoverage> {
  const perWindow = options.tracesPerWindow ?? DEFAULT_TRACES_PER_WINDOW;
  const hits = (
    await Promise.all(
      windows.map((window) =>
        options.limit.tempo(() => sources.tempo.search({ traceql: '{}', startMs: window.startMs, endMs: window.endMs, limit: perWindow }, { signal: options.signal, timeoutMs: options.queryTimeoutMs })),
      ),
    )
  ).flatMap((result) => result.traces.slice(0, perWindow));
  let firstFailure = true;
  const samples = await Promise.all(
    hits.map(async (hit): Promise<TraceLogSample> => {
      try {
        return { traceId: hit.traceId, rootService: hit.rootServiceName || 'unknown', hasLogs: await hasLogs(sources, label, hit, options) };
      } catch (error) {
        if (firstFailure) problems.push(thrown('loki', `Log lookup of sampled trace ${hit.traceId}`, error));
        firstFailure = false;
        return { traceId: hit.traceId, rootService: hit.rootServiceName || 'unknown', hasLogs: null };
      }
    }),
  );
  return traceLogCoverage(windows, samples);
}

async function loadProfiles(sources: CoverageSources, range: SampleWindow, options: CoverageOptions): Promise<ProfileCoverage> {
  const call = { signal: options.signal, timeoutMs: options.queryTimeoutMs, range };
  let names = await options.limit.pyroscope(() => sources.pyroscope.labelValues('service_name', [], call));
  if (names.length === 0) {
    // Pyroscope 1.0 answers label-values for service_name with null: read the label off the series instead.
    const series = await options.limit.pyroscope(() => sources.pyroscope.series([], ['service_name'], call));
    names = series.map((labels) => labels.service_name).filter((name): name is string => typeof name === 'string' && name !== '');
  }
  return { profiled: [...new Set(names)].sort() };
}

export async function loadCoverage(sources: CoverageSources, month: ReportMonth, options: CoverageOptions): Promise<{ data: CoverageSection; problems: SourceProblem[] }> {
  const problems: SourceProblem[] = [];
  const range = { startMs: month.startMs, endMs: Math.min(month.endMs, options.nowMs) };
  const logWindows = sampleWindows(range.startMs, range.endMs, options.logWindows ?? DEFAULT_LOG_WINDOWS);
  const traceWindows = sampleWindows(range.startMs, range.endMs, options.traceWindows ?? DEFAULT_TRACE_WINDOWS);
  const call = { signal: options.signal, timeoutMs: options.queryTimeoutMs };

  const tempoServices = options.limit.tempo(() => sources.tempo.searchTagValues('resource.service.name', call)).then(
    (values) => values.map((value) => value.value).filter((value) => value !== ''),
    (error: unknown) => {
      problems.push(thrown('tempo', 'Service names from Tempo', error));
      return null;
    },
  );
  const label = lokiServiceLabel(sources, range, options).catch((error: unknown) => {
    problems.push(thrown('loki', 'Loki stream labels', error));
    return undefined;
  });
  const lokiServices = label.then(async (name) => {
    if (!name) return null;
    try {
      return await options.limit.loki(() => sources.loki.labelValues(name, range, call));
    } catch (error) {
      problems.push(thrown('loki', `Service names from Loki (${name})`, error));
      return null;
    }
  });
  const logs = label.then(async (name): Promise<LogCoverage | null> => {
    if (name === undefined) return null;
    if (name === null) {
      problems.push(problemOf('Log coverage', { backend: 'loki', kind: 'not-found', message: `No stream label names a service (looked for ${LOKI_SERVICE_LABELS.join(', ')})` }));
      return null;
    }
    try {
      return await loadLogCoverage(sources, name, logWindows, options);
    } catch (error) {
      problems.push(thrown('loki', 'Log lines with a trace id (sampled)', error));
      return null;
    }
  });
  const traceLogs = label.then(async (name): Promise<TraceLogCoverage | null> => {
    if (!name) return null;
    try {
      return await loadTraceLogCoverage(sources, name, traceWindows, options, problems);
    } catch (error) {
      problems.push(thrown('tempo', 'Traces with matching logs (sampled)', error));
      return null;
    }
  });
  const profiles = loadProfiles(sources, range, options).catch((error: unknown) => {
    problems.push(thrown('pyroscope', 'Services sending profiles', error));
    return null;
  });

  const [tempoNames, lokiNames, logResult, traceLogResult, profileResult, sloServices] = await Promise.all([tempoServices, lokiServices, logs, traceLogs, profiles, options.sloServices]);
  const serviceSources: BackendName[] = [];
  if (tempoNames) serviceSources.push('tempo');
  if (lokiNames) serviceSources.push('loki');
  const services = [...(tempoNames ?? []), ...(lokiNames ?? []), ...sloServices];
  return {
    data: {
      services: serviceCoverageRows(services, tempoNames, logResult, profileResult, new Set(sloServices)),
      logs: logResult,
      traceLogs: traceLogResult,
      profiles: profileResult,
      serviceSources,
    },
    problems,
  };
}
