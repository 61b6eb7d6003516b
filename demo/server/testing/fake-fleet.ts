// A small, fully deterministic Fleet for the servers' own tests, independent of demo/sim.
// Two services (checkout, payment); a counter, a histogram with exemplars and a gauge scraped every 15 s;
// one log line per request; one trace per service per minute; CPU profiles; and one alert rule with a schedule:
// payment answers 5xx at a high rate during [now-2h, now-90m] (resolved) and [now-20m, now] (firing).
import type { AlertRuleDefinition, Fleet, IncidentWindow, ProfileStackSample, ProfileTypeInfo } from '../../contract';
import type { LabelMatcher, Labels, LogStream, RawSeries, StoredSpan, StoredTrace } from '../../query/types';
import { matchesAll } from '../matchers';

export const FAKE_SERVICES = ['checkout', 'payment'] as const;
const SCRAPE_MS = 15_000;
const MINUTE_MS = 60_000;
const BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5];

function hash32(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    let x = Math.floor(part) >>> 0;
    for (let i = 0; i < 4; i++) {
      h ^= x & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
      x >>>= 8;
    }
    h ^= Math.floor(part / 2 ** 32) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0').slice(-width);
}

export function fakeTraceId(service: string, minuteMs: number): string {
  const s = FAKE_SERVICES.indexOf(service as (typeof FAKE_SERVICES)[number]) + 1;
  return hex(hash32(s, minuteMs), 8) + hex(hash32(minuteMs, s, 7), 8) + hex(hash32(s * 31, minuteMs), 8) + hex(minuteMs / MINUTE_MS, 8);
}

function spanId(traceId: string, index: number): string {
  return hex(hash32(parseInt(traceId.slice(0, 8), 16), index), 8) + hex(index + 1, 8);
}

export interface FakeFleetOptions {
  now: () => number;
}

export function createFakeFleet(options: FakeFleetOptions): Fleet & { incidents: IncidentWindow[] } {
  const { now } = options;
  // The schedule is fixed relative to the fleet's creation time so tests can reason about it.
  const createdMs = Math.floor(now() / MINUTE_MS) * MINUTE_MS;
  const originMs = createdMs - 40 * 86_400_000;
  const incidents: IncidentWindow[] = [
    { kind: 'payment-latency', severity: 'major', service: 'payment', startMs: createdMs - 120 * MINUTE_MS, endMs: createdMs - 90 * MINUTE_MS },
    { kind: 'payment-latency', severity: 'major', service: 'payment', startMs: createdMs - 20 * MINUTE_MS, endMs: createdMs + 60 * MINUTE_MS },
  ];
  const inIncident = (service: string, tMs: number) =>
    incidents.some((w) => w.service === service && tMs >= w.startMs && tMs < w.endMs);

  const okRate = (service: string) => (service === 'checkout' ? 10 : 6);

  /** Integral of the 5xx rate from origin to t (piecewise constant). */
  function errCount(service: string, tMs: number): number {
    let total = ((tMs - originMs) / 1000) * 0.2;
    for (const w of incidents) {
      if (w.service !== service) continue;
      const from = Math.max(w.startMs, originMs);
      const to = Math.min(w.endMs, tMs);
      if (to > from) total += ((to - from) / 1000) * (3 - 0.2);
    }
    return total;
  }

  function seriesValues(labels: Labels, tMs: number): number {
    const service = labels.service;
    const elapsedS = (tMs - originMs) / 1000;
    switch (labels.__name__) {
      case 'http_requests_total':
        return Math.floor(labels.code === '500' ? errCount(service, tMs) : elapsedS * okRate(service));
      case 'http_server_request_duration_seconds_count':
        return Math.floor(elapsedS * okRate(service) + errCount(service, tMs));
      case 'http_server_request_duration_seconds_sum':
        return (elapsedS * okRate(service) + errCount(service, tMs)) * (service === 'payment' ? 0.3 : 0.08);
      case 'http_server_request_duration_seconds_bucket': {
        const le = labels.le === '+Inf' ? Infinity : Number(labels.le);
        const count = elapsedS * okRate(service) + errCount(service, tMs);
        const typical = service === 'payment' ? 0.3 : 0.08;
        const share = le === Infinity ? 1 : le >= typical * 2 ? 0.99 : le >= typical ? 0.6 : 0.1 * (le / typical);
        return Math.floor(count * share);
      }
      case 'go_goroutines':
        return 40 + (hash32(tMs / SCRAPE_MS, service.length) % 20);
      default:
        return 0;
    }
  }

  const seriesLabels: Labels[] = [];
  for (const service of FAKE_SERVICES) {
    seriesLabels.push({ __name__: 'http_requests_total', job: 'shop', service, code: '200' });
    seriesLabels.push({ __name__: 'http_requests_total', job: 'shop', service, code: '500' });
    for (const le of [...BUCKETS.map(String), '+Inf']) {
      seriesLabels.push({ __name__: 'http_server_request_duration_seconds_bucket', job: 'shop', service, le });
    }
    seriesLabels.push({ __name__: 'http_server_request_duration_seconds_sum', job: 'shop', service });
    seriesLabels.push({ __name__: 'http_server_request_duration_seconds_count', job: 'shop', service });
    seriesLabels.push({ __name__: 'go_goroutines', job: 'shop', service });
  }

  const clampEnd = (endMs: number) => Math.min(endMs, now());

  function selectMetrics(matchers: LabelMatcher[], startMs: number, endMs: number): RawSeries[] {
    const out: RawSeries[] = [];
    const first = Math.ceil(Math.max(startMs, originMs) / SCRAPE_MS) * SCRAPE_MS;
    const last = clampEnd(endMs);
    for (const labels of seriesLabels) {
      if (!matchesAll(labels, matchers)) continue;
      const timestampsMs: number[] = [];
      const values: number[] = [];
      for (let t = first; t <= last; t += SCRAPE_MS) {
        timestampsMs.push(t);
        values.push(seriesValues(labels, t));
      }
      if (timestampsMs.length > 0) out.push({ labels: { ...labels }, timestampsMs, values });
    }
    return out;
  }

  function traceAt(service: string, minuteMs: number): StoredTrace {
    const traceId = fakeTraceId(service, minuteMs);
    const startNs = BigInt(minuteMs + 1_000) * 1_000_000n;
    const error = inIncident(service, minuteMs);
    const resource = { 'service.name': service, 'deployment.environment': 'demo' };
    const root: StoredSpan = {
      traceId,
      spanId: spanId(traceId, 0),
      parentSpanId: null,
      name: service === 'payment' ? 'POST /charge' : 'POST /api/orders',
      serviceName: service,
      kind: 'server',
      statusCode: error ? 'error' : 'unset',
      statusMessage: error ? 'bank timeout' : undefined,
      startNs,
      durationNs: error ? 900_000_000n : 120_000_000n,
      attributes: { 'http.route': service === 'payment' ? '/charge' : '/api/orders', 'http.status_code': error ? 500 : 200 },
      resourceAttributes: resource,
    };
    const child: StoredSpan = {
      traceId,
      spanId: spanId(traceId, 1),
      parentSpanId: root.spanId,
      name: 'SELECT orders',
      serviceName: service,
      kind: 'client',
      statusCode: 'unset',
      startNs: startNs + 10_000_000n,
      durationNs: 20_000_000n,
      attributes: { 'db.system': 'postgresql', 'db.statement': 'SELECT 1' },
      resourceAttributes: resource,
    };
    return { traceId, spans: [root, child] };
  }

  function* tracesInRange(startNs: bigint, endNs: bigint): Iterable<StoredTrace> {
    const startMs = Number(startNs / 1_000_000n);
    const endMs = Math.min(Number(endNs / 1_000_000n), now());
    for (let m = Math.ceil((startMs - 1000) / MINUTE_MS) * MINUTE_MS; m + 1000 < endMs; m += MINUTE_MS) {
      if (m < originMs) continue;
      for (const service of FAKE_SERVICES) yield traceAt(service, m);
    }
  }

  function batchTrace(timeMs: number, spanCount = 20_000): StoredTrace {
    const hourMs = Math.floor(timeMs / 3_600_000) * 3_600_000;
    const traceId = 'b0' + hex(hash32(hourMs, spanCount), 8) + hex(spanCount, 8) + hex(hourMs / 3_600_000, 14);
    const startNs = BigInt(hourMs + 5 * MINUTE_MS) * 1_000_000n;
    const resource = { 'service.name': 'batch' };
    const spans: StoredSpan[] = [];
    for (let i = 0; i < spanCount; i++) {
      spans.push({
        traceId,
        spanId: spanId(traceId, i),
        parentSpanId: i === 0 ? null : spanId(traceId, Math.floor((i - 1) / 10)),
        name: i === 0 ? 'nightly-reconcile' : `reconcile item ${i}`,
        serviceName: 'batch',
        kind: i === 0 ? 'server' : 'internal',
        statusCode: 'unset',
        startNs: startNs + BigInt(i) * 1_000_000n,
        durationNs: 500_000n,
        attributes: { 'item.index': i },
        resourceAttributes: resource,
      });
    }
    return { traceId, spans };
  }

  function traceById(traceId: string): StoredTrace | null {
    if (traceId.startsWith('b0')) {
      const spanCount = parseInt(traceId.slice(10, 18), 16);
      const hourMs = parseInt(traceId.slice(18), 16) * 3_600_000;
      if (spanCount > 0 && spanCount <= 200_000 && hourMs >= originMs && hourMs <= now()) {
        const batch = batchTrace(hourMs, spanCount);
        if (batch.traceId === traceId) return batch;
      }
      return null;
    }
    const minute = parseInt(traceId.slice(24), 16) * MINUTE_MS;
    for (const service of FAKE_SERVICES) {
      if (fakeTraceId(service, minute) === traceId && minute >= originMs && minute + 1000 < now()) return traceAt(service, minute);
    }
    return null;
  }

  function selectLogs(matchers: LabelMatcher[], startNs: bigint, endNs: bigint): LogStream[] {
    const streams: LogStream[] = [];
    for (const service of FAKE_SERVICES) {
      for (const level of ['info', 'error']) {
        const labels = { job: 'shop', service, level };
        if (!matchesAll(labels, matchers)) continue;
        const entries: LogStream['entries'] = [];
        for (const trace of tracesInRange(startNs, endNs)) {
          const root = trace.spans[0];
          if (root.serviceName !== service) continue;
          const isError = root.statusCode === 'error';
          if ((level === 'error') !== isError) continue;
          const ts = root.startNs + 5_000_000n;
          if (ts < startNs || ts >= endNs) continue;
          entries.push({
            timestampNs: ts,
            line: JSON.stringify({ level, service, msg: isError ? 'charge failed' : 'request done', trace_id: trace.traceId, span_id: root.spanId }),
          });
        }
        if (entries.length > 0) streams.push({ labels, entries });
      }
    }
    return streams;
  }

  const profileTypes: ProfileTypeInfo[] = [
    {
      id: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds',
      name: 'process_cpu',
      sampleType: 'cpu',
      sampleUnit: 'nanoseconds',
      periodType: 'cpu',
      periodUnit: 'nanoseconds',
    },
    { id: 'memory:alloc_space:bytes:space:bytes', name: 'memory', sampleType: 'alloc_space', sampleUnit: 'bytes', periodType: 'space', periodUnit: 'bytes' },
  ];

  function profileStacks(service: string, tMs: number): ProfileStackSample[] {
    const hot = inIncident(service, tMs);
    return [
      { stack: ['runtime.main', 'main.main', `main.(*${service}Service).Handle`, 'crypto/rsa.SignPKCS1v15'], value: hot ? 4e8 : 1e8 },
      { stack: ['runtime.main', 'main.main', `main.(*${service}Service).Handle`, 'database/sql.(*DB).conn'], value: 5e7 },
      { stack: ['runtime.gcBgMarkWorker', 'runtime.gcDrain'], value: 2e7 },
    ];
  }

  const alertRules: AlertRuleDefinition[] = [
    {
      group: 'shop-slo',
      name: 'PaymentErrorsHigh',
      expr: 'sum by (service) (rate(http_requests_total{code="500"}[5m])) > 1',
      forSeconds: 300,
      labels: { severity: 'critical', team: 'payments' },
      annotations: { summary: 'High 5xx rate on {{ $labels.service }}', description: '{{ $value }} errors per second' },
    },
    {
      group: 'shop-slo',
      name: 'PaymentErrorsWarning',
      expr: 'sum by (service) (rate(http_requests_total{code="500"}[5m])) > 0.5',
      forSeconds: 60,
      labels: { severity: 'warning' },
      annotations: { summary: 'Elevated 5xx on {{ $labels.service }}' },
    },
  ];

  return {
    seed: 1,
    incidents,
    metrics: {
      select: selectMetrics,
      labelNames: () => ['__name__', 'code', 'job', 'le', 'service'],
      labelValues: (name) => [...new Set(seriesLabels.map((l) => l[name]).filter((v): v is string => v !== undefined))].sort(),
    },
    logs: {
      select: selectLogs,
      labelNames: () => ['job', 'level', 'service'],
      labelValues: (name) => (name === 'service' ? [...FAKE_SERVICES] : name === 'level' ? ['error', 'info'] : name === 'job' ? ['shop'] : []),
    },
    traces: { tracesInRange, traceById, batchTrace },
    profiles: {
      profileTypes: () => profileTypes,
      labelNames: () => ['service_name'],
      labelValues: (name) => (name === 'service_name' ? [...FAKE_SERVICES] : []),
      select(profileTypeId, matchers, startMs, endMs) {
        if (!profileTypes.some((p) => p.id === profileTypeId)) return [];
        const merged = new Map<string, ProfileStackSample>();
        for (const service of FAKE_SERVICES) {
          if (!matchesAll({ service_name: service }, matchers)) continue;
          for (let t = Math.ceil(startMs / 10_000) * 10_000; t < Math.min(endMs, now()); t += 10_000) {
            for (const s of profileStacks(service, t)) {
              const key = s.stack.join(';');
              const prev = merged.get(key);
              if (prev) prev.value += s.value;
              else merged.set(key, { stack: s.stack, value: s.value });
            }
          }
        }
        return [...merged.values()];
      },
      series(profileTypeId, matchers, startMs, endMs, stepMs, groupBy) {
        const out = new Map<string, { labels: Labels; points: { timeMs: number; value: number }[] }>();
        for (const service of FAKE_SERVICES) {
          const labels = { service_name: service };
          if (!matchesAll(labels, matchers)) continue;
          const groupLabels: Labels = {};
          for (const name of groupBy) if (name === 'service_name') groupLabels[name] = service;
          const key = JSON.stringify(groupLabels);
          let entry = out.get(key);
          if (!entry) {
            entry = { labels: groupLabels, points: [] };
            out.set(key, entry);
          }
          for (let t = Math.ceil(startMs / stepMs) * stepMs; t < Math.min(endMs, now()); t += stepMs) {
            const value = profileStacks(service, t).reduce((sum, s) => sum + s.value, 0) * (stepMs / 10_000);
            const point = entry.points.find((p) => p.timeMs === t);
            if (point) point.value += value;
            else entry.points.push({ timeMs: t, value });
          }
        }
        return [...out.values()];
      },
    },
    alertRules,
    incidentsBetween: (startMs, endMs) => incidents.filter((w) => w.endMs > startMs && w.startMs < endMs),
    exemplars(matchers, startMs, endMs) {
      const out: ReturnType<Fleet['exemplars']> = [];
      for (const labels of seriesLabels) {
        if (labels.__name__ !== 'http_server_request_duration_seconds_bucket' || !matchesAll(labels, matchers)) continue;
        const exemplars = [];
        for (let m = Math.ceil(startMs / MINUTE_MS) * MINUTE_MS; m <= Math.min(endMs, now()) && m >= originMs; m += MINUTE_MS) {
          // Only traces Tempo already has (traceById: a minute's trace exists from 1 s into the minute).
          if (m + 1000 >= now()) break;
          const trace = traceAt(labels.service, m);
          const duration = Number(trace.spans[0].durationNs) / 1e9;
          const le = labels.le === '+Inf' ? Infinity : Number(labels.le);
          const lower = [0, ...BUCKETS].filter((b) => b < le).pop() ?? 0;
          if (duration <= le && duration > lower) {
            exemplars.push({ labels: { trace_id: trace.traceId, span_id: trace.spans[0].spanId }, value: duration, timestampMs: m + 1000 });
          }
        }
        if (exemplars.length > 0) out.push({ seriesLabels: { ...labels }, exemplars });
      }
      return out;
    },
  };
}
