import { describe, expect, it } from 'vitest';
import { alignRange, seriesName, stepAlignedPoints, stepForRange, toChartSeries } from './series-data';

describe('stepAlignedPoints', () => {
  it('fills missing steps and non-finite values with null, never 0', () => {
    const series = { labels: {}, samples: [{ timeMs: 0, value: 1 }, { timeMs: 2000, value: Number.NaN }, { timeMs: 3000, value: 4 }] };
    expect(stepAlignedPoints(series, 0, 3000, 1000)).toEqual([[0, 1], [1000, null], [2000, null], [3000, 4]]);
  });

  it('returns nothing for a reversed range or a bad step', () => {
    const series = { labels: {}, samples: [{ timeMs: 0, value: 1 }] };
    expect(stepAlignedPoints(series, 10, 0, 1000)).toEqual([]);
    expect(stepAlignedPoints(series, 0, 10, 0)).toEqual([]);
    expect(stepAlignedPoints(series, 0, 10, Number.NaN)).toEqual([]);
  });
});

describe('seriesName', () => {
  it('orders labels and keeps the metric name in front', () => {
    expect(seriesName({ __name__: 'up', job: 'b', instance: 'a' })).toBe('up{instance="a", job="b"}');
    expect(seriesName({ service: 'payment', le: '0.5' }, ['le'])).toBe('{service="payment"}');
    expect(seriesName({})).toBe('{}');
  });
});

describe('stepForRange / alignRange', () => {
  it('picks readable steps that keep about 240 points', () => {
    expect(stepForRange(0, 3_600_000)).toBe(15_000);
    expect(stepForRange(0, 86_400_000)).toBe(600_000);
    expect(stepForRange(0, 10_000)).toBe(1000);
  });

  it('aligns outward to the step', () => {
    expect(alignRange(1_500, 9_200, 1000)).toEqual({ startMs: 1000, endMs: 10_000 });
  });

  it('builds named chart series', () => {
    const [one] = toChartSeries([{ labels: { __name__: 'x' }, samples: [{ timeMs: 0, value: 2 }] }], 0, 0, 1000);
    expect(one).toEqual({ name: 'x', labels: { __name__: 'x' }, points: [[0, 2]] });
  });
});
