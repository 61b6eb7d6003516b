import { describe, expect, it } from 'vitest';
import { createFleet } from './index';
import { TEST_NOW_MS, hours, latestIncident, minutes, msToNsBig } from './testing';
import { LATENCY_BUCKETS_S } from './topology';

const fleet = createFleet({ seed: 3, now: () => TEST_NOW_MS });

describe('exemplars', () => {
  const from = TEST_NOW_MS - hours(2);
  const to = from + minutes(30);
  const result = fleet.exemplars(
    [
      { name: '__name__', type: '=~', value: 'http_server_request_duration_seconds_bucket|http_server_requests_total' },
      { name: 'service', type: '=~', value: 'payment|gateway' },
    ],
    from,
    to,
  );
  const all = result.flatMap((r) => r.exemplars.map((e) => ({ series: r.seriesLabels, ...e })));

  it('come from the histogram buckets and the request counter, at most one per series per scrape', () => {
    expect(result.length).toBeGreaterThan(20);
    expect(new Set(result.map((r) => r.seriesLabels.__name__))).toEqual(new Set(['http_server_request_duration_seconds_bucket', 'http_server_requests_total']));
    for (const r of result) {
      const intervals = r.exemplars.map((e) => Math.floor(e.timestampMs / 15_000));
      expect(new Set(intervals).size).toBe(intervals.length);
      for (const e of r.exemplars) {
        expect(e.timestampMs).toBeGreaterThanOrEqual(from);
        expect(e.timestampMs).toBeLessThanOrEqual(to);
      }
    }
  });

  it('point at real traces whose span matches the series and the bucket (every one of them)', () => {
    expect(all.length).toBeGreaterThan(200);
    for (const e of all) {
      const trace = fleet.traces.traceById(e.labels.trace_id);
      expect(trace, e.labels.trace_id).not.toBeNull();
      const span = trace!.spans.find((s) => s.spanId === e.labels.span_id)!;
      expect(span.kind).toBe('server');
      expect(span.serviceName).toBe(e.series.service);
      expect(span.attributes['http.route']).toBe(e.series.http_route);
      expect(span.attributes['http.request.method']).toBe(e.series.http_request_method);
      expect(String(span.attributes['http.response.status_code'])).toBe(e.series.http_response_status_code);
      const endMs = Number((span.startNs + span.durationNs) / 1_000_000n);
      expect(Math.abs(e.timestampMs - endMs)).toBeLessThanOrEqual(1);
      if (e.series.__name__ === 'http_server_requests_total') {
        expect(e.value).toBe(1);
        continue;
      }
      const seconds = Number(span.durationNs) / 1e9;
      expect(Math.abs(e.value - seconds)).toBeLessThan(1e-6);
      const le = e.series.le === '+Inf' ? Infinity : Number(e.series.le);
      const lower = LATENCY_BUCKETS_S.filter((b) => b < le).at(-1) ?? 0;
      expect(e.value).toBeLessThanOrEqual(le);
      expect(e.value).toBeGreaterThan(lower);
    }
  });

  it('have log lines: a trace-id search finds the trace lines, on spans of that trace', () => {
    for (const e of all.filter((_, i) => i % 10 === 0)) {
      const trace = fleet.traces.traceById(e.labels.trace_id)!;
      const spanIds = new Set(trace.spans.map((s) => s.spanId));
      const streams = fleet.logs.select([{ name: 'service', type: '=~', value: '.+' }], msToNsBig(from - minutes(1)), msToNsBig(to + minutes(1)), { lineContains: [e.labels.trace_id] });
      const lines = streams.flatMap((s) => s.entries.map((entry) => ({ labels: s.labels, entry, json: JSON.parse(entry.line) as Record<string, unknown> })));
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) {
        expect(l.json.trace_id).toBe(e.labels.trace_id);
        expect(spanIds.has(String(l.json.span_id))).toBe(true);
        expect(l.json.service).toBe(l.labels.service);
      }
      expect(lines.some((l) => l.json.span_id === e.labels.span_id)).toBe(true);
    }
  });

  it('land in the slow buckets during a payment incident', () => {
    const incident = latestIncident(fleet, 'payment-latency');
    const slow = fleet.exemplars(
      [
        { name: '__name__', type: '=', value: 'http_server_request_duration_seconds_bucket' },
        { name: 'service', type: '=', value: 'payment' },
        { name: 'le', type: '=~', value: '2.5|5|7.5' },
      ],
      incident.startMs + minutes(5),
      incident.startMs + minutes(15),
    );
    expect(slow.flatMap((r) => r.exemplars).length).toBeGreaterThan(10);
  });

  it('return nothing for series without exemplars or outside the data', () => {
    expect(fleet.exemplars([{ name: '__name__', type: '=', value: 'go_goroutines' }], from, to)).toEqual([]);
    expect(fleet.exemplars([{ name: 'service', type: '=', value: 'payment' }], TEST_NOW_MS + 1, TEST_NOW_MS + hours(1))).toEqual([]);
  });
});
