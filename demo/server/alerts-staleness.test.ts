// Staleness, checked against Prometheus' own rule engine: `promtool test rules` evaluates the same alerting rules
// on the same input series (with a staleness marker in one of them) and asserts, at many instants, exactly the
// samples the demo answers for ALERTS, ALERTS_FOR_STATE and the raw series. The test file is generated from the
// demo's answers, so promtool passing means the two agree: in particular ALERTS disappears at the first evaluation
// after an alert resolves (or moves from pending to firing), not 5 minutes later.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlertRuleDefinition } from '../contract';
import { InMemoryMetricStore } from '../query/testing/in-memory-stores';
import type { Labels, RawSeries } from '../query/types';
import { AlertEvaluator, staleMarkersAfterRuns, withAlertSeries } from './alerts';
import { createDefaultEngines } from './engines-default';
import { createFakeFleet } from './testing/fake-fleet';

const PROMTOOL = '/usr/bin/promtool';
const MIN = 60_000;
const END_MIN = 24;

/** promtool's series notation, one value per minute from t = 0: a number, `_` (no sample) or `stale`. */
const INPUT: { labels: Labels; values: (number | '_' | 'stale')[] }[] = [
  { labels: { __name__: 'x', instance: 'a' }, values: [1, 6, 6, 6, 6, 1, 1, 7, 7, 7, 7, 7, 7, 1, 1, 1, 1, 1, 1, 1, 6, 6, 1, 1, 1] },
  { labels: { __name__: 'x', instance: 'b' }, values: [9, 9, 9, 9, 9, 9, 9, 9, 9, 9, '_', '_', '_', '_', '_', '_', '_', '_', 9, 9, 9, 9, 9, 9, 9] },
  { labels: { __name__: 'y' }, values: [1, 2, 3, 'stale', 5, 6, 7, 'stale', '_', '_', '_', 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8] },
];

const RULES: AlertRuleDefinition[] = [
  { group: 'g', name: 'XHigh', expr: 'x > 5', forSeconds: 120, labels: { severity: 'page' }, annotations: {} },
  { group: 'g', name: 'XAny', expr: 'x > 8', forSeconds: 0, labels: {}, annotations: {} },
];

const QUERIES = ['ALERTS', 'ALERTS_FOR_STATE', 'y', 'count_over_time(y[3m])', 'x'];

function rawSeries(): RawSeries[] {
  return INPUT.map(({ labels, values }) => {
    const series: RawSeries = { labels, timestampsMs: [], values: [], staleMarkersMs: [] };
    values.forEach((v, i) => {
      if (v === 'stale') series.staleMarkersMs?.push(i * MIN);
      else if (v !== '_') {
        series.timestampsMs.push(i * MIN);
        series.values.push(v);
      }
    });
    return series;
  });
}

function promLabels(labels: Labels): string {
  const name = labels.__name__ ?? '';
  const rest = Object.entries(labels)
    .filter(([k]) => k !== '__name__')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}="${v}"`);
  return `${name}{${rest.join(',')}}`;
}

function demoAnswers(): { expr: string; evalSeconds: number; samples: { labels: string; value: number }[] }[] {
  const nowMs = END_MIN * MIN;
  const base = createFakeFleet({ now: () => nowMs });
  const fleet = { ...base, metrics: new InMemoryMetricStore(rawSeries()), alertRules: RULES };
  const engines = createDefaultEngines();
  const evaluator = new AlertEvaluator({ fleet, engines, now: () => nowMs, intervalMs: MIN, chunkMs: 10 * MIN, lookbackMs: 30 * MIN });
  const store = withAlertSeries(fleet.metrics, evaluator);
  const out: { expr: string; evalSeconds: number; samples: { labels: string; value: number }[] }[] = [];
  for (const expr of QUERIES) {
    for (let s = 0; s <= END_MIN * 60; s += 30) {
      const result = engines.promInstant(expr, s * 1000, store, { deadlineMs: Date.now() + 10_000 });
      if (result.resultType !== 'vector') throw new Error(`${expr}: expected a vector`);
      out.push({ expr, evalSeconds: s, samples: result.result.map((r) => ({ labels: promLabels(r.metric), value: r.value })) });
    }
  }
  return out;
}

function promtoolFiles(answers: ReturnType<typeof demoAnswers>): { rules: string; tests: string } {
  const rules = [
    'groups:',
    '- name: g',
    '  interval: 1m',
    '  rules:',
    ...RULES.flatMap((r) => [
      `  - alert: ${r.name}`,
      `    expr: ${JSON.stringify(r.expr)}`,
      `    for: ${r.forSeconds}s`,
      ...(Object.keys(r.labels).length > 0 ? ['    labels:', ...Object.entries(r.labels).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`)] : []),
    ]),
  ].join('\n');
  const tests = [
    'rule_files: [rules.yml]',
    'evaluation_interval: 1m',
    'tests:',
    '- interval: 1m',
    '  input_series:',
    ...INPUT.map((s) => `  - series: ${JSON.stringify(promLabels(s.labels))}\n    values: ${JSON.stringify(s.values.join(' '))}`),
    '  promql_expr_test:',
    ...answers.map(
      (a) =>
        `  - expr: ${JSON.stringify(a.expr)}\n    eval_time: ${a.evalSeconds}s\n    exp_samples: [${a.samples
          .map((x) => `{labels: ${JSON.stringify(x.labels)}, value: ${x.value}}`)
          .join(', ')}]`,
    ),
  ].join('\n');
  return { rules: `${rules}\n`, tests: `${tests}\n` };
}

describe('staleness markers', () => {
  it('are written after each run of evaluations, only for evaluations that happened', () => {
    expect(staleMarkersAfterRuns([0, 60, 120, 300, 360], 60, 1000)).toEqual([180, 420]);
    expect(staleMarkersAfterRuns([0, 60, 120], 60, 120)).toEqual([]);
    expect(staleMarkersAfterRuns([], 60, 1000)).toEqual([]);
  });

  it('ALERTS has no sample once the alert resolved (no 5-minute lookback)', () => {
    const answers = demoAnswers();
    const alertsAt = (seconds: number) => answers.find((a) => a.expr === 'ALERTS' && a.evalSeconds === seconds)?.samples ?? [];
    const xHigh = (seconds: number) => alertsAt(seconds).filter((s) => s.labels.includes('alertname="XHigh"') && s.labels.includes('instance="a"'));
    // x{a} > 5 from 1 m to 4 m: pending at 1-2 m, firing at 3-4 m, resolved at the 5 m evaluation.
    expect(xHigh(150).map((s) => s.labels)).toEqual(['ALERTS{alertname="XHigh",alertstate="pending",instance="a",severity="page"}']);
    expect(xHigh(240).map((s) => s.labels)).toEqual(['ALERTS{alertname="XHigh",alertstate="firing",instance="a",severity="page"}']);
    expect(xHigh(300)).toEqual([]);
    expect(xHigh(330)).toEqual([]);
  });

  it.skipIf(!existsSync(PROMTOOL))('the demo answers exactly what Prometheus 2.42 rule evaluation gives (promtool test rules)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'weft-demo-staleness-'));
    try {
      const { rules, tests } = promtoolFiles(demoAnswers());
      await writeFile(path.join(dir, 'rules.yml'), rules);
      await writeFile(path.join(dir, 'tests.yml'), tests);
      const run = spawnSync(PROMTOOL, ['test', 'rules', 'tests.yml'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      expect(`${run.stdout}\n${run.stderr}`).toContain('SUCCESS');
      expect(run.status).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
