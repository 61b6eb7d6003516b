// Telemetry coverage numbers from samples: a month of logs is too much to scan (minutes of work on a real Loki,
// and on the demo), so the report counts a few one-hour windows spread over the month and says so. Pure.
import type { CoverageSection, LogCoverage, ProfileCoverage, SampleWindow, ServiceCoverageRow, ServiceLogCoverage, TraceLogCoverage } from './types';

export const SAMPLE_WINDOW_MS = 60 * 60_000;

/**
 * `count` one-hour windows spread evenly over [startMs, endMs), each ending on a whole hour. The spread is not
 * a whole number of days, so the windows fall at different hours of the day (quiet nights and busy afternoons).
 * Fewer windows when the range is shorter than `count` hours; none when it is shorter than one.
 */
export function sampleWindows(startMs: number, endMs: number, count: number): SampleWindow[] {
  const spanMs = endMs - startMs;
  if (!(spanMs >= SAMPLE_WINDOW_MS) || count < 1) return [];
  const n = Math.min(count, Math.floor(spanMs / SAMPLE_WINDOW_MS));
  const windows: SampleWindow[] = [];
  for (let i = 0; i < n; i++) {
    const centreMs = startMs + ((i + 0.5) * spanMs) / n;
    let windowEnd = Math.ceil((centreMs + SAMPLE_WINDOW_MS / 2) / SAMPLE_WINDOW_MS) * SAMPLE_WINDOW_MS;
    windowEnd = Math.min(windowEnd, Math.floor(endMs / SAMPLE_WINDOW_MS) * SAMPLE_WINDOW_MS);
    windowEnd = Math.max(windowEnd, Math.ceil((startMs + SAMPLE_WINDOW_MS) / SAMPLE_WINDOW_MS) * SAMPLE_WINDOW_MS);
    const window = { startMs: windowEnd - SAMPLE_WINDOW_MS, endMs: windowEnd };
    if (window.startMs < startMs || window.endMs > endMs) continue;
    if (windows.some((w) => w.endMs === window.endMs)) continue;
    windows.push(window);
  }
  return windows;
}

/** One sample window's counts: log lines per service, and those carrying a trace id. */
export interface LogWindowCounts {
  window: SampleWindow;
  lines: Readonly<Record<string, number>>;
  withTraceId: Readonly<Record<string, number>>;
}

/** Shares per service and overall, summed over the windows (each line weighs the same). */
export function logCoverage(serviceLabel: string, windows: readonly SampleWindow[], counts: readonly LogWindowCounts[]): LogCoverage {
  const lines = new Map<string, number>();
  const withTrace = new Map<string, number>();
  let windowsWithData = 0;
  for (const count of counts) {
    let any = false;
    for (const [service, n] of Object.entries(count.lines)) {
      if (!(n > 0)) continue;
      any = true;
      lines.set(service, (lines.get(service) ?? 0) + n);
    }
    for (const [service, n] of Object.entries(count.withTraceId)) {
      if (n > 0) withTrace.set(service, (withTrace.get(service) ?? 0) + n);
    }
    if (any) windowsWithData++;
  }
  const services: ServiceLogCoverage[] = [...lines.entries()]
    .map(([service, n]) => {
      // A line counted with a trace id is a line: never more with than without (the two queries raced a push).
      const traced = Math.min(n, withTrace.get(service) ?? 0);
      return { service, lines: n, withTraceId: traced, share: n > 0 ? traced / n : null };
    })
    .sort((a, b) => a.service.localeCompare(b.service));
  const total = services.reduce((sum, s) => sum + s.lines, 0);
  const traced = services.reduce((sum, s) => sum + s.withTraceId, 0);
  return { serviceLabel, windows: [...windows], windowsWithData, services, lines: total, withTraceId: traced, share: total > 0 ? traced / total : null };
}

/** One sampled trace: its root service, and whether Loki held a line with its id (null: the lookup failed). */
export interface TraceLogSample {
  traceId: string;
  rootService: string;
  hasLogs: boolean | null;
}

export function traceLogCoverage(windows: readonly SampleWindow[], samples: readonly TraceLogSample[]): TraceLogCoverage {
  const looked = samples.filter((sample) => sample.hasLogs !== null);
  const byService = new Map<string, { service: string; sampled: number; withLogs: number }>();
  for (const sample of looked) {
    const entry = byService.get(sample.rootService) ?? { service: sample.rootService, sampled: 0, withLogs: 0 };
    entry.sampled++;
    if (sample.hasLogs) entry.withLogs++;
    byService.set(sample.rootService, entry);
  }
  const withLogs = looked.filter((sample) => sample.hasLogs).length;
  return {
    windows: [...windows],
    sampled: looked.length,
    withLogs,
    share: looked.length > 0 ? withLogs / looked.length : null,
    byRootService: [...byService.values()].sort((a, b) => a.service.localeCompare(b.service)),
    failedLookups: samples.length - looked.length,
  };
}

/**
 * One row per known service: whether it sends traces (Tempo names it; null when Tempo could not be read), its
 * log share, whether it sends profiles, whether it has an SLO.
 */
export function serviceCoverageRows(
  services: readonly string[],
  traced: readonly string[] | null,
  logs: LogCoverage | null,
  profiles: ProfileCoverage | null,
  sloServices: ReadonlySet<string>,
): ServiceCoverageRow[] {
  const logShare = new Map((logs?.services ?? []).map((s) => [s.service, s.share]));
  const profiled = new Set(profiles?.profiled ?? []);
  const tracing = traced ? new Set(traced) : null;
  return [...new Set(services)]
    .sort((a, b) => a.localeCompare(b))
    .map((service) => ({
      service,
      sendsTraces: tracing ? tracing.has(service) : null,
      logShare: logShare.get(service) ?? null,
      sendsProfiles: profiles ? profiled.has(service) : null,
      hasSlo: sloServices.has(service),
    }));
}

/** Collection coverage as one number (0-1): the mean of the parts that could be measured. */
export function collectionScore(section: Pick<CoverageSection, 'logs' | 'traceLogs' | 'profiles' | 'services'>): { value: number | null; parts: string[] } {
  const parts: { name: string; value: number }[] = [];
  if (section.logs?.share != null) parts.push({ name: 'log lines with a trace id', value: section.logs.share });
  if (section.traceLogs?.share != null) parts.push({ name: 'traces with logs', value: section.traceLogs.share });
  const tracedKnown = section.services.filter((row) => row.sendsTraces !== null);
  if (tracedKnown.length > 0) parts.push({ name: 'services sending traces', value: tracedKnown.filter((row) => row.sendsTraces).length / tracedKnown.length });
  if (section.profiles && section.services.length > 0) {
    const profiled = section.services.filter((row) => row.sendsProfiles).length;
    parts.push({ name: 'services sending profiles', value: profiled / section.services.length });
  }
  if (parts.length === 0) return { value: null, parts: [] };
  return { value: parts.reduce((sum, part) => sum + part.value, 0) / parts.length, parts: parts.map((part) => `${part.name} ${Math.round(part.value * 100)} %`) };
}
