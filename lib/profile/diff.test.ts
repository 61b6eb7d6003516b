import { describe, expect, it } from 'vitest';
import type { FlameNode } from '../model/profile';
import { toD3FlameData, type D3FlameDatum } from './d3-data';
import { diffFlameTrees, diffScale, normalisedDelta } from './diff';
import { flameTreeFromStacks } from './flame-tree';
import { parseFolded } from './folded';

const tree = (folded: string) => flameTreeFromStacks(parseFolded(folded));
const find = (node: FlameNode, path: string[]): FlameNode | undefined =>
  path.reduce<FlameNode | undefined>((n, name) => n?.children.find((c) => c.name === name), node);
const findD3 = (node: D3FlameDatum, path: string[]): D3FlameDatum | undefined =>
  path.reduce<D3FlameDatum | undefined>((n, name) => n?.children.find((c) => c.name === name), node);

describe('diffFlameTrees', () => {
  // The baseline covers a longer window (total 1000) than the target (total 100).
  const baseline = tree(`
    main;handler;json 500
    main;handler;db 400
    main;gc 100
  `);
  const target = tree(`
    main;handler;json 20
    main;handler;db 60
    main;handler;rsa 20
  `);
  const diff = diffFlameTrees(baseline, target);

  it('keeps target values and attaches the baseline total per path', () => {
    expect(diff.total).toBe(100);
    expect(diff.baselineTotal).toBe(1000);
    expect(find(diff, ['main', 'handler', 'db'])).toMatchObject({ total: 60, self: 60, baselineTotal: 400 });
    expect(find(diff, ['main', 'handler', 'rsa'])).toMatchObject({ total: 20, baselineTotal: 0 });
    expect(find(diff, ['main', 'gc'])).toMatchObject({ total: 0, baselineTotal: 100 });
  });

  it('normalises by grand totals so different window lengths compare', () => {
    const scale = diffScale(diff);
    expect(scale).toBe(0.1);
    // db: 40% of the baseline, 60% of the target: grew by 20 target units.
    expect(normalisedDelta(find(diff, ['main', 'handler', 'db']) as FlameNode, scale)).toBeCloseTo(20);
    // json: 50% -> 20%: shrank by 30.
    expect(normalisedDelta(find(diff, ['main', 'handler', 'json']) as FlameNode, scale)).toBeCloseTo(-30);
    expect(normalisedDelta(diff, scale)).toBeCloseTo(0);
  });

  it('hands d3-flame-graph the normalised delta and leaves the model untouched', () => {
    const before = JSON.stringify(diff);
    const d3 = toD3FlameData(diff, { diff: true });
    expect(findD3(d3, ['main', 'handler', 'rsa'])).toMatchObject({ value: 20, delta: 20, baselineValue: 0 });
    expect(findD3(d3, ['main', 'handler', 'db'])?.delta).toBeCloseTo(20);
    expect(findD3(d3, ['main', 'gc'])).toMatchObject({ value: 0, baselineValue: 10 });
    expect(JSON.stringify(diff)).toBe(before);
  });

  it('treats everything as new when the baseline is empty', () => {
    const d = diffFlameTrees(tree(''), target);
    expect(diffScale(d)).toBe(1);
    expect(toD3FlameData(d, { diff: true }).children[0].delta).toBe(100);
  });
});

describe('toD3FlameData', () => {
  it('produces fresh {name, value, self, children} objects without diff fields', () => {
    const root = tree('a;b 3\na 1');
    const d3 = toD3FlameData(root);
    expect(d3).toEqual({
      name: 'total',
      value: 4,
      self: 0,
      children: [{ name: 'a', value: 4, self: 1, children: [{ name: 'b', value: 3, self: 3, children: [] }] }],
    });
    expect(toD3FlameData(root)).not.toBe(d3);
  });
});
