// Span search for the waterfall: case-insensitive substring match on name, service, span id and
// attribute / resource keys and values ("key=value" also matches). The lowercased text of every span is
// built once per tree (O(total attribute size)) and cached; each query is then a scan of plain strings,
// with no per-span RegExp.
import type { AttributeValue, Attributes, SpanId } from '../model/trace';
import type { TraceTree } from './build-trace-tree';

const FIELD_SEPARATOR = '\u0000';
const haystacks = new WeakMap<TraceTree, readonly string[]>();

/** Text of an attribute value as search and the detail panel show it. */
export function attributeValueText(value: AttributeValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function appendAttributes(parts: string[], attributes: Attributes): void {
  for (const key of Object.keys(attributes)) parts.push(`${key}=${attributeValueText(attributes[key])}`);
}

function haystacksOf(tree: TraceTree): readonly string[] {
  const cached = haystacks.get(tree);
  if (cached) return cached;
  const built = tree.nodes.map((node) => {
    const s = node.span;
    const parts: string[] = [s.name, s.serviceName, s.spanId];
    appendAttributes(parts, s.attributes);
    appendAttributes(parts, s.resource);
    for (const e of s.events) parts.push(e.name);
    if (s.status.message) parts.push(s.status.message);
    return parts.join(FIELD_SEPARATOR).toLowerCase();
  });
  haystacks.set(tree, built);
  return built;
}

/** Terms of a query: whitespace-separated, lowercased; every term must match (AND). */
export function queryTerms(query: string): string[] {
  return query
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t.length > 0);
}

/** Matching span ids in display order; empty for an empty query. First call per tree builds the index. */
export function searchSpans(tree: TraceTree, query: string): SpanId[] {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  const texts = haystacksOf(tree);
  const out: SpanId[] = [];
  for (let w = 0; w < tree.preorder.length; w++) {
    const i = tree.preorder[w];
    const text = texts[i];
    let ok = true;
    for (const t of terms) {
      if (!text.includes(t)) {
        ok = false;
        break;
      }
    }
    if (ok) out.push(tree.nodes[i].span.spanId);
  }
  return out;
}
