import { describe, expect, it } from 'vitest';
import type { SpanId } from '../model/trace';
import { buildTraceTree } from './build-trace-tree';
import { formatDurationUs } from './format';
import { spanDetails } from './span-details';
import { makeTrace } from './synthetic';
import { timeTicks } from './ticks';

describe('spanDetails', () => {
  const tree = buildTraceTree(
    makeTrace([
      { id: 'root', startUs: 0, durationUs: 1000 },
      {
        id: 'child',
        parent: 'root',
        startUs: 200,
        durationUs: 500,
        status: 'error',
        attributes: { zeta: 1, alpha: 'x', nested: { a: [1, true] } },
        resource: { 'service.name': 'payment' },
        events: [
          { name: 'retry', offsetUs: 300, attributes: { attempt: 2 } },
          { name: 'exception', offsetUs: 100 },
        ],
      },
      { id: 'lost', parent: 'nowhere', startUs: 10, durationUs: 1 },
    ]),
  );

  it('groups sorted attributes, resource and events with relative times', () => {
    const d = spanDetails(tree, 'child' as SpanId);
    expect(d?.attributes.map((a) => `${a.key}=${a.text}`)).toEqual(['alpha=x', 'nested={"a":[1,true]}', 'zeta=1']);
    expect(d?.resource.map((a) => a.key)).toEqual(['service.name']);
    expect(d?.events.map((e) => [e.name, e.offsetInSpanUs, e.offsetInTraceUs])).toEqual([
      ['exception', 100, 300],
      ['retry', 300, 500],
    ]);
    expect(d?.events[1].attributes[0]).toMatchObject({ key: 'attempt', text: '2' });
    expect(d?.startUs).toBe(200);
    expect(d?.status.code).toBe('error');
    expect(d?.parentSpanId).toBe('root');
  });

  it('explains data problems and returns null for unknown ids', () => {
    expect(spanDetails(tree, 'lost' as SpanId)?.warnings[0]).toContain('nowhere');
    expect(spanDetails(tree, 'nope' as SpanId)).toBeNull();
  });
});

describe('formatDurationUs', () => {
  it('picks a unit and three significant digits', () => {
    expect(formatDurationUs(0.5)).toBe('500 ns');
    expect(formatDurationUs(850)).toBe('850 µs');
    expect(formatDurationUs(12_345)).toBe('12.3 ms');
    expect(formatDurationUs(1_250_000)).toBe('1.25 s');
    expect(formatDurationUs(125_000_000)).toBe('2m 05s');
    expect(formatDurationUs(2 * 3600e6 + 60e6)).toBe('2h 01m');
  });
});

describe('timeTicks', () => {
  it('uses 1-2-5 steps from zero to the duration', () => {
    expect(timeTicks(1000, 5).map((t) => t.us)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(timeTicks(2_300_000, 5).map((t) => t.us)).toEqual([0, 500_000, 1_000_000, 1_500_000, 2_000_000]);
    expect(timeTicks(0)).toEqual([{ us: 0, fraction: 0 }]);
    const last = timeTicks(2_300_000).at(-1);
    expect(last?.fraction).toBeCloseTo(2 / 2.3, 6);
  });
});
