// How fast the demo stack answers the console's own queries over a 24 h range (goal: each under 200 ms).
// It goes through the same clients and query builders the console uses. Prints figures; asserts nothing.
// Two stacks: one started cold (as tests start it: the first request of each kind pays for the caches), one started
// with `warmUp` as `npm run demo` does, measured once its background warm-up has finished. Each row: the median
// of RUNS repeated requests ("warm") and the first request ("cold"/"first").
// Run: npx tsx bench/demo-endpoints.ts
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { startDemoStack } from '../demo';
import { createPrometheusClient } from '../lib/datasources/prometheus/client';
import { createLokiClient } from '../lib/datasources/loki/client';
import { createTempoClient } from '../lib/datasources/tempo/client';
import { createPyroscopeClient } from '../lib/datasources/pyroscope/client';
import { createAlertmanagerClient } from '../lib/datasources/alertmanager/client';
import { detectRedProfile, exemplarSelector, redQueries } from '../lib/correlate/red-metrics';
import { traceIdLogQuery } from '../lib/query-lang/logql';
import { attributeCondition, spansetFilter, statusCondition } from '../lib/query-lang/traceql';
import { normaliseTraceId } from '../lib/model/ids';
import { median } from './measure';
import type { BenchResult } from './trace-model';

const GOAL_MS = 200;
const DAY_MS = 86_400_000;
const RUNS = 7;

async function measure(name: string, work: () => Promise<unknown>, firstLabel: string): Promise<BenchResult> {
  const coldStart = performance.now();
  await work();
  const coldMs = performance.now() - coldStart;
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await work();
    warm.push(performance.now() - started);
  }
  const ms = median(warm);
  return { name, size: 24, ms, ratio: ms / GOAL_MS, note: `${firstLabel} ${coldMs.toFixed(0)} ms; ratio = median / ${GOAL_MS} ms goal` };
}

export async function run(options: { warmUp?: boolean } = {}): Promise<BenchResult[]> {
  const nowMs = Date.now();
  const stack = await startDemoStack({ ports: { prometheus: 0, loki: 0, tempo: 0, pyroscope: 0, alertmanager: 0 }, now: () => nowMs, warmUp: options.warmUp });
  try {
    await stack.warmedUp;
    const firstLabel = options.warmUp ? 'first after warm-up' : 'cold';
    const prometheus = createPrometheusClient({ backend: 'prometheus', url: stack.urls.prometheus });
    const loki = createLokiClient({ backend: 'loki', url: stack.urls.loki });
    const tempo = createTempoClient({ backend: 'tempo', url: stack.urls.tempo });
    const pyroscope = createPyroscopeClient({ backend: 'pyroscope', url: stack.urls.pyroscope });
    const alertmanager = createAlertmanagerClient({ backend: 'alertmanager', url: stack.urls.alertmanager });
    const range = { startMs: nowMs - DAY_MS, endMs: nowMs };
    const stepMs = 300_000;

    const profile = detectRedProfile(await prometheus.labelValues('__name__'));
    if (!profile) throw new Error('the demo exposes no request metrics the console recognises');
    const red = redQueries(profile, 'payment', stepMs);
    const found = await tempo.search({ traceql: spansetFilter([attributeCondition('resource', 'service.name', '=', 'payment')]), ...range, limit: 5 });
    const traceId = normaliseTraceId(found.traces[0]?.traceId ?? '');
    if (!traceId) throw new Error('the demo returned no payment traces for the last 24 h');
    const trace = await tempo.traceById(traceId);
    const traceStartMs = Math.min(...trace.spans.map((span) => span.startMs));

    const results: BenchResult[] = [];
    const add = async (name: string, work: () => Promise<unknown>) => results.push(await measure(name, work, firstLabel));
    await add('prometheus: alerts', () => prometheus.alerts());
    await add('prometheus: request rate 24 h', () => prometheus.queryRange(red.rate, range.startMs, range.endMs, stepMs));
    await add('prometheus: error ratio 24 h', () => prometheus.queryRange(red.errorRatio, range.startMs, range.endMs, stepMs));
    await add('prometheus: p99 (histogram_quantile) 24 h', () => prometheus.queryRange(red.p99, range.startMs, range.endMs, stepMs));
    await add('prometheus: exemplars 24 h', () => prometheus.queryExemplars(exemplarSelector(profile, 'payment'), range.startMs, range.endMs));
    await add('prometheus: ALERTS history 24 h', () => prometheus.queryRange('ALERTS{alertstate="firing"}', range.startMs, range.endMs, 60_000));
    await add('alertmanager: alerts', () => alertmanager.alerts());
    await add('tempo: trace by id', () => tempo.traceById(traceId));
    await add('tempo: TraceQL errors of payment 24 h', () =>
      tempo.search({ traceql: spansetFilter([attributeCondition('resource', 'service.name', '=', 'payment'), statusCondition('error')]), ...range, limit: 20 }),
    );
    await add('loki: lines of one trace 24 h', () =>
      loki.queryRange({ query: traceIdLogQuery({ selector: [{ name: 'service_name', op: '=~', value: '.+' }], traceId }), ...range, limit: 1000, direction: 'forward' }),
    );
    await add('loki: log volume by level 24 h', () =>
      loki.queryRange({ query: 'sum by (level) (count_over_time({service_name="payment"}[5m]))', ...range, stepMs }),
    );
    await add('pyroscope: payment CPU flame graph 24 h', () =>
      pyroscope.selectMergeStacktraces({
        profileTypeId: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds',
        labelSelector: [{ name: 'service_name', op: '=', value: 'payment' }],
        ...range,
        maxNodes: 8192,
      }),
    );
    await add('pyroscope: span profile', () =>
      pyroscope.selectMergeSpanProfile({
        profileTypeId: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds',
        labelSelector: [{ name: 'service_name', op: '=', value: 'payment' }],
        spanSelector: trace.spans.filter((span) => span.serviceName === 'payment').map((span) => span.spanId),
        startMs: traceStartMs - 30_000,
        endMs: traceStartMs + 30_000,
      }),
    );
    // The hourly 20,000-span batch trace, raw (served and transferred, not parsed: the console's parse is
    // bench/trace-view.ts's business). Its first request builds and serialises it; later ones come from a cache.
    const batch = (await (await fetch(`${stack.urls.tempo}/weft-demo/batch-trace?spans=20000`)).json()) as { path: string };
    await add('tempo: 20k-span batch trace body (raw fetch)', async () => (await fetch(stack.urls.tempo + batch.path)).arrayBuffer());
    return results;
  } finally {
    await stack.close();
  }
}

export function printResults(title: string, results: readonly BenchResult[]): void {
  console.log(`\n${title}`);
  for (const result of results) {
    const ratio = result.ratio === undefined ? '' : `  ratio ${result.ratio.toFixed(2)}`;
    console.log(`  ${result.name.padEnd(48)} ${result.ms.toFixed(1).padStart(9)} ms${ratio}${result.note ? `  (${result.note})` : ''}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  (async () => {
    printResults("Demo stack started cold: the console's queries over 24 h (goal < 200 ms each)", await run());
    printResults("Demo stack after its background warm-up (npm run demo): the console's queries over 24 h", await run({ warmUp: true }));
  })()
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
