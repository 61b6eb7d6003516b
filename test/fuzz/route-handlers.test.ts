// Every route handler, fed hostile input (fast-check): ids, span ids, label names and values, time ranges
// (reversed, huge, NaN, negative, not a time), query strings, slugs, months, JSON bodies and headers.
// No handler may throw, hang or answer 5xx for bad input; a 4xx says what is wrong in {"error": "..."};
// no answer carries a stack trace. Run twice: with no backend configured, and with the demo stack behind
// proxies (so input that passes the checks reaches real query engines).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closeDb } from '@/lib/db';
import { STACK_TRACE } from '../faults/matrix';
import { spawnFaultStack, type FaultStackProcess } from '../faults/spawn-stack';
import { callRoute, loadRoutes, requestArbitrary, routeFiles, patternOf, type Answer, type FuzzRequest, type Route } from './routes';
import { mutatedRequest, templates, type KnownIds } from './templates';
import { envOverride } from '../helpers/env-override';

const BACKEND_ENV = ['PROMETHEUS', 'LOKI', 'TEMPO', 'PYROSCOPE', 'ALERTMANAGER'];
const env = envOverride();

function noBackends(): Record<string, undefined> {
  return Object.fromEntries(BACKEND_ENV.flatMap((name) => [`${name}_URL`, `${name}_TIMEOUT_MS`, `${name}_MAX_RESPONSE_BYTES`].map((n) => [n, undefined])));
}

/** What is wrong with one answer to one (bad or good) request; empty when it is fine. */
export function answerProblems(request: FuzzRequest, answer: Answer | { thrown: string }): string[] {
  const where = `${request.method} ${request.url.slice(0, 300)}`;
  if ('thrown' in answer) return [`${where}: the handler threw or hung: ${answer.thrown.slice(0, 600)}`];
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`${where}: HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
  if (STACK_TRACE.test(answer.text)) problems.push(`${where}: a stack trace in the answer: ${answer.text.slice(0, 300)}`);
  if (answer.status >= 400 && answer.contentType.includes('json')) {
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      problems.push(`${where}: HTTP ${answer.status} with a body that is not JSON`);
    }
    const message = (body as { error?: unknown } | undefined)?.error;
    if (typeof message !== 'string' || message.trim().length < 5) problems.push(`${where}: HTTP ${answer.status} without a message: ${answer.text.slice(0, 200)}`);
  }
  return problems;
}

let routes: Route[] = [];


beforeAll(async () => {
  env.set({ ...noBackends(), WEFT_DATA_DIR: 'memory://', WEFT_DATASOURCES_FILE: undefined, WEFT_DEMO: undefined, WEFT_SEED_DEMO_SLOS: '1' });
  routes = await loadRoutes();
  ids = await knownIds('c5527fbb0cac1b9c5b80953ef63cd323', '00f067aa0ba902b7');
}, 120_000);

afterAll(async () => {
  await closeDb();
  env.restore();
});

async function call(pattern: string, method: 'GET' | 'POST', url: string, body?: unknown, params: Record<string, string> = {}): Promise<unknown> {
  const route = routes.find((r) => r.pattern === pattern)!;
  const answer = await callRoute(route, { method, url: `http://weft.test${url}`, params, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if ('thrown' in answer || answer.status >= 300) throw new Error(`${method} ${url}: ${JSON.stringify(answer).slice(0, 500)}`);
  return JSON.parse(answer.text) as unknown;
}

/** Creates an SLO, a link and an action item through the routes themselves, for the templates to point at. */
async function knownIds(traceId: string, spanId: string): Promise<KnownIds> {
  const now = new Date();
  const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const slos = (await call('/api/slo', 'GET', '/api/slo')) as { slos: { id: string }[] };
  const link = (await call('/api/permalinks', 'POST', '/api/permalinks', { href: `/trace/${traceId}?from=now-1h&to=now` })) as { slug: string };
  const item = (await call('/api/reports/action-items', 'POST', '/api/reports/action-items', { title: 'Known item', owner: 'fuzz', reportMonth: month })) as { item: { id: string } };
  return { traceId, spanId, sloId: slos.slos[0]!.id, slug: link.slug, actionItemId: item.item.id, month };
}

let ids: KnownIds;

function fuzzRoute(pattern: string, numRuns: number) {
  return async () => {
    const route = routes.find((r) => r.pattern === pattern)!;
    expect(Object.keys(route.handlers).length, `${route.file} exports a handler`).toBeGreaterThan(0);
    const known = templates(ids)[pattern] ?? [];
    const arbitrary = fc.oneof(requestArbitrary(route), ...known.filter((t) => route.handlers[t.method]).map((t) => mutatedRequest(route, t)));
    await fc.assert(
      fc.asyncProperty(arbitrary, async (request) => {
        const answer = await callRoute(route, request);
        expect(answerProblems(request, answer)).toEqual([]);
      }),
      { numRuns, interruptAfterTimeLimit: 60_000 },
    );
  };
}

// The list is read from disk when the file is collected, so every route gets its own test.
const PATTERNS = routeFiles().map(patternOf);

describe('route handlers with no backend configured', () => {
  it('finds the routes, and has a valid request for each', () => {
    expect(PATTERNS.length).toBeGreaterThan(20);
    expect(PATTERNS).toContain('/api/traces/[traceId]/timeline');
    expect(PATTERNS.filter((pattern) => !templates(ids)[pattern]), 'routes without a template').toEqual([]);
  });
  for (const pattern of PATTERNS) it(`${pattern}`, fuzzRoute(pattern, 40), 120_000);
});

describe('route handlers with the demo stack behind the proxies', () => {
  let stack: FaultStackProcess;
  beforeAll(async () => {
    stack = await spawnFaultStack();
    env.set({ ...stack.consoleEnv({ timeoutMs: 2_000, maxResponseBytes: 8 * 1024 * 1024 }), WEFT_REPORT_QUERY_TIMEOUT_MS: '2000' });
    // A real trace of the demo, so the templates' trace routes read one.
    const found = (await call('/api/search', 'GET', '/api/search?service=payment&from=now-30m&to=now')) as { result: { data?: { traces: { traceId: string }[] } } };
    const traceId = found.result.data?.traces[0]?.traceId;
    if (traceId) ids = { ...ids, traceId };
  }, 120_000);
  afterAll(async () => {
    env.set(noBackends());
    await stack?.close();
  });
  for (const pattern of PATTERNS) it(`${pattern}`, fuzzRoute(pattern, 12), 120_000);
});
