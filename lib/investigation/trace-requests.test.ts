import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseContextRequest, parseProfileRequest, parseTimelineRequest, traceIdFromUserInput } from './trace-requests';

const NOW = Date.UTC(2026, 10, 22, 0, 0, 0);
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const q = (text: string) => new URLSearchParams(text);

describe('traceIdFromUserInput', () => {
  it('accepts 32 and 16 hex in any case and a traceparent', () => {
    expect(traceIdFromUserInput(TRACE.toUpperCase())).toBe(TRACE);
    expect(traceIdFromUserInput('01e00fff4138673d')).toBe('000000000000000001e00fff4138673d');
    expect(traceIdFromUserInput(`00-${TRACE}-00f067aa0ba902b7-01`)).toBe(TRACE);
  });

  it('refuses base64 and words that happen to decode as 8 or 16 bytes', () => {
    expect(traceIdFromUserInput('S/kvNXezTaajzpKdDg5HNg==')).toBeNull();
    expect(traceIdFromUserInput('abcdefghijk')).toBeNull();
    expect(traceIdFromUserInput('0'.repeat(32))).toBeNull();
    expect(traceIdFromUserInput(`${TRACE}0`)).toBeNull();
  });
});

describe('parseTimelineRequest', () => {
  it('takes an optional absolute or relative range', () => {
    expect(parseTimelineRequest(TRACE, q(''), NOW)).toEqual({ ok: true, value: { traceId: TRACE, range: null } });
    expect(parseTimelineRequest(TRACE, q('from=now-1h&to=now'), NOW)).toEqual({
      ok: true,
      value: { traceId: TRACE, range: { startMs: NOW - 3_600_000, endMs: NOW } },
    });
  });

  it('explains what is wrong', () => {
    const bad = (id: string, query: string) => {
      const parsed = parseTimelineRequest(id, q(query), NOW);
      return parsed.ok ? 'ok' : parsed.error;
    };
    expect(bad('not-a-trace', '')).toMatch(/Not a trace id: expected 32 hexadecimal/);
    expect(bad(TRACE, 'from=now-1h')).toMatch(/both "from" and "to"/);
    expect(bad(TRACE, 'from=now&to=now-1h')).toMatch(/after the end/);
    expect(bad(TRACE, 'from=1700000000&to=now')).toMatch(/epoch seconds/);
    expect(bad(TRACE, 'from=now-1h&from=now-2h&to=now')).toMatch(/"from" once/);
    expect(bad('%E0%A4%A', '')).toMatch(/Not a trace id/);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string(), fc.string(), (id, from, to) => {
        const parsed = parseTimelineRequest(id, new URLSearchParams({ from, to }), NOW);
        expect(typeof parsed.ok).toBe('boolean');
        if (!parsed.ok) expect(parsed.error.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('parseContextRequest', () => {
  it('needs services and a window of at most a day', () => {
    const ok = parseContextRequest(TRACE, q('services=payment, order ,payment&from=now-1h&to=now&at=1795303440000'), NOW);
    expect(ok).toEqual({ ok: true, value: { traceId: TRACE, services: ['payment', 'order'], window: { startMs: NOW - 3_600_000, endMs: NOW }, atMs: 1795303440000 } });
    const errors = ['from=now-1h&to=now', 'services=&from=now-1h&to=now', 'services=a&from=now-2d&to=now', 'services=a%00b&from=now-1h&to=now', 'services=a&from=now-1h&to=now&at=soon'].map(
      (query) => {
        const parsed = parseContextRequest(TRACE, q(query), NOW);
        return parsed.ok ? 'ok' : parsed.error;
      },
    );
    expect(errors).toEqual([
      'Give the services: services=a,b',
      'Give at least one service: services=a,b',
      expect.stringMatching(/longest allowed is 1 day/),
      expect.stringMatching(/control characters/),
      '"at" is epoch milliseconds',
    ]);
    const many = Array.from({ length: 21 }, (_, i) => `s${i}`).join(',');
    expect(parseContextRequest(TRACE, q(`services=${many}&from=now-1h&to=now`), NOW)).toEqual({ ok: false, error: 'At most 20 services at once' });
  });

  it('keeps a hostile service name as data: it is escaped when the query is built', () => {
    const parsed = parseContextRequest(TRACE, new URLSearchParams({ services: 'x"} or vector(1) #', from: 'now-1h', to: 'now' }), NOW);
    expect(parsed.ok && parsed.value.services).toEqual(['x"} or vector(1) #']);
  });
});

describe('parseProfileRequest', () => {
  it('reads span, profile type and baseline', () => {
    expect(parseProfileRequest(TRACE, q('span=00F067AA0BA902B7&profileType=process_cpu:cpu:nanoseconds:cpu:nanoseconds&baseline=hour'), NOW)).toEqual({
      ok: true,
      value: {
        traceId: TRACE,
        spanId: '00f067aa0ba902b7',
        profileTypeId: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds',
        baseline: { kind: 'hour' },
        range: null,
      },
    });
  });

  it('refuses what it cannot use', () => {
    const error = (query: string) => {
      const parsed = parseProfileRequest(TRACE, q(query), NOW);
      return parsed.ok ? 'ok' : parsed.error;
    };
    expect(error('')).toMatch(/Give the span/);
    expect(error('span=xyz')).toMatch(/Not a span id/);
    expect(error('span=00f067aa0ba902b7&profileType=cpu')).toMatch(/Not a profile type/);
    expect(error('span=00f067aa0ba902b7&baseline=lastweek')).toMatch(/"baseline" is hour/);
    expect(error('span=00f067aa0ba902b7&baseline=1795000000000-1795303600000')).toMatch(/longer than 24 hours/);
  });
});
