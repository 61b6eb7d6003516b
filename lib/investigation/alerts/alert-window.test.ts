import { describe, expect, it } from 'vitest';
import { alertWindow, MAX_ALERT_PAD_MS, MIN_ALERT_PAD_MS, traceHref, traceWindow, TRACE_PAD_MS } from './alert-window';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = Date.UTC(2026, 10, 21, 12, 0, 30);

describe('alertWindow', () => {
  it('pads a short resolved alert by 15 minutes on each side, on whole minutes', () => {
    const start = NOW - 3 * HOUR + 10_500;
    const window = alertWindow(start, start + 10 * MIN, NOW);
    expect(window.fromMs).toBe(Math.floor((start - MIN_ALERT_PAD_MS) / MIN) * MIN);
    expect(window.toMs).toBe(Math.ceil((start + 10 * MIN + MIN_ALERT_PAD_MS) / MIN) * MIN);
    expect(window.fromMs % MIN).toBe(0);
    expect(window.toMs % MIN).toBe(0);
  });

  it('pads by half the duration between the bounds', () => {
    const start = NOW - 10 * HOUR - 30_000;
    const end = start + 2 * HOUR;
    const window = alertWindow(start, end, NOW);
    expect(end - start + 2 * HOUR).toBeLessThanOrEqual(window.toMs - window.fromMs);
    expect(window.toMs - window.fromMs).toBeLessThanOrEqual(4 * HOUR + 2 * MIN);
    const long = alertWindow(NOW - 30 * 24 * HOUR, NOW - 2 * 24 * HOUR, NOW);
    expect(long.fromMs).toBe(NOW - 30 * 24 * HOUR - MAX_ALERT_PAD_MS - 30_000);
  });

  it('ends at now (rounded up to the minute) for an alert still firing', () => {
    const window = alertWindow(NOW - 5 * MIN, null, NOW);
    expect(window.toMs).toBe(Date.UTC(2026, 10, 21, 12, 1, 0));
    expect(window.fromMs).toBe(Date.UTC(2026, 10, 21, 11, 40, 0));
  });

  it('never reaches past now for a resolved alert', () => {
    const window = alertWindow(NOW - 20 * MIN, NOW - MIN, NOW);
    expect(window.toMs).toBe(Date.UTC(2026, 10, 21, 12, 1, 0));
  });

  it('stays a valid window for an alert stamped in the future (clock skew) and rejects NaN', () => {
    const window = alertWindow(NOW + HOUR, null, NOW);
    expect(window.toMs).toBeGreaterThan(window.fromMs);
    expect(() => alertWindow(Number.NaN, null, NOW)).toThrow(RangeError);
    expect(() => alertWindow(NOW, Number.POSITIVE_INFINITY, NOW)).toThrow(RangeError);
  });
});

describe('traceWindow and traceHref', () => {
  it('puts 15 minutes around the trace, in whole seconds', () => {
    const at = NOW + 123;
    expect(traceWindow(at, 2500)).toEqual({ fromMs: Math.floor((at - TRACE_PAD_MS) / 1000) * 1000, toMs: Math.ceil((at + 2500 + TRACE_PAD_MS) / 1000) * 1000 });
  });

  it('links to the trace view with an absolute range', () => {
    const href = traceHref('0af7651916cd43dd8448eb211c80319c', NOW);
    const url = new URL(href, 'http://x');
    expect(url.pathname).toBe('/trace/0af7651916cd43dd8448eb211c80319c');
    expect(Number(url.searchParams.get('from'))).toBe(NOW - TRACE_PAD_MS);
    expect(Number(url.searchParams.get('to'))).toBe(NOW + TRACE_PAD_MS);
  });
});
