// Pyroscope's query API over the simulated fleet's profiles: the Connect JSON RPCs of querier.v1.QuerierService
// (int64 as strings, zero values omitted, like protojson) and the legacy /pyroscope/render flamebearer.
// Wire shapes: fixtures/pyroscope. https://grafana.com/docs/pyroscope/latest/reference-server-api/
import type http from 'node:http';
import type { Fleet, ProfileTypeInfo } from '../contract';
import { QueryError, type LabelMatcher, type Labels } from '../query/types';
import type { Engines } from './engines';
import { buildTree, DEFAULT_MAX_NODES, flameGraphConnectJson, toFlameGraph } from './flamegraph';
import { createDemoServer, goNotFound, HttpError, json, text, type DemoRequest, type DemoResponse, type Route } from './http-util';
import { labelsKey, matchesAll } from './matchers';
import { parseRfc3339Ns } from './wire';

export interface PyroscopeServerOptions {
  fleet: Fleet;
  engines: Engines;
  now: () => number;
}

const BUILD_INFO = { version: '1.0.0', revision: 'weft-demo', branch: 'HEAD', buildUser: '', buildDate: '', goVersion: 'go1.19.8' };
const RECENT_WINDOW_MS = 3_600_000;
/** Labels Pyroscope derives from the profile type and service, present on every series. */
const INTERNAL_LABELS = ['__name__', '__period_type__', '__period_unit__', '__profile_type__', '__service_name__', '__type__', '__unit__'];

type ConnectCode = 'invalid_argument' | 'not_found' | 'unimplemented' | 'internal' | 'deadline_exceeded' | 'unavailable';

const CONNECT_STATUS: Record<ConnectCode, number> = {
  invalid_argument: 400,
  not_found: 404,
  unimplemented: 501,
  internal: 500,
  deadline_exceeded: 504,
  unavailable: 503,
};

/** A Connect error; an HttpError so the server treats it as an answer, not a bug. */
class ConnectError extends HttpError {
  constructor(
    readonly code: ConnectCode,
    message: string,
  ) {
    super(CONNECT_STATUS[code], message, code);
  }
}

/**
 * Connect errors: `{"code","message"}`. Errors from the querier come back with the message itself a JSON-encoded
 * Connect error, as Pyroscope 1.0 does (fixtures/pyroscope/connect_SelectMergeStacktraces_bad_selector.json).
 */
function querierError(code: ConnectCode, message: string): ConnectError {
  return new ConnectError(code, JSON.stringify({ code, message }));
}

export function renderPyroscopeError(error: unknown): DemoResponse {
  if (error instanceof ConnectError) return json(CONNECT_STATUS[error.code], { code: error.code, message: error.message });
  if (error instanceof HttpError) return text(error.status, error.message + '\n');
  if (error instanceof QueryError) return json(400, { code: 'invalid_argument', message: error.message });
  return json(500, { code: 'internal', message: 'internal error in the demo Pyroscope' });
}

function internalLabels(pt: ProfileTypeInfo, service: string | undefined): Labels {
  const labels: Labels = {
    __name__: pt.name,
    __profile_type__: pt.id,
    __type__: pt.sampleType,
    __unit__: pt.sampleUnit,
  };
  if (pt.periodType) labels.__period_type__ = pt.periodType;
  if (pt.periodUnit) labels.__period_unit__ = pt.periodUnit;
  if (service !== undefined) labels.__service_name__ = service;
  return labels;
}

/** Pyroscope's profile type id: name:sample_type:sample_unit:period_type:period_unit. */
function checkProfileTypeId(id: string): void {
  const parts = id.split(':');
  if (parts.length !== 5 && parts.length !== 6) {
    throw querierError(
      'invalid_argument',
      `profile-type selection must be of the form <name>:<sample-type>:<sample-unit>:<period-type>:<period-unit>(:delta), got(${parts.length}): ${JSON.stringify(id)}`,
    );
  }
}

function int64(value: unknown, field: string): number {
  if (value === undefined || value === null) return 0;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || !Number.isInteger(n)) {
    throw new ConnectError('invalid_argument', `invalid value for int64 field ${field}: ${JSON.stringify(value)}`);
  }
  return n;
}

function stringField(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new ConnectError('invalid_argument', `invalid value for string field ${field}: ${JSON.stringify(value)}`);
  return value;
}

function stringList(body: Record<string, unknown>, field: string): string[] {
  const value = body[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new ConnectError('invalid_argument', `invalid value for repeated string field ${field}`);
  }
  return value as string[];
}

/** Pyroscope's attime: "now", "now-1h", unix seconds / milliseconds, or RFC3339. */
export function parseAttime(value: string | undefined, nowMs: number, fallbackMs: number): number {
  if (value === undefined || value === '') return fallbackMs;
  if (value === 'now') return nowMs;
  const rel = /^now([+-])(\d+)(s|m|h|d|w|mon|y)$/.exec(value);
  if (rel) {
    const unitMs: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, mon: 30 * 86_400_000, y: 365 * 86_400_000 };
    const delta = Number(rel[2]) * unitMs[rel[3]];
    return rel[1] === '-' ? nowMs - delta : nowMs + delta;
  }
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    return value.length <= 10 ? n * 1000 : value.length <= 13 ? n : Math.floor(n / 1e6);
  }
  const ns = parseRfc3339Ns(value);
  if (ns !== null) return Number(ns / 1_000_000n);
  throw new HttpError(400, `invalid time ${JSON.stringify(value)}`);
}

const NICE_INTERVALS_S = [10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** Timeline resolution of the render API: ~1500 points at most, never finer than 10 s. */
function timelineIntervalS(fromMs: number, untilMs: number): number {
  const raw = (untilMs - fromMs) / 1000 / 1500;
  return NICE_INTERVALS_S.find((s) => s >= raw) ?? 86400;
}

function renderUnits(pt: ProfileTypeInfo): string {
  if (pt.sampleType === 'cpu') return 'samples';
  if (['inuse_objects', 'alloc_objects', 'goroutine', 'goroutines', 'samples'].includes(pt.sampleType) || pt.sampleUnit === 'count') return 'objects';
  return pt.sampleUnit;
}

export function createPyroscopeRoutes(options: PyroscopeServerOptions): Route[] {
  const { fleet, engines, now } = options;
  const profiles = fleet.profiles;

  const profileTypes = (): ProfileTypeInfo[] => [...profiles.profileTypes()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const parseSelector = (selector: string): LabelMatcher[] => {
    const trimmed = selector.trim();
    if (trimmed === '' || /^\{\s*\}$/.test(trimmed)) return [];
    try {
      return engines.parseSelector(trimmed);
    } catch (error) {
      if (error instanceof QueryError) throw querierError('invalid_argument', error.message);
      throw error;
    }
  };

  /** Matchers on Pyroscope's internal labels select profile types; the rest go to the store. */
  const splitMatchers = (matchers: LabelMatcher[]) => {
    const internal = matchers.filter((m) => INTERNAL_LABELS.includes(m.name) && m.name !== '__service_name__');
    const store = matchers
      .filter((m) => !internal.includes(m))
      .map((m) => (m.name === '__service_name__' ? { ...m, name: 'service_name' } : m));
    const typeMatches = (pt: ProfileTypeInfo) => matchesAll(internalLabels(pt, undefined), internal);
    return { store, typeMatches };
  };

  const readBody = (request: DemoRequest): Record<string, unknown> => {
    const contentType = (request.headers['content-type'] ?? '').toLowerCase();
    if (!contentType.startsWith('application/json') && !contentType.startsWith('application/connect+json')) {
      throw new HttpError(415, `unsupported content type ${JSON.stringify(request.headers['content-type'] ?? '')}; this demo speaks Connect JSON`);
    }
    const raw = request.body.toString('utf8').trim();
    if (raw === '') return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ConnectError('invalid_argument', 'unmarshal message: proto: syntax error: invalid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ConnectError('invalid_argument', 'unmarshal message: proto: syntax error: expected a JSON object');
    }
    return parsed as Record<string, unknown>;
  };

  const timeRange = (body: Record<string, unknown>) => {
    const nowMs = now();
    let endMs = int64(body.end, 'end');
    let startMs = int64(body.start, 'start');
    if (endMs === 0) endMs = nowMs;
    if (startMs === 0) startMs = endMs - RECENT_WINDOW_MS;
    if (endMs < startMs) throw new ConnectError('invalid_argument', 'end must be after start');
    return { startMs, endMs };
  };

  const maxNodesOf = (body: Record<string, unknown>): number => {
    const n = int64(body.maxNodes, 'maxNodes');
    if (n < 0) throw new ConnectError('invalid_argument', 'maxNodes must be positive');
    return n === 0 ? DEFAULT_MAX_NODES : n;
  };

  /** Every label set (store labels + internal labels) of the matching series in the window. */
  const seriesLabelSets = (selectors: string[], startMs: number, endMs: number): Labels[] => {
    const out = new Map<string, Labels>();
    const names = profiles.labelNames().filter((n) => !INTERNAL_LABELS.includes(n));
    for (const selector of selectors.length > 0 ? selectors : ['{}']) {
      const { store, typeMatches } = splitMatchers(parseSelector(selector));
      for (const pt of profileTypes()) {
        if (!typeMatches(pt)) continue;
        for (const s of profiles.series(pt.id, store, startMs, endMs, Math.max(endMs - startMs, 1), names)) {
          if (!s.points.some((p) => p.value !== 0)) continue;
          const labels = { ...s.labels, ...internalLabels(pt, s.labels.service_name) };
          out.set(labelsKey(labels), labels);
        }
      }
    }
    return [...out.values()];
  };

  const asLabelPairs = (labels: Labels) =>
    Object.keys(labels)
      .sort()
      .map((name) => ({ name, value: labels[name] }));

  const connect = (method: string, handler: (body: Record<string, unknown>, request: DemoRequest) => unknown): Route => ({
    methods: ['POST'],
    path: `/querier.v1.QuerierService/${method}`,
    handler: (request) => json(200, handler(readBody(request), request)),
  });

  const mergeStacks = (body: Record<string, unknown>, spanIds?: string[]) => {
    const profileTypeId = stringField(body, 'profileTypeID');
    checkProfileTypeId(profileTypeId);
    const { store, typeMatches } = splitMatchers(parseSelector(stringField(body, 'labelSelector')));
    const { startMs, endMs } = timeRange(body);
    const maxNodes = maxNodesOf(body);
    const pt = profileTypes().find((p) => p.id === profileTypeId);
    const samples = pt && typeMatches(pt) ? profiles.select(profileTypeId, store, startMs, endMs, spanIds) : [];
    return { flamegraph: flameGraphConnectJson(toFlameGraph(buildTree(samples), maxNodes)) };
  };

  return [
    connect('ProfileTypes', () => ({
      profileTypes: profileTypes().map((pt) => ({
        ID: pt.id,
        name: pt.name,
        sampleType: pt.sampleType,
        sampleUnit: pt.sampleUnit,
        ...(pt.periodType ? { periodType: pt.periodType } : {}),
        ...(pt.periodUnit ? { periodUnit: pt.periodUnit } : {}),
      })),
    })),
    connect('LabelNames', (body) => {
      const matchers = stringList(body, 'matchers');
      const { startMs, endMs } = timeRange(body);
      const names = new Set<string>();
      if (matchers.length === 0) {
        for (const n of [...INTERNAL_LABELS, ...profiles.labelNames()]) names.add(n);
      } else {
        for (const labels of seriesLabelSets(matchers, startMs, endMs)) for (const n of Object.keys(labels)) names.add(n);
      }
      return { names: [...names].sort() };
    }),
    connect('LabelValues', (body) => {
      const name = stringField(body, 'name');
      if (name === '') throw new ConnectError('invalid_argument', 'name is required');
      const matchers = stringList(body, 'matchers');
      const { startMs, endMs } = timeRange(body);
      const values = new Set<string>();
      if (matchers.length === 0 && !INTERNAL_LABELS.includes(name)) {
        for (const v of profiles.labelValues(name)) values.add(v);
      } else {
        for (const labels of seriesLabelSets(matchers, startMs, endMs)) if (labels[name] !== undefined) values.add(labels[name]);
      }
      return { names: [...values].sort() };
    }),
    connect('Series', (body) => {
      const matchers = stringList(body, 'matchers');
      const labelNames = stringList(body, 'labelNames');
      const { startMs, endMs } = timeRange(body);
      const sets = new Map<string, Labels>();
      for (const labels of seriesLabelSets(matchers, startMs, endMs)) {
        let projected = labels;
        if (labelNames.length > 0) {
          projected = {};
          for (const n of labelNames) if (labels[n] !== undefined) projected[n] = labels[n];
        }
        sets.set(labelsKey(projected), projected);
      }
      const ordered = [...sets.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, l]) => ({ labels: asLabelPairs(l) }));
      return { labelsSet: ordered };
    }),
    connect('SelectMergeStacktraces', (body) => mergeStacks(body)),
    connect('SelectMergeSpanProfile', (body) => {
      const spanIds = stringList(body, 'spanSelector').map((s) => s.toLowerCase());
      if (spanIds.some((s) => !/^[0-9a-f]{16}$/.test(s))) throw querierError('invalid_argument', 'span selector: span ids must be 16 hex characters');
      return mergeStacks(body, spanIds);
    }),
    connect('SelectSeries', (body) => {
      const profileTypeId = stringField(body, 'profileTypeID');
      checkProfileTypeId(profileTypeId);
      const { store, typeMatches } = splitMatchers(parseSelector(stringField(body, 'labelSelector')));
      const { startMs, endMs } = timeRange(body);
      const stepSeconds = body.step === undefined ? 15 : Number(body.step);
      if (!Number.isFinite(stepSeconds) || stepSeconds <= 0) throw new ConnectError('invalid_argument', 'step must be positive');
      const groupBy = stringList(body, 'groupBy');
      const pt = profileTypes().find((p) => p.id === profileTypeId);
      const series = pt && typeMatches(pt) ? profiles.series(profileTypeId, store, startMs, endMs, stepSeconds * 1000, groupBy) : [];
      return {
        series: series
          .map((s) => ({
            labels: asLabelPairs(s.labels),
            // Pyroscope only has points where profiles exist; a zero bucket is an empty one.
            points: s.points.filter((p) => p.value !== 0).map((p) => ({ value: p.value, timestamp: String(p.timeMs) })),
          }))
          .filter((s) => s.points.length > 0),
      };
    }),
    {
      methods: ['GET'],
      path: '/pyroscope/render',
      handler: (request) => {
        const query = request.params.get('query');
        if (!query) return text(400, "'query' is required\n");
        const brace = query.indexOf('{');
        const profileTypeId = (brace >= 0 ? query.slice(0, brace) : query).trim();
        const selector = brace >= 0 ? query.slice(brace) : '{}';
        const nowMs = now();
        const untilMs = parseAttime(request.params.get('until'), nowMs, nowMs);
        const fromMs = parseAttime(request.params.get('from'), nowMs, untilMs - RECENT_WINDOW_MS);
        if (untilMs < fromMs) throw new HttpError(400, 'from must be before until');
        const maxNodesText = request.params.get('max-nodes') ?? request.params.get('maxNodes');
        const maxNodes = maxNodesText ? Number(maxNodesText) : DEFAULT_MAX_NODES;
        if (!Number.isInteger(maxNodes) || maxNodes < 0) throw new HttpError(400, 'max-nodes must be a positive integer');
        let matchers: LabelMatcher[];
        try {
          checkProfileTypeId(profileTypeId);
          matchers = parseSelector(selector);
        } catch (error) {
          if (error instanceof ConnectError) throw new HttpError(400, JSON.parse(error.message).message as string);
          throw error;
        }
        const pt = profileTypes().find((p) => p.id === profileTypeId);
        const { store, typeMatches } = splitMatchers(matchers);
        const selected = pt && typeMatches(pt);
        const fg = toFlameGraph(buildTree(selected ? profiles.select(profileTypeId, store, fromMs, untilMs) : []), maxNodes || DEFAULT_MAX_NODES);
        const intervalS = timelineIntervalS(fromMs, untilMs);
        const startTime = Math.floor(fromMs / 1000 / intervalS) * intervalS;
        const count = Math.max(0, Math.floor((untilMs / 1000 - startTime) / intervalS));
        const samples = new Array<number>(count).fill(0);
        if (selected) {
          for (const s of profiles.series(profileTypeId, store, startTime * 1000, untilMs, intervalS * 1000, [])) {
            for (const p of s.points) {
              const i = Math.floor((p.timeMs / 1000 - startTime) / intervalS);
              if (i >= 0 && i < count) samples[i] += p.value;
            }
          }
        }
        return json(200, {
          version: 1,
          flamebearer: { names: fg.names, levels: fg.levels, numTicks: fg.total, maxSelf: fg.maxSelf },
          metadata: { format: 'single', spyName: '', sampleRate: 1_000_000_000, units: pt ? renderUnits(pt) : '', name: pt?.sampleType ?? '' },
          timeline: { startTime, samples, durationDelta: intervalS, watermarks: null },
          groups: null,
          heatmap: null,
        });
      },
    },
    {
      methods: ['GET'],
      path: '/pyroscope/label-values',
      handler: (request) => {
        // Pyroscope 1.0 answers only label=__name__ here (profile type ids); other labels give null
        // (fixtures/pyroscope/label_values_legacy.json). Mirrored: use the Connect LabelValues RPC instead.
        if (request.params.get('label') === '__name__') return json(200, profileTypes().map((p) => p.id));
        return json(200, null);
      },
    },
    { methods: ['GET'], path: '/api/v1/status/buildinfo', handler: () => json(200, { status: 'success', data: BUILD_INFO }) },
    { methods: ['GET', 'HEAD'], path: '/ready', handler: () => text(200, 'ready', 'text/plain') },
  ];
}

/** Unknown Connect procedures: connect-go's mux answers 404. Other paths too. */
function notFound(): DemoResponse {
  return goNotFound();
}

export function createPyroscopeServer(options: PyroscopeServerOptions): http.Server {
  return createDemoServer({ name: 'pyroscope', routes: createPyroscopeRoutes(options), renderError: renderPyroscopeError, notFound });
}
