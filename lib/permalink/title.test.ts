import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { permalinkDescription, permalinkTitle } from './title';
import { permalinkStateV1Schema, summaryFromLocation, type PermalinkState } from './view-state';

const stored = permalinkStateV1Schema.parse(JSON.parse(readFileSync(path.join(__dirname, 'testdata', 'state-v1.json'), 'utf8')));
const range = { fromMs: Date.UTC(2026, 10, 21, 10, 0), toMs: Date.UTC(2026, 10, 21, 10, 30) };

describe('permalinkTitle', () => {
  it('says service, duration, outcome and operation for a trace', () => {
    expect(permalinkTitle(stored.summary, stored.path)).toBe('frontend · 2.31 s · error · HTTP POST /checkout trace');
    const ok = { ...stored.summary, errorCount: 0, durationMs: 12.5 } as PermalinkState['summary'];
    expect(permalinkTitle(ok, stored.path)).toBe('frontend · 12.5 ms · ok · HTTP POST /checkout trace');
  });

  it('falls back to the trace id when the trace could not be read', () => {
    const summary = summaryFromLocation('/trace/bd5a131c670a194676bcd097a4eac415', []);
    expect(permalinkTitle(summary, '/trace/bd5a131c670a194676bcd097a4eac415')).toBe('Trace bd5a131c670a194676bcd097a4eac415');
  });

  it.each([
    ['/alerts/HighLatency', [['labels', '{"service":"payment","severity":"page"}']], 'HighLatency · payment · alert'],
    ['/slo/abc', [], 'abc · SLO'],
    ['/reports/2026-11', [], 'Monthly review · 2026-11'],
    ['/traces', [['q', '{status=error}']], 'Trace search · {status=error}'],
    ['/', [], 'Alerts and SLOs'],
    ['/settings/datasources', [], '/settings/datasources'],
  ] as [string, [string, string][], string][])('titles %s', (p, params, title) => {
    expect(permalinkTitle(summaryFromLocation(p, params), p)).toBe(title);
  });

  it('names an SLO with its objective when known, and stays one short line', () => {
    expect(permalinkTitle({ kind: 'slo', id: 'x', name: 'checkout availability', service: 'checkout', objective: 0.999 }, '/slo/x')).toBe(
      'checkout availability · checkout · 99.9 % SLO',
    );
    const long = permalinkTitle({ ...stored.summary, rootName: 'x'.repeat(500) } as PermalinkState['summary'], stored.path);
    expect(long.length).toBeLessThanOrEqual(120);
  });
});

describe('permalinkDescription', () => {
  it('is one line: what, then the absolute range in UTC', () => {
    expect(permalinkDescription({ summary: stored.summary, range })).toBe(
      '7 spans across checkout, frontend, payment · 2 error spans · 2026-11-21 10:00:00 to 10:30:00 UTC',
    );
    expect(permalinkDescription({ summary: { kind: 'home' }, range: { fromMs: range.fromMs, toMs: Date.UTC(2026, 10, 22, 1, 0) } })).toBe(
      '2026-11-21 10:00:00 UTC to 2026-11-22 01:00:00 UTC',
    );
  });
});
