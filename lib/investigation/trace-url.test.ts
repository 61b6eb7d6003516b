import { describe, expect, it } from 'vitest';
import type { SpanId, TraceId } from '../model/trace';
import { DEFAULT_TRACE_VIEW, otherTraceHref, parseBaselineSpec, parseTraceViewState, traceViewHref, traceViewSearchParams } from './trace-url';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736' as TraceId;

describe('trace view URL state', () => {
  it('round-trips every part of the view', () => {
    const state = {
      spanId: '00f067aa0ba902b7' as SpanId,
      tab: 'profile' as const,
      range: { from: '1795303000000', to: '1795304000000' },
      profileType: 'memory:alloc_space:bytes:space:bytes',
      diff: { kind: 'hour' as const },
    };
    const href = traceViewHref(TRACE, state);
    expect(href).toBe(
      `/trace/${TRACE}?span=00f067aa0ba902b7&tab=profile&from=1795303000000&to=1795304000000&profileType=memory%3Aalloc_space%3Abytes%3Aspace%3Abytes&diff=hour`,
    );
    expect(parseTraceViewState(new URL(href, 'http://x').searchParams)).toEqual(state);
  });

  it('leaves defaults out of the URL', () => {
    expect(traceViewHref(TRACE)).toBe(`/trace/${TRACE}`);
    expect(traceViewSearchParams({ ...DEFAULT_TRACE_VIEW, tab: 'logs' }).toString()).toBe('');
  });

  it('reads hand-edited links leniently: bad parts fall back to defaults', () => {
    const state = parseTraceViewState({ span: 'NOT-A-SPAN', tab: 'flames', from: 'now-1h', profileType: 'x"}', diff: '9-3' });
    expect(state).toEqual(DEFAULT_TRACE_VIEW);
    // Upper-case span ids are accepted and lowered; Next's array form takes the first value.
    expect(parseTraceViewState({ span: ['00F067AA0BA902B7', 'x'] }).spanId).toBe('00f067aa0ba902b7');
  });

  it('parses baselines: hour, none, an absolute range, nothing else', () => {
    expect(parseBaselineSpec('hour')).toEqual({ kind: 'hour' });
    expect(parseBaselineSpec(undefined)).toEqual({ kind: 'none' });
    expect(parseBaselineSpec('1795300000000-1795303600000')).toEqual({ kind: 'range', startMs: 1795300000000, endMs: 1795303600000 });
    expect(parseBaselineSpec('1795303600000-1795300000000')).toBeNull();
    expect(parseBaselineSpec('yesterday')).toBeNull();
  });

  it('links to other traces carrying only the range', () => {
    expect(otherTraceHref('abc/../x', { from: 'now-1h', to: 'now' })).toBe('/trace/abc%2F..%2Fx?from=now-1h&to=now');
    expect(otherTraceHref(TRACE, null, '00f067aa0ba902b7')).toBe(`/trace/${TRACE}?span=00f067aa0ba902b7`);
  });
});
