import { describe, expect, it } from 'vitest';
import type { LogStream } from '../../query/types';
import { createFleet } from '../index';
import { TEST_NOW_MS, hours, latestIncident, minutes, msToNsBig } from '../testing';

const fleet = createFleet({ seed: 9, now: () => TEST_NOW_MS });
const from = TEST_NOW_MS - hours(3);
const to = from + hours(1);
const streams = fleet.logs.select([], msToNsBig(from), msToNsBig(to));

function lines(list: LogStream[]) {
  return list.flatMap((s) => s.entries.map((e) => ({ labels: s.labels, entry: e, json: JSON.parse(e.line) as Record<string, unknown> })));
}

describe('log streams', () => {
  it('are labelled like an OTel collector / Alloy pipeline would label them', () => {
    expect(fleet.logs.labelNames(msToNsBig(from), msToNsBig(to))).toEqual(['env', 'job', 'level', 'service', 'service_name']);
    expect(fleet.logs.labelValues('level', msToNsBig(from), msToNsBig(to))).toEqual(['error', 'info', 'warn']);
    expect(fleet.logs.labelValues('service_name', msToNsBig(from), msToNsBig(to))).toEqual(['gateway', 'inventory', 'order', 'payment', 'user']);
    for (const s of streams) {
      expect(Object.keys(s.labels).sort()).toEqual(['env', 'job', 'level', 'service', 'service_name']);
      expect(s.labels.job).toBe(`weft-demo/${s.labels.service}`);
      expect(s.labels.service_name).toBe(s.labels.service);
      expect(s.labels.env).toBe('production');
    }
    expect(fleet.logs.labelNames(msToNsBig(TEST_NOW_MS + 1), msToNsBig(TEST_NOW_MS + hours(1)))).toEqual([]);
  });

  it('hold zap-style JSON lines whose level, service and ts agree with the stream and the entry', () => {
    const all = lines(streams);
    expect(all.length).toBeGreaterThan(3000);
    for (const l of all.filter((_, i) => i % 7 === 0)) {
      expect(l.json.level).toBe(l.labels.level);
      expect(l.json.service).toBe(l.labels.service);
      expect(typeof l.json.msg).toBe('string');
      expect(typeof l.json.caller).toBe('string');
      const tsNs = BigInt(Date.parse(String(l.json.ts).slice(0, 19) + 'Z')) * 1_000_000n + BigInt(String(l.json.ts).slice(20, 26)) * 1000n;
      expect(tsNs).toBe((l.entry.timestampNs / 1000n) * 1000n);
    }
    for (const s of streams) {
      for (let i = 1; i < s.entries.length; i++) expect(s.entries[i].timestampNs >= s.entries[i - 1].timestampNs).toBe(true);
      expect(s.entries[0].timestampNs >= msToNsBig(from)).toBe(true);
      expect(s.entries.at(-1)!.timestampNs < msToNsBig(to)).toBe(true);
    }
  });

  it('have telemetry coverage below 100%, different per service, lowest for inventory', () => {
    const coverage = new Map<string, number>();
    for (const service of ['gateway', 'order', 'payment', 'inventory', 'user']) {
      const own = lines(streams.filter((s) => s.labels.service === service));
      coverage.set(service, own.filter((l) => typeof l.json.trace_id === 'string').length / own.length);
    }
    for (const share of coverage.values()) {
      expect(share).toBeGreaterThan(0.5);
      expect(share).toBeLessThan(1);
    }
    expect(coverage.get('inventory')).toBeLessThan(0.85);
    expect(new Set([...coverage.values()].map((v) => v.toFixed(3))).size).toBe(5);
    // Lines without a trace context carry no trace_id field at all.
    for (const l of lines(streams).filter((x) => x.json.trace_id === undefined)) expect(l.entry.line).not.toContain('trace_id');
  });

  it('answer a trace-id search from the trace alone, with exactly the lines a full scan finds', () => {
    const traces = [...fleet.traces.tracesInRange(msToNsBig(from + minutes(10)), msToNsBig(from + minutes(11)))];
    for (const trace of traces.slice(0, 20)) {
      const fast = fleet.logs.select([{ name: 'service', type: '=~', value: '.+' }], msToNsBig(from), msToNsBig(to), { lineContains: [trace.traceId] });
      const slow = streams
        .map((s) => ({ labels: s.labels, entries: s.entries.filter((e) => e.line.includes(trace.traceId)) }))
        .filter((s) => s.entries.length > 0);
      expect(fast).toEqual(slow);
      expect(fast.length).toBeGreaterThan(0);
    }
    expect(fleet.logs.select([], msToNsBig(from), msToNsBig(to), { lineContains: ['0123456789abcdef0123456789abcdef'] })).toEqual([]);
  });

  it('apply other line hints as filters and honour stream matchers', () => {
    const retries = fleet.logs.select([{ name: 'service', type: '=', value: 'inventory' }, { name: 'level', type: '!=', value: 'info' }], msToNsBig(from), msToNsBig(to), { lineContains: ['slow query'] });
    expect(retries.length).toBeGreaterThan(0);
    for (const s of retries) {
      expect(s.labels.service).toBe('inventory');
      expect(s.labels.level).not.toBe('info');
      for (const e of s.entries) expect(e.line).toContain('slow query');
    }
  });

  it('include the hourly batch job lines, traced by its trace id', () => {
    const hourStart = Math.floor(from / hours(1)) * hours(1);
    const batch = fleet.traces.batchTrace(hourStart);
    const found = fleet.logs.select([{ name: 'service', type: '=', value: 'inventory' }], msToNsBig(hourStart), msToNsBig(hourStart + hours(1)), { lineContains: [batch.traceId] });
    const msgs = found.flatMap((s) => s.entries.map((e) => JSON.parse(e.line).msg));
    expect(msgs).toContain('reconcile started');
    expect(msgs).toContain('reconcile finished');
    expect(msgs.filter((m) => m === 'batch reconciled').length).toBeGreaterThan(100);
  });

  it('tell the incident story: retries and pool errors in the logs', () => {
    const payment = latestIncident(fleet, 'payment-latency');
    const retry = fleet.logs.select([{ name: 'service', type: '=', value: 'payment' }, { name: 'level', type: '=', value: 'warn' }], msToNsBig(payment.startMs), msToNsBig(payment.endMs), { lineContains: ['bank API timeout, retrying'] });
    const retryLines = lines(retry);
    expect(retryLines.length).toBeGreaterThan(10);
    expect(retryLines.some((l) => l.json.attempt === 2)).toBe(true);
    const db = latestIncident(fleet, 'order-db-pool');
    const errors = lines(fleet.logs.select([{ name: 'service', type: '=', value: 'order' }, { name: 'level', type: '=', value: 'error' }], msToNsBig(db.startMs), msToNsBig(db.endMs)));
    expect(errors.filter((l) => String(l.json.error).includes('too many clients already')).length).toBeGreaterThan(5);
    expect(errors.filter((l) => String(l.json.error).includes('acquire conn: context deadline exceeded')).length).toBeGreaterThan(5);
  });
});
