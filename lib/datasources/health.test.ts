// Health checks against loopback servers answering with the recorded build-info responses of the real
// backends, and against servers that are down, slow, failing or talking nonsense.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readFixture } from '@/test/fixtures';
import { startLoopbackServer, type LoopbackServer } from '@/test/helpers/prometheus';
import type { BackendName } from './errors';
import { checkAllHealth, checkHealth } from './health';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

type Route = { status: number; body: string; contentType?: string; delayMs?: number };

/** A server answering each path from the table and 404 "404 page not found" (Go's default) otherwise. */
async function serve(routes: Record<string, Route>, seen: IncomingMessage[] = []): Promise<string> {
  const server = await startLoopbackServer(async (req: IncomingMessage, res: ServerResponse) => {
    seen.push(req);
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname] ?? { status: 404, body: '404 page not found\n', contentType: 'text/plain' };
    if (route.delayMs) await new Promise((resolve) => setTimeout(resolve, route.delayMs));
    if (res.destroyed) return;
    res.writeHead(route.status, { 'Content-Type': route.contentType ?? 'application/json' });
    res.end(route.body);
  });
  servers.push(server);
  return server.url;
}

const alertmanagerStatus = readFileSync(path.resolve(__dirname, 'alertmanager/testdata/status.json'), 'utf8');

describe('checkHealth on recorded answers of the real backends', () => {
  it.each<[BackendName, string, Route, string]>([
    ['prometheus', '/api/v1/status/buildinfo', { status: 200, body: readFixture('prometheus', 'status_buildinfo.json') }, '2.42.0+ds'],
    ['loki', '/loki/api/v1/status/buildinfo', { status: 200, body: readFixture('loki', 'status_buildinfo.json') }, '2.8.0'],
    ['pyroscope', '/api/v1/status/buildinfo', { status: 200, body: readFixture('pyroscope', 'status_buildinfo.json') }, '1.0.0'],
    ['alertmanager', '/api/v2/status', { status: 200, body: alertmanagerStatus }, '0.27.0'],
    ['tempo', '/api/status/buildinfo', { status: 200, body: '{"version":"2.6.1","revision":"abc","branch":"HEAD","buildUser":"","buildDate":"","goVersion":"go1.22"}' }, '2.6.1'],
  ])('%s: reads the version from %s', async (backend, route, answer, version) => {
    const url = await serve({ [route]: answer });
    const result = await checkHealth({ backend, url, name: `My ${backend}` });
    expect(result).toMatchObject({ backend, name: `My ${backend}`, url, ok: true, version });
    expect(result.error).toBeUndefined();
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('tempo 2.0: falls back to the /status/version text page when buildinfo is 404', async () => {
    const seen: IncomingMessage[] = [];
    const url = await serve(
      {
        '/api/status/buildinfo': { status: 404, body: readFixture('tempo', 'status_buildinfo_not_in_2_0.txt'), contentType: 'text/plain; charset=utf-8' },
        '/status/version': { status: 200, body: readFixture('tempo', 'status_version.txt'), contentType: 'text/plain; charset=utf-8' },
      },
      seen,
    );
    const result = await checkHealth({ backend: 'tempo', url });
    expect(result).toMatchObject({ ok: true, version: '2.0.1' });
    expect(seen.map((req) => req.url)).toEqual(['/api/status/buildinfo', '/status/version']);
  });

  it('sends the configured auth and tenant, and never shows credentials', async () => {
    const seen: IncomingMessage[] = [];
    const url = await serve({ '/loki/api/v1/status/buildinfo': { status: 200, body: readFixture('loki', 'status_buildinfo.json') } }, seen);
    const result = await checkHealth({ backend: 'loki', url, tenant: 'team-a', auth: { type: 'basic', username: 'u', password: 'p' } });
    expect(result).toMatchObject({ ok: true, tenant: 'team-a' });
    expect(seen[0]!.headers['x-scope-orgid']).toBe('team-a');
    expect(seen[0]!.headers.authorization).toBe('Basic ' + Buffer.from('u:p').toString('base64'));
    expect(JSON.stringify(result)).not.toContain('Basic');
  });
});

describe('checkHealth on failing backends', () => {
  it('down: connection refused', async () => {
    const server = await startLoopbackServer(() => undefined);
    await server.close(); // the port is now closed
    const result = await checkHealth({ backend: 'prometheus', url: server.url });
    expect(result).toMatchObject({ ok: false, error: { backend: 'prometheus', kind: 'network', message: 'prometheus is unreachable (connection refused)' } });
    expect(result.version).toBeUndefined();
  });

  it('slow: past the deadline it is a timeout, and the check does not wait for the answer', async () => {
    const url = await serve({ '/api/v1/status/buildinfo': { status: 200, body: readFixture('prometheus', 'status_buildinfo.json'), delayMs: 3_000 } });
    const result = await checkHealth({ backend: 'prometheus', url }, undefined, { timeoutMs: 200 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout', message: 'prometheus did not answer within 0.2 s' } });
    expect(result.latencyMs).toBeGreaterThanOrEqual(190);
    expect(result.latencyMs).toBeLessThan(2_000);
  });

  it("slow: the connection's own shorter timeout wins", async () => {
    const url = await serve({ '/loki/api/v1/status/buildinfo': { status: 200, body: '{}', delayMs: 3_000 } });
    const result = await checkHealth({ backend: 'loki', url, timeoutMs: 100 });
    expect(result.error).toMatchObject({ kind: 'timeout', message: 'loki did not answer within 0.1 s' });
  });

  it('HTTP 500 with the reason from the body', async () => {
    const url = await serve({ '/api/v2/status': { status: 500, body: 'cluster not ready', contentType: 'text/plain' } });
    const result = await checkHealth({ backend: 'alertmanager', url });
    expect(result).toMatchObject({ ok: false, error: { kind: 'http', status: 500, message: 'alertmanager answered HTTP 500: cluster not ready' } });
  });

  it('garbage: an HTML page where JSON was expected (e.g. a login proxy)', async () => {
    const url = await serve({ '/api/v1/status/buildinfo': { status: 200, body: '<html><body>Sign in</body></html>', contentType: 'text/html' } });
    const result = await checkHealth({ backend: 'pyroscope', url });
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad-response', message: 'pyroscope sent a body that is not JSON' } });
  });

  it('garbage: JSON of the wrong shape (e.g. Loki answering on the Prometheus URL)', async () => {
    const url = await serve({ '/api/v1/status/buildinfo': { status: 200, body: readFixture('loki', 'status_buildinfo.json') } });
    const result = await checkHealth({ backend: 'prometheus', url });
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad-response' } });
    expect(result.error?.message).toMatch(/^prometheus sent an unexpected build info response/);
  });

  it('tempo: a version page without a version is a bad response', async () => {
    const url = await serve({ '/status/version': { status: 200, body: 'GET /status/version\nnothing here\n', contentType: 'text/plain' } });
    const result = await checkHealth({ backend: 'tempo', url });
    expect(result.error).toMatchObject({ kind: 'bad-response', message: 'tempo sent a version page without a version' });
  });

  it('not found: a URL pointing at something that is not Loki', async () => {
    const url = await serve({});
    const result = await checkHealth({ backend: 'loki', url });
    expect(result.error).toMatchObject({ kind: 'not-found', status: 404 });
  });

  it("stops when the caller's signal aborts", async () => {
    const url = await serve({ '/api/v1/status/buildinfo': { status: 200, body: '{}', delayMs: 3_000 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await checkHealth({ backend: 'prometheus', url }, controller.signal);
    expect(result.error).toMatchObject({ kind: 'aborted' });
  });
});

describe('checkAllHealth', () => {
  it('checks in parallel and keeps the order', async () => {
    const slow = await serve({ '/api/v1/status/buildinfo': { status: 200, body: readFixture('prometheus', 'status_buildinfo.json'), delayMs: 300 } });
    const fast = await serve({ '/loki/api/v1/status/buildinfo': { status: 200, body: readFixture('loki', 'status_buildinfo.json'), delayMs: 300 } });
    const startedMs = Date.now();
    const results = await checkAllHealth([
      { backend: 'prometheus', url: slow },
      { backend: 'loki', url: fast },
    ]);
    expect(Date.now() - startedMs).toBeLessThan(550);
    expect(results.map((result) => [result.backend, result.version])).toEqual([
      ['prometheus', '2.42.0+ds'],
      ['loki', '2.8.0'],
    ]);
  });
});
