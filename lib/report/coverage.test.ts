import { describe, expect, it } from 'vitest';
import { collectionScore, logCoverage, sampleWindows, serviceCoverageRows, traceLogCoverage, SAMPLE_WINDOW_MS } from './coverage';
import { reportMonth } from './month';

const HOUR = 3_600_000;

describe('sampleWindows', () => {
  it('spreads one-hour windows over the month, on whole hours, at different hours of the day', () => {
    const october = reportMonth('2026-10', 'Europe/Berlin');
    const windows = sampleWindows(october.startMs, october.endMs, 8);
    expect(windows).toHaveLength(8);
    for (const window of windows) {
      expect(window.endMs - window.startMs).toBe(SAMPLE_WINDOW_MS);
      expect(window.endMs % HOUR).toBe(0);
      expect(window.startMs).toBeGreaterThanOrEqual(october.startMs);
      expect(window.endMs).toBeLessThanOrEqual(october.endMs);
    }
    const hours = new Set(windows.map((window) => new Date(window.startMs).getUTCHours()));
    expect(hours.size).toBeGreaterThan(4);
    expect(windows.map((w) => w.startMs)).toEqual([...windows.map((w) => w.startMs)].sort((a, b) => a - b));
  });

  it('fits a short range: fewer windows, none when less than an hour has passed', () => {
    const start = Date.parse('2026-11-01T00:00:00Z');
    expect(sampleWindows(start, start + 3 * HOUR, 8)).toEqual([
      { startMs: start, endMs: start + HOUR },
      { startMs: start + HOUR, endMs: start + 2 * HOUR },
      { startMs: start + 2 * HOUR, endMs: start + 3 * HOUR },
    ]);
    expect(sampleWindows(start, start + 59 * 60_000, 8)).toEqual([]);
  });
});

describe('log coverage', () => {
  const windows = sampleWindows(0, 10 * HOUR, 2);

  it('sums lines over the windows per service; the share is lines with a trace id over all lines', () => {
    const coverage = logCoverage('service_name', windows, [
      { window: windows[0], lines: { inventory: 3738, payment: 1469 }, withTraceId: { inventory: 3018, payment: 1347 } },
      { window: windows[1], lines: { inventory: 262, payment: 31 }, withTraceId: { inventory: 182, payment: 31 } },
    ]);
    expect(coverage.services).toEqual([
      { service: 'inventory', lines: 4000, withTraceId: 3200, share: 0.8 },
      { service: 'payment', lines: 1500, withTraceId: 1378, share: 1378 / 1500 },
    ]);
    expect(coverage).toMatchObject({ serviceLabel: 'service_name', windowsWithData: 2, lines: 5500, withTraceId: 4578 });
    expect(coverage.share).toBeCloseTo(4578 / 5500, 12);
  });

  it('counts windows without logs, never more traced lines than lines, and no share without lines', () => {
    const coverage = logCoverage('service', windows, [
      { window: windows[0], lines: {}, withTraceId: {} },
      { window: windows[1], lines: { user: 10 }, withTraceId: { user: 12 } },
    ]);
    expect(coverage.windowsWithData).toBe(1);
    expect(coverage.services).toEqual([{ service: 'user', lines: 10, withTraceId: 10, share: 1 }]);
    expect(logCoverage('service', windows, []).share).toBeNull();
  });
});

describe('trace to log coverage', () => {
  it('counts sampled traces with logs per root service and leaves failed lookups out', () => {
    const coverage = traceLogCoverage([], [
      { traceId: 'a', rootService: 'gateway', hasLogs: true },
      { traceId: 'b', rootService: 'gateway', hasLogs: false },
      { traceId: 'c', rootService: 'inventory', hasLogs: true },
      { traceId: 'd', rootService: 'inventory', hasLogs: null },
    ]);
    expect(coverage).toMatchObject({ sampled: 3, withLogs: 2, failedLookups: 1 });
    expect(coverage.share).toBeCloseTo(2 / 3, 12);
    expect(coverage.byRootService).toEqual([
      { service: 'gateway', sampled: 2, withLogs: 1 },
      { service: 'inventory', sampled: 1, withLogs: 1 },
    ]);
    expect(traceLogCoverage([], []).share).toBeNull();
  });
});

describe('service rows and the collection score', () => {
  it('lists every service once with its log share, profiles and SLO', () => {
    const logs = logCoverage('service_name', [], [{ window: { startMs: 0, endMs: HOUR }, lines: { payment: 10 }, withTraceId: { payment: 9 } }]);
    const rows = serviceCoverageRows(['payment', 'gateway', 'payment'], ['payment'], logs, { profiled: ['payment'] }, new Set(['gateway']));
    expect(rows).toEqual([
      { service: 'gateway', sendsTraces: false, logShare: null, sendsProfiles: false, hasSlo: true },
      { service: 'payment', sendsTraces: true, logShare: 0.9, sendsProfiles: true, hasSlo: false },
    ]);
    // Traces and profiles unknown (Tempo, Pyroscope failed): not "no".
    expect(serviceCoverageRows(['payment'], null, null, null, new Set())[0]).toMatchObject({ sendsTraces: null, sendsProfiles: null });
  });

  it('is the mean of the parts that could be measured', () => {
    const services = [
      { service: 'a', sendsTraces: true, logShare: 1, sendsProfiles: true, hasSlo: true },
      { service: 'b', sendsTraces: true, logShare: 0.5, sendsProfiles: false, hasSlo: false },
    ];
    const logs = logCoverage('s', [], [{ window: { startMs: 0, endMs: HOUR }, lines: { a: 10, b: 10 }, withTraceId: { a: 10, b: 5 } }]);
    const score = collectionScore({ services, logs, traceLogs: null, profiles: { profiled: ['a'] } });
    expect(score.value).toBeCloseTo((0.75 + 1 + 0.5) / 3, 12);
    expect(score.parts).toEqual(['log lines with a trace id 75 %', 'services sending traces 100 %', 'services sending profiles 50 %']);
    expect(collectionScore({ services: [], logs: null, traceLogs: null, profiles: null })).toEqual({ value: null, parts: [] });
  });
});
