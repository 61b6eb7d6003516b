// The fault matrix at the route level: each of the four backends x {down, slow, HTTP 500, malformed body,
// oversized body}, injected by a proxy between the console's route handlers and the demo stack. For every case,
// every view's routes must answer 200 within their deadline, with the other sources' data, the failed source
// named with the right kind and a human message, and no stack trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb } from '@/lib/db';
import { clearReportCache } from '@/lib/report/report-service';
import type { TraceTimelineResponse } from '@/lib/investigation/api-types';
import { decodeTrace } from '@/lib/investigation/trace-transport';
import { FAULTS } from '../faults/fault-proxy';
import { unexpectedCall } from '../faults/backend-paths';
import { MATRIX_BACKENDS, STACK_BACKENDS } from '../faults/fault-stack';
import { spawnFaultStack, type FaultStackProcess } from '../faults/spawn-stack';
import { EXPECTED, STACK_TRACE, sourceParts, type Backend, type Fault } from '../faults/matrix';
import { VIEWS, callView, type RouteAnswer, type SampleTrace, type View, type ViewInputs } from '../faults/views';
import { envOverride } from '../helpers/env-override';

/** Per-source deadline of the console under test (short, so "slow" cases are quick). */
const TIMEOUT_MS = Number(process.env.WEFT_FAULT_TIMEOUT_MS ?? 3000);
/**
 * Response size cap of the console under test; the oversized fault sends a little more. Small, so that the
 * dozens of oversized answers of one case do not saturate a busy machine (the demo's answers here stay below).
 */
const MAX_RESPONSE_BYTES = 1024 * 1024;
/** Scheduling slack on a busy 2-core machine on top of the deadlines a route may spend. */
const MARGIN_MS = 3000;
/**
 * The longest a route may take when a backend does not answer: two deadlines one after the other (the trace
 * view reads the trace's own window after the view's range), then it must answer with what it has.
 */
const ROUTE_BUDGET_MS = 2 * TIMEOUT_MS + MARGIN_MS;
/** How long one cold pass over every view may take while the demo computes its history. */
const WARM_TIMEOUT_MS = 120_000;

const env = envOverride();

function consoleEnv(stack: FaultStackProcess, timeoutMs: number): Record<string, string> {
  return { ...stack.consoleEnv({ timeoutMs, maxResponseBytes: MAX_RESPONSE_BYTES }), WEFT_REPORT_QUERY_TIMEOUT_MS: String(timeoutMs) };
}

let stack: FaultStackProcess;
const traces: SampleTrace[] = [];
let fixed: Omit<ViewInputs, 'trace'>;

function inputs(caseIndex: number): ViewInputs {
  // A trace per case: the console keeps recent traces, and a cached one would hide a Tempo fault.
  return { ...fixed, trace: traces[caseIndex % traces.length]! };
}

async function json(answer: Promise<RouteAnswer[]>): Promise<unknown[]> {
  return (await answer).map((a) => a.body);
}

/** Every string in a JSON value that looks like an alert view address. */
function alertHrefs(value: unknown): string[] {
  if (typeof value === 'string') return value.startsWith('/alerts/') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(alertHrefs);
  if (value && typeof value === 'object') return Object.values(value).flatMap(alertHrefs);
  return [];
}

async function discover(): Promise<void> {
  const toMs = Date.now();
  const fromMs = toMs - 3_600_000;
  const probe: SampleTrace = { traceId: '0'.repeat(32), services: ['payment'], spanId: '0'.repeat(16), fromMs, toMs };
  const [searchBody] = await json(callView(VIEWS.find((v) => v.name === 'home alerts and trace search')!, { trace: probe } as ViewInputs).then((a) => a.slice(1)));
  const rows = (searchBody as { result: { status: string; data?: { traces: { traceId: string }[] } } }).result.data?.traces ?? [];
  const timelineView = VIEWS.find((v) => v.name === 'trace view')!;
  for (const row of rows) {
    if (traces.length >= FAULTS.length * MATRIX_BACKENDS.length + 1) break;
    const [timeline] = await json(callView(timelineView, { trace: { ...probe, traceId: row.traceId } } as ViewInputs).then((a) => a.slice(0, 1)));
    const transport = (timeline as TraceTimelineResponse).trace;
    const spans = transport.status === 'ok' ? decodeTrace(transport.data).spans : [];
    if (spans.length === 0) continue;
    const services = [...new Set(spans.map((s) => s.serviceName))];
    const span = spans.find((s) => s.serviceName === 'payment') ?? spans[0]!;
    traces.push({ traceId: row.traceId, services, spanId: span.spanId, fromMs, toMs });
  }
  const [home] = await json(callView(VIEWS.find((v) => v.name === 'home alerts and trace search')!, { trace: { ...probe, toMs } } as ViewInputs).then((a) => a.slice(0, 1)));
  const [sloListBody] = await json(callView(VIEWS.find((v) => v.name === 'SLO view')!, { trace: probe, sloId: 'x' } as ViewInputs).then((a) => a.slice(0, 1)));
  const slos = (sloListBody as { slos: { id: string }[] }).slos;
  // Last month: its range is over, so the report asks the same questions in every case (a running month's
  // questions end at "now" and the demo would compute each case's last week afresh).
  const now = new Date(toMs);
  now.setUTCDate(1);
  now.setUTCMonth(now.getUTCMonth() - 1);
  fixed = {
    alertHref: alertHrefs(home)[0] ?? '',
    sloId: slos[0]?.id ?? '',
    month: `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`,
    timeZone: 'UTC',
  };
}

beforeAll(async () => {
  // The demo in its own process, behind memo proxies (see FaultProxyOptions.memo): its month-long computations
  // neither stall the route handlers' timers nor make the pass-mode parts of a case race the short deadlines.
  stack = await spawnFaultStack({ memo: true, oversizeBytes: MAX_RESPONSE_BYTES + 256 * 1024 });
  env.set({ ...consoleEnv(stack, WARM_TIMEOUT_MS), WEFT_DATA_DIR: 'memory://', WEFT_DEMO: '1', WEFT_DATASOURCES_FILE: '' });
  await discover();
  // Warm the demo with generous deadlines (its first month-long queries compute the history), then switch the
  // console to the short test deadlines.
  for (const view of VIEWS) await callView(view, inputs(0));
  await stack.control.warm();
  clearReportCache();
  env.set(consoleEnv(stack, TIMEOUT_MS));
}, 10 * 60_000);

afterAll(async () => {
  await closeDb();
  await stack?.close();
  env.restore();
});

interface CaseResult {
  view: View;
  answers: RouteAnswer[];
}

async function runCase(caseIndex: number): Promise<CaseResult[]> {
  clearReportCache();
  const input = inputs(caseIndex);
  return Promise.all(VIEWS.map(async (view) => ({ view, answers: await callView(view, input) })));
}

function describeAnswers(results: CaseResult[]): string {
  return results
    .flatMap(({ view, answers }) =>
      answers.map((a) => {
        const parts = sourceParts(a.body);
        return `${view.name} ${a.path} ${a.status} ${Math.round(a.tookMs)}ms ok=[${[...parts.ok].join(',')}] failed=[${parts.failures.map((f) => `${f.backend}/${f.kind}: ${f.message}`).join(' | ')}]`;
      }),
    )
    .join('\n');
}

describe('the fault matrix, route by route', () => {
  let baseline: CaseResult[];

  it('with every backend up, every view answers with every source ok', async () => {
    baseline = await runCase(0);
    const problems = baseline.flatMap(({ view, answers }) =>
      answers.flatMap((answer) => [
        ...(answer.status === 200 ? [] : [`${view.name} ${answer.path}: HTTP ${answer.status}`]),
        ...sourceParts(answer.body).failures.map((f) => `${view.name} ${answer.path}: ${f.backend} failed (${f.kind}: ${f.message})`),
      ]),
    );
    expect(problems, describeAnswers(baseline)).toEqual([]);
  });

  let caseIndex = 0;
  for (const backend of MATRIX_BACKENDS) {
    for (const fault of FAULTS) {
      const index = ++caseIndex;
      it(`${backend} ${fault}`, async () => {
        await stack.control.setFault(backend, fault);
        let results: CaseResult[];
        try {
          results = await runCase(index);
        } finally {
          await stack.control.reset();
        }
        expect(checkCase(backend as Backend, fault, results, baseline), `${backend} ${fault}:\n${describeAnswers(results)}`).toEqual([]);
      }, 120_000);
    }
  }
});

describe('what the backends received over the whole matrix', () => {
  it('only reads of their documented API (GET, or POST for queries and Connect RPCs): nothing else to retry', async () => {
    const problems: string[] = [];
    let total = 0;
    for (const backend of STACK_BACKENDS) {
      for (const request of await stack.control.requests(backend)) {
        total++;
        const problem = unexpectedCall(backend, request.method, request.url);
        if (problem) problems.push(problem);
      }
    }
    expect(total).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });
});

/** Everything wrong with one case's answers, as readable lines (empty when the case passes). */
function checkCase(backend: Backend, fault: Fault, results: CaseResult[], baseline: CaseResult[]): string[] {
  const problems: string[] = [];
  const expected = EXPECTED[fault];
  for (const { view, answers } of results) {
    const before = baseline.find((b) => b.view === view)?.answers ?? [];
    let named = false;
    answers.forEach((answer, routeIndex) => {
      const where = `${view.name} ${answer.path}`;
      if (answer.status !== 200) problems.push(`${where}: HTTP ${answer.status}`);
      if (answer.tookMs > ROUTE_BUDGET_MS) problems.push(`${where}: answered after ${Math.round(answer.tookMs)} ms (budget ${ROUTE_BUDGET_MS} ms)`);
      if (STACK_TRACE.test(answer.text)) problems.push(`${where}: a stack trace in the answer`);
      const parts = sourceParts(answer.body);
      for (const failure of parts.failures) {
        if (failure.backend !== backend) {
          problems.push(`${where}: ${failure.backend} failed too (${failure.kind}: ${failure.message}) at ${failure.path}`);
          continue;
        }
        named = true;
        if (failure.kind !== expected.kind) problems.push(`${where}: ${backend} failed as ${failure.kind}, expected ${expected.kind} (${failure.message})`);
        if (!expected.message.test(failure.message)) problems.push(`${where}: message "${failure.message}" does not say ${expected.message}`);
        if (expected.status !== undefined && failure.status !== expected.status) problems.push(`${where}: status ${failure.status}, expected ${expected.status}`);
      }
      // The other sources' data is still there.
      const was = sourceParts(before[routeIndex]?.body).ok;
      for (const other of was) {
        if (other !== backend && !parts.ok.has(other)) problems.push(`${where}: ${other}'s data is missing`);
      }
    });
    if (view.backends.includes(backend) && !named) problems.push(`${view.name}: no part names ${backend} as failed`);
  }
  return problems;
}
