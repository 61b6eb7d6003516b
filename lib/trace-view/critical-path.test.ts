import { describe, expect, it } from 'vitest';
import { buildTraceTree } from './build-trace-tree';
import { criticalPath } from './critical-path';
import { makeTrace, syntheticTrace, type SpanSpec } from './synthetic';

/** Sections as "span start-end" strings, in time order, for readable expectations. */
function path(specs: SpanSpec[]): string[] {
  const cp = criticalPath(buildTraceTree(makeTrace(specs)));
  return [...cp.sections].sort((a, b) => a.startUs - b.startUs).map((s) => `${s.spanId} ${s.startUs}-${s.endUs}`);
}

describe('criticalPath (Jaeger algorithm)', () => {
  it('alternates between the parent and sequential children', () => {
    // A |--------------------|
    // B    |----|
    // C             |------|
    expect(
      path([
        { id: 'A', startUs: 0, durationUs: 100 },
        { id: 'B', parent: 'A', startUs: 10, durationUs: 30 },
        { id: 'C', parent: 'A', startUs: 50, durationUs: 40 },
      ]),
    ).toEqual(['A 0-10', 'B 10-40', 'A 40-50', 'C 50-90', 'A 90-100']);
  });

  it('takes the last-finishing child and skips overlapping ones that end later than the cursor', () => {
    // B finishes last; C overlaps B and so is not on the path.
    expect(
      path([
        { id: 'A', startUs: 0, durationUs: 100 },
        { id: 'B', parent: 'A', startUs: 10, durationUs: 70 },
        { id: 'C', parent: 'A', startUs: 20, durationUs: 40 },
      ]),
    ).toEqual(['A 0-10', 'B 10-80', 'A 80-100']);
  });

  it('recurses into grandchildren and walks back to the parent from the child start', () => {
    // A |--------------------------|
    // B   |--------------|            (child of A, ends 90 — later than D)
    // C     |-----|                   (child of B)
    // D                  |----|       (child of A, ends 95, starts 60)
    // D is A's last-finishing child; then the cursor is D's start (60): B (ends 90) no longer qualifies.
    expect(
      path([
        { id: 'A', startUs: 0, durationUs: 100 },
        { id: 'B', parent: 'A', startUs: 10, durationUs: 80 },
        { id: 'C', parent: 'B', startUs: 20, durationUs: 30 },
        { id: 'D', parent: 'A', startUs: 60, durationUs: 35 },
      ]),
    ).toEqual(['A 0-60', 'D 60-95', 'A 95-100']);
  });

  it('descends several levels when the deepest span decides the end', () => {
    expect(
      path([
        { id: 'A', startUs: 0, durationUs: 100 },
        { id: 'B', parent: 'A', startUs: 10, durationUs: 80 },
        { id: 'C', parent: 'B', startUs: 20, durationUs: 60 },
        { id: 'E', parent: 'C', startUs: 30, durationUs: 20 },
      ]),
    ).toEqual(['A 0-10', 'B 10-20', 'C 20-30', 'E 30-50', 'C 50-80', 'B 80-90', 'A 90-100']);
  });

  it('truncates a child that overflows its parent and drops one entirely outside it', () => {
    expect(
      path([
        { id: 'A', startUs: 0, durationUs: 100 },
        { id: 'B', parent: 'A', startUs: 50, durationUs: 100 },
        { id: 'late', parent: 'A', startUs: 120, durationUs: 10 },
      ]),
    ).toEqual(['A 0-50', 'B 50-100']);
  });

  it('truncates a child that starts before its parent (clock skew)', () => {
    expect(
      path([
        { id: 'A', startUs: 10, durationUs: 90 },
        { id: 'B', parent: 'A', startUs: 0, durationUs: 50 },
      ]),
    ).toEqual(['B 10-50', 'A 50-100']);
  });

  it('ignores consumer children: the parent does not wait for them', () => {
    expect(
      path([
        { id: 'A', startUs: 0, durationUs: 100 },
        { id: 'B', parent: 'A', startUs: 10, durationUs: 20 },
        { id: 'Q', parent: 'A', startUs: 40, durationUs: 60, kind: 'consumer' },
      ]),
    ).toEqual(['A 0-10', 'B 10-30', 'A 30-100']);
  });

  it('covers each root over its whole duration exactly once', () => {
    const tree = buildTraceTree(syntheticTrace(5_000, 11));
    const cp = criticalPath(tree);
    const total = cp.sections.reduce((sum, s) => sum + (s.endUs - s.startUs), 0);
    expect(total).toBeCloseTo(tree.nodes[tree.roots[0]].durationUs, 3);
    const sorted = [...cp.sections].sort((a, b) => a.startUs - b.startUs);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].startUs).toBeGreaterThanOrEqual(sorted[i - 1].endUs - 1e-6);
    for (const id of cp.spanIds) expect(tree.indexById.has(id)).toBe(true);
  });

  it('handles a 100k-deep chain without overflowing the stack', () => {
    const specs: SpanSpec[] = [];
    for (let i = 0; i < 100_000; i++) {
      specs.push({ id: `s${i}`, parent: i === 0 ? null : `s${i - 1}`, startUs: i, durationUs: 200_000 - 2 * i });
    }
    const cp = criticalPath(buildTraceTree(makeTrace(specs)));
    expect(cp.spanIds.size).toBe(100_000);
  });

  it('keeps sections per span sorted for drawing', () => {
    const cp = criticalPath(
      buildTraceTree(
        makeTrace([
          { id: 'A', startUs: 0, durationUs: 100 },
          { id: 'B', parent: 'A', startUs: 10, durationUs: 30 },
          { id: 'C', parent: 'A', startUs: 50, durationUs: 40 },
        ]),
      ),
    );
    expect(cp.bySpan.get('A' as never)?.map((s) => s.startUs)).toEqual([0, 40, 90]);
  });
});
