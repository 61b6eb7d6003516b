import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../../test/helpers/datasource-error';
import type { IncomingHttpHeaders } from 'node:http';
import { DatasourceError } from './errors';
import { extractErrorMessage, formatBytes, parseJsonBody, request, type DatasourceConnection } from './http';
import { freePort, startLoopbackServer, type LoopbackHandler, type LoopbackServer } from '../../test/helpers/prometheus';

const servers: LoopbackServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: LoopbackHandler): Promise<LoopbackServer> {
  const server = await startLoopbackServer(handler);
  servers.push(server);
  return server;
}

function conn(url: string, extra: Partial<DatasourceConnection> = {}): DatasourceConnection {
  return { backend: 'prometheus', url, ...extra };
}

describe('request: deadline and cancellation', () => {
  it('maps our deadline to kind timeout when the server never answers', async () => {
    const server = await serve(() => {
      // never respond
    });
    const started = Date.now();
    const error = await failure(request(conn(server.url), { path: '/slow', timeoutMs: 150 }));
    expect(error.kind).toBe('timeout');
    expect(error.backend).toBe('prometheus');
    expect(error.message).toMatch(/did not answer within 0.15 s/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('times out while the body is still streaming', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"status":');
      // the rest never comes
    });
    const error = await failure(request(conn(server.url), { path: '/', timeoutMs: 200 }));
    expect(error.kind).toBe('timeout');
  });

  it('uses the connection timeout when the call gives none', async () => {
    const server = await serve(() => {});
    const error = await failure(request(conn(server.url, { timeoutMs: 120 }), { path: '/' }));
    expect(error.kind).toBe('timeout');
  });

  it('maps the caller aborting to kind aborted, not timeout', async () => {
    const server = await serve(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(request(conn(server.url), { path: '/', signal: controller.signal, timeoutMs: 5000 }));
    expect(error.kind).toBe('aborted');
  });

  it('fails at once with an already aborted signal', async () => {
    let hits = 0;
    const server = await serve((_req, res) => {
      hits++;
      res.end('{}');
    });
    const error = await failure(request(conn(server.url), { path: '/', signal: AbortSignal.abort() }));
    expect(error.kind).toBe('aborted');
    expect(hits).toBe(0);
  });
});

describe('request: network and HTTP errors', () => {
  it('maps connection refused to kind network', async () => {
    const port = await freePort();
    const error = await failure(request(conn(`http://127.0.0.1:${port}`), { path: '/' }));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/connection refused/);
  });

  it('maps 500 to kind http with the status', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('internal explosion');
    });
    const error = await failure(request(conn(server.url), { path: '/' }));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(500);
    expect(error.message).toContain('internal explosion');
  });

  it('maps 404 to kind not-found', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(404);
      res.end('no such trace');
    });
    const error = await failure(request(conn(server.url), { path: '/' }));
    expect(error.kind).toBe('not-found');
    expect(error.status).toBe(404);
  });

  it('maps 400 with a JSON {error} body to bad-request carrying the server message', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error: unclosed left parenthesis' }));
    });
    const error = await failure(request(conn(server.url), { path: '/' }));
    expect(error.kind).toBe('bad-request');
    expect(error.status).toBe(400);
    expect(error.message).toBe('prometheus answered HTTP 400: parse error: unclosed left parenthesis');
  });

  it('extracts a Loki-style plain-text body sent under a JSON content type', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json; charset=UTF-8' });
      res.end('parse error at line 1, col 7: syntax error: unexpected IDENTIFIER\n');
    });
    const error = await failure(request(conn(server.url, { backend: 'loki' }), { path: '/' }));
    expect(error.kind).toBe('bad-request');
    expect(error.backend).toBe('loki');
    expect(error.message).toBe('loki answered HTTP 400: parse error at line 1, col 7: syntax error: unexpected IDENTIFIER');
  });

  it('answers accepted statuses instead of throwing', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"x":1}');
    });
    const raw = await request(conn(server.url), { path: '/', acceptStatuses: [404] });
    expect(raw).toEqual({ status: 404, contentType: 'application/json', text: '{"x":1}' });
  });
});

describe('formatBytes', () => {
  it('names a limit in the unit it was set in, never "0 MiB"', () => {
    expect(formatBytes(64 * 1024 * 1024)).toBe('64 MiB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MiB');
    expect(formatBytes(256 * 1024)).toBe('256 KiB');
    expect(formatBytes(1000)).toBe('1000 bytes');
  });
});

describe('request: size cap', () => {
  const big = 'x'.repeat(4096);

  it('rejects a body over maxResponseBytes announced by Content-Length', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(big.length) });
      res.end(big);
    });
    const error = await failure(request(conn(server.url), { path: '/', maxResponseBytes: 1024 }));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toMatch(/larger than the 1 KiB limit/);
  });

  it('rejects a chunked body (no Content-Length) once it passes maxResponseBytes', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      for (let i = 0; i < 8; i++) res.write(big);
      res.end();
    });
    const error = await failure(request(conn(server.url, { maxResponseBytes: 10_000 }), { path: '/' }));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toMatch(/larger than the 9.8 KiB limit/);
  });

  it('accepts a body exactly at the limit', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write(big.slice(0, 512));
      res.end(big.slice(0, 512));
    });
    const raw = await request(conn(server.url), { path: '/', maxResponseBytes: 1024 });
    expect(raw.text).toHaveLength(1024);
  });
});

describe('parseJsonBody', () => {
  it('turns garbage into a bad-response error naming the backend', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('<html>proxy login</html>');
    });
    const raw = await request(conn(server.url, { backend: 'tempo' }), { path: '/' });
    let caught: unknown;
    try {
      parseJsonBody('tempo', raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DatasourceError);
    expect((caught as DatasourceError).kind).toBe('bad-response');
    expect((caught as DatasourceError).message).toBe('tempo sent a body that is not JSON');
  });

  it('parses valid JSON', () => {
    expect(parseJsonBody('loki', { status: 200, contentType: 'application/json', text: '{"a":[1]}' })).toEqual({ a: [1] });
  });
});

describe('request: retries', () => {
  it('retries a read on 503 and returns the later success', async () => {
    let hits = 0;
    const server = await serve((_req, res) => {
      hits++;
      if (hits < 3) {
        res.writeHead(503);
        res.end('busy');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"ok":true}');
    });
    const raw = await request(conn(server.url), { path: '/', retries: 2 });
    expect(raw.text).toBe('{"ok":true}');
    expect(hits).toBe(3);
  });

  it('gives up after the allowed retries with the last status', async () => {
    let hits = 0;
    const server = await serve((_req, res) => {
      hits++;
      res.writeHead(503);
      res.end('still busy');
    });
    const error = await failure(request(conn(server.url), { path: '/', retries: 1 }));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(503);
    expect(hits).toBe(2);
  });

  it('does not retry a 4xx or 500', async () => {
    let hits = 0;
    const server = await serve((_req, res) => {
      hits++;
      res.writeHead(hits === 1 ? 500 : 200);
      res.end('{}');
    });
    await failure(request(conn(server.url), { path: '/', retries: 3 }));
    expect(hits).toBe(1);
  });

  it('sends a POST once unless retries are asked for', async () => {
    let hits = 0;
    const server = await serve((_req, res) => {
      hits++;
      res.writeHead(503);
      res.end('busy');
    });
    await failure(request(conn(server.url), { method: 'POST', path: '/', json: { a: 1 } }));
    expect(hits).toBe(1);

    hits = 0;
    await failure(request(conn(server.url), { method: 'POST', path: '/', json: { a: 1 }, retries: 1 }));
    expect(hits).toBe(2);
  });

  it('retries a dropped connection', async () => {
    let hits = 0;
    const server = await serve((req, res) => {
      hits++;
      if (hits === 1) {
        req.socket.destroy();
        return;
      }
      res.end('{}');
    });
    const raw = await request(conn(server.url), { path: '/', retries: 1 });
    expect(raw.text).toBe('{}');
    expect(hits).toBe(2);
  });
});

describe('request: what the server receives', () => {
  async function capture(connection: Partial<DatasourceConnection>, options: Parameters<typeof request>[1]) {
    let seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string } = { headers: {}, body: '' };
    const server = await serve((req, res, body) => {
      seen = { method: req.method, url: req.url, headers: req.headers, body };
      res.end('{}');
    });
    await request(conn(server.url + '/', connection), options);
    return seen;
  }

  it('sends basic auth', async () => {
    const seen = await capture({ auth: { type: 'basic', username: 'ops', password: 'p:ss wörd' } }, { path: '/x' });
    expect(seen.headers.authorization).toBe('Basic ' + Buffer.from('ops:p:ss wörd').toString('base64'));
    expect(seen.headers['x-scope-orgid']).toBeUndefined();
  });

  it('sends a bearer token and the tenant header', async () => {
    const seen = await capture({ auth: { type: 'bearer', token: 'tok123' }, tenant: 'team-a' }, { path: '/x' });
    expect(seen.headers.authorization).toBe('Bearer tok123');
    expect(seen.headers['x-scope-orgid']).toBe('team-a');
  });

  it('sends no Authorization header without auth', async () => {
    const seen = await capture({}, { path: '/x' });
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers.accept).toBe('application/json');
  });

  it('encodes query parameters, skipping undefined, below the base URL', async () => {
    const seen = await capture({}, { path: '/api/v1/series', query: { 'match[]': 'up{job="a b"}', start: 1.5, end: undefined } });
    expect(seen.url).toBe('/api/v1/series?match%5B%5D=up%7Bjob%3D%22a+b%22%7D&start=1.5');
  });

  it('sends a form body as application/x-www-form-urlencoded', async () => {
    const seen = await capture({}, { method: 'POST', path: '/api/v1/query', form: new URLSearchParams({ query: 'sum(up) & 1', time: '10' }) });
    expect(seen.method).toBe('POST');
    expect(seen.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(seen.body).get('query')).toBe('sum(up) & 1');
  });

  it('sends a JSON body as application/json', async () => {
    const seen = await capture({}, { method: 'POST', path: '/rpc', json: { name: 'service_name' } });
    expect(seen.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen.body)).toEqual({ name: 'service_name' });
  });
});

describe('extractErrorMessage', () => {
  it('reads Prometheus {error}, Connect {message} and plain text', () => {
    expect(extractErrorMessage('{"status":"error","error":"bad"}')).toBe('bad');
    expect(extractErrorMessage('{"code":"invalid_argument","message":"nope"}')).toBe('nope');
    expect(extractErrorMessage("  'query' is required\n")).toBe("'query' is required");
    expect(extractErrorMessage('{not json')).toBe('{not json');
  });

  it('reads the bare JSON string Alertmanager v2 answers', () => {
    expect(extractErrorMessage('"bad matcher format: alertname=~\\"x"\n')).toBe('bad matcher format: alertname=~"x');
    expect(extractErrorMessage('"unterminated')).toBe('"unterminated');
  });

  it('unwraps the JSON-encoded message Pyroscope 1.0 nests inside its Connect error', () => {
    const body = '{"code":"invalid_argument","message":"{\\"code\\":\\"invalid_argument\\",\\"message\\":\\"1:15: parse error: unexpected end of input inside braces\\"}"}';
    expect(extractErrorMessage(body)).toBe('1:15: parse error: unexpected end of input inside braces');
  });
});
