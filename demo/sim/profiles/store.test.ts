import { describe, expect, it } from 'vitest';
import type { ProfileStackSample } from '../../contract';
import { deploysBetween } from '../deploys';
import { createFleet } from '../index';
import { TEST_NOW_MS, hours, latestIncident, minutes, msToNsBig } from '../testing';

const fleet = createFleet({ seed: 4, now: () => TEST_NOW_MS });
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';
const svc = (service: string) => [{ name: 'service_name', type: '=' as const, value: service }];
const total = (samples: ProfileStackSample[]) => samples.reduce((sum, s) => sum + s.value, 0);
const share = (samples: ProfileStackSample[], frame: string) => total(samples.filter((s) => s.stack.includes(frame))) / total(samples);

describe('profile catalogue', () => {
  it('lists the Pyroscope profile types and labels', () => {
    expect(fleet.profiles.profileTypes().map((t) => t.id)).toEqual([CPU, 'memory:alloc_space:bytes:space:bytes', 'memory:alloc_objects:count:space:bytes', 'memory:inuse_space:bytes:space:bytes']);
    expect(fleet.profiles.profileTypes()[0]).toEqual({ id: CPU, name: 'process_cpu', sampleType: 'cpu', sampleUnit: 'nanoseconds', periodType: 'cpu', periodUnit: 'nanoseconds' });
    const names = fleet.profiles.labelNames();
    for (const n of ['__name__', '__profile_type__', 'service_name', 'service_version', 'env']) expect(names).toContain(n);
    expect(fleet.profiles.labelValues('service_name')).toEqual(['gateway', 'inventory', 'order', 'payment', 'user']);
    expect(fleet.profiles.labelValues('__name__')).toEqual(['memory', 'process_cpu']);
  });

  it('returns Go-shaped stacks for every type', () => {
    for (const type of fleet.profiles.profileTypes()) {
      const samples = fleet.profiles.select(type.id, svc('payment'), TEST_NOW_MS - hours(1), TEST_NOW_MS);
      expect(samples.length, type.id).toBeGreaterThan(2);
      for (const s of samples) {
        expect(Number.isInteger(s.value)).toBe(true);
        expect(s.value).toBeGreaterThan(0);
      }
    }
    const cpu = fleet.profiles.select(CPU, svc('payment'), TEST_NOW_MS - hours(1), TEST_NOW_MS);
    expect(cpu.some((s) => s.stack[0] === 'net/http.(*conn).serve' && s.stack.includes('main.(*PaymentService).Charge') && s.stack.includes('crypto/rsa.SignPKCS1v15'))).toBe(true);
    expect(cpu.some((s) => s.stack[0] === 'runtime.gcBgMarkWorker')).toBe(true);
    expect(cpu.some((s) => s.stack.at(-1) === 'runtime.mallocgc')).toBe(true);
    expect(cpu.some((s) => s.stack[0] === 'runtime.main' && s.stack[1] === 'main.main')).toBe(true);
  });

  it('adds up to process_cpu_seconds_total over the same window', () => {
    const end = Math.floor((TEST_NOW_MS - hours(2)) / minutes(1)) * minutes(1);
    const start = end - minutes(30);
    for (const service of ['gateway', 'payment', 'inventory']) {
      if (deploysBetween(4, service as 'gateway', start - minutes(1), end + 1).length > 0) continue;
      const profileNs = total(fleet.profiles.select(CPU, svc(service), start, end));
      const [counter] = fleet.metrics.select([{ name: '__name__', type: '=', value: 'process_cpu_seconds_total' }, { name: 'service', type: '=', value: service }], start, end);
      const cpuSeconds = counter.values.at(-1)! - counter.values[0];
      expect(Math.abs(profileNs / 1e9 - cpuSeconds) / cpuSeconds).toBeLessThan(1e-4);
    }
  });

  it('shows the payment hot path (RSA signing, retry/backoff, TLS re-handshakes) during a payment incident', () => {
    const incident = latestIncident(fleet, 'payment-latency');
    const during = fleet.profiles.select(CPU, svc('payment'), incident.startMs + minutes(5), incident.startMs + minutes(15));
    const before = fleet.profiles.select(CPU, svc('payment'), incident.startMs - hours(2), incident.startMs - hours(1));
    expect(total(during) / 10).toBeGreaterThan((total(before) / 60) * 1.3); // more CPU per minute
    expect(share(during, 'github.com/cenkalti/backoff/v4.RetryNotifyWithTimer')).toBeGreaterThan(share(before, 'github.com/cenkalti/backoff/v4.RetryNotifyWithTimer') + 0.01);
    expect(share(during, 'crypto/tls.(*Conn).HandshakeContext')).toBeGreaterThan(share(before, 'crypto/tls.(*Conn).HandshakeContext') + 0.05);
    expect(share(during, 'crypto/rsa.SignPKCS1v15')).toBeGreaterThan(0.3);
  });

  it('shows database/sql.(*DB).conn hot in order only during the DB pool incident', () => {
    const incident = latestIncident(fleet, 'order-db-pool');
    const during = fleet.profiles.select(CPU, svc('order'), incident.startMs + minutes(5), incident.startMs + minutes(15));
    const before = fleet.profiles.select(CPU, svc('order'), incident.startMs - hours(2), incident.startMs - hours(1));
    expect(share(during, 'database/sql.(*DB).conn')).toBeGreaterThan(0.3);
    expect(share(before, 'database/sql.(*DB).conn')).toBe(0);
  });

  it('groups series by label, with the version changing at deploys', () => {
    const start = TEST_NOW_MS - hours(96);
    const series = fleet.profiles.series(CPU, svc('order'), start, TEST_NOW_MS, hours(1), ['service_name', 'service_version']);
    expect(series.length).toBe(deploysBetween(4, 'order', start, TEST_NOW_MS).length + 1);
    const byService = fleet.profiles.series(CPU, [], TEST_NOW_MS - hours(1), TEST_NOW_MS, minutes(1), ['service_name']);
    expect(byService.map((s) => s.labels.service_name).sort()).toEqual(['gateway', 'inventory', 'order', 'payment', 'user']);
    const payment = byService.find((s) => s.labels.service_name === 'payment')!;
    expect(payment.points).toHaveLength(60);
    const merged = total(fleet.profiles.select(CPU, svc('payment'), TEST_NOW_MS - hours(1), TEST_NOW_MS));
    const summed = payment.points.reduce((sum, p) => sum + p.value, 0);
    expect(Math.abs(summed - merged) / merged).toBeLessThan(1e-6);
  });
});

describe('span profiles', () => {
  const from = TEST_NOW_MS - hours(4);
  const to = from + minutes(10);
  const spans = [...fleet.traces.tracesInRange(msToNsBig(from), msToNsBig(to))].flatMap((t) => t.spans);

  it('are announced on exactly the server spans of payment and order (pyroscope.profile.id = span id)', () => {
    const tagged = spans.filter((s) => s.attributes['pyroscope.profile.id'] !== undefined);
    expect(tagged.length).toBeGreaterThan(50);
    for (const s of tagged) {
      expect(s.attributes['pyroscope.profile.id']).toBe(s.spanId);
      expect(s.kind).toBe('server');
      expect(['payment', 'order']).toContain(s.serviceName);
    }
    expect(spans.filter((s) => s.kind === 'server' && (s.serviceName === 'payment' || s.serviceName === 'order')).length).toBe(tagged.length);
  });

  it('return CPU samples for every tagged span, and nothing for other ids', () => {
    const tagged = spans.filter((s) => s.attributes['pyroscope.profile.id'] !== undefined);
    for (const span of tagged.slice(0, 40)) {
      const startMs = Number(span.startNs / 1_000_000n);
      const endMs = Number((span.startNs + span.durationNs) / 1_000_000n) + 1;
      const samples = fleet.profiles.select(CPU, svc(span.serviceName), startMs, endMs, [span.spanId]);
      expect(samples.length, span.spanId).toBeGreaterThan(0);
      expect(total(samples) % 10_000_000).toBe(0); // 100 Hz samples
      for (const s of samples) expect(s.stack[0]).toMatch(/^net\/http\./);
    }
    const gateway = spans.find((s) => s.serviceName === 'gateway' && s.kind === 'server')!;
    expect(fleet.profiles.select(CPU, [], from, to, [gateway.spanId])).toEqual([]);
    expect(fleet.profiles.select(CPU, [], from, to, ['0123456789abcdef'])).toEqual([]);
    expect(fleet.profiles.select('memory:alloc_space:bytes:space:bytes', [], from, to, [tagged[0].spanId])).toEqual([]);
  });
});
