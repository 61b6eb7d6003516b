// Hostile values cannot change what a generated query means. Each value carries a marker; the routes are called
// with the demo stack behind recording proxies; every PromQL, LogQL and TraceQL query the backends received is
// parsed with the language's grammar: it must parse, the marker must sit inside one string literal that holds
// the whole value, never loose in the query. The SLO rules export is read the same way.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { closeDb } from '@/lib/db';
import { escapeRegex } from '@/lib/query-lang/promql';
import { GET as search } from '@/app/api/search/route';
import { GET as context } from '@/app/api/traces/[traceId]/context/route';
import { GET as alertDetail } from '@/app/api/alerts/[name]/route';
import { POST as createSlo } from '@/app/api/slo/route';
import { GET as sloRules } from '@/app/api/slo/[id]/rules/route';
import { STACK_BACKENDS, startFaultStack, type FaultStack } from '../faults/fault-stack';
import { hostileString, safeForUrl } from './arbitraries';
import { escapingProblems, queriesOf, readQuery, type Planted } from './query-literals';
import { envOverride } from '../helpers/env-override';

const TRACE = 'c5527fbb0cac1b9c5b80953ef63cd323';
const env = envOverride();
let stack: FaultStack;
let counter = 0;

beforeAll(async () => {
  stack = await startFaultStack();
  env.set({ ...stack.consoleEnv(5_000), WEFT_DATA_DIR: 'memory://', WEFT_SEED_DEMO_SLOS: '0' });
}, 60_000);

afterAll(async () => {
  await closeDb();
  await stack?.close();
  env.restore();
});

beforeEach(() => stack.clearRequests());

/** A hostile value around a fresh marker: hostile text before and after, so it can try to close the literal. */
const planted = (noComma = false) =>
  fc.tuple(hostileString, hostileString).map(([before, after]): { value: string; marker: string } => {
    const marker = `QZX${++counter}QZX`;
    const clean = (text: string) => safeForUrl(noComma ? text.replaceAll(',', '') : text).slice(0, 60);
    return { value: `${clean(before)}${marker}${clean(after)}`, marker };
  });

function forms(value: string): string[] {
  return [value, value.trim(), escapeRegex(value), escapeRegex(value.trim())];
}

/** Every query the backends received, checked against the planted values. Returns the problems and how many carried a marker. */
function checkReceived(plants: Planted[]): { problems: string[]; carrying: number } {
  const problems: string[] = [];
  let carrying = 0;
  for (const backend of STACK_BACKENDS) {
    for (const request of stack.requests(backend)) {
      for (const { language, query } of queriesOf(backend, request.method, request.url, request.body)) {
        const mine = plants.filter((p) => query.includes(p.marker));
        if (mine.length > 0) carrying++;
        for (const plant of mine) problems.push(...escapingProblems(language, query, plant));
      }
    }
  }
  return { problems, carrying };
}

async function status(response: Response): Promise<number> {
  await response.text();
  return response.status;
}

describe('hostile values stay inside their literal', () => {
  it('the search form: service -> TraceQL', async () => {
    let reached = 0;
    await fc.assert(
      fc.asyncProperty(planted(), async ({ value, marker }) => {
        stack.clearRequests();
        const query = new URLSearchParams({ service: value, status: 'error', from: 'now-10m', to: 'now' });
        const code = await status(await search(new Request(`http://weft.test/api/search?${query}`)));
        expect([200, 400]).toContain(code);
        const { problems, carrying } = checkReceived([{ forms: forms(value), marker }]);
        reached += carrying;
        expect(problems).toEqual([]);
      }),
      { numRuns: 40 },
    );
    expect(reached, 'some hostile services reached Tempo').toBeGreaterThan(10);
  });

  it('the trace view metrics: services -> PromQL', async () => {
    let reached = 0;
    await fc.assert(
      fc.asyncProperty(planted(true), planted(true), async (a, b) => {
        stack.clearRequests();
        const query = new URLSearchParams({ services: `${a.value},${b.value}`, from: 'now-15m', to: 'now' });
        const code = await status(await context(new Request(`http://weft.test/api/traces/${TRACE}/context?${query}`), { params: Promise.resolve({ traceId: TRACE }) }));
        expect([200, 400]).toContain(code);
        const { problems, carrying } = checkReceived([
          { forms: forms(a.value), marker: a.marker },
          { forms: forms(b.value), marker: b.marker },
        ]);
        reached += carrying;
        expect(problems).toEqual([]);
      }),
      { numRuns: 25 },
    );
    expect(reached, 'some hostile services reached Prometheus').toBeGreaterThan(10);
  });

  it('the alert view: alert name and label names and values -> PromQL and TraceQL', async () => {
    let reached = 0;
    await fc.assert(
      fc.asyncProperty(planted(), planted(), planted(), async (name, labelName, labelValue) => {
        stack.clearRequests();
        const labels = { service: labelValue.value, [labelName.value]: 'x' };
        const query = new URLSearchParams({ labels: JSON.stringify(labels), from: 'now-30m', to: 'now' });
        const response = await alertDetail(new Request(`http://weft.test/api/alerts/${encodeURIComponent(name.value)}?${query}`), { params: Promise.resolve({ name: name.value }) });
        expect([200, 400]).toContain(await status(response));
        const { problems, carrying } = checkReceived([
          { forms: forms(name.value), marker: name.marker },
          { forms: forms(labelValue.value), marker: labelValue.marker },
          { forms: forms(labelName.value), marker: labelName.marker, mayBeIdentifier: /^[A-Za-z_][A-Za-z0-9_]*$/.test(labelName.value) },
        ]);
        reached += carrying;
        expect(problems).toEqual([]);
      }),
      { numRuns: 25 },
    );
    expect(reached, 'some hostile alert names and labels reached the backends').toBeGreaterThan(10);
  });

  it('the SLO rules export: labels, description and owner -> recording and alerting rules', async () => {
    let exported = 0;
    await fc.assert(
      fc.asyncProperty(planted(), planted(), async (label, owner) => {
        const definition = {
          name: `escape-${counter}`,
          service: 'payment',
          objective: 0.99,
          window: { kind: 'rolling', days: 28 },
          description: label.value,
          owner: owner.value,
          labels: { team: label.value, tier: owner.value },
          sli: { type: 'bad', badQuery: 'http_server_requests_total{service="payment",http_response_status_code=~"5.."}', totalQuery: 'http_server_requests_total{service="payment"}' },
        };
        const created = await createSlo(new Request('http://weft.test/api/slo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ definition }) }));
        const body = (await created.json()) as { slo?: { id: string } };
        expect([201, 400, 409, 422]).toContain(created.status);
        if (created.status !== 201 || !body.slo) return;
        const rules = await sloRules(new Request(`http://weft.test/api/slo/${body.slo.id}/rules`), { params: Promise.resolve({ id: body.slo.id }) });
        expect(rules.status).toBe(200);
        const yaml = parseYaml(await rules.text()) as { groups: { rules: { expr: string; labels?: Record<string, string> }[] }[] };
        exported++;
        for (const rule of yaml.groups.flatMap((g) => g.rules)) {
          const report = readQuery('promql', rule.expr);
          expect(report.errors, rule.expr).toBe(0);
          expect(report.skeleton).not.toContain(label.marker);
          expect(report.skeleton).not.toContain(owner.marker);
          // Labels are YAML values: they must come back exactly, not spill into other keys.
          for (const value of Object.values(rule.labels ?? {})) if (value.includes(label.marker)) expect(value).toBe(label.value);
        }
      }),
      { numRuns: 15 },
    );
    expect(exported, 'some SLOs with hostile labels were saved and exported').toBeGreaterThan(3);
  });
});
