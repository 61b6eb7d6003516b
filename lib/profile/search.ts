// Flame graph search on the full tree (the drawn tree is pruned): how much of the profile matches a term.
import type { FlameNode } from '../model/profile';

export interface FlameSearchResult {
  /** Frames whose name contains the term. */
  matchCount: number;
  /** Sum of totals of matching frames, not counting a match inside another match twice. */
  matchedTotal: number;
}

/** Case-insensitive literal substring search (no RegExp from user input). O(n), iterative. */
export function searchFlameTree(root: FlameNode, term: string): FlameSearchResult {
  const needle = term.trim().toLowerCase();
  if (needle === '') return { matchCount: 0, matchedTotal: 0 };
  let matchCount = 0;
  let matchedTotal = 0;
  const stack: [FlameNode, boolean][] = root.children.map((c) => [c, false]);
  while (stack.length > 0) {
    const [node, insideMatch] = stack.pop() as [FlameNode, boolean];
    const hit = node.name.toLowerCase().includes(needle);
    if (hit) {
      matchCount++;
      if (!insideMatch) matchedTotal += node.total;
    }
    for (const c of node.children) stack.push([c, insideMatch || hit]);
  }
  return { matchCount, matchedTotal };
}

/** Case-insensitive literal match used by the chart for highlighting. */
export function frameMatches(name: string, term: string): boolean {
  const needle = term.trim().toLowerCase();
  return needle !== '' && name.toLowerCase().includes(needle);
}
