// The trace view's route handlers: bad input is a 400 with a message (never a 500, never a stack), backends
// that are missing or down are per-source errors in a 200, and a configured stack answers the real join.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resetDatasourcesCache } from '@/lib/datasources/registry';
import { startSampleBackends, type SampleBackends } from '@/lib/correlate/testing/sample-backends';
import type { TraceTimelineResponse } from '@/lib/investigation/api-types';
import { GET as timeline } from './timeline/route';
import { GET as context } from './context/route';
import { GET as profile } from './profile/route';

type Handler = (request: Request, ctx: { params: Promise<{ traceId: string }> }) => Promise<Response>;
const TRACE = 'c5527fbb0cac1b9c5b80953ef63cd323';
const BACKEND_ENV = ['PROMETHEUS_URL', 'LOKI_URL', 'TEMPO_URL', 'PYROSCOPE_URL', 'ALERTMANAGER_URL', 'WEFT_DATASOURCES_FILE'];
const saved = Object.fromEntries(BACKEND_ENV.map((name) => [name, process.env[name]]));

function setBackends(urls: Partial<Record<string, string>>) {
  for (const name of BACKEND_ENV) delete process.env[name];
  Object.assign(process.env, urls);
  resetDatasourcesCache();
}

async function call(handler: Handler, traceId: string, query = ''): Promise<{ status: number; body: unknown; text: string }> {
  const request = new Request(`http://weft.test/api/traces/${encodeURIComponent(traceId)}/x${query ? `?${query}` : ''}`);
  const response = await handler(request, { params: Promise.resolve({ traceId }) });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), text };
}

// Never the environment's own backends: each test says which it has.
beforeAll(() => setBackends({}));
afterEach(() => setBackends({}));
afterAll(() => {
  for (const [name, value] of Object.entries(saved)) if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  resetDatasourcesCache();
});

describe('bad input is a 400 with a clear message', () => {
  const cases: [string, Handler, string, string, RegExp][] = [
    ['malformed trace id', timeline, 'not-a-trace-id', '', /Not a trace id/],
    ['base64 trace id', timeline, 'xVJ/uwysG5xbgJU+9jzTIw==', '', /Not a trace id/],
    ['half a range', timeline, TRACE, 'from=now-1h', /both "from" and "to"/],
    ['reversed range', timeline, TRACE, 'from=now&to=now-1h', /after the end/],
    ['NaN range', timeline, TRACE, 'from=NaN&to=now', /not a time/],
    ['context without services', context, TRACE, 'from=now-1h&to=now', /Give the services/],
    ['context over a week', context, TRACE, 'services=a&from=now-7d&to=now', /longest allowed/],
    ['profile without span', profile, TRACE, '', /Give the span/],
    ['profile with a bad baseline', profile, TRACE, 'span=00f067aa0ba902b7&baseline=;drop', /"baseline" is hour/],
  ];
  for (const [name, handler, id, query, message] of cases) {
    it(name, async () => {
      const { status, body, text } = await call(handler, id, query);
      expect(status).toBe(400);
      expect(body).toEqual({ error: expect.stringMatching(message) });
      expect(text).not.toMatch(/\bat .*\.ts:\d+|Error:/);
    });
  }

  it('no input makes a handler answer 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), async (id, from, to) => {
        const query = new URLSearchParams({ from, to, services: from, span: to }).toString();
        for (const handler of [timeline, context, profile]) {
          const { status } = await call(handler, id, query);
          expect([200, 400]).toContain(status);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('backends missing or configured', () => {
  let backends: SampleBackends;
  beforeAll(async () => {
    backends = await startSampleBackends();
  });
  afterAll(() => backends.close());

  it('with nothing configured every source says so, and how to fix it, in a 200', async () => {
    setBackends({});
    const { status, body } = await call(timeline, TRACE);
    expect(status).toBe(200);
    const answer = body as TraceTimelineResponse;
    expect(answer.trace).toMatchObject({ status: 'error', error: { backend: 'tempo', kind: 'not-configured', message: expect.stringMatching(/TEMPO_URL/) } });
    expect(answer.logs).toMatchObject({ status: 'error', error: { backend: 'loki' } });
    const ctx = await call(context, TRACE, 'services=checkout&from=now-1h&to=now');
    expect(ctx.status).toBe(200);
    expect(ctx.body).toMatchObject({ profile: { status: 'error', error: { backend: 'prometheus', kind: 'not-configured' } } });
    const prof = await call(profile, TRACE, 'span=169d2f6ae9970b77');
    expect(prof.status).toBe(200);
    expect(prof.body).toMatchObject({ plan: { status: 'error', error: { backend: 'tempo', kind: 'not-configured' } } });
  });

  it('answers the join from configured Tempo and Loki, with Server-Timing', async () => {
    setBackends({ TEMPO_URL: backends.tempo.url, LOKI_URL: backends.loki.url });
    const request = new Request(`http://weft.test/api/traces/${TRACE.toUpperCase()}/timeline`);
    const response = await timeline(request, { params: Promise.resolve({ traceId: TRACE.toUpperCase() }) });
    expect(response.status).toBe(200);
    expect(response.headers.get('server-timing')).toMatch(/^tempo;dur=[\d.]+, loki;dur=[\d.]+, total;dur=[\d.]+$/);
    const answer = (await response.json()) as TraceTimelineResponse;
    expect(answer.traceId).toBe(TRACE);
    expect(answer.trace.status).toBe('ok');
    if (answer.logs.status !== 'ok') throw new Error(JSON.stringify(answer.logs));
    expect(answer.logs.data.lines.map((l) => l.placement)).toEqual(['span-id', 'span-id', 'span-id']);
  });

  it('a Loki that answers 500 leaves the trace and names Loki', async () => {
    setBackends({ TEMPO_URL: backends.tempo.url, LOKI_URL: backends.loki.url });
    backends.lokiFailure = { status: 500, body: 'internal error' };
    try {
      const { status, body } = await call(timeline, TRACE);
      expect(status).toBe(200);
      expect(body).toMatchObject({ trace: { status: 'ok' }, logs: { status: 'error', error: { backend: 'loki', kind: 'http', status: 500 } } });
    } finally {
      backends.lokiFailure = null;
    }
  });
});
