// What an alerting expression compares: for `histogram_quantile(...) > 0.5` the chart plots the left side over
// the whole window (the full expression only has values while it fires) and marks 0.5 as the threshold.
// Read with the official PromQL grammar, never with a regex over the text.
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';

export type ComparisonOp = '>' | '<' | '>=' | '<=' | '==' | '!=';

export interface AlertComparison {
  /** The side that is not the literal: what to plot. */
  valueExpr: string;
  op: ComparisonOp;
  threshold: number;
  /** `0.5 < x` rather than `x > 0.5`. */
  literalFirst: boolean;
}

const COMPARISON_NODES: Record<string, ComparisonOp> = { Gtr: '>', Lss: '<', Gte: '>=', Lte: '<=', Eql: '==', Neq: '!=' };
const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b) => a / b,
};
const SET_OPERATORS = new Set(['And', 'Unless']);
const DURATION_UNITS_S: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };

/** A PromQL number literal: decimal, hex, Inf/NaN, or a duration (seconds, as PromQL 3 reads it). */
export function parseNumberLiteral(text: string): number | null {
  const trimmed = text.trim();
  if (/^[+-]?(?:inf|infinity)$/i.test(trimmed)) return trimmed.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(trimmed)) return NaN;
  if (/^0x[0-9a-f]+$/i.test(trimmed)) return parseInt(trimmed, 16);
  if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(trimmed)) return Number(trimmed);
  const parts = [...trimmed.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length > 0 && parts.map((part) => part[0]).join('') === trimmed) {
    return parts.reduce((sum, part) => sum + Number(part[1]) * DURATION_UNITS_S[part[2]], 0);
  }
  return null;
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

function unwrapParens(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.name === 'ParenExpr' && current.firstChild) current = current.firstChild;
  return current;
}

/** The number a literal node (possibly negated, possibly in parentheses) stands for, else null. */
function literalValue(node: SyntaxNode, query: string): number | null {
  const inner = unwrapParens(node);
  if (inner.name === 'NumberDurationLiteral' || inner.name === 'NumberLiteral') return parseNumberLiteral(query.slice(inner.from, inner.to));
  // `6 * 0.001` (a burn-rate factor times the error budget): constant arithmetic folds into one number.
  if (inner.name === 'BinaryExpr') {
    const parts = children(inner);
    if (parts.length !== 3) return null;
    const left = literalValue(parts[0], query);
    const right = literalValue(parts[2], query);
    if (left === null || right === null) return null;
    const fold = Object.hasOwn(ARITHMETIC, parts[1].name) ? ARITHMETIC[parts[1].name] : undefined;
    return fold ? fold(left, right) : null;
  }
  if (inner.name === 'UnaryExpr') {
    const [op, operand] = children(inner);
    if (!op || !operand) return null;
    const value = literalValue(operand, query);
    if (value === null) return null;
    return query.slice(op.from, op.to) === '-' ? -value : value;
  }
  return null;
}

function comparisonOf(node: SyntaxNode, query: string): AlertComparison | null {
  const expr = unwrapParens(node);
  if (expr.name !== 'BinaryExpr') return null;
  const parts = children(expr);
  if (parts.length < 3) return null;
  const lhs = parts[0];
  const rhs = parts[parts.length - 1];
  const opNode = parts.find((part) => part !== lhs && part !== rhs && (Object.hasOwn(COMPARISON_NODES, part.name) || SET_OPERATORS.has(part.name)));
  if (!opNode) return null;
  // `a > 1 and on() b`: the comparison is the left operand; the right one only gates it.
  if (SET_OPERATORS.has(opNode.name)) return comparisonOf(lhs, query);
  // `x > bool 1` yields 0/1 for every series: it does not filter, so there is no threshold to draw.
  if (parts.some((part) => part.name === 'BoolModifier')) return null;
  const op = COMPARISON_NODES[opNode.name];
  const right = literalValue(rhs, query);
  if (right !== null && literalValue(lhs, query) === null && Number.isFinite(right)) {
    return { valueExpr: query.slice(lhs.from, lhs.to).trim(), op, threshold: right, literalFirst: false };
  }
  const left = literalValue(lhs, query);
  if (left !== null && right === null && Number.isFinite(left)) {
    return { valueExpr: query.slice(rhs.from, rhs.to).trim(), op, threshold: left, literalFirst: true };
  }
  return null;
}

/** The comparison against a constant at the top of an alerting expression, or null (none, or unparsable). */
export function alertComparison(query: string): AlertComparison | null {
  const tree = parser.parse(query);
  let broken = false;
  tree.iterate({
    enter(node) {
      if (node.type.isError) broken = true;
      return !broken;
    },
  });
  if (broken) return null;
  const root = tree.topNode.firstChild;
  return root ? comparisonOf(root, query) : null;
}
