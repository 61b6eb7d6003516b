// The TraceQL syntax tree our evaluator works on, built from the lezer tree by parse.ts.
import type { StoredSpan } from '../types';

export type StatusValue = StoredSpan['statusCode'];
export type KindValue = StoredSpan['kind'];

/** A runtime value; null is nil (a missing attribute). */
export type Value =
  | { type: 'string'; value: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'duration'; ns: number }
  | { type: 'status'; value: StatusValue }
  | { type: 'kind'; value: KindValue }
  | null;

export type Intrinsic =
  | 'name'
  | 'status'
  | 'statusMessage'
  | 'duration'
  | 'kind'
  | 'rootServiceName'
  | 'rootName'
  | 'traceDuration'
  | 'spanID'
  | 'parentID'
  | 'traceID'
  | 'childCount';

export type FieldOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | '=~' | '!~' | '&&' | '||' | '+' | '-' | '*' | '/' | '%' | '^';

export type FieldExpr =
  | { kind: 'static'; value: Value }
  | { kind: 'attribute'; scope: 'span' | 'resource' | 'any'; name: string }
  | { kind: 'intrinsic'; name: Intrinsic }
  | { kind: 'binary'; op: FieldOp; lhs: FieldExpr; rhs: FieldExpr; regex?: RegExp }
  | { kind: 'unary'; op: '-' | '!'; expr: FieldExpr };

export type AggregateFn = 'count' | 'avg' | 'max' | 'min' | 'sum';

export type ScalarExpr =
  | { kind: 'aggregate'; fn: AggregateFn; field: FieldExpr | null }
  | { kind: 'static'; value: Value }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '%' | '^'; lhs: ScalarExpr; rhs: ScalarExpr };

export type SpansetOp = '&&' | '||' | '>' | '>>' | '<' | '<<' | '~' | '|';

export type SpansetExpr =
  | { kind: 'filter'; expr: FieldExpr | null }
  | { kind: 'scalarFilter'; lhs: ScalarExpr; op: '=' | '!=' | '>' | '>=' | '<' | '<='; rhs: ScalarExpr }
  | { kind: 'select' }
  | { kind: 'op'; op: SpansetOp; lhs: SpansetExpr; rhs: SpansetExpr };
