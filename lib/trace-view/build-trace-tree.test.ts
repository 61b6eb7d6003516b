import { describe, expect, it } from 'vitest';
import type { SpanId, Trace } from '../model/trace';
import { assignServiceColors, buildTraceTree, nodeById, SERVICE_COLOR_COUNT } from './build-trace-tree';
import { makeSpan, makeTrace, syntheticTrace } from './synthetic';

const id = (s: string) => s as SpanId;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('buildTraceTree', () => {
  // root ── b (starts later) ── d
  //      └─ c (starts first)
  const trace = makeTrace([
    { id: 'root', startUs: 1000, durationUs: 1000, service: 'gateway' },
    { id: 'b', parent: 'root', startUs: 1500, durationUs: 300, service: 'order', status: 'error' },
    { id: 'c', parent: 'root', startUs: 1100, durationUs: 200, service: 'payment' },
    { id: 'd', parent: 'b', startUs: 1600, durationUs: 100, service: 'order', status: 'error' },
  ]);

  it('indexes parents, children sorted by start, depth and offsets', () => {
    const tree = buildTraceTree(trace);
    expect(tree.roots.map((i) => tree.nodes[i].span.spanId)).toEqual(['root']);
    const root = nodeById(tree, id('root'));
    expect(root?.children.map((i) => tree.nodes[i].span.spanId)).toEqual(['c', 'b']);
    expect(nodeById(tree, id('d'))?.depth).toBe(2);
    expect(nodeById(tree, id('b'))?.startUs).toBe(500);
    expect(nodeById(tree, id('b'))?.endUs).toBe(800);
    expect(root?.descendantCount).toBe(3);
    expect(nodeById(tree, id('b'))?.descendantCount).toBe(1);
    expect(tree.durationUs).toBe(1000);
    expect(tree.maxDepth).toBe(2);
    expect([...tree.preorder].map((i) => tree.nodes[i].span.spanId)).toEqual(['root', 'c', 'b', 'd']);
  });

  it('summarises services (sorted, counted) and lists errors in display order', () => {
    const tree = buildTraceTree(trace);
    expect(tree.services.map((s) => [s.name, s.spanCount, s.errorCount])).toEqual([
      ['gateway', 1, 0],
      ['order', 2, 2],
      ['payment', 1, 0],
    ]);
    expect(tree.errorSpanIds).toEqual(['b', 'd']);
    const b = nodeById(tree, id('b'));
    const d = nodeById(tree, id('d'));
    expect(b?.isError).toBe(true);
    expect(tree.services[b?.serviceIndex ?? -1].name).toBe('order');
    expect(b?.serviceIndex).toBe(d?.serviceIndex);
  });

  it('keeps nanosecond precision that a double of epoch nanoseconds would lose', () => {
    const a = makeSpan({ id: 'a', startUs: 0, durationUs: 1 });
    const b = { ...makeSpan({ id: 'b', parent: 'a', startUs: 0, durationUs: 0.001 }) };
    // One nanosecond after a: 1795219200000000001 is not representable as a double.
    b.startUnixNano = (BigInt(a.startUnixNano) + 1n).toString();
    expect(Number(b.startUnixNano) - Number(a.startUnixNano)).not.toBe(1);
    const tree = buildTraceTree({ traceId: a.traceId, spans: [a, b] });
    expect(nodeById(tree, id('b'))?.startUs).toBeCloseTo(0.001, 9);
    expect(tree.startUnixNano).toBe(a.startUnixNano);
  });

  it('shows spans with a missing parent as flagged roots, not under an invented span', () => {
    const tree = buildTraceTree(
      makeTrace([
        { id: 'root', startUs: 0, durationUs: 100 },
        { id: 'orphan', parent: 'gone', startUs: 10, durationUs: 5 },
        { id: 'kid', parent: 'orphan', startUs: 11, durationUs: 1 },
      ]),
    );
    expect(tree.roots.map((i) => tree.nodes[i].span.spanId)).toEqual(['root', 'orphan']);
    expect(nodeById(tree, id('orphan'))?.parentIssue).toBe('missing');
    expect(nodeById(tree, id('kid'))?.depth).toBe(1);
    expect(tree.missingParentCount).toBe(1);
    expect(tree.nodes).toHaveLength(3);
  });

  it('cuts parent loops so every span is reachable exactly once', () => {
    const tree = buildTraceTree(
      makeTrace([
        { id: 'x', parent: 'y', startUs: 0, durationUs: 10 },
        { id: 'y', parent: 'x', startUs: 1, durationUs: 5 },
        { id: 'self', parent: 'self', startUs: 2, durationUs: 1 },
      ]),
    );
    expect(tree.preorder).toHaveLength(3);
    expect(new Set(tree.preorder).size).toBe(3);
    expect(tree.nodes.filter((n) => n.parentIssue === 'cycle').map((n) => n.span.spanId).sort()).toEqual(['self', 'x']);
  });

  it('cuts a span that is its own parent when it is the only loop (parents otherwise listed first)', () => {
    const tree = buildTraceTree(
      makeTrace([
        { id: 'root', startUs: 0, durationUs: 10 },
        { id: 'kid', parent: 'root', startUs: 1, durationUs: 5 },
        { id: 'self', parent: 'self', startUs: 2, durationUs: 1 },
      ]),
    );
    expect([...tree.preorder].map((i) => tree.nodes[i].span.spanId)).toEqual(['root', 'kid', 'self']);
    expect(nodeById(tree, id('self'))?.parentIssue).toBe('cycle');
    expect(tree.roots).toEqual([0, 2]);
  });

  it('builds the same tree from hints (parent rows, start offsets) as from ids and start strings', () => {
    const t = makeTrace([
      { id: 'root', startUs: 1000, durationUs: 1000, service: 'gateway' },
      { id: 'b', parent: 'root', startUs: 1500, durationUs: 300, service: 'order', status: 'error' },
      { id: 'c', parent: 'root', startUs: 1100, durationUs: 200, service: 'payment' },
      { id: 'd', parent: 'b', startUs: 1400, durationUs: 100, service: 'order' },
      { id: 'lost', parent: 'gone', startUs: 1200, durationUs: 1 },
      { id: 'x', parent: 'y', startUs: 1300, durationUs: 1 },
      { id: 'y', parent: 'x', startUs: 1301, durationUs: 1 },
    ]);
    const hints = {
      parentRows: Int32Array.from([-1, 0, 0, 1, -2, 6, 5]),
      startOffsetsNs: Float64Array.from([0, 500_000, 100_000, 400_000, 200_000, 300_000, 301_000]),
    };
    const hinted = buildTraceTree(t, hints);
    expect(hinted).toStrictEqual(buildTraceTree(t));
    expect(hinted.nodes[4].parentIssue).toBe('missing');
    expect(hinted.clockSkewCount).toBe(1);
    // With repeated ids the hinted rows are not used: the first span with the id is the parent, as without hints.
    const dup = makeTrace([
      { id: 'a', startUs: 0, durationUs: 10 },
      { id: 'a', startUs: 1, durationUs: 10 },
      { id: 'k', parent: 'a', startUs: 2, durationUs: 1 },
    ]);
    const dupTree = buildTraceTree(dup, { parentRows: Int32Array.from([-1, -1, 1]), startOffsetsNs: null });
    expect(dupTree).toStrictEqual(buildTraceTree(dup));
    expect(dupTree.nodes[2].parentIndex).toBe(0);
    expect(dupTree.duplicateSpanIds).toEqual(['a']);
  });

  it('flags children that start before their parent (clock skew) and draws them as reported', () => {
    const tree = buildTraceTree(
      makeTrace([
        { id: 'p', startUs: 100, durationUs: 100 },
        { id: 'early', parent: 'p', startUs: 90, durationUs: 20 },
      ]),
    );
    const early = nodeById(tree, id('early'));
    expect(early?.clockSkew).toBe(true);
    expect(early?.startUs).toBe(0);
    expect(nodeById(tree, id('p'))?.startUs).toBe(10);
    expect(tree.clockSkewCount).toBe(1);
  });

  it('reports duplicate span ids and keeps every copy as a row', () => {
    const tree = buildTraceTree(
      makeTrace([
        { id: 'a', startUs: 0, durationUs: 10 },
        { id: 'a', startUs: 0, durationUs: 10 },
      ]),
    );
    expect(tree.duplicateSpanIds).toEqual(['a']);
    expect(tree.preorder).toHaveLength(2);
    expect(tree.indexById.get(id('a'))).toBe(0);
    // Every later copy is listed; the index keeps first occurrences, in first-seen order.
    const many = buildTraceTree(
      makeTrace([
        { id: 'b', startUs: 0, durationUs: 1 },
        { id: 'a', startUs: 0, durationUs: 1 },
        { id: 'b', startUs: 0, durationUs: 1 },
        { id: 'a', startUs: 0, durationUs: 1 },
        { id: 'b', startUs: 0, durationUs: 1 },
      ]),
    );
    expect(many.duplicateSpanIds).toEqual(['b', 'a', 'b']);
    expect([...many.indexById]).toEqual([
      ['b', 0],
      ['a', 1],
    ]);
  });

  it('handles an empty trace', () => {
    const tree = buildTraceTree({ traceId: trace.traceId, spans: [] });
    expect(tree.nodes).toHaveLength(0);
    expect(tree.roots).toHaveLength(0);
    expect(tree.durationUs).toBe(0);
  });

  it('does not mutate its input', () => {
    const input: Trace = deepFreeze(syntheticTrace(200, 3));
    const before = JSON.stringify(input);
    expect(() => buildTraceTree(input)).not.toThrow();
    expect(JSON.stringify(input)).toBe(before);
  });

  it('builds a 20k-span synthetic trace where every span is reached once', () => {
    const t = syntheticTrace(20_000, 7);
    const tree = buildTraceTree(t);
    expect(tree.preorder).toHaveLength(20_000);
    expect(new Set(tree.preorder).size).toBe(20_000);
    expect(tree.roots).toHaveLength(1);
    expect(tree.nodes[tree.roots[0]].descendantCount).toBe(19_999);
    for (const node of tree.nodes) {
      if (node.parentIndex >= 0) expect(node.depth).toBe(tree.nodes[node.parentIndex].depth + 1);
    }
  });
});

describe('assignServiceColors', () => {
  it('gives distinct colours while slots last and the same colour for a name across traces', () => {
    const names = Array.from({ length: SERVICE_COLOR_COUNT }, (_, i) => `svc-${i}`);
    const colors = assignServiceColors(names);
    expect(new Set(colors).size).toBe(SERVICE_COLOR_COUNT);
    const alone = assignServiceColors(['payment']);
    const withOthers = assignServiceColors(['aardvark', 'payment']);
    // A lone service sits in its preferred slot; with others it keeps it unless another name took it first.
    expect(withOthers[1] === alone[0] || withOthers[0] === alone[0]).toBe(true);
    expect(assignServiceColors([...names, 'extra'])[SERVICE_COLOR_COUNT]).toBeLessThan(SERVICE_COLOR_COUNT);
  });
});
