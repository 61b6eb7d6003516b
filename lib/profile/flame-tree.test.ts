import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/fixtures';
import { countNodes, flameTreeFromStacks, maxDepth } from './flame-tree';
import { parseFolded, toFolded } from './folded';

const tree = (folded: string) => flameTreeFromStacks(parseFolded(folded));

describe('flameTreeFromStacks', () => {
  it('merges shared prefixes and sums totals', () => {
    const root = tree(`
      a;b;c 10
      a;b 5
      a;d 20
      e 1
    `);
    expect(root.name).toBe('total');
    expect(root.total).toBe(36);
    expect(root.children.map((c) => [c.name, c.total, c.self])).toEqual([
      ['a', 35, 0],
      ['e', 1, 1],
    ]);
    const b = root.children[0].children[0];
    expect([b.name, b.total, b.self]).toEqual(['b', 15, 5]);
    expect(countNodes(root)).toBe(6);
    expect(maxDepth(root)).toBe(3);
  });

  it('round-trips through folded text, merging repeated stacks', () => {
    const root = tree('x;y 3\nx;y 4\nx 1\n');
    expect(toFolded(root)).toBe('x 1\nx;y 7');
  });

  it('skips zero and negative samples and rejects malformed lines with their number', () => {
    expect(tree('a 0\nb -3\nc 2').total).toBe(2);
    expect(() => parseFolded('a;b 1\na;b nope')).toThrow(/line 2/);
  });

  it('builds the checkout CPU profile pushed to Pyroscope with the same proportions Pyroscope returns', () => {
    const root = tree(readFixture('pyroscope', 'inputs', 'checkout-cpu.folded'));
    expect(root.total).toBe(645);
    // Pyroscope's SelectMergeStacktraces for this input (pushed 3x at 100 Hz): total 19.35 s, main 19.35 s,
    // net/http.(*conn).serve 16.95 s, net/http.(*Client).Do self 10.2 s. Ours in samples: x 3e7 ns.
    const connect = JSON.parse(readFixture('pyroscope', 'connect_SelectMergeStacktraces_checkout_cpu.json')) as {
      flamegraph: { total: string };
    };
    expect(root.total * 3 * 10_000_000).toBe(Number(connect.flamegraph.total));
    const main = root.children[0];
    const serve = main.children.find((c) => c.name === 'net/http.(*conn).serve');
    expect(serve?.total).toBe(565);
    expect(565 * 3e7).toBe(16_950_000_000);
    const createOrder = serve?.children.find((c) => c.name === 'shop/checkout.(*Server).CreateOrder');
    const charge = createOrder?.children.find((c) => c.name === 'shop/checkout.(*PaymentClient).Charge');
    expect(charge?.children[0]).toMatchObject({ name: 'net/http.(*Client).Do', self: 340, total: 340 });
  });
});
