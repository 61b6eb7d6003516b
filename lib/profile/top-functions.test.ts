import { describe, expect, it } from 'vitest';
import { flameTreeFromStacks } from './flame-tree';
import { parseFolded } from './folded';
import { formatPercent, formatProfileValue } from './format-value';
import { frameMatches, searchFlameTree } from './search';
import { topFunctions } from './top-functions';

const tree = (folded: string) => flameTreeFromStacks(parseFolded(folded));

describe('topFunctions', () => {
  it('sums self time of a function over all its stacks', () => {
    const rows = topFunctions(
      tree(`
        main;a;malloc 30
        main;b;malloc 20
        main;a 10
        main 5
      `),
      10,
    );
    expect(rows.map((r) => [r.name, r.self, r.total])).toEqual([
      ['malloc', 50, 50],
      ['a', 10, 40],
      ['main', 5, 65],
      ['b', 0, 20],
    ]);
    expect(rows[0].selfFraction).toBeCloseTo(50 / 65);
  });

  it('counts a recursive function once per stack in its total', () => {
    const rows = topFunctions(tree('f;f;f 7\nf;g 3'), 5);
    expect(rows.find((r) => r.name === 'f')).toMatchObject({ self: 7, total: 10, totalFraction: 1 });
  });

  it('limits the rows and breaks ties by name', () => {
    const rows = topFunctions(tree('b 1\na 1\nc 1'), 2);
    expect(rows.map((r) => r.name)).toEqual(['a', 'b']);
  });
});

describe('formatProfileValue', () => {
  it('formats time, bytes and counts', () => {
    expect(formatProfileValue(19_350_000_000, 'nanoseconds')).toBe('19.4 s');
    expect(formatProfileValue(1_500_000, 'nanoseconds')).toBe('1.5 ms');
    expect(formatProfileValue(750, 'nanoseconds')).toBe('750 ns');
    expect(formatProfileValue(90e9, 'nanoseconds')).toBe('1.5 min');
    expect(formatProfileValue(3 * 1024 * 1024, 'bytes')).toBe('3 MiB');
    expect(formatProfileValue(1536, 'bytes')).toBe('1.5 KiB');
    expect(formatProfileValue(512, 'bytes')).toBe('512 B');
    expect(formatProfileValue(12_345, 'count')).toBe('12.3k');
    expect(formatProfileValue(12_345, 'objects')).toBe('12.3k objects');
    expect(formatProfileValue(-2_000_000, 'nanoseconds')).toBe('-2 ms');
  });

  it('formats percentages readably', () => {
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(0.05)).toBe('5%');
    expect(formatPercent(0.0004)).toBe('0.04%');
    expect(formatPercent(0.000004)).toBe('<0.001%');
    expect(formatPercent(0)).toBe('0%');
  });
});

describe('searchFlameTree', () => {
  it('counts matches and sums their totals without double counting nested matches', () => {
    const root = tree(`
      main;http.serve;json.Marshal 30
      main;http.serve;json.Marshal;json.encode 10
      main;gc 5
    `);
    expect(searchFlameTree(root, 'JSON')).toEqual({ matchCount: 2, matchedTotal: 40 });
    expect(searchFlameTree(root, 'gc')).toEqual({ matchCount: 1, matchedTotal: 5 });
    expect(searchFlameTree(root, '(')).toEqual({ matchCount: 0, matchedTotal: 0 });
    expect(searchFlameTree(root, '  ')).toEqual({ matchCount: 0, matchedTotal: 0 });
    expect(frameMatches('net/http.(*conn).serve', '(*CONN)')).toBe(true);
  });
});
