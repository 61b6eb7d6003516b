import { describe, expect, it } from 'vitest';
import type { SpanId } from '../model/trace';
import { buildTraceTree } from './build-trace-tree';
import { flattenVisibleRows, rowIndexOf } from './flatten-rows';
import { ancestorsOf, collapseBelowDepth, nextSpan, prevSpan, revealSpan, stepMatch, toggleCollapsed } from './navigation';
import { makeTrace } from './synthetic';

const ids = (xs: string[]) => new Set(xs as SpanId[]);
const tree = buildTraceTree(
  makeTrace([
    { id: 'root', startUs: 0, durationUs: 100 },
    { id: 'b', parent: 'root', startUs: 50, durationUs: 10 },
    { id: 'a', parent: 'root', startUs: 10, durationUs: 10 },
    { id: 'a1', parent: 'a', startUs: 11, durationUs: 1 },
    { id: 'a2', parent: 'a', startUs: 12, durationUs: 1 },
    { id: 'a2x', parent: 'a2', startUs: 12, durationUs: 1 },
  ]),
);

describe('flattenVisibleRows', () => {
  it('lists spans depth-first with children by start time', () => {
    const rows = flattenVisibleRows(tree, new Set());
    expect(rows.map((r) => `${'.'.repeat(r.depth)}${r.spanId}`)).toEqual(['root', '.a', '..a1', '..a2', '...a2x', '.b']);
    expect(rows.find((r) => r.spanId === 'a')?.hasChildren).toBe(true);
    expect(rows.find((r) => r.spanId === 'b')?.hasChildren).toBe(false);
  });

  it('hides the subtree of a collapsed span but keeps the span', () => {
    const rows = flattenVisibleRows(tree, ids(['a']));
    expect(rows.map((r) => r.spanId)).toEqual(['root', 'a', 'b']);
    expect(rows[1].isCollapsed).toBe(true);
  });

  it('does not mark a leaf as collapsed', () => {
    const rows = flattenVisibleRows(tree, ids(['b']));
    expect(rows.find((r) => r.spanId === 'b')?.isCollapsed).toBe(false);
  });

  it('answers the same set again with the same rows, another set (even an equal one) afresh', () => {
    const collapsed = ids(['a']);
    const first = flattenVisibleRows(tree, collapsed);
    expect(flattenVisibleRows(tree, collapsed)).toBe(first);
    const equal = flattenVisibleRows(tree, ids(['a']));
    expect(equal).not.toBe(first);
    expect(equal).toEqual(first);
    expect(flattenVisibleRows(tree, new Set()).map((r) => r.spanId)).toEqual(['root', 'a', 'a1', 'a2', 'a2x', 'b']);
    // The earlier set is no longer the remembered one: its rows are computed again, still right.
    expect(flattenVisibleRows(tree, collapsed).map((r) => r.spanId)).toEqual(['root', 'a', 'b']);
  });
});

describe('navigation', () => {
  const rows = flattenVisibleRows(tree, ids(['a2']));

  it('moves down and up, clamping at the ends', () => {
    expect(nextSpan(rows, null)).toBe('root');
    expect(nextSpan(rows, 'a1' as SpanId)).toBe('a2');
    expect(nextSpan(rows, 'a2' as SpanId)).toBe('b');
    expect(nextSpan(rows, 'b' as SpanId)).toBe('b');
    expect(prevSpan(rows, 'a' as SpanId)).toBe('root');
    expect(prevSpan(rows, 'root' as SpanId)).toBe('root');
    expect(prevSpan(rows, null)).toBe('b');
    expect(nextSpan([], null)).toBeNull();
  });

  it('starts from the top when the selection is hidden', () => {
    expect(nextSpan(rows, 'a2x' as SpanId)).toBe('root');
    expect(rowIndexOf(rows, 'a2x' as SpanId)).toBe(-1);
  });

  it('toggles without mutating the given set', () => {
    const before = ids(['a']);
    const after = toggleCollapsed(before, 'a' as SpanId);
    expect(after.has('a' as SpanId)).toBe(false);
    expect(before.has('a' as SpanId)).toBe(true);
    expect(toggleCollapsed(after, 'b' as SpanId).has('b' as SpanId)).toBe(true);
  });

  it('reveals a span by expanding its collapsed ancestors only', () => {
    expect(ancestorsOf(tree, 'a2x' as SpanId)).toEqual(['a2', 'a', 'root']);
    const collapsed = ids(['a', 'a2', 'b']);
    const revealed = revealSpan(tree, collapsed, 'a2x' as SpanId);
    expect([...revealed].sort()).toEqual(['b']);
    expect(flattenVisibleRows(tree, revealed).some((r) => r.spanId === 'a2x')).toBe(true);
    const unchanged = ids(['b']);
    expect(revealSpan(tree, unchanged, 'a2x' as SpanId)).toBe(unchanged);
  });

  it('collapses spans with children below a depth', () => {
    expect([...collapseBelowDepth(tree, 1)].sort()).toEqual(['a', 'a2']);
  });
});

describe('stepMatch', () => {
  const matches = ['a', 'a2x', 'b'] as SpanId[];

  it('moves to the next and previous match in display order, wrapping', () => {
    expect(stepMatch(tree, matches, null, 1)).toBe('a');
    expect(stepMatch(tree, matches, null, -1)).toBe('b');
    expect(stepMatch(tree, matches, 'a1' as SpanId, 1)).toBe('a2x');
    expect(stepMatch(tree, matches, 'a1' as SpanId, -1)).toBe('a');
    expect(stepMatch(tree, matches, 'b' as SpanId, 1)).toBe('a');
    expect(stepMatch(tree, matches, 'root' as SpanId, -1)).toBe('b');
    expect(stepMatch(tree, [], 'root' as SpanId, 1)).toBeNull();
  });
});
