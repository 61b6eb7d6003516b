// A valid request per route, and mutations of it: most of the request stays good so the hostile part gets past
// the first check and reaches the code behind it (queries, the database, the renderer).
import fc from 'fast-check';
import { hostileString, paramValue, safeForUrl } from './arbitraries';
import { paramArbitrary, type FuzzRequest, type Method, type Route } from './routes';

export interface Template {
  method: Method;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

/** Ids of things that exist in the database under test, so routes that read them get past "not found". */
export interface KnownIds {
  traceId: string;
  spanId: string;
  sloId: string;
  slug: string;
  actionItemId: string;
  month: string;
}

const SLI = {
  type: 'bad',
  badQuery: 'sum(rate(http_server_requests_total{service="payment",http_response_status_code=~"5.."}[{{.window}}]))',
  totalQuery: 'sum(rate(http_server_requests_total{service="payment"}[{{.window}}]))',
};
const DEFINITION = { name: 'fuzz-availability', service: 'payment', objective: 0.99, window: { kind: 'rolling', days: 28 }, sli: SLI };
const SLOTH = `version: "prometheus/v1"
service: "payment"
slos:
  - name: "charge-availability"
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_server_requests_total{service="payment",http_response_status_code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_server_requests_total{service="payment"}[{{.window}}]))
    alerting:
      name: ChargeAvailability
`;

export function templates(ids: KnownIds): Record<string, Template[]> {
  const range = { from: 'now-1h', to: 'now' };
  const month = { month: ids.month };
  return {
    '/api/alerts': [{ method: 'GET', query: range }],
    '/api/alerts/[name]': [{ method: 'GET', params: { name: 'CheckoutAvailabilitySLOBurnTicket' }, query: { labels: JSON.stringify({ service: 'gateway', severity: 'ticket' }), ...range } }],
    '/api/health': [{ method: 'GET' }],
    '/api/permalinks': [{ method: 'POST', body: { href: `/trace/${ids.traceId}?span=${ids.spanId}&from=now-1h&to=now` } }, { method: 'POST', body: { path: '/traces', params: { service: 'payment' }, range } }],
    '/api/permalinks/[slug]': [{ method: 'GET', params: { slug: ids.slug } }],
    '/api/reports': [{ method: 'GET' }],
    '/api/reports/[month]': [{ method: 'GET', params: month, query: { tz: 'Europe/Berlin' } }],
    '/api/reports/[month]/action-items': [{ method: 'GET', params: month }],
    '/api/reports/[month]/freeze': [{ method: 'POST', params: month, body: { frozenBy: 'fuzz' } }, { method: 'DELETE', params: month }],
    '/api/reports/[month]/markdown': [{ method: 'GET', params: month, query: { tz: 'UTC' } }],
    '/api/reports/[month]/maturity': [{ method: 'PUT', params: month, body: { axis: 'self-service', value: 50, note: 'fuzz' } }, { method: 'DELETE', params: month, query: { axis: 'self-service' } }],
    '/api/reports/[month]/sections/[section]': [{ method: 'GET', params: { ...month, section: 'maturity' }, query: { tz: 'UTC' } }],
    '/api/reports/action-items': [{ method: 'POST', body: { title: 'Fuzz item', owner: 'fuzz', dueDate: '2026-12-01', ticketUrl: 'https://tickets.example/F-1', reportMonth: ids.month } }],
    '/api/reports/action-items/[id]': [{ method: 'PATCH', params: { id: ids.actionItemId }, body: { version: 1, status: 'in-progress', notes: 'fuzz' } }, { method: 'DELETE', params: { id: ids.actionItemId }, query: { version: '1' } }],
    '/api/search': [{ method: 'GET', query: { service: 'payment', status: 'error', minDuration: '100ms', maxDuration: '5s', limit: '20', ...range } }],
    '/api/search/services': [{ method: 'GET' }],
    '/api/slo': [{ method: 'GET' }, { method: 'POST', body: { definition: DEFINITION } }],
    '/api/slo/[id]': [{ method: 'GET', params: { id: ids.sloId } }, { method: 'PUT', params: { id: ids.sloId }, body: { definition: DEFINITION, version: 1 } }],
    '/api/slo/[id]/report': [{ method: 'GET', params: { id: ids.sloId }, query: { from: 'now-1d', to: 'now' } }],
    '/api/slo/[id]/summary': [{ method: 'GET', params: { id: ids.sloId }, query: { from: 'now-1d', to: 'now' } }],
    '/api/slo/[id]/rules': [{ method: 'GET', params: { id: ids.sloId } }],
    '/api/slo/check': [{ method: 'POST', body: { sli: SLI } }],
    '/api/slo/import': [{ method: 'POST', body: { yaml: SLOTH, dryRun: true } }],
    '/api/slo/rules': [{ method: 'GET' }],
    '/api/traces/[traceId]/context': [{ method: 'GET', params: { traceId: ids.traceId }, query: { services: 'gateway,payment', at: String(Date.now() - 1_800_000), ...range } }],
    '/api/traces/[traceId]/profile': [{ method: 'GET', params: { traceId: ids.traceId }, query: { span: ids.spanId, baseline: 'hour', profileType: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds', ...range } }],
    '/api/traces/[traceId]/timeline': [{ method: 'GET', params: { traceId: ids.traceId }, query: range }],
    '/auth/callback': [{ method: 'GET', query: { code: 'abc', state: 'xyz' } }],
    '/auth/login': [{ method: 'GET', query: { next: '/traces' } }],
    '/auth/logout': [{ method: 'POST' }],
    '/auth/session': [{ method: 'GET' }],
    '/auth/tenant': [{ method: 'POST', body: { tenant: 'team-a' } }],
    '/s/[slug]': [{ method: 'GET', params: { slug: ids.slug } }],
    '/s/[slug]/preview.png': [{ method: 'GET', params: { slug: ids.slug } }],
  };
}

/** A JSON value to put where a good one was: strings, numbers at the edges, wrong types, deep nesting. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1e308, -1e308, 0.5, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, null, true, false) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

type Path = (string | number)[];

function leafPaths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leafPaths(item, [...prefix, index]));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return [...(prefix.length > 0 ? [prefix] : []), ...entries.flatMap(([key, item]) => leafPaths(item, [...prefix, key]))];
  }
  return [prefix];
}

function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? replaceAt(item, rest, replacement) : item));
  const record = { ...(value as Record<string, unknown>) };
  record[head as string] = replaceAt(record[head as string], rest, replacement);
  return record;
}

type Site = { kind: 'param'; name: string } | { kind: 'query'; name: string } | { kind: 'body'; path: Path };
type Mutation = { site: Site; value: unknown };

function mutationOf(site: Site, only?: fc.Arbitrary<string>): fc.Arbitrary<Mutation> {
  const value: fc.Arbitrary<unknown> =
    only ?? (site.kind === 'param' ? paramArbitrary(site.name) : site.kind === 'query' ? fc.oneof(paramValue(site.name), fc.constant('')) : hostileJsonValue);
  return value.map((v) => ({ site, value: v }));
}

/**
 * The template with none, one or two of its parts (a path parameter, a query parameter, a body field) replaced by a
 * hostile value (from `only` when given), sometimes an extra parameter or a body that is not JSON: the rest
 * stays valid.
 */
export function mutatedRequest(route: Route, template: Template, only?: fc.Arbitrary<string>): fc.Arbitrary<FuzzRequest> {
  const sites: Site[] = [
    ...Object.keys(template.params ?? {}).map((name): Site => ({ kind: 'param', name })),
    ...Object.keys(template.query ?? {}).map((name): Site => ({ kind: 'query', name })),
    ...(template.body === undefined ? [] : leafPaths(template.body).map((path): Site => ({ kind: 'body', path }))),
  ];
  const mutations: fc.Arbitrary<Mutation[]> =
    sites.length === 0 ? fc.constant([]) : fc.subarray(sites, { minLength: 0, maxLength: Math.min(2, sites.length) }).chain((chosen) => fc.tuple(...chosen.map((site) => mutationOf(site, only))));
  return fc
    .record({
      mutations,
      extraQuery: fc.option(fc.tuple(fc.constantFrom(...Object.keys(template.query ?? {}), 'from', 'to', 'url', 'host', 'target', 'x'), only ?? hostileString), { freq: 5 }),
      rawBody: fc.option(only ?? hostileString, { freq: 12 }),
    })
    .map(({ mutations: applied, extraQuery, rawBody }) => {
      const values: Record<string, string> = { ...template.params };
      const search = new URLSearchParams(template.query);
      let body = template.body;
      for (const { site, value } of applied) {
        if (site.kind === 'param') values[site.name] = safeForUrl(String(value));
        else if (site.kind === 'query') search.set(site.name, safeForUrl(String(value)));
        else body = replaceAt(body, site.path, value);
      }
      if (extraQuery) search.append(extraQuery[0], safeForUrl(extraQuery[1]));
      const pathname = route.pattern.replace(/\[([^\]]+)\]/g, (_m, name: string) => encodeURIComponent(values[name] ?? ''));
      const request: FuzzRequest = {
        method: template.method,
        url: `http://weft.test${pathname}${search.size > 0 ? `?${search}` : ''}`,
        params: values,
        headers: { 'content-type': 'application/json' },
      };
      if (body !== undefined) request.body = rawBody ?? JSON.stringify(body);
      return request;
    });
}
