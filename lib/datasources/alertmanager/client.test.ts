import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../../../test/helpers/prometheus';
import { labelMatcher } from '../../query-lang/promql';
import { DatasourceError } from '../errors';
import { createAlertmanagerClient } from './client';

const testdata = (name: string) => readFileSync(path.join(__dirname, 'testdata', name), 'utf8');

interface Seen {
  path: string;
  params: [string, string][];
  headers: Record<string, string | string[] | undefined>;
}

// A tiny Alertmanager: the v2 routes, the spec's 400 (a JSON string) for a bad matcher, 404 otherwise.
let server: LoopbackServer;
const seen: Seen[] = [];

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://am');
    seen.push({ path: url.pathname, params: [...url.searchParams.entries()], headers: req.headers });
    if (url.pathname === '/am/api/v2/alerts') {
      if (url.searchParams.getAll('filter').some((f) => !/^[a-zA-Z_]\w*(=|!=|=~|!~)".*"$/.test(f))) {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify('bad matcher format: ' + url.searchParams.get('filter')) + '\n');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(testdata('alerts.json'));
      return;
    }
    if (url.pathname === '/am/api/v2/status') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(testdata('status.json'));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('404 page not found');
  });
});

afterAll(() => server.close());

const client = () => createAlertmanagerClient({ backend: 'alertmanager', url: `${server.url}/am/`, auth: { type: 'bearer', token: 't0k' } });

describe('createAlertmanagerClient against a loopback Alertmanager', () => {
  it('reads alerts with the server defaults when no filter is given', async () => {
    const alerts = await client().alerts();
    expect(alerts).toHaveLength(3);
    expect(alerts.every((a) => a.source === 'alertmanager')).toBe(true);
    expect(seen.at(-1)).toMatchObject({ path: '/am/api/v2/alerts', params: [], headers: { authorization: 'Bearer t0k' } });
  });

  it('sends the state flags and every matcher as a repeated filter', async () => {
    const filter = [labelMatcher('service', '=', 'pay"ment'), labelMatcher('severity', '=~', 'page|ticket')];
    await client().alerts({ active: true, silenced: false, inhibited: false, unprocessed: true, filter, receiver: 'oncall-.*' });
    expect(seen.at(-1)?.params).toEqual([
      ['active', 'true'],
      ['silenced', 'false'],
      ['inhibited', 'false'],
      ['unprocessed', 'true'],
      ['filter', 'service="pay\\"ment"'],
      ['filter', 'severity=~"page|ticket"'],
      ['receiver', 'oncall-.*'],
    ]);
  });

  it('maps the 400 JSON-string answer to bad-request with the plain message', async () => {
    let caught: unknown;
    try {
      await client().alerts({ filter: ['not a matcher'] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DatasourceError);
    expect(caught).toMatchObject({ kind: 'bad-request', status: 400, message: 'alertmanager answered HTTP 400: bad matcher format: not a matcher' });
  });

  it('reads status', async () => {
    const status = await client().status();
    expect(status.version).toBe('0.27.0');
    expect(status.cluster.peers).toHaveLength(2);
    expect(seen.at(-1)?.path).toBe('/am/api/v2/status');
  });

  it('reports a wrong base URL as not-found', async () => {
    const wrong = createAlertmanagerClient({ backend: 'alertmanager', url: `${server.url}/elsewhere` });
    await expect(wrong.alerts()).rejects.toMatchObject({ kind: 'not-found', status: 404 });
  });

  it('honours the call timeout', async () => {
    const silent = await startLoopbackServer(() => {});
    try {
      const slow = createAlertmanagerClient({ backend: 'alertmanager', url: silent.url });
      await expect(slow.status({ timeoutMs: 100 })).rejects.toMatchObject({ kind: 'timeout' });
    } finally {
      await silent.close();
    }
  });
});
