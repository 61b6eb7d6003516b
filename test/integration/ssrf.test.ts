// No SSRF: the server only ever calls the configured backend URLs, and no request parameter names a URL or host.
// 1. An audit of the source: where the server can open a connection at all, and that route handlers build no URL
//    from request input. 2. At run time: every route fuzzed with URL-ish values (metadata addresses, //evil,
//    file://, CRLF header injection) while every TCP connection and DNS lookup of this process is recorded and the
//    backends (recording proxies in another process) log what they received.
import { readFileSync, readdirSync } from 'node:fs';
import dns from 'node:dns';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closeDb } from '@/lib/db';
import { DatasourceError } from '@/lib/datasources/errors';
import { request as backendRequest } from '@/lib/datasources/http';
import { unexpectedCall } from '../faults/backend-paths';
import { STACK_BACKENDS } from '../faults/fault-stack';
import { spawnFaultStack, type FaultStackProcess } from '../faults/spawn-stack';
import { safeForUrl } from '../fuzz/arbitraries';
import { callRoute, loadRoutes, requestArbitrary, type Route } from '../fuzz/routes';
import { mutatedRequest, templates, type KnownIds } from '../fuzz/templates';
import { envOverride } from '../helpers/env-override';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'generated' || entry.name === 'testing') continue;
      out.push(...sourceFiles(rel));
    } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
      out.push(rel);
    }
  }
  return out;
}

/** Code without comments, so a comment mentioning fetch( is not a call. */
function code(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

describe('audit of the source', () => {
  const serverFiles = [...sourceFiles('app'), ...sourceFiles('lib')];

  it('opens outbound connections in three places only: the datasource helper and the OIDC client', () => {
    const OUTBOUND = /\bfetch\s*\(|\bhttps?\.(request|get)\s*\(|\bnet\.connect\s*\(|\btls\.connect\s*\(|\bcreateRemoteJWKSet\s*\(|\bnew WebSocket\s*\(|\bXMLHttpRequest\b|from ['"]undici['"]/;
    const users = serverFiles.filter((file) => OUTBOUND.test(code(file))).sort();
    // Client components run in the browser and call our own API with relative URLs: not server connections.
    const server = users.filter((file) => !/^['"]use client['"]/m.test(code(file)));
    expect(server).toEqual([
      'lib/auth/idp-http.ts', // the configured OIDC issuer's discovery, token and userinfo endpoints
      'lib/auth/oidc.ts', // the issuer's JWKS (jwks_uri from its discovery document)
      'lib/datasources/http.ts', // every backend call: the configured datasource URL
    ]);
  });

  it('route handlers build no URL from request input and fetch nothing themselves', () => {
    const routes = serverFiles.filter((file) => file.startsWith('app/') && /\/route\.ts$/.test(file));
    expect(routes.length).toBeGreaterThan(20);
    for (const file of routes) {
      const text = code(file);
      expect(text, file).not.toMatch(/\bfetch\s*\(/);
      for (const match of text.matchAll(/new URL\(([^)]*)\)/g)) expect(match[1], `${file}: new URL(${match[1]})`).toBe('request.url');
    }
  });

  it('no query parameter or body field names a URL, host or backend', () => {
    const NAME = '(url|uri|host|hostname|target|endpoint|datasource|datasourceUrl|backend|upstream|proxy|webhook|server)';
    const PARAM = new RegExp(`(searchParams|params|query|search)\\.get(All)?\\(\\s*['"]${NAME}['"]\\s*\\)`, 'gi');
    const FIELD = new RegExp(`(body|input|json|value)\\.${NAME}\\b`, 'gi');
    const offenders = serverFiles.flatMap((file) => [...code(file).matchAll(PARAM), ...code(file).matchAll(FIELD)].map((m) => `${file}: ${m[0]}`));
    expect(offenders).toEqual([]);
  });

  it('datasource clients get their connection from the configuration', () => {
    // lib/datasources/registry reads the configuration; lib/auth/tenancy adds the user's tenant and a call gate to
    // a configured connection. A client made from anything else could be pointed somewhere by a request.
    const SOURCES = /\b(requireConnection|connectionForRequest|connectionForTenant|connectionOf|getDatasources|configuredConnections)\s*\(/;
    const makers = serverFiles.filter((file) => /\bcreate(Prometheus|Loki|Tempo|Pyroscope|Alertmanager)Client\s*\(/.test(code(file)) && !/^export function create/m.test(code(file)));
    expect(makers.length).toBeGreaterThan(3);
    for (const file of makers) expect(code(file), `${file} makes a client: where does its connection come from?`).toMatch(SOURCES);
  });
});

describe('the datasource helper', () => {
  let server: http.Server;
  let url: string;
  const received: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      received.push(req.url ?? '');
      // A backend (or something posing as one) redirecting to the cloud metadata address.
      res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses a path that would leave the configured server', async () => {
    for (const bad of ['@evil.example/', 'evil.example/x', '.evil.example/']) {
      const error = await backendRequest({ backend: 'loki', url }, { path: bad }).catch((e: unknown) => e);
      expect(error, bad).toBeInstanceOf(DatasourceError);
      expect((error as DatasourceError).message).toMatch(/outside the configured loki URL/);
    }
    expect(received).toEqual([]);
  });

  it('does not follow a redirect to another host', async () => {
    const error = await backendRequest({ backend: 'prometheus', url }, { path: '/api/v1/labels' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasourceError);
    expect(received).toEqual(['/api/v1/labels']);
  });
});

/** URL-ish values: every way to name another host, a file, or sneak in a header. */
const URLISH = fc.oneof(
  fc.constantFrom(
    'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://[fd00:ec2::254]/latest/',
    '//evil.example/x',
    '///evil.example',
    '\\\\evil.example\\x',
    'http://evil.example@127.0.0.1/',
    'http://127.0.0.1:22/',
    'http://localhost:6379/',
    'https://evil.example:443/',
    'file:///etc/passwd',
    'gopher://evil.example:70/_x',
    'dict://evil.example:11211/',
    'ftp://evil.example/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'evil.example',
    '@evil.example',
    '%2F%2Fevil.example',
    'http:%2F%2Fevil.example',
    '/\\evil.example',
    'x\r\nHost: evil.example',
    'x%0d%0aX-Injected:%201',
    'x\r\nX-Injected: 1\r\n\r\nGET / HTTP/1.1',
    '127.0.0.1',
    '0x7f000001',
    '2130706433',
  ),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.domain(),
).map(safeForUrl);

/** Headers Weft's fetch sends a backend (cache: 'no-store' adds pragma and cache-control). */
const SENT_HEADERS = new Set([
  'host', 'connection', 'user-agent', 'accept', 'accept-encoding', 'accept-language', 'sec-fetch-mode', 'pragma', 'cache-control',
  'content-type', 'content-length', 'authorization', 'x-scope-orgid',
  'x-loki-response-encoding-flags', // Loki 3: ask for structured metadata in its own field
]);

describe('at run time, every route fuzzed with URL-ish values', () => {
  let stack: FaultStackProcess;
  let routes: Route[];
  let ids: KnownIds;
  const connections: string[] = [];
  const lookups: string[] = [];
  const env = envOverride();
  const originalConnect = net.Socket.prototype.connect;
  const originalLookup = dns.lookup;
  const originalPromisesLookup = dns.promises.lookup;

  beforeAll(async () => {
    stack = await spawnFaultStack();
    env.set({ ...stack.consoleEnv({ timeoutMs: 3_000, maxResponseBytes: 8 * 1024 * 1024 }), WEFT_DATA_DIR: 'memory://', WEFT_SEED_DEMO_SLOS: '1', WEFT_REPORT_QUERY_TIMEOUT_MS: '3000' });
    routes = await loadRoutes();
    const month = new Date().toISOString().slice(0, 7);
    ids = { traceId: 'c5527fbb0cac1b9c5b80953ef63cd323', spanId: '00f067aa0ba902b7', sloId: 'missing', slug: 'missing', actionItemId: 'missing', month };
    // Every TCP connection and name lookup this process makes from now on (undici connects through net.Socket).
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      // net.connect hands over its normalised arguments as one array: [options, callback].
      const [first, second] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
      const target = typeof first === 'object' && first !== null ? (first as net.TcpNetConnectOpts & { path?: string }) : { port: first as number, host: second as string };
      connections.push('path' in target && target.path ? `unix:${target.path}` : `${target.host ?? 'localhost'}:${target.port}`);
      return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof net.Socket.prototype.connect;
    (dns as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) => {
      lookups.push(hostname);
      return (originalLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
    };
    (dns.promises as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) => {
      lookups.push(hostname);
      return (originalPromisesLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
    };
  }, 120_000);

  afterAll(async () => {
    net.Socket.prototype.connect = originalConnect;
    (dns as { lookup: unknown }).lookup = originalLookup;
    (dns.promises as { lookup: unknown }).lookup = originalPromisesLookup;
    await closeDb();
    await stack?.close();
    env.restore();
  });

  it('contacts only the configured backends, only on their read endpoints, with no injected header', async () => {
    const allowedTargets = new Set(STACK_BACKENDS.map((b) => new URL(stack.urls[b]).host));
    let calls = 0;
    for (const route of routes) {
      const known = (templates(ids)[route.pattern] ?? []).filter((t) => route.handlers[t.method]);
      const arbitrary = fc.oneof(requestArbitrary(route), ...known.map((t) => mutatedRequest(route, t, URLISH)));
      await fc.assert(
        fc.asyncProperty(arbitrary, URLISH, async (request, header) => {
          // Headers a proxy in front of Weft would pass on: they must not steer where the server connects.
          if (/^[\x20-\x7e]*$/.test(header)) {
            request.headers['x-forwarded-host'] = header;
            request.headers.forwarded = `host=${header}`;
          }
          const answer = await callRoute(route, request);
          calls++;
          expect('thrown' in answer ? answer.thrown : '', `${request.method} ${request.url}`).toBe('');
        }),
        { numRuns: 8 },
      );
    }
    expect(calls).toBeGreaterThan(200);

    // Where this process connected: the proxies of the configured backends, nowhere else.
    expect(connections.length, 'the fuzzed routes did call the backends').toBeGreaterThan(10);
    expect([...new Set(connections)].filter((target) => !allowedTargets.has(target))).toEqual([]);
    expect([...new Set(lookups)].filter((name) => !['127.0.0.1', 'localhost'].includes(name))).toEqual([]);

    // What the backends received: their documented read endpoints, addressed to them, without injected headers.
    const problems: string[] = [];
    for (const backend of STACK_BACKENDS) {
      for (const received of await stack.control.requests(backend)) {
        const unexpected = unexpectedCall(backend, received.method, received.url);
        if (unexpected) problems.push(unexpected);
        if (received.host !== new URL(stack.urls[backend]).host) problems.push(`${backend} received Host: ${received.host}`);
        if (/[\r\n]/.test(received.url)) problems.push(`${backend} received a URL with a line break: ${received.url}`);
        const odd = received.headerNames.filter((name) => !SENT_HEADERS.has(name));
        if (odd.length > 0) problems.push(`${backend} received headers ${odd.join(', ')} on ${received.url}`);
      }
    }
    expect(problems).toEqual([]);
  }, 600_000);
});
