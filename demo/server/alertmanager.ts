// Alertmanager API v2 over the demo's alert rules: the alerts a Prometheus would have sent (firing ones, with
// startsAt = when they fired and endsAt = last evaluation + 4 intervals), one inhibition rule (a paging alert
// mutes the non-paging ones of the same service) and a two-receiver route. Shapes follow api/v2/openapi.yaml of
// prometheus/alertmanager. https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml
import type http from 'node:http';
import type { Labels, LabelMatcher } from '../query/types';
import type { ActiveAlert, AlertEvaluator } from './alerts';
import { createDemoServer, HttpError, json, text, type DemoResponse, type Route } from './http-util';
import { anchoredRegex, matchesAll } from './matchers';

export interface AlertmanagerServerOptions {
  alerts: AlertEvaluator;
  now: () => number;
  /** Base URL of the demo Prometheus, for generatorURL (known only once it listens). */
  prometheusUrl: () => string;
  startedAtMs?: number;
}

const VERSION_INFO = { version: '0.25.0', revision: 'weft-demo', branch: 'HEAD', buildUser: 'weft', buildDate: '20260101-00:00:00', goVersion: 'go1.19.8' };

const CONFIG_YAML = `global:
  resolve_timeout: 5m
route:
  receiver: team-chat
  group_by: [alertname, service]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
  routes:
  - receiver: oncall-pager
    matchers: [severity=~"page|critical"]
inhibit_rules:
- source_matchers: [severity=~"page|critical"]
  target_matchers: [severity=~"ticket|warning"]
  equal: [service]
receivers:
- name: team-chat
- name: oncall-pager
templates: []
`;

const RECEIVERS = ['oncall-pager', 'team-chat'];
const GROUP_BY = ['alertname', 'service'];

const PAGING = new Set(['page', 'critical']);
const NON_PAGING = new Set(['ticket', 'warning']);

function receiverFor(labels: Labels): string {
  return PAGING.has(labels.severity ?? '') ? 'oncall-pager' : 'team-chat';
}

/** The inhibit rule of CONFIG_YAML: a paging alert mutes the ticket/warning alerts of the same service. */
function inhibits(source: Labels, target: Labels): boolean {
  return PAGING.has(source.severity ?? '') && NON_PAGING.has(target.severity ?? '') && (source.service ?? '') === (target.service ?? '');
}

/** Prometheus model.LabelSet.Fingerprint(): FNV-1a 64 over sorted name, 0xff, value, 0xff; as 16 hex digits. */
export function labelSetFingerprint(labels: Labels): string {
  const PRIME = 1099511628211n;
  const MASK = (1n << 64n) - 1n;
  let hash = 14695981039346656037n;
  const addBytes = (bytes: Uint8Array) => {
    for (const b of bytes) hash = ((hash ^ BigInt(b)) * PRIME) & MASK;
  };
  const encoder = new TextEncoder();
  const separator = new Uint8Array([0xff]);
  for (const name of Object.keys(labels).sort()) {
    addBytes(encoder.encode(name));
    addBytes(separator);
    addBytes(encoder.encode(labels[name]));
    addBytes(separator);
  }
  return hash.toString(16).padStart(16, '0');
}

/** Alertmanager's date-time: RFC3339 with exactly three fraction digits (go-openapi strfmt.DateTime). */
export function rfc3339Millis(ms: number): string {
  return new Date(Math.floor(ms)).toISOString();
}

/** Alertmanager's matcher syntax: `name="value"`, `name=~"re"`, `name!=value`, optionally a `{...}` list. */
export function parseAmMatchers(input: string): LabelMatcher[] {
  let body = input.trim();
  if (body.startsWith('{')) {
    if (!body.endsWith('}')) throw new Error(`bad matcher format: ${input}`);
    body = body.slice(1, -1);
  }
  const out: LabelMatcher[] = [];
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^,"]*?))\s*(?:,|$)/y;
  let at = 0;
  while (at < body.length) {
    if (/^\s*$/.test(body.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(body);
    if (!m || re.lastIndex === at) throw new Error(`bad matcher format: ${input}`);
    const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : (m[4] ?? '').trim();
    const type = m[2] as LabelMatcher['type'];
    if (type === '=~' || type === '!~') anchoredRegex(value);
    out.push({ name: m[1], type, value });
    at = re.lastIndex;
  }
  if (out.length === 0) throw new Error(`bad matcher format: ${input}`);
  return out;
}

function boolParam(value: string | undefined, name: string): boolean {
  if (value === undefined || value === '') return true;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new HttpError(400, `${name} in query should be of type boolean`);
}

interface GettableAlert {
  labels: Labels;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  fingerprint: string;
  receivers: { name: string }[];
  status: { state: 'active' | 'suppressed' | 'unprocessed'; silencedBy: string[]; inhibitedBy: string[] };
  generatorURL: string;
}

export function renderAlertmanagerError(error: unknown): DemoResponse {
  // go-swagger BadRequest payloads are JSON strings.
  if (error instanceof HttpError) return json(error.status, error.message);
  return json(500, 'internal error in the demo Alertmanager');
}

export function createAlertmanagerRoutes(options: AlertmanagerServerOptions): Route[] {
  const { alerts, now } = options;
  const startedAtMs = options.startedAtMs ?? now();

  const gettableAlerts = (): GettableAlert[] => {
    const firing: ActiveAlert[] = alerts.current().flatMap((status) => status.alerts.filter((a) => a.state === 'firing'));
    const tickMs = alerts.nowTickMs();
    const endsAtMs = tickMs + 4 * Math.max(alerts.intervalMs, 60_000);
    const fingerprints = new Map(firing.map((a) => [a, labelSetFingerprint(a.labels)]));
    return firing
      .map((alert) => {
        const inhibitedBy = firing
          .filter((source) => inhibits(source.labels, alert.labels))
          .map((source) => fingerprints.get(source) as string);
        const generatorURL = `${options.prometheusUrl()}/graph?g0.expr=${encodeURIComponent(alert.rule.expr)}&g0.tab=1`;
        return {
          annotations: alert.annotations,
          endsAt: rfc3339Millis(endsAtMs),
          fingerprint: fingerprints.get(alert) as string,
          receivers: [{ name: receiverFor(alert.labels) }],
          startsAt: rfc3339Millis(alert.firedAtMs ?? alert.activeAtMs),
          status: { inhibitedBy, silencedBy: [], state: inhibitedBy.length > 0 ? ('suppressed' as const) : ('active' as const) },
          updatedAt: rfc3339Millis(tickMs),
          generatorURL,
          labels: alert.labels,
        };
      })
      .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  };

  const filtered = (params: { get(name: string): string | undefined; getAll(name: string): string[] }): GettableAlert[] => {
    const active = boolParam(params.get('active'), 'active');
    const silenced = boolParam(params.get('silenced'), 'silenced');
    const inhibited = boolParam(params.get('inhibited'), 'inhibited');
    const unprocessed = boolParam(params.get('unprocessed'), 'unprocessed');
    let matchers: LabelMatcher[] = [];
    try {
      matchers = params.getAll('filter').flatMap(parseAmMatchers);
    } catch (error) {
      throw new HttpError(400, error instanceof Error ? error.message : 'bad matcher format');
    }
    const receiverText = params.get('receiver');
    let receiver: RegExp | null = null;
    if (receiverText) {
      try {
        receiver = anchoredRegex(receiverText);
      } catch (error) {
        throw new HttpError(400, `failed to parse receiver param: ${error instanceof Error ? error.message : 'invalid regexp'}`);
      }
    }
    return gettableAlerts().filter((a) => {
      if (!active && a.status.state === 'active') return false;
      if (!unprocessed && a.status.state === 'unprocessed') return false;
      if (!silenced && a.status.silencedBy.length > 0) return false;
      if (!inhibited && a.status.inhibitedBy.length > 0) return false;
      if (receiver && !a.receivers.some((r) => (receiver as RegExp).test(r.name))) return false;
      return matchesAll(a.labels, matchers);
    });
  };

  return [
    { methods: ['GET'], path: '/api/v2/alerts', handler: (request) => json(200, filtered(request.params)) },
    {
      methods: ['GET'],
      path: '/api/v2/alerts/groups',
      handler: (request) => {
        const groups = new Map<string, { labels: Labels; receiver: { name: string }; alerts: GettableAlert[] }>();
        for (const alert of filtered(request.params)) {
          const groupLabels: Labels = {};
          for (const name of GROUP_BY) if (alert.labels[name] !== undefined) groupLabels[name] = alert.labels[name];
          const receiver = alert.receivers[0].name;
          const key = `${receiver}\u0000${labelSetFingerprint(groupLabels)}`;
          let group = groups.get(key);
          if (!group) {
            group = { labels: groupLabels, receiver: { name: receiver }, alerts: [] };
            groups.set(key, group);
          }
          group.alerts.push(alert);
        }
        return json(200, [...groups.values()]);
      },
    },
    { methods: ['GET'], path: '/api/v2/silences', handler: () => json(200, []) },
    { methods: ['GET'], path: '/api/v2/receivers', handler: () => json(200, RECEIVERS.map((name) => ({ name }))) },
    {
      methods: ['GET'],
      path: '/api/v2/status',
      handler: () =>
        json(200, {
          cluster: { peers: [], status: 'disabled' },
          config: { original: CONFIG_YAML },
          uptime: rfc3339Millis(startedAtMs),
          versionInfo: VERSION_INFO,
        }),
    },
    { methods: ['GET', 'HEAD'], path: '/-/ready', handler: () => text(200, 'OK') },
    { methods: ['GET', 'HEAD'], path: '/-/healthy', handler: () => text(200, 'OK') },
  ];
}

export function createAlertmanagerServer(options: AlertmanagerServerOptions): http.Server {
  return createDemoServer({ name: 'alertmanager', routes: createAlertmanagerRoutes(options), renderError: renderAlertmanagerError });
}
