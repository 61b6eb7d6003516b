import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { absoluteRange, locationFromParts, paramsFromRecord, parseViewHref, viewHref } from './url';
import { MAX_INSTANT_MS } from '../time-range';
import { checkViewPath, viewTargetOfPath } from './view-state';

const NOW = Date.UTC(2026, 10, 21, 12, 34, 56, 789);

const pathChars = fc.string({ maxLength: 40, unit: fc.constantFrom('/', '\\', '.', '%', 'a', ':', '@', '?', '#', ' ', '\t', 'e', 'x', '2', 'F') });
const pathLike = fc.oneof(pathChars, pathChars.map((rest) => `/${rest}`));

describe('parseViewHref', () => {
  it('splits a trace view into path, parameters in order, and the range as written', () => {
    const parsed = parseViewHref('/trace/4bf92f3577b34da6a3ce929d0e0e4736?span=00f067aa0ba902b7&tab=profile&from=now-1h&to=now&diff=hour#ignored');
    expect(parsed).toEqual({
      ok: true,
      value: {
        path: '/trace/4bf92f3577b34da6a3ce929d0e0e4736',
        params: [
          ['span', '00f067aa0ba902b7'],
          ['tab', 'profile'],
          ['diff', 'hour'],
        ],
        range: { from: 'now-1h', to: 'now' },
      },
    });
  });

  it('keeps repeated parameters and unicode values', () => {
    const parsed = parseViewHref('/traces?service=a&service=b&q=%7Bresource.service.name%3D%22p%C3%A4y%22%7D');
    expect(parsed.ok && parsed.value.params).toEqual([
      ['service', 'a'],
      ['service', 'b'],
      ['q', '{resource.service.name="päy"}'],
    ]);
  });

  it('treats half a range as none, and refuses a repeated side', () => {
    expect(parseViewHref('/?from=now-6h')).toMatchObject({ ok: true, value: { range: null } });
    expect(parseViewHref('/?from=1&from=2&to=3')).toEqual({ ok: false, error: 'Give "from" once' });
  });

  it.each([
    ['//evil.example/x', /single "\/"/],
    ['/\\evil.example', /characters/],
    ['https://evil.example/', /single "\/"/],
    ['javascript:alert(1)', /single "\/"/],
    ['/trace/../api/permalinks', /canonical/],
    ['/api/permalinks', /not a view/],
    ['/s/abcdefghijkl', /not a view/],
    ['/_next/static/x.js', /not a view/],
    ['/a b', /characters/],
    ['', /1 to 512/],
  ])('refuses %j', (href, message) => {
    const parsed = parseViewHref(href);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });

  it('never accepts a path that leaves the origin (property)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(pathLike, (path) => {
        const checked = checkViewPath(path);
        if (!checked.ok) return;
        accepted += 1;
        for (const base of ['https://weft.example', 'http://127.0.0.1:3000']) {
          const url = new URL(path, base);
          expect(url.origin).toBe(new URL(base).origin);
          expect(url.pathname).toBe(path);
        }
      }),
      { numRuns: 3000 },
    );
    // Not vacuous: plenty of generated paths were accepted and checked.
    expect(accepted).toBeGreaterThan(100);
  });
});

describe('absoluteRange', () => {
  it('pins relative sides to whole seconds of the clock', () => {
    expect(absoluteRange({ from: 'now-1h', to: 'now' }, NOW)).toEqual({
      ok: true,
      value: { fromMs: Date.UTC(2026, 10, 21, 11, 34, 56), toMs: Date.UTC(2026, 10, 21, 12, 34, 56) },
    });
  });

  it('keeps absolute sides to the millisecond (RFC3339 or epoch ms)', () => {
    expect(absoluteRange({ from: '2026-11-21T10:00:00.123Z', to: '1795258800456' }, NOW)).toEqual({
      ok: true,
      value: { fromMs: Date.UTC(2026, 10, 21, 10, 0, 0, 123), toMs: 1795258800456 },
    });
  });

  it('reports what is wrong with a bad range', () => {
    expect(absoluteRange({ from: 'now', to: 'now-1h' }, NOW)).toMatchObject({ ok: false, error: expect.stringMatching(/after the end/) });
    expect(absoluteRange({ from: 'yesterday', to: 'now' }, NOW)).toMatchObject({ ok: false, error: expect.stringMatching(/not a time/) });
    expect(absoluteRange({ from: 'now-500ms', to: 'now' }, NOW)).toMatchObject({ ok: false });
  });
});

// Views the console has, with parameter names they use; values are arbitrary text.
const paths = fc.constantFrom('/', '/traces', '/slo', '/slo/slo_123', '/reports/2026-11', '/alerts/HighLatency', '/alerts/Disk%20full%20%2F', '/trace/4bf92f3577b34da6a3ce929d0e0e4736', '/settings/datasources');
const names = fc.oneof(fc.constantFrom('span', 'tab', 'profileType', 'diff', 'labels', 'q', 'service'), fc.string({ minLength: 1, maxLength: 12 }));
const pairs = fc.array(fc.tuple(names, fc.string({ maxLength: 40 })), { maxLength: 8 }).map((list) => list.filter(([name]) => name !== 'from' && name !== 'to'));
const ranges = fc
  .tuple(fc.integer({ min: Date.UTC(2000, 0, 1), max: MAX_INSTANT_MS - 2 }), fc.integer({ min: 1, max: 366 * 86_400_000 }))
  .map(([fromMs, spanMs]) => ({ fromMs, toMs: Math.min(fromMs + spanMs, MAX_INSTANT_MS - 1) }))
  .filter((r) => r.toMs > r.fromMs);

describe('state <-> URL round trips (property)', () => {
  it('viewHref then parseViewHref gives back the path, the parameters in order and the exact range', () => {
    fc.assert(
      fc.property(paths, pairs, ranges, (path, params, range) => {
        const href = viewHref({ path, params, range });
        const parsed = parseViewHref(href);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(parsed.value.path).toBe(path);
        expect(parsed.value.params).toEqual(params);
        expect(parsed.value.range).toEqual({ from: String(range.fromMs), to: String(range.toMs) });
        // An absolute range means the same instants whatever the clock says.
        for (const nowMs of [0, NOW, MAX_INSTANT_MS]) {
          expect(absoluteRange(parsed.value.range!, nowMs)).toEqual({ ok: true, value: range });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a browser address -> stored state -> address is the same view, with from/to pinned', () => {
    fc.assert(
      fc.property(paths, pairs, fc.constantFrom('now-5m', 'now-1h', 'now-7d', 'now-2d+3h'), (path, params, from) => {
        const search = new URLSearchParams(params);
        search.set('from', from);
        search.set('to', 'now');
        const first = parseViewHref(`${path}?${search.toString()}`);
        if (!first.ok) throw new Error(first.error);
        const range = absoluteRange(first.value.range!, NOW);
        if (!range.ok) throw new Error(range.error);
        const href = viewHref({ path: first.value.path, params: first.value.params, range: range.value });
        const again = parseViewHref(href);
        expect(again).toEqual({ ok: true, value: { path, params, range: { from: String(range.value.fromMs), to: String(range.value.toMs) } } });
        // Stable: storing the restored address again changes nothing.
        expect(viewHref({ path, params, range: range.value })).toBe(href);
      }),
      { numRuns: 300 },
    );
  });
});

describe('locationFromParts / paramsFromRecord', () => {
  it('accepts a path with an object of parameters', () => {
    const pairs = paramsFromRecord({ tab: 'logs', service: ['a', 'b'] });
    expect(locationFromParts('/traces', [...pairs, ['from', '1'], ['to', '2']])).toEqual({
      ok: true,
      value: { path: '/traces', params: [['tab', 'logs'], ['service', 'a'], ['service', 'b']], range: { from: '1', to: '2' } },
    });
  });

  it('refuses too many or too long parameters', () => {
    expect(locationFromParts('/', Array.from({ length: 65 }, (_, i) => [`p${i}`, 'x'] as const)).ok).toBe(false);
    expect(locationFromParts('/', [['q', 'x'.repeat(20_000)]]).ok).toBe(false);
  });
});

describe('viewTargetOfPath', () => {
  it('names the views the console has', () => {
    expect(viewTargetOfPath('/trace/4bf92f3577b34da6a3ce929d0e0e4736')).toEqual({ kind: 'trace', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    expect(viewTargetOfPath('/alerts/Disk%20full%20%2F')).toEqual({ kind: 'alert', name: 'Disk full /' });
    expect(viewTargetOfPath('/slo/abc')).toEqual({ kind: 'slo', id: 'abc' });
    expect(viewTargetOfPath('/reports/2026-11')).toEqual({ kind: 'report', month: '2026-11' });
    expect(viewTargetOfPath('/traces')).toEqual({ kind: 'search' });
    expect(viewTargetOfPath('/')).toEqual({ kind: 'home' });
    expect(viewTargetOfPath('/settings/datasources')).toEqual({ kind: 'page' });
    // Not a trace id: a generic page, not a trace.
    expect(viewTargetOfPath('/trace/not-a-trace')).toEqual({ kind: 'page' });
  });
});
