import { describe, expect, it } from 'vitest';
import type { Span, SpanId, TraceId } from '../model/trace';
import { paddedWindow, planSpanProfile, PROFILE_ID_ATTRIBUTE } from './span-profile';

function span(spanId: string, serviceName: string, parent: string | null, startMs: number, durationMs: number, profiled = false): Span {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c' as TraceId,
    spanId: spanId as SpanId,
    parentSpanId: parent as SpanId | null,
    name: `${serviceName}-${spanId.slice(0, 2)}`,
    serviceName,
    kind: 'server',
    startUnixNano: '0',
    startMs,
    durationNs: durationMs * 1e6,
    status: { code: 'unset' },
    attributes: profiled ? { [PROFILE_ID_ATTRIBUTE]: spanId } : {},
    resource: {},
    events: [],
    links: [],
  };
}

const gateway = span('1111111111111111', 'gateway', null, 1_000_000, 2000);
const paymentRoot = span('2222222222222222', 'payment', '1111111111111111', 1_000_100, 1500, true);
const paymentChild = span('3333333333333333', 'payment', '2222222222222222', 1_000_200, 100);
const spans = new Map([gateway, paymentRoot, paymentChild].map((s) => [s.spanId as string, s]));

describe('planSpanProfile', () => {
  it("uses the span's own profile when it carries a profile id", () => {
    const plan = planSpanProfile(paymentRoot, spans);
    expect(plan).toMatchObject({ mode: 'span', profiledSpanId: paymentRoot.spanId });
  });

  it('uses the nearest same-service ancestor that was profiled', () => {
    const plan = planSpanProfile(paymentChild, spans);
    expect(plan).toMatchObject({ mode: 'span', spanId: paymentChild.spanId, profiledSpanId: paymentRoot.spanId });
    expect(plan.reason).toContain('payment-22');
  });

  it('falls back to the service profile, never crossing into another service', () => {
    const plan = planSpanProfile(gateway, spans);
    expect(plan.mode).toBe('service');
    expect(plan.endMs - plan.startMs).toBeGreaterThanOrEqual(30_000);
    expect(plan.startMs).toBeLessThan(gateway.startMs);
  });
});

describe('paddedWindow', () => {
  it('centres a short span in the minimum window and keeps long ones as they are', () => {
    expect(paddedWindow(100_000, 100_000)).toEqual({ startMs: 85_000, endMs: 115_000 });
    expect(paddedWindow(0, 60_000)).toEqual({ startMs: 0, endMs: 60_000 });
  });
});
