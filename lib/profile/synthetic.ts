// Synthetic Go-shaped profiles for tests, benchmarks and the dev page. Deterministic for a given seed.
import type { FlameNode } from '../model/profile';
import { seededRandom } from '../trace-view/synthetic';

const FRAMES = [
  'main.main',
  'net/http.(*conn).serve',
  'net/http.HandlerFunc.ServeHTTP',
  'main.(*PaymentService).Charge',
  'main.(*OrderService).Create',
  'crypto/rsa.SignPKCS1v15',
  'database/sql.(*DB).conn',
  'database/sql.(*DB).QueryContext',
  'runtime.mallocgc',
  'runtime.gcBgMarkWorker',
  'encoding/json.Marshal',
  'bufio.(*Writer).Flush',
  'syscall.Syscall',
  'sync.(*Mutex).Lock',
  'math/big.nat.expNN',
];

interface Draft {
  name: string;
  self: number;
  depth: number;
  kids: Draft[];
  kidNames: Set<string>;
}

/**
 * A tree of exactly nodeCount nodes (root included): depth up to ~80, heavy-tailed self values so a few
 * frames dominate and most are tiny, as in real CPU profiles. Values are nanoseconds (10 ms samples).
 */
export function syntheticFlameTree(nodeCount: number, seed = 1): FlameNode {
  const rand = seededRandom(seed);
  const root: Draft = { name: 'total', self: 0, depth: 0, kids: [], kidNames: new Set() };
  const all: Draft[] = [root];
  let last = root;
  for (let i = 1; i < nodeCount; i++) {
    let parent = rand() < 0.6 ? last : all[Math.floor(rand() ** 2 * all.length)];
    if (parent.depth >= 80) parent = all[Math.floor(rand() * Math.min(all.length, 200))];
    // A frame name appears once per parent in a call tree: a repeated pick gets a numbered copy
    // (an inlined variant, say), so the same functions recur across stacks as in real profiles.
    let name = FRAMES[Math.floor(rand() * FRAMES.length)];
    if (parent.kidNames.has(name)) name = `${name}#${i}`;
    parent.kidNames.add(name);
    const node: Draft = { name, self: 0, depth: parent.depth + 1, kids: [], kidNames: new Set() };
    const u = rand();
    node.self = Math.round(1 / (0.0005 + u * u * u)) * 10_000_000;
    parent.kids.push(node);
    all.push(node);
    last = node;
  }
  // Totals bottom-up: children were created after their parents, so walking `all` backwards works.
  const totals = new Map<Draft, number>();
  for (let i = all.length - 1; i >= 0; i--) {
    const d = all[i];
    let t = d.self;
    for (const k of d.kids) t += totals.get(k) ?? 0;
    totals.set(d, t);
  }
  const convert = (d: Draft): FlameNode => ({ name: d.name, self: d.self, total: totals.get(d) ?? 0, children: [] });
  const out = convert(root);
  const stack: [Draft, FlameNode][] = [[root, out]];
  while (stack.length > 0) {
    const [d, f] = stack.pop() as [Draft, FlameNode];
    for (const k of d.kids) {
      const c = convert(k);
      f.children.push(c);
      stack.push([k, c]);
    }
  }
  return out;
}
