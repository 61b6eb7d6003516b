import { describe, expect, it } from 'vitest';
import type { FlameNode } from '../model/profile';
import { countNodes, flameTreeFromStacks } from './flame-tree';
import { parseFolded, toFolded } from './folded';
import { mergedFrameName, pruneFlameTree } from './prune';
import { syntheticFlameTree } from './synthetic';

const tree = (folded: string) => flameTreeFromStacks(parseFolded(folded));

function everyTotalCoversChildren(node: FlameNode): boolean {
  const sum = node.children.reduce((s, c) => s + c.total, 0);
  return sum <= node.total + 1e-9 && node.children.every(everyTotalCoversChildren);
}

describe('pruneFlameTree', () => {
  const root = tree(`
    main;big 900
    main;small1 2
    main;small2 3
    main;tiny 1
    main;mid;deep 90
    other 4
  `);

  it('keeps frames at least minFraction wide and merges narrow siblings that are visible together', () => {
    // 1000 samples, 1/200 -> threshold 5: small1+small2+tiny = 6 merge into one frame; "other" (4) is dropped.
    const pruned = pruneFlameTree(root, { minFraction: 1 / 200 });
    expect(toFolded(pruned)).toBe([`main;${mergedFrameName(3)} 6`, 'main;big 900', 'main;mid;deep 90'].join('\n'));
    expect(pruned.total).toBe(1000);
    expect(pruned.children.map((c) => c.name)).toEqual(['main']);
    expect(pruned.children[0].total).toBe(996);
  });

  it('drops narrow siblings whose sum is still invisible, keeping the parent total', () => {
    const pruned = pruneFlameTree(root, { minFraction: 1 / 100 });
    expect(toFolded(pruned)).toBe('main;big 900\nmain;mid;deep 90');
    expect(pruned.children[0].total).toBe(996);
  });

  it('keeps everything with minFraction 0 and never mutates its input', () => {
    const before = JSON.stringify(root);
    const pruned = pruneFlameTree(root, { minFraction: 0 });
    expect(toFolded(pruned)).toBe(toFolded(root));
    expect(JSON.stringify(root)).toBe(before);
    expect(pruned).not.toBe(root);
  });

  it('prunes below a zoomed frame relative to that frame', () => {
    const zoomRoot = tree(`
      a;hot 9991
      a;cold;x 5
      a;cold;y 4
    `);
    expect(toFolded(pruneFlameTree(zoomRoot, { minFraction: 1 / 1000 }))).toBe('a;hot 9991');
    const zoomed = pruneFlameTree(zoomRoot, { minFraction: 1 / 1000, focusPath: ['a', 'cold'] });
    expect(toFolded(zoomed)).toBe('a;cold;x 5\na;cold;y 4\na;hot 9991');
  });

  it('carries baseline totals into merged frames of a diff tree', () => {
    const d: FlameNode = {
      name: 'total',
      total: 100,
      self: 0,
      baselineTotal: 50,
      children: [
        { name: 'a', total: 97, self: 97, baselineTotal: 40, children: [] },
        { name: 'b', total: 1, self: 1, baselineTotal: 5, children: [] },
        { name: 'c', total: 2, self: 2, baselineTotal: 5, children: [] },
      ],
    };
    const pruned = pruneFlameTree(d, { minFraction: 1 / 40 });
    expect(pruned.children[1]).toMatchObject({ name: mergedFrameName(2), total: 3, baselineTotal: 10 });
  });

  it('cuts a 50k-node profile to what 1200 px can show, with totals intact', () => {
    const big = syntheticFlameTree(50_000, 5);
    expect(countNodes(big)).toBe(50_000);
    const pruned = pruneFlameTree(big, { minFraction: 1 / 1200 });
    const kept = countNodes(pruned);
    expect(kept).toBeLessThan(10_000);
    expect(kept).toBeGreaterThan(10);
    expect(pruned.total).toBe(big.total);
    expect(everyTotalCoversChildren(pruned)).toBe(true);
  });
});
