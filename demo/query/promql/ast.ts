// The PromQL syntax tree our evaluator works on, built from the lezer tree by parse.ts.
import type { LabelMatcher } from '../types';
import type { AggregateOp, Grouping } from '../vector/aggregate';
import type { BinaryOp, VectorMatching } from '../vector/binary';

export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** The @ modifier: a fixed time, or the query's start/end. */
export type AtModifier = { kind: 'time'; timeMs: number } | { kind: 'start' } | { kind: 'end' };

export interface VectorSelector {
  kind: 'vectorSelector';
  /** The metric name if written as `name{...}` or {"name"}, for absent() labels and messages. */
  name: string | null;
  matchers: LabelMatcher[];
  offsetMs: number;
  at: AtModifier | null;
  pos: number;
}

export interface MatrixSelector {
  kind: 'matrixSelector';
  selector: VectorSelector;
  rangeMs: number;
  pos: number;
}

export interface Subquery {
  kind: 'subquery';
  expr: Expr;
  rangeMs: number;
  /** null: the default evaluation interval. */
  stepMs: number | null;
  offsetMs: number;
  at: AtModifier | null;
  pos: number;
}

export type Expr =
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | VectorSelector
  | MatrixSelector
  | Subquery
  | { kind: 'call'; func: string; args: Expr[]; pos: number }
  | { kind: 'aggregate'; op: AggregateOp; param: Expr | null; expr: Expr; grouping: Grouping; pos: number }
  | { kind: 'binary'; op: BinaryOp; lhs: Expr; rhs: Expr; returnBool: boolean; matching: VectorMatching | null; pos: number; opPos?: number }
  | { kind: 'unary'; op: '-' | '+'; expr: Expr; pos: number }
  | { kind: 'paren'; expr: Expr; pos: number };

export function typeOf(expr: Expr): ValueType {
  switch (expr.kind) {
    case 'number':
      return 'scalar';
    case 'string':
      return 'string';
    case 'vectorSelector':
    case 'aggregate':
      return 'vector';
    case 'matrixSelector':
    case 'subquery':
      return 'matrix';
    case 'call':
      return FUNCTION_RETURN_TYPES[expr.func] ?? 'vector';
    case 'binary':
      return typeOf(expr.lhs) === 'scalar' && typeOf(expr.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'unary':
    case 'paren':
      return typeOf(expr.expr);
  }
}

const FUNCTION_RETURN_TYPES: Record<string, ValueType> = { time: 'scalar', scalar: 'scalar', pi: 'scalar' };

/** Strips parentheses. */
export function unwrapParens(expr: Expr): Expr {
  let e = expr;
  while (e.kind === 'paren') e = e.expr;
  return e;
}
