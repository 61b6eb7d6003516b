import { describe, expect, it } from 'vitest';
import { countPlaywright, countVitest, formatTotals } from './test-counts';

function vitestReport(files: { status: string; tests: string[] }[]) {
  const all = files.flatMap((f) => f.tests);
  return {
    numPassedTests: all.filter((s) => s === 'passed').length,
    numFailedTests: all.filter((s) => s === 'failed').length,
    numPendingTests: all.filter((s) => s === 'skipped' || s === 'pending').length,
    numTodoTests: all.filter((s) => s === 'todo').length,
    testResults: files.map((f, i) => ({
      name: `/repo/file-${i}.test.ts`,
      status: f.status,
      message: '',
      assertionResults: f.tests.map((status) => ({ status })),
    })),
  };
}

describe('countVitest', () => {
  it('counts passed, failed and skipped tests', () => {
    const report = vitestReport([
      { status: 'passed', tests: ['passed', 'passed', 'skipped'] },
      { status: 'failed', tests: ['passed', 'failed', 'todo'] },
    ]);
    expect(countVitest(report, 1).counts).toEqual({ passed: 3, failed: 1, skipped: 2 });
  });

  it('counts a file that failed to import as one failure', () => {
    const report = vitestReport([
      { status: 'passed', tests: ['passed'] },
      { status: 'failed', tests: [] },
    ]);
    const result = countVitest(report, 1);
    expect(result.counts).toEqual({ passed: 1, failed: 1, skipped: 0 });
    expect(result.note).toContain('1 file(s) failed to run');
  });

  it('turns a non-zero exit with no failed test (unhandled error) into one failure', () => {
    const report = vitestReport([{ status: 'passed', tests: ['passed', 'passed'] }]);
    expect(countVitest(report, 0).counts.failed).toBe(0);
    expect(countVitest(report, 1).counts).toEqual({ passed: 2, failed: 1, skipped: 0 });
  });

  it('fails when there is no report', () => {
    expect(countVitest(undefined, 1)).toEqual({ counts: { passed: 0, failed: 1, skipped: 0 }, note: 'no usable JSON report (exit 1)' });
    expect(countVitest({ numPassedTests: 'x' }, 0).counts.failed).toBe(1);
  });
});

describe('countPlaywright', () => {
  const stats = (expected: number, unexpected: number, flaky: number, skipped: number) => ({
    stats: { expected, unexpected, flaky, skipped, duration: 1, startTime: '2026-11-21T00:00:00Z' },
    errors: [],
    suites: [],
  });

  it('counts expected and flaky as passed, unexpected as failed', () => {
    expect(countPlaywright(stats(5, 2, 1, 3), 1).counts).toEqual({ passed: 6, failed: 2, skipped: 3 });
    expect(countPlaywright(stats(5, 0, 1, 0), 0).note).toContain('1 flaky');
  });

  it('fails once on a global error such as a web server that did not start', () => {
    const report = { ...stats(0, 0, 0, 0), errors: [{ message: 'Process from config.webServer exited early.' }] };
    expect(countPlaywright(report, 1).counts).toEqual({ passed: 0, failed: 1, skipped: 0 });
  });

  it('fails when there is no report', () => {
    expect(countPlaywright(undefined, 1).counts.failed).toBe(1);
  });
});

describe('formatTotals', () => {
  it('prints the plain closing line', () => {
    expect(formatTotals({ passed: 12, failed: 0, skipped: 0 })).toBe('12 passed, 0 failed');
    expect(formatTotals({ passed: 12, failed: 3, skipped: 2 })).toBe('12 passed, 3 failed, 2 skipped');
  });
});
