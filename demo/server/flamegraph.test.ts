import { describe, expect, it } from 'vitest';
import { readFixture, readFixtureJson } from '../../test/fixtures';
import { buildTree, flameGraphConnectJson, minValue, toFlameGraph } from './flamegraph';

/** The folded input Pyroscope received for the fixture: pushed 3 times at sampleRate 100 (1 sample = 10 ms of CPU). */
function checkoutSamples() {
  const folded = readFixture('pyroscope', 'inputs', 'checkout-cpu.folded');
  return folded
    .trim()
    .split('\n')
    .map((line) => {
      const at = line.lastIndexOf(' ');
      return { stack: line.slice(0, at).split(';'), value: Number(line.slice(at + 1)) * 3 * 10_000_000 };
    });
}

describe('toFlameGraph', () => {
  it('reproduces the recorded Pyroscope 1.0 flame graph exactly', () => {
    const fg = toFlameGraph(buildTree(checkoutSamples()));
    const recorded = readFixtureJson('pyroscope', 'connect_SelectMergeStacktraces_checkout_cpu.json');
    expect({ flamegraph: flameGraphConnectJson(fg) }).toEqual(recorded);
  });

  it('encodes an empty selection like Pyroscope (no total/maxSelf keys)', () => {
    const recorded = readFixtureJson('pyroscope', 'connect_SelectMergeStacktraces_empty.json');
    expect({ flamegraph: flameGraphConnectJson(toFlameGraph(buildTree([]))) }).toEqual(recorded);
  });

  it('folds nodes below the maxNodes cut into "other" and keeps totals', () => {
    const samples = [
      { stack: ['main', 'a'], value: 100 },
      { stack: ['main', 'b'], value: 5 },
      { stack: ['main', 'c'], value: 3 },
      { stack: ['main', 'a', 'x'], value: 50 },
    ];
    const tree = buildTree(samples);
    // totals: main 158, a 150, x 50, b 5, c 3 -> top 3 keeps >= 50
    expect(minValue(tree, 3)).toBe(50);
    const fg = toFlameGraph(tree, 3);
    expect(fg.names).toContain('other');
    expect(fg.total).toBe(158);
    const level2 = fg.levels[2];
    const other = fg.names.indexOf('other');
    const quads = [];
    for (let i = 0; i < level2.length; i += 4) quads.push(level2.slice(i, i + 4));
    // a (150) then other (5 + 3), laid out left to right
    expect(quads).toEqual([
      [0, 150, 100, fg.names.indexOf('a')],
      [0, 8, 8, other],
    ]);
    expect(minValue(tree, 100)).toBe(0);
  });
});
