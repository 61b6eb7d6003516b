import { describe, expect, it } from 'vitest';
import { escapeHtml, niceCeil, scatterSeries } from './scatter-data';
import type { SearchTraceRow } from './load-search';

function row(traceId: string, error: boolean | null, startMs: number, durationMs: number): SearchTraceRow {
  return { traceId, rootServiceName: 's', rootTraceName: 'n', startMs, durationMs, matchedSpans: 1, error, href: `/trace/${traceId}` };
}

describe('scatterSeries', () => {
  it('splits rows by error state and keeps their index for the click-through', () => {
    const series = scatterSeries([row('a', false, 1, 10), row('b', true, 2, 20), row('c', null, 3, 30), row('d', true, 4, 40)]);
    expect(series.error).toEqual([
      { startMs: 2, durationMs: 20, index: 1 },
      { startMs: 4, durationMs: 40, index: 3 },
    ]);
    expect(series.ok).toEqual([{ startMs: 1, durationMs: 10, index: 0 }]);
    expect(series.unknown).toEqual([{ startMs: 3, durationMs: 30, index: 2 }]);
  });
});

describe('escapeHtml', () => {
  it('escapes markup in span and service names', () => {
    expect(escapeHtml('<img src=x onerror="alert(1)">&\'')).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;');
  });
});

describe('niceCeil', () => {
  it('rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceCeil(345)).toBe(500);
    expect(niceCeil(200)).toBe(200);
    expect(niceCeil(201)).toBe(250);
    expect(niceCeil(0.7)).toBe(1);
    expect(niceCeil(1.2)).toBe(2);
    expect(niceCeil(9_100)).toBe(10_000);
    expect(niceCeil(0)).toBe(1);
  });
});
