// The view state a permalink stores (shape version 1): which page, its query parameters, an absolute time range
// and a summary of what the view shows (for titles, unfurls and the Markdown summary). Generic on purpose:
// every page whose state lives in its URL can be shared without this module knowing its parameters.
// Pure; no React, no I/O.
import { z } from 'zod';
import { MAX_ALERT_NAME_LENGTH, MAX_LABEL_NAME_LENGTH, MAX_LABEL_VALUE_LENGTH, MAX_LABELS, parseLabelsParam } from '../investigation/alerts/alert-ref';
import { serviceOfAlert } from '../investigation/alerts/alert-service';
import { MAX_INSTANT_MS, MIN_INSTANT_MS, type ParseResult } from '../time-range';

export const STATE_VERSION_1 = 1;

/** Limits that keep a stored state small and a stored path harmless. */
export const MAX_PATH_LENGTH = 512;
export const MAX_PARAMS = 64;
export const MAX_PARAM_NAME_LENGTH = 64;
/** The alert view's `labels` JSON may be this long. */
export const MAX_PARAM_VALUE_LENGTH = 16_384;
export const MAX_LOG_LINE_LENGTH = 300;

/** Paths that are not views: API routes, other permalinks, Next's assets. */
const RESERVED_PREFIXES = ['/api', '/s', '/_next'];

/** The query parameters that carry the time range; a permalink stores them as `range`, absolute. */
export const RANGE_PARAMS: readonly string[] = ['from', 'to'];

const TRACE_PATH = /^\/trace\/([0-9a-f]{32})$/;
const ALERT_PATH = /^\/alerts\/([^/]+)$/;
const SLO_PATH = /^\/slo\/([^/]+)$/;
const REPORT_PATH = /^\/reports\/(\d{4}-\d{2})$/;

/** What kind of page a path is; `page` is any other view (shared generically, titled by its path). */
export type ViewKind = 'trace' | 'alert' | 'slo' | 'slo-list' | 'report' | 'report-list' | 'search' | 'home' | 'page';

export type ViewTarget =
  | { kind: 'trace'; traceId: string }
  | { kind: 'alert'; name: string }
  | { kind: 'slo'; id: string }
  | { kind: 'report'; month: string }
  | { kind: 'slo-list' | 'report-list' | 'search' | 'home' | 'page' };

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Classifies a checked path (see checkViewPath). */
export function viewTargetOfPath(path: string): ViewTarget {
  if (path === '/') return { kind: 'home' };
  if (path === '/traces') return { kind: 'search' };
  if (path === '/slo') return { kind: 'slo-list' };
  if (path === '/reports') return { kind: 'report-list' };
  const trace = TRACE_PATH.exec(path);
  if (trace) return { kind: 'trace', traceId: trace[1] };
  const report = REPORT_PATH.exec(path);
  if (report) return { kind: 'report', month: report[1] };
  const alert = ALERT_PATH.exec(path);
  const alertName = alert ? decodeSegment(alert[1]) : null;
  if (alertName) return { kind: 'alert', name: alertName };
  const slo = SLO_PATH.exec(path);
  const sloId = slo ? decodeSegment(slo[1]) : null;
  if (sloId) return { kind: 'slo', id: sloId };
  return { kind: 'page' };
}

/**
 * A path we may store and later redirect to: same-origin, canonical (what the URL parser would make of it,
 * so no dot segments, no odd escapes), and never protocol-relative: `//host` and `/\host` would send the
 * reader to another site.
 */
export function checkViewPath(path: string): ParseResult<string> {
  if (path.length === 0 || path.length > MAX_PATH_LENGTH) return fail(`The path must be 1 to ${MAX_PATH_LENGTH} characters`);
  if (!path.startsWith('/') || path.startsWith('//')) return fail('The path must start with a single "/"');
  // Backslashes, whitespace and control characters: browsers read "/\evil.example" as another host.
  if (/[\\\s\u0000-\u001f\u007f?#]/.test(path)) return fail('The path contains characters a view path cannot have');
  let canonical: URL;
  try {
    canonical = new URL(path, 'http://weft.invalid');
  } catch {
    return fail('The path is not a valid URL path');
  }
  if (canonical.host !== 'weft.invalid' || canonical.pathname !== path) return fail('The path is not in canonical form');
  if (RESERVED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) {
    return fail('This path is not a view that can be shared');
  }
  return { ok: true, value: path };
}

// --- summaries -----------------------------------------------------------------------------------------

const text = (max: number) => z.string().max(max);
const count = z.number().int().min(0).max(1e9);

export const traceSummarySchema = z.object({
  kind: z.literal('trace'),
  traceId: z.string().regex(/^[0-9a-f]{32}$/),
  /** Null when the trace could not be read when the link was made. */
  rootService: text(200).nullable(),
  rootName: text(300).nullable(),
  durationMs: z.number().min(0).max(1e12).nullable(),
  spanCount: count.nullable(),
  errorCount: count.nullable(),
  services: z.array(text(200)).max(50),
  /** The selected span, if the view names one that exists. */
  spanId: z.string().regex(/^[0-9a-f]{16}$/).nullable(),
  spanName: text(300).nullable(),
  /** The most telling log line (first error, else first warning), clipped. */
  keyLogLine: text(MAX_LOG_LINE_LENGTH).nullable(),
});

export const alertSummarySchema = z.object({
  kind: z.literal('alert'),
  name: text(MAX_ALERT_NAME_LENGTH),
  labels: z.record(text(MAX_LABEL_NAME_LENGTH), text(MAX_LABEL_VALUE_LENGTH)).refine((labels) => Object.keys(labels).length <= MAX_LABELS),
  service: text(200).nullable(),
});

export const sloSummarySchema = z.object({
  kind: z.literal('slo'),
  id: text(200),
  name: text(300).nullable(),
  service: text(200).nullable(),
  /** Target ratio, e.g. 0.999. */
  objective: z.number().min(0).max(1).nullable(),
});

export const reportSummarySchema = z.object({ kind: z.literal('report'), month: z.string().regex(/^\d{4}-\d{2}$/) });
export const searchSummarySchema = z.object({ kind: z.literal('search'), query: text(1000).nullable() });
export const plainSummarySchema = z.object({ kind: z.enum(['home', 'slo-list', 'report-list', 'page']) });

export const viewSummarySchema = z.discriminatedUnion('kind', [
  traceSummarySchema,
  alertSummarySchema,
  sloSummarySchema,
  reportSummarySchema,
  searchSummarySchema,
  plainSummarySchema,
]);

export type TraceSummaryV1 = z.infer<typeof traceSummarySchema>;
export type AlertSummaryV1 = z.infer<typeof alertSummarySchema>;
export type SloSummaryV1 = z.infer<typeof sloSummarySchema>;
export type ViewSummary = z.infer<typeof viewSummarySchema>;

// --- the state -----------------------------------------------------------------------------------------

const instantMs = z.number().int().min(MIN_INSTANT_MS).max(MAX_INSTANT_MS);

export const absoluteRangeSchema = z
  .object({ fromMs: instantMs, toMs: instantMs })
  .refine((range) => range.toMs > range.fromMs, { message: 'The range must end after it starts' });

export type AbsoluteRange = z.infer<typeof absoluteRangeSchema>;

/** Query parameters in URL order, repeated names kept; never `from`/`to` (they are `range`). */
export const viewParamsSchema = z
  .array(z.tuple([z.string().min(1).max(MAX_PARAM_NAME_LENGTH), z.string().max(MAX_PARAM_VALUE_LENGTH)]))
  .max(MAX_PARAMS)
  .refine((pairs) => pairs.every(([name]) => !RANGE_PARAMS.includes(name)), { message: '"from" and "to" belong in the range' });

export type ViewParams = [name: string, value: string][];

export const permalinkStateV1Schema = z
  .object({
    v: z.literal(STATE_VERSION_1),
    path: z.string(),
    params: viewParamsSchema,
    range: absoluteRangeSchema,
    summary: viewSummarySchema,
  })
  .superRefine((state, ctx) => {
    const path = checkViewPath(state.path);
    if (!path.ok) ctx.addIssue({ code: 'custom', path: ['path'], message: path.error });
  });

/** Version 1 of the stored view state. */
export type PermalinkStateV1 = z.infer<typeof permalinkStateV1Schema>;

/** The current shape (what new links store and what old ones are upgraded to). */
export type PermalinkState = PermalinkStateV1;

/** The summary a view has before (or without) looking anything up: what its path and parameters say. */
export function summaryFromLocation(path: string, params: ViewParams): ViewSummary {
  const target = viewTargetOfPath(path);
  const param = (name: string) => params.find(([key]) => key === name)?.[1] ?? null;
  switch (target.kind) {
    case 'trace': {
      const span = param('span')?.toLowerCase() ?? null;
      return {
        kind: 'trace',
        traceId: target.traceId,
        rootService: null,
        rootName: null,
        durationMs: null,
        spanCount: null,
        errorCount: null,
        services: [],
        spanId: span !== null && /^[0-9a-f]{16}$/.test(span) ? span : null,
        spanName: null,
        keyLogLine: null,
      };
    }
    case 'alert': {
      // The alert view's own parser: a link whose labels it would refuse is summarised without them.
      const parsed = parseLabelsParam(param('labels'));
      const labels = parsed.ok ? parsed.value : {};
      return { kind: 'alert', name: target.name.slice(0, MAX_ALERT_NAME_LENGTH), labels, service: serviceOfAlert(labels) };
    }
    case 'slo':
      return { kind: 'slo', id: target.id.slice(0, 200), name: null, service: null, objective: null };
    case 'report':
      return { kind: 'report', month: target.month };
    case 'search': {
      const query = param('q') ?? param('query');
      return { kind: 'search', query: query ? query.slice(0, 1000) : null };
    }
    default:
      return { kind: target.kind };
  }
}

function fail<T>(error: string): ParseResult<T> {
  return { ok: false, error };
}
