// The monthly review's data: what the sections compute, what a frozen snapshot stores (ReportSnapshot.data,
// shape version REPORT_DATA_VERSION) and what the page and the Markdown export read. JSON-safe: numbers,
// strings, booleans, null, arrays and plain objects only (epoch ms, never Date).
import type { BackendName, DatasourceErrorKind, SourceFailure } from '../datasources/errors';
import type { Labels } from '../model/metrics';
import type { ReportMonth } from './month';

/** Bump when a stored snapshot's shape changes; readers refuse versions they do not know. */
export const REPORT_DATA_VERSION = 1;

export const SECTION_KEYS = ['slos', 'incidents', 'alert-quality', 'coverage', 'maturity'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const SECTION_TITLES: Record<SectionKey, string> = {
  slos: 'SLO attainment',
  incidents: 'Incidents',
  'alert-quality': 'Alert quality',
  coverage: 'Telemetry coverage',
  maturity: 'Maturity',
};

/** Where a problem came from: a backend, or Weft's own database. */
export type ProblemSource = BackendName | 'database';

/** One query (or group of queries) that failed: the section is shown with what the others returned. */
export interface SourceProblem {
  /** What was being read, for people: "checkout-availability, previous month". */
  what: string;
  source: ProblemSource;
  kind: DatasourceErrorKind | 'database';
  /** Safe to show (a DatasourceError's message, or our own words). */
  message: string;
  status?: number;
}

/** A datasource failure as a problem of `what`. */
export function problemOf(what: string, failure: SourceFailure): SourceProblem {
  return { what, source: failure.backend, kind: failure.kind, message: failure.message, ...(failure.status !== undefined ? { status: failure.status } : {}) };
}

export function databaseProblem(what: string, message: string): SourceProblem {
  return { what, source: 'database', kind: 'database', message };
}

export interface Section<T> {
  key: SectionKey;
  computedAtMs: number;
  /** Wall time the computation took. */
  tookMs: number;
  data: T;
  /** Parts that failed; the data holds everything else. */
  problems: SourceProblem[];
}

// ---------------------------------------------------------------------------------------------------------
// SLO attainment and the day x service heatmap

export interface SloRef {
  id: string;
  name: string;
  service: string;
  description: string;
  /** 0.999 for 99.9 %. */
  objective: number;
  /** The SLO's own window ("30 days rolling"); the report always measures the calendar month. */
  windowLabel: string;
  /** A latency SLI's threshold (its histogram bucket), for "slow traces" links; null when not one. */
  latencyThresholdMs: number | null;
}

export interface DayAttainment {
  /** Local date, 'yyyy-mm-dd'. */
  date: string;
  startMs: number;
  endMs: number;
  badEvents: number;
  totalEvents: number;
  /** good / total that day; null without events. */
  attainment: number | null;
  /** The day's error ratio over the error budget: above 1 the day missed the objective. */
  burnRate: number | null;
  /** Share of the month's budget the day spent (the days add up to the month). */
  budgetSpent: number;
  /** The service's failed traces that day, and (latency SLIs) its traces slower than the threshold. */
  failedTracesHref: string;
  slowTracesHref: string | null;
}

export interface MonthAttainment {
  badEvents: number;
  totalEvents: number;
  /** The month's SLI: good / total; null without events. */
  attainment: number | null;
  /** Share of the month's error budget spent (1 = all of it; may exceed 1). */
  budgetSpent: number | null;
  /** attainment >= objective; null without events. */
  met: boolean | null;
  /** Days with at least one event. */
  daysWithData: number;
}

export interface BurnInterval {
  sloId: string;
  startMs: number;
  endMs: number;
  /** Highest 15-minute burn rate inside. */
  peakBurnRate: number;
  /** Share of the month's error budget the interval spent. */
  budgetShare: number;
}

export interface SloAttainment {
  slo: SloRef;
  /** Null when the month's queries failed (see failure). */
  month: MonthAttainment | null;
  previous: MonthAttainment | null;
  /** This month minus last month, in percentage points; null when either side is unknown. */
  change: { attainmentPoints: number | null; budgetSpentPoints: number | null };
  days: DayAttainment[];
  burns: BurnInterval[];
  failure: SourceFailure | null;
  previousFailure: SourceFailure | null;
}

export interface SloSection {
  slos: SloAttainment[];
  /** The month's local days, the heatmap's columns. */
  days: { date: string; startMs: number; endMs: number }[];
  /** How SLO numbers are measured, shown under the table. */
  method: string;
}

// ---------------------------------------------------------------------------------------------------------
// Incidents

export interface ExemplarLink {
  traceId: string;
  timeMs: number;
  value: number;
  href: string;
}

/** Exemplars are found (with links), none were kept for that time, were not looked up (limit), or failed. */
export type ExemplarLookup = 'found' | 'none' | 'not-looked-up' | 'failed' | 'no-rule';

export interface AlertEpisode {
  /** Stable reference for action items: "<alertname>@<startMs>". */
  ref: string;
  name: string;
  labels: Labels;
  fingerprint: string;
  severity: string | null;
  service: string | null;
  summary: string | null;
  /** First time seen firing (or the month's start when it was already firing). */
  startMs: number;
  /** Resolved by then (last seen + one step), or the end of the data when still firing. */
  endMs: number;
  durationMs: number;
  /** When it started pending (the condition first held), if seen. */
  pendingStartMs: number | null;
  /** From the condition first holding (pending) to resolution; the firing duration when pending was not seen. */
  timeToResolveMs: number;
  ongoing: boolean;
  startedBeforeMonth: boolean;
  alertHref: string;
  /** Trace search of the alert's service at the time (the first hour of a long episode). */
  tracesHref: string;
  failedTracesHref: string;
  exemplars: ExemplarLink[];
  exemplarLookup: ExemplarLookup;
}

export interface IncidentsSection {
  episodes: AlertEpisode[];
  /** The query step: starts and ends are known to within it. */
  stepMs: number;
  /** Series cut off by the series limit. */
  truncated: boolean;
  /** How exemplars were looked up, for the page. */
  exemplarNote: string;
}

// ---------------------------------------------------------------------------------------------------------
// Alert quality

export interface AlertQualityRule {
  burnRateThreshold: number;
  minBudgetShare: number;
  toleranceMs: number;
}

export interface EpisodeMatch {
  ref: string;
  /** SLOs burning during the episode (ids). */
  sloIds: string[];
  /** Share of the episode's firing time inside a (padded) burn. */
  overlapShare: number;
  /** It began during a (padded) burn. */
  matters: boolean;
}

export interface AlertNameQuality {
  name: string;
  severity: string | null;
  episodes: number;
  /** Episodes that coincided with an SLO burn. */
  matched: number;
  firingMs: number;
  firingInBurnMs: number;
  /** Noise: episodes that did not coincide with a burn. */
  noise: number;
}

export interface BurnRef extends BurnInterval {
  sloName: string;
  service: string;
  /** Alert names that fired during it. */
  alertedBy: string[];
}

export interface AlertQualitySection {
  rule: AlertQualityRule;
  episodes: number;
  matched: number;
  /** matched / episodes; null without episodes. */
  share: number | null;
  firingMs: number;
  firingInBurnMs: number;
  byAlert: AlertNameQuality[];
  /** Worst first: most noise episodes, then most firing time outside burns. */
  noisiest: AlertNameQuality[];
  matches: EpisodeMatch[];
  burns: BurnRef[];
  /** Burns no alert fired for. */
  missedBurns: number;
  /** False when the SLO or incident section failed and these numbers lack a side. */
  complete: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Telemetry coverage

export interface SampleWindow {
  startMs: number;
  endMs: number;
}

export interface ServiceLogCoverage {
  service: string;
  lines: number;
  withTraceId: number;
  /** withTraceId / lines; null without lines. */
  share: number | null;
}

export interface LogCoverage {
  /** The stream label that names services ("service_name", "service", ...). */
  serviceLabel: string;
  windows: SampleWindow[];
  /** Windows that held log lines. */
  windowsWithData: number;
  services: ServiceLogCoverage[];
  lines: number;
  withTraceId: number;
  share: number | null;
}

export interface TraceLogCoverage {
  windows: SampleWindow[];
  /** Traces looked up in Loki. */
  sampled: number;
  withLogs: number;
  share: number | null;
  byRootService: { service: string; sampled: number; withLogs: number }[];
  /** Traces whose log lookup failed (not counted either way). */
  failedLookups: number;
}

export interface ProfileCoverage {
  /** Services that send profiles (Pyroscope's service_name values in the month). */
  profiled: string[];
}

export interface ServiceCoverageRow {
  service: string;
  /** Tempo names it; null when Tempo could not be read. */
  sendsTraces: boolean | null;
  logShare: number | null;
  /** Null when profiles could not be read. */
  sendsProfiles: boolean | null;
  hasSlo: boolean;
}

export interface CoverageSection {
  services: ServiceCoverageRow[];
  logs: LogCoverage | null;
  traceLogs: TraceLogCoverage | null;
  profiles: ProfileCoverage | null;
  /** Which sources named the services. */
  serviceSources: BackendName[];
}

// ---------------------------------------------------------------------------------------------------------
// Maturity radar

export const MATURITY_AXES = ['collection-coverage', 'alert-effectiveness', 'slo-completeness', 'follow-up-closure', 'self-service'] as const;
export type MaturityAxis = (typeof MATURITY_AXES)[number];

export interface MaturityScore {
  axis: MaturityAxis;
  label: string;
  /** 0-100; null when neither measured nor entered. */
  value: number | null;
  source: 'measured' | 'entered' | 'missing';
  /** How the value was measured, or why it was not. */
  detail: string;
  entered: { value: number; note: string; updatedBy: string | null; updatedAtMs: number } | null;
}

export interface MaturitySection {
  scores: MaturityScore[];
}

// ---------------------------------------------------------------------------------------------------------
// Action items (live in the database; a snapshot keeps a copy)

export const ACTION_ITEM_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

export interface ActionItemView {
  id: string;
  title: string;
  owner: string;
  /** 'yyyy-mm-dd' or null. */
  dueDate: string | null;
  status: ActionItemStatus;
  ticketUrl: string | null;
  notes: string;
  sloId: string | null;
  incidentRef: string | null;
  /** The month it was raised in. */
  reportMonth: string;
  /** Raised in an earlier month and still open when this one began. */
  carriedOver: boolean;
  createdAtMs: number;
  updatedAtMs: number;
  closedAtMs: number | null;
  version: number;
}

// ---------------------------------------------------------------------------------------------------------
// The whole report (a snapshot, the Markdown export)

export interface SectionDataMap {
  slos: SloSection;
  incidents: IncidentsSection;
  'alert-quality': AlertQualitySection;
  coverage: CoverageSection;
  maturity: MaturitySection;
}

/** A section as computed: its data (maybe with problems), or failed as a whole (nothing to show but why). */
export type SectionState<K extends SectionKey = SectionKey> =
  | { status: 'ok'; section: Section<SectionDataMap[K]> }
  | { status: 'error'; key: K; computedAtMs: number; problems: SourceProblem[] };

export type ReportSections = { [K in SectionKey]: SectionState<K> };

export interface ReportData {
  dataVersion: typeof REPORT_DATA_VERSION;
  month: ReportMonth;
  /** When the numbers were taken. */
  generatedAtMs: number;
  sections: ReportSections;
  actionItems: ActionItemView[];
}

export interface SnapshotInfo {
  frozenAtMs: number;
  frozenBy: string | null;
  dataVersion: number;
}
