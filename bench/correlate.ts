// The correlated timeline API (GET /api/traces/<id>/timeline with the view's range: trace from Tempo and its
// log lines from Loki, joined) against the slowest backend call it makes. The backend calls are timed by the
// server around each call as Weft makes it (request + parse; the Server-Timing header reports them), so both
// sides of the ratio describe the same request. Goal: API wall time / slowest backend call <= 1.10, i.e. the
// join, encoding and HTTP together cost at most 10 % over waiting for the slowest backend. Each trace is asked
// of the API once, before the console has it cached; the console is warmed up first with other traces. Prints figures; asserts nothing. Run: npx tsx bench/correlate.ts
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { createPrometheusClient } from '../lib/datasources/prometheus/client';
import type { TraceTransport } from '../lib/investigation/trace-transport';
import { normaliseTraceId } from '../lib/model/ids';
import type { BenchResult } from './trace-model';
import { batchTrace, median, startBenchStack, type BenchStack } from './trace-bench-harness';

const GOAL_RATIO = 1.1;
const REQUEST_TRACES = Number(process.env.WEFT_BENCH_CORRELATE_TRACES ?? 8);
const WARM_UP_TRACES = 4;

interface Sample {
  traceId: string;
  range: { startMs: number; endMs: number };
  kind: string;
}

interface Measured {
  spans: number;
  /** Seen by the client: request to the last byte of the answer. */
  apiMs: number;
  /** The server's own figures (Server-Timing): the whole join, and each backend call inside it. */
  serverMs: number;
  tempoMs: number;
  lokiMs: number;
}

async function requestTraces(stack: BenchStack, count: number): Promise<Sample[]> {
  const prometheus = createPrometheusClient({ backend: 'prometheus', url: stack.demo.urls.prometheus });
  const nowMs = Date.now();
  const exemplars = await prometheus.queryExemplars('http_server_request_duration_seconds_bucket{service="payment"}', nowMs - 30 * 60_000, nowMs - 60_000);
  const seen = new Set<string>();
  const out: Sample[] = [];
  for (const e of exemplars) {
    if (!e.traceId || seen.has(e.traceId)) continue;
    seen.add(e.traceId);
    // The range a link from an alert or exemplar carries: 15 minutes either side of the moment.
    out.push({ traceId: e.traceId, range: { startMs: e.timeMs - 15 * 60_000, endMs: e.timeMs + 15 * 60_000 }, kind: 'request' });
    if (out.length >= count) break;
  }
  return out;
}

function timing(header: string, name: string): number {
  const m = new RegExp(`${name};dur=([\\d.]+)`).exec(header);
  if (!m) throw new Error(`no ${name} in Server-Timing "${header}"`);
  return Number(m[1]);
}

async function measure(stack: BenchStack, sample: Sample): Promise<Measured> {
  const traceId = normaliseTraceId(sample.traceId);
  if (!traceId) throw new Error(`bad trace id ${sample.traceId}`);
  const apiStarted = performance.now();
  const response = await fetch(`${stack.consoleUrl}/api/traces/${traceId}/timeline?from=${sample.range.startMs}&to=${sample.range.endMs}`);
  const bytes = await response.arrayBuffer();
  // Stopped at the answer's last byte: parsing it is the client's work, not the API's.
  const apiMs = performance.now() - apiStarted;
  const body = JSON.parse(Buffer.from(bytes).toString('utf8')) as { trace: { status: string; data?: TraceTransport }; logs: { status: string } };
  if (body.trace.status !== 'ok' || body.logs.status !== 'ok') throw new Error(`trace ${traceId}: ${JSON.stringify(body).slice(0, 300)}`);
  const header = response.headers.get('server-timing') ?? '';
  return {
    spans: body.trace.data?.parents.length ?? 0,
    apiMs,
    serverMs: timing(header, 'total'),
    tempoMs: timing(header, 'tempo'),
    lokiMs: timing(header, 'loki'),
  };
}

export async function run(): Promise<BenchResult[]> {
  const stack = await startBenchStack();
  const results: BenchResult[] = [];
  try {
    const requests = await requestTraces(stack, REQUEST_TRACES + WARM_UP_TRACES);
    const samples = requests.slice(WARM_UP_TRACES);
    const batch = (hoursAgo: number): Sample => {
      const trace = batchTrace(20_000, hoursAgo);
      return { traceId: trace.traceId, range: { startMs: trace.hourStartMs, endMs: trace.hourStartMs + 3_600_000 }, kind: 'batch job' };
    };
    samples.push(batch(1), batch(2), batch(3));
    // Warm-up outside the figures, as a console that has been running is: its first requests compile the route
    // and run the join's code cold. Other traces than the measured ones, so nothing is cached for those.
    for (const sample of [...requests.slice(0, WARM_UP_TRACES), batch(4)]) await measure(stack, sample);

    const byKind = new Map<string, { ratio: number; m: Measured }[]>();
    for (const sample of samples) {
      const m = await measure(stack, sample);
      const ratio = m.apiMs / Math.max(m.tempoMs, m.lokiMs);
      const list = byKind.get(sample.kind) ?? [];
      list.push({ ratio, m });
      byKind.set(sample.kind, list);
    }
    for (const [kind, list] of byKind) {
      const ratios = list.map((x) => x.ratio);
      const mid = list[ratios.indexOf(median(ratios))];
      results.push({
        name: `timeline API / slowest backend call (${kind} traces)`,
        size: mid.m.spans,
        ms: mid.m.apiMs,
        ratio: median(ratios),
        note:
          `median of ${list.length}: API ${mid.m.apiMs.toFixed(0)} ms (join on the server ${mid.m.serverMs.toFixed(0)} ms), ` +
          `tempo ${mid.m.tempoMs.toFixed(0)} ms, loki ${mid.m.lokiMs.toFixed(0)} ms; join-only ratio ${(mid.m.serverMs / Math.max(mid.m.tempoMs, mid.m.lokiMs)).toFixed(2)}; ` +
          `ratios ${ratios.map((r) => r.toFixed(2)).join('/')}; goal <= ${GOAL_RATIO}; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
      });
    }
  } finally {
    await stack.close();
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then(
    (results) => {
      for (const r of results) console.log(`${r.name}: ratio ${r.ratio?.toFixed(2)} (${r.size} spans) — ${r.note}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
