import { describe, expect, it } from 'vitest';
import { parseSearchForm } from '../investigation/search/search-form';
import { latencyThresholdSeconds, traceLinks } from './trace-links';

const LATENCY = { type: 'good' as const, goodQuery: 'http_server_request_duration_seconds_bucket{service="payment",le="1"}', totalQuery: 'http_server_request_duration_seconds_count{service="payment"}' };
const ERRORS = { type: 'bad' as const, badQuery: 'sum(rate(x{code=~"5.."}[{{.window}}]))', totalQuery: 'sum(rate(x[{{.window}}]))' };

describe('trace links from an SLO window', () => {
  it('read the latency threshold of a histogram SLI', () => {
    expect(latencyThresholdSeconds(LATENCY)).toBe(1);
    expect(latencyThresholdSeconds({ ...LATENCY, goodQuery: 'sum(rate(h_bucket{le="0.25"}[{{.window}}]))' })).toBe(0.25);
    expect(latencyThresholdSeconds(ERRORS)).toBeNull();
    expect(latencyThresholdSeconds({ ...LATENCY, goodQuery: 'sum(rate(h_bucket{le="+Inf"}[{{.window}}]))' })).toBeNull();
    expect(latencyThresholdSeconds({ ...LATENCY, goodQuery: 'sum(rate(h_bucket{le=~"0.5|1"}[{{.window}}]))' })).toBeNull();
  });

  it('link to the failed and slow traces of the service in the window, as the search page reads them', () => {
    const links = traceLinks('pay ment"&x=1', LATENCY, { fromMs: 1_795_300_000_000, toMs: 1_795_303_600_000 });
    expect(links.failed).toBe('/traces?service=pay+ment%22%26x%3D1&status=error&from=1795300000000&to=1795303600000');
    expect(links.slowThreshold).toBe('1s');
    const failed = parseSearchForm(new URLSearchParams(links.failed.split('?')[1]));
    expect(failed).toMatchObject({ ok: true, value: { service: 'pay ment"&x=1', status: 'error' } });
    const slow = parseSearchForm(new URLSearchParams((links.slow ?? '').split('?')[1]));
    expect(slow).toMatchObject({ ok: true, value: { minDurationMs: 1000, status: 'any' } });
    expect(traceLinks('a', { ...LATENCY, goodQuery: 'h_bucket{le="0.25"}' }, { fromMs: 0, toMs: 1 }).slowThreshold).toBe('250ms');
    expect(traceLinks('a', ERRORS, { fromMs: 0, toMs: 1 }).slow).toBeNull();
  });
});
