// Pure counting of test reports for scripts/test.ts (vitest's and Playwright's JSON reporters).
import { z } from 'zod';

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export interface StageCount {
  counts: Counts;
  note: string;
}

const count = z.number().int().nonnegative();

const vitestReport = z.object({
  numPassedTests: count,
  numFailedTests: count,
  numPendingTests: count,
  numTodoTests: count.optional(),
  testResults: z.array(
    z.object({
      name: z.string(),
      status: z.string(),
      message: z.string().optional(),
      assertionResults: z.array(z.object({ status: z.string() })),
    }),
  ),
});

/**
 * Vitest: tests as reported, plus one failure per file that failed without a failing test (it did not import,
 * a hook threw), plus one when vitest exited non-zero with nothing failed (unhandled errors) or wrote no report.
 */
export function countVitest(report: unknown, exitCode: number): StageCount {
  const parsed = vitestReport.safeParse(report);
  if (!parsed.success) {
    return { counts: { passed: 0, failed: 1, skipped: 0 }, note: `no usable JSON report (exit ${exitCode})` };
  }
  const r = parsed.data;
  const brokenFiles = r.testResults.filter(
    (file) => file.status === 'failed' && !file.assertionResults.some((a) => a.status === 'failed'),
  ).length;
  let failed = r.numFailedTests + brokenFiles;
  const notes = [`${r.numPassedTests} passed`, `${r.numFailedTests} failed`];
  if (brokenFiles > 0) notes.push(`${brokenFiles} file(s) failed to run`);
  if (exitCode !== 0 && failed === 0) {
    failed = 1;
    notes.push(`vitest exited ${exitCode} (unhandled error)`);
  }
  const skipped = r.numPendingTests + (r.numTodoTests ?? 0);
  if (skipped > 0) notes.push(`${skipped} skipped`);
  return { counts: { passed: r.numPassedTests, failed, skipped }, note: notes.join(', ') };
}

const playwrightReport = z.object({
  stats: z.object({ expected: count, unexpected: count, flaky: count, skipped: count }),
  errors: z.array(z.unknown()).optional(),
});

/** Playwright: expected + flaky pass, unexpected fail; global errors (a web server that never came up) fail once. */
export function countPlaywright(report: unknown, exitCode: number): StageCount {
  const parsed = playwrightReport.safeParse(report);
  if (!parsed.success) {
    return { counts: { passed: 0, failed: 1, skipped: 0 }, note: `no usable JSON report (exit ${exitCode})` };
  }
  const { stats, errors = [] } = parsed.data;
  let failed = stats.unexpected;
  const notes = [`${stats.expected + stats.flaky} passed`, `${stats.unexpected} failed`];
  if (stats.flaky > 0) notes.push(`${stats.flaky} flaky (passed on retry)`);
  if (failed === 0 && (errors.length > 0 || exitCode !== 0)) {
    failed = 1;
    notes.push(errors.length > 0 ? `${errors.length} global error(s)` : `playwright exited ${exitCode}`);
  }
  if (stats.skipped > 0) notes.push(`${stats.skipped} skipped`);
  return { counts: { passed: stats.expected + stats.flaky, failed, skipped: stats.skipped }, note: notes.join(', ') };
}

/** The closing line CI reads: "N passed, N failed" and ", N skipped" when any were skipped. */
export function formatTotals(total: Counts): string {
  const line = `${total.passed} passed, ${total.failed} failed`;
  return total.skipped > 0 ? `${line}, ${total.skipped} skipped` : line;
}
