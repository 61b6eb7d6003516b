// The profile transforms on real recorded Pyroscope 1.0.0 answers, parsed by our Pyroscope parser.
import { describe, expect, it } from 'vitest';
import { readFixture, readFixtureJson } from '../../test/fixtures';
import { parseSelectMergeResponse } from '../datasources/pyroscope/parse';
import type { FlameNode } from '../model/profile';
import { toD3FlameData, type D3FlameDatum } from './d3-data';
import { countNodes, flameTreeFromStacks } from './flame-tree';
import { parseFolded, toFolded } from './folded';
import { pruneFlameTree } from './prune';
import { topFunctions } from './top-functions';

const CPU = 'nanoseconds';

function scaled(node: FlameNode, factor: number): FlameNode {
  return { name: node.name, total: node.total * factor, self: node.self * factor, children: node.children.map((c) => scaled(c, factor)) };
}

function sumOfD3(datum: D3FlameDatum): number {
  return datum.children.reduce((s, c) => s + c.value, 0);
}

describe('profile transforms on recorded Pyroscope answers', () => {
  it('builds from the pushed folded stacks exactly the tree Pyroscope merged (pushed 3x at 100 Hz)', () => {
    const ours = flameTreeFromStacks(parseFolded(readFixture('pyroscope', 'inputs', 'checkout-cpu.folded')));
    const theirs = parseSelectMergeResponse(readFixtureJson('pyroscope', 'connect_SelectMergeStacktraces_checkout_cpu.json'), CPU);
    expect(toFolded(scaled(ours, 3 * 10_000_000))).toBe(toFolded(theirs.root));
    expect(countNodes(ours)).toBe(theirs.nodeCount);
  });

  it('prunes the real Loki CPU profile to a 300 px panel keeping totals', () => {
    const loki = parseSelectMergeResponse(readFixtureJson('pyroscope', 'connect_SelectMergeStacktraces_loki_cpu.json'), CPU);
    expect(countNodes(loki.root)).toBe(loki.nodeCount);
    const pruned = pruneFlameTree(loki.root, { minFraction: 1 / 300 });
    expect(countNodes(pruned)).toBeLessThan(loki.nodeCount);
    expect(pruned.total).toBe(loki.root.total);
    const d3 = toD3FlameData(pruned);
    expect(d3.value).toBe(loki.root.total);
    expect(sumOfD3(d3)).toBeLessThanOrEqual(d3.value);
    // Every drawn frame is at least a pixel wide at 300 px.
    const stack = [d3];
    while (stack.length > 0) {
      const d = stack.pop() as D3FlameDatum;
      expect(d.value * 300).toBeGreaterThanOrEqual(loki.root.total);
      stack.push(...d.children);
    }
  });

  it('ranks self time of the real Tempo heap profile', () => {
    const heap = parseSelectMergeResponse(readFixtureJson('pyroscope', 'connect_SelectMergeStacktraces_tempo_inuse_space.json'), 'bytes');
    const rows = topFunctions(heap.root, 5);
    expect(rows).toHaveLength(5);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].self).toBeGreaterThanOrEqual(rows[i].self);
    const allSelf = topFunctions(heap.root, Number.MAX_SAFE_INTEGER).reduce((s, r) => s + r.self, 0);
    // Self values of all functions add up to the profile (the root has no self of its own here).
    expect(allSelf + heap.root.self).toBe(heap.root.total);
  });
});
