// Folded stacks ("main;net/http.serve;handler 120"), the text form Brendan Gregg's tools and Pyroscope's
// /ingest?format=folded use. Tests draw flame graphs in it, as Grafana's flame graph tests do.
import type { FlameNode } from '../model/profile';

export interface StackSample {
  /** Frames from the root (outermost) to the leaf. */
  stack: string[];
  value: number;
}

/**
 * One sample per non-empty line: frames joined by ';', a space, then the value. Lines that do not end in a
 * number are rejected with their line number: silently skipping them would change the profile.
 */
export function parseFolded(text: string): StackSample[] {
  const out: StackSample[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    const value = cut > 0 ? Number(line.slice(cut + 1)) : NaN;
    if (!Number.isFinite(value)) throw new Error(`folded stacks line ${i + 1}: expected "frame;frame value"`);
    out.push({ stack: line.slice(0, cut).split(';'), value });
  }
  return out;
}

/**
 * The tree as folded lines (one per node with self > 0, root excluded), sorted: a readable way to assert
 * a whole tree in a test.
 */
export function toFolded(root: FlameNode): string {
  const lines: string[] = [];
  const stack: { node: FlameNode; path: string[] }[] = root.children.map((c) => ({ node: c, path: [c.name] }));
  while (stack.length > 0) {
    const { node, path } = stack.pop() as { node: FlameNode; path: string[] };
    if (node.self > 0) lines.push(`${path.join(';')} ${node.self}`);
    for (const c of node.children) stack.push({ node: c, path: [...path, c.name] });
  }
  return lines.sort().join('\n');
}
