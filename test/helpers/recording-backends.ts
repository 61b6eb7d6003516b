// Loopback stand-ins for Tempo, Loki, Pyroscope and Prometheus that answer with recorded responses from the
// fixtures and record every request with the X-Scope-OrgID it carried: tenancy tests read who asked what.
import type { IncomingMessage } from 'node:http';
import { readFixture } from '../fixtures';
import { startLoopbackServer, type LoopbackServer } from './prometheus';

export type RecordingBackendName = 'tempo' | 'loki' | 'pyroscope' | 'prometheus';

export interface RecordedCall {
  backend: RecordingBackendName;
  method: string;
  path: string;
  /** X-Scope-OrgID as sent; null when absent. */
  tenant: string | null;
}

export interface RecordingBackends {
  urls: Record<RecordingBackendName, string>;
  calls: RecordedCall[];
  /** Most requests that were in flight at once, across all four. */
  peakInFlight(): number;
  resetPeak(): void;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

const json = (body: string): Answer => ({ status: 200, contentType: 'application/json', body });
// What Go's mux (Tempo, Loki, Prometheus) answers for a route it does not have.
const notFound: Answer = { status: 404, contentType: 'text/plain; charset=utf-8', body: '404 page not found\n' };

function answerFor(backend: RecordingBackendName, path: string): Answer {
  switch (backend) {
    case 'tempo':
      if (path.startsWith('/api/traces/')) return json(readFixture('tempo', 'traces_by_id_ok.json'));
      if (path.startsWith('/api/v2/search/tag/')) return json(readFixture('tempo', 'v2_search_tag_resource_service_name_values.json'));
      if (path.startsWith('/api/search/tag/')) return json(readFixture('tempo', 'search_tag_service_name_values.json'));
      if (path === '/api/search') return json(readFixture('tempo', 'search_recent_no_params.json'));
      return notFound;
    case 'loki':
      if (path === '/loki/api/v1/query_range') return json(readFixture('loki', 'query_range_streams_traceid.json'));
      if (path === '/loki/api/v1/labels') return json(readFixture('loki', 'labels.json'));
      return notFound;
    case 'pyroscope':
      if (path.endsWith('/ProfileTypes')) return json(readFixture('pyroscope', 'connect_ProfileTypes.json'));
      if (path.endsWith('/SelectMergeStacktraces') || path.endsWith('/SelectMergeSpanProfile')) {
        return json(readFixture('pyroscope', 'connect_SelectMergeStacktraces_checkout_cpu.json'));
      }
      return notFound;
    case 'prometheus':
      if (path === '/api/v1/query_range') return json('{"status":"success","data":{"resultType":"matrix","result":[]}}');
      if (path === '/api/v1/query_exemplars') return json('{"status":"success","data":[]}');
      // The RED metric names the trace view looks for (lib/correlate/red-metrics.ts), so it goes on to query them.
      if (path === '/api/v1/label/__name__/values') {
        return json('{"status":"success","data":["http_server_request_duration_seconds_bucket","http_server_request_duration_seconds_count"]}');
      }
      if (path.startsWith('/api/v1/label/')) return json('{"status":"success","data":[]}');
      return notFound;
  }
}

export async function startRecordingBackends(options: { delayMs?: number } = {}): Promise<RecordingBackends> {
  const calls: RecordedCall[] = [];
  let inFlight = 0;
  let peak = 0;
  const servers = {} as Record<RecordingBackendName, LoopbackServer>;
  for (const backend of ['tempo', 'loki', 'pyroscope', 'prometheus'] as const) {
    servers[backend] = await startLoopbackServer(async (req: IncomingMessage, res) => {
      const path = new URL(req.url ?? '/', 'http://backend').pathname;
      const header = req.headers['x-scope-orgid'];
      calls.push({ backend, method: req.method ?? 'GET', path, tenant: typeof header === 'string' ? header : null });
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        const answer = answerFor(backend, path);
        res.writeHead(answer.status, { 'Content-Type': answer.contentType });
        res.end(answer.body);
      } finally {
        inFlight--;
      }
    });
  }
  return {
    urls: { tempo: servers.tempo.url, loki: servers.loki.url, pyroscope: servers.pyroscope.url, prometheus: servers.prometheus.url },
    calls,
    peakInFlight: () => peak,
    resetPeak: () => {
      peak = 0;
    },
    close: async () => {
      await Promise.all(Object.values(servers).map((server) => server.close()));
    },
  };
}
