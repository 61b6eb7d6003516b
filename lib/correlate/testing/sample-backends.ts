// Test helpers: the correlated sample data of ../shared/fixtures (README "Sample data") and loopback Tempo and
// Loki servers that answer from it the way the real ones did. Tempo answers a trace with its recorded response
// when there is one (base64 ids, Tempo 2.0.1) and otherwise with the OTLP body that was pushed for it; Loki
// answers `{selector} |= "<text>"` by filtering the pushed lines, as Loki's line filter does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFixture, readFixtureJson, readManifest } from '../../../test/fixtures';
import { startLoopbackServer, type LoopbackServer } from '../../../test/helpers/prometheus';

export interface SampleTrace {
  traceId: string;
  name: string;
  services: string[];
  error: boolean;
}

/** The sample trace ids listed in fixtures/README.md. */
export function sampleTraces(): SampleTrace[] {
  const readme = readFixture('README.md');
  const out: SampleTrace[] = [];
  const pattern = /`([0-9a-f]{32})` (\S+) \(services: ([^;]+); error=(True|False)\)/g;
  for (let m = pattern.exec(readme); m !== null; m = pattern.exec(readme)) {
    out.push({ traceId: m[1], name: m[2], services: m[3].split(',').map((s) => s.trim()), error: m[4] === 'True' });
  }
  return out;
}

interface OtlpBody {
  resourceSpans: { resource?: unknown; scopeSpans?: { scope?: unknown; spans?: { traceId: string }[] }[] }[];
}

/** The OTLP JSON pushed to Tempo for one trace (both sample rounds), reduced to that trace's spans. */
export function pushedTraceBody(traceId: string): OtlpBody | null {
  const bodies = ['sample-otlp-traces.json', 'sample-otlp-traces-round2.json'].map((f) => readFixtureJson(f) as OtlpBody);
  const resourceSpans = bodies
    .flatMap((b) => b.resourceSpans)
    .map((rs) => ({
      ...rs,
      scopeSpans: (rs.scopeSpans ?? [])
        .map((ss) => ({ ...ss, spans: (ss.spans ?? []).filter((s) => s.traceId.toLowerCase() === traceId) }))
        .filter((ss) => ss.spans.length > 0),
    }))
    .filter((rs) => rs.scopeSpans.length > 0);
  return resourceSpans.length > 0 ? { resourceSpans } : null;
}

/** The recorded Tempo answer for GET /api/traces/<id> (no parameters), if one was captured. */
export function recordedTraceFile(traceId: string): string | null {
  const entry = readManifest('tempo').find((e) => e.path === `/api/traces/${traceId}` && e.status === 200 && e.params.length === 0);
  return entry ? entry.file : null;
}

export interface PushedLine {
  labels: Record<string, string>;
  timestampNs: string;
  line: string;
}

/** Every line pushed to Loki in both sample rounds. */
export function pushedLogLines(): PushedLine[] {
  const pushes = ['sample-loki-push.json', 'sample-loki-push-round2.json'].map(
    (f) => readFixtureJson(f) as { streams: { stream: Record<string, string>; values: [string, string][] }[] },
  );
  return pushes.flatMap((p) => p.streams.flatMap((s) => s.values.map(([ts, line]) => ({ labels: s.stream, timestampNs: ts, line }))));
}

export interface RecordedCall {
  path: string;
  params: URLSearchParams;
  atMs: number;
}

export interface SampleBackends {
  tempo: LoopbackServer;
  loki: LoopbackServer;
  calls: RecordedCall[];
  /** Delay each Tempo answer (to observe parallel fetching). */
  tempoDelayMs: number;
  /** When set, Loki answers every query with this status and a plain-text body. */
  lokiFailure: { status: number; body: string } | null;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType });
  res.end(body);
}

/** `{selector} |= "text"`: the line filter literal, or null for anything else. */
function lineFilterOf(query: string): string | null {
  const m = /^\{[^{}]+\} \|= "((?:[^"\\]|\\.)*)"/.exec(query);
  return m ? (JSON.parse(`"${m[1]}"`) as string) : null;
}

export async function startSampleBackends(): Promise<SampleBackends> {
  const calls: RecordedCall[] = [];
  const lines = pushedLogLines();
  const state = { tempoDelayMs: 0, lokiFailure: null as { status: number; body: string } | null };

  const record = (req: IncomingMessage): URL => {
    const url = new URL(req.url ?? '/', 'http://loopback');
    calls.push({ path: url.pathname, params: url.searchParams, atMs: performance.now() });
    return url;
  };

  const tempo = await startLoopbackServer(async (req, res) => {
    const url = record(req);
    if (state.tempoDelayMs > 0) await new Promise((r) => setTimeout(r, state.tempoDelayMs));
    // Tempo 2.0.1 has no v2 trace API: Go's mux answers 404 with this body.
    if (url.pathname.startsWith('/api/v2/')) return send(res, 404, 'text/plain; charset=utf-8', '404 page not found\n');
    const m = /^\/api\/traces\/([0-9a-f]{32})$/.exec(url.pathname);
    if (!m) return send(res, 400, 'text/plain', 'bad request');
    const recorded = recordedTraceFile(m[1]);
    if (recorded) return send(res, 200, 'application/json', readFixture('tempo', recorded));
    const pushed = pushedTraceBody(m[1]);
    if (pushed) return send(res, 200, 'application/json', JSON.stringify({ batches: pushed.resourceSpans }));
    return send(res, 404, 'text/plain', 'trace not found');
  });

  const loki = await startLoopbackServer((req, res) => {
    const url = record(req);
    if (url.pathname === '/loki/api/v1/labels') {
      const names = [...new Set(lines.flatMap((l) => Object.keys(l.labels)))].sort();
      return send(res, 200, 'application/json', JSON.stringify({ status: 'success', data: names }));
    }
    if (url.pathname !== '/loki/api/v1/query_range') return send(res, 404, 'text/plain', '404 page not found\n');
    if (state.lokiFailure) return send(res, state.lokiFailure.status, 'text/plain', state.lokiFailure.body);
    const query = url.searchParams.get('query') ?? '';
    const needle = lineFilterOf(query);
    if (needle === null) return send(res, 400, 'application/json; charset=UTF-8', `parse error: unsupported query ${query}`);
    const start = BigInt(url.searchParams.get('start') ?? '0');
    const end = BigInt(url.searchParams.get('end') ?? '0');
    const limit = Number(url.searchParams.get('limit') ?? '100');
    const matching = lines
      .filter((l) => l.line.includes(needle) && BigInt(l.timestampNs) >= start && BigInt(l.timestampNs) <= end)
      .sort((a, b) => (BigInt(a.timestampNs) < BigInt(b.timestampNs) ? -1 : 1))
      .slice(0, limit);
    const streams = new Map<string, { stream: Record<string, string>; values: [string, string][] }>();
    for (const l of matching) {
      const key = JSON.stringify(l.labels);
      const stream = streams.get(key) ?? { stream: l.labels, values: [] };
      stream.values.push([l.timestampNs, l.line]);
      streams.set(key, stream);
    }
    const body = { status: 'success', data: { resultType: 'streams', result: [...streams.values()], stats: {} } };
    return send(res, 200, 'application/json', JSON.stringify(body));
  });

  return {
    tempo,
    loki,
    calls,
    get tempoDelayMs() {
      return state.tempoDelayMs;
    },
    set tempoDelayMs(value: number) {
      state.tempoDelayMs = value;
    },
    get lokiFailure() {
      return state.lokiFailure;
    },
    set lokiFailure(value) {
      state.lokiFailure = value;
    },
    close: async () => {
      await Promise.all([tempo.close(), loki.close()]);
    },
  };
}
