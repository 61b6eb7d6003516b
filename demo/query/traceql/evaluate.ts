// Evaluates a TraceQL spanset expression against one trace at a time: field expressions per span,
// spanset operators (&&, ||, structural >, >>, <, <<, ~) and pipelines (filters, scalar filters, select).
import type { StoredSpan, StoredTrace } from '../types';
import type { FieldExpr, ScalarExpr, SpansetExpr, Value } from './ast';

/** Per-trace facts the intrinsics need, computed once per trace. */
export class TraceContext {
  readonly root: StoredSpan | null;
  readonly startNs: bigint;
  readonly durationNs: bigint;
  private byId: Map<string, StoredSpan> | null = null;
  private childCounts: Map<string, number> | null = null;
  private childList: Map<string, StoredSpan[]> | null = null;

  constructor(readonly trace: StoredTrace) {
    const spans = trace.spans;
    this.root = spans.find((s) => s.parentSpanId === null) ?? null;
    let start = spans.length > 0 ? spans[0].startNs : 0n;
    let end = start;
    for (const s of spans) {
      if (s.startNs < start) start = s.startNs;
      const spanEnd = s.startNs + s.durationNs;
      if (spanEnd > end) end = spanEnd;
    }
    this.startNs = start;
    this.durationNs = end - start;
  }

  span(id: string | null): StoredSpan | undefined {
    if (id === null) return undefined;
    if (!this.byId) this.byId = new Map(this.trace.spans.map((s) => [s.spanId, s]));
    return this.byId.get(id);
  }

  children(span: StoredSpan): StoredSpan[] {
    if (!this.childList) {
      this.childList = new Map();
      for (const s of this.trace.spans) {
        if (s.parentSpanId === null) continue;
        const list = this.childList.get(s.parentSpanId);
        if (list) list.push(s);
        else this.childList.set(s.parentSpanId, [s]);
      }
    }
    return this.childList.get(span.spanId) ?? [];
  }

  childCount(span: StoredSpan): number {
    if (!this.childCounts) {
      this.childCounts = new Map();
      for (const s of this.trace.spans) {
        if (s.parentSpanId !== null) this.childCounts.set(s.parentSpanId, (this.childCounts.get(s.parentSpanId) ?? 0) + 1);
      }
    }
    return this.childCounts.get(span.spanId) ?? 0;
  }
}

function fromAttribute(value: StoredSpan['attributes'][string] | undefined): Value {
  if (value === undefined) return null;
  if (typeof value === 'string') return { type: 'string', value };
  if (typeof value === 'boolean') return { type: 'bool', value };
  return Number.isInteger(value) ? { type: 'int', value } : { type: 'float', value };
}

function resourceAttribute(span: StoredSpan, name: string): Value {
  const value = fromAttribute(span.resourceAttributes[name]);
  if (value === null && name === 'service.name') return { type: 'string', value: span.serviceName };
  return value;
}

function intrinsic(expr: Extract<FieldExpr, { kind: 'intrinsic' }>, span: StoredSpan, ctx: TraceContext): Value {
  switch (expr.name) {
    case 'name':
      return { type: 'string', value: span.name };
    case 'status':
      return { type: 'status', value: span.statusCode };
    case 'statusMessage':
      return { type: 'string', value: span.statusMessage ?? '' };
    case 'duration':
      return { type: 'duration', ns: Number(span.durationNs) };
    case 'kind':
      return { type: 'kind', value: span.kind };
    case 'rootServiceName':
      return ctx.root ? { type: 'string', value: ctx.root.serviceName } : null;
    case 'rootName':
      return ctx.root ? { type: 'string', value: ctx.root.name } : null;
    case 'traceDuration':
      return { type: 'duration', ns: Number(ctx.durationNs) };
    case 'spanID':
      return { type: 'string', value: span.spanId };
    case 'parentID':
      return span.parentSpanId === null ? null : { type: 'string', value: span.parentSpanId };
    case 'traceID':
      return { type: 'string', value: span.traceId };
    case 'childCount':
      return { type: 'int', value: ctx.childCount(span) };
  }
}

function isNumber(v: Value): v is { type: 'int' | 'float'; value: number } {
  return v !== null && (v.type === 'int' || v.type === 'float');
}

function ordered(a: number | string, b: number | string, op: string): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    default:
      return false;
  }
}

/** Tempo compares values of the same type only (ints and floats mix); anything else is false. */
export function compareValues(op: string, a: Value, b: Value): boolean {
  if (a === null || b === null) {
    // `x = nil` / `x != nil` test presence; a missing attribute compared to a value never matches.
    if (op === '=') return a === null && b === null;
    if (op === '!=') return b === null && a !== null;
    return false;
  }
  if (isNumber(a) && isNumber(b)) return ordered(a.value, b.value, op);
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'string':
      return ordered(a.value, (b as { value: string }).value, op);
    case 'duration':
      return ordered(a.ns, (b as { ns: number }).ns, op);
    case 'bool':
    case 'status':
    case 'kind': {
      const other = (b as { value: string | boolean }).value;
      if (op === '=') return a.value === other;
      if (op === '!=') return a.value !== other;
      return false;
    }
    default:
      return false;
  }
}

function arithmetic(op: string, a: Value, b: Value): Value {
  const apply = (x: number, y: number): number => {
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        return x / y;
      case '%':
        return x % y;
      default:
        return x ** y;
    }
  };
  if (isNumber(a) && isNumber(b)) {
    const value = apply(a.value, b.value);
    const int = a.type === 'int' && b.type === 'int' && op !== '/' && op !== '^';
    return { type: int ? 'int' : 'float', value };
  }
  if (a?.type === 'duration' && b?.type === 'duration' && (op === '+' || op === '-')) return { type: 'duration', ns: apply(a.ns, b.ns) };
  if (a?.type === 'duration' && isNumber(b) && (op === '*' || op === '/')) return { type: 'duration', ns: apply(a.ns, b.value) };
  if (isNumber(a) && b?.type === 'duration' && op === '*') return { type: 'duration', ns: a.value * b.ns };
  return null;
}

/** A bare operand of && / || counts as true only if it is a true boolean (Tempo: attribute = true). */
function truthy(v: Value): boolean {
  return v !== null && v.type === 'bool' && v.value;
}

export function evalField(expr: FieldExpr, span: StoredSpan, ctx: TraceContext): Value {
  switch (expr.kind) {
    case 'static':
      return expr.value;
    case 'intrinsic':
      return intrinsic(expr, span, ctx);
    case 'attribute':
      if (expr.scope === 'span') return fromAttribute(span.attributes[expr.name]);
      if (expr.scope === 'resource') return resourceAttribute(span, expr.name);
      return fromAttribute(span.attributes[expr.name]) ?? resourceAttribute(span, expr.name);
    case 'unary': {
      const v = evalField(expr.expr, span, ctx);
      if (expr.op === '!') return v?.type === 'bool' ? { type: 'bool', value: !v.value } : null;
      if (isNumber(v)) return { type: v.type, value: -v.value };
      if (v?.type === 'duration') return { type: 'duration', ns: -v.ns };
      return null;
    }
    case 'binary': {
      if (expr.op === '&&') {
        return { type: 'bool', value: truthy(evalField(expr.lhs, span, ctx)) && truthy(evalField(expr.rhs, span, ctx)) };
      }
      if (expr.op === '||') {
        return { type: 'bool', value: truthy(evalField(expr.lhs, span, ctx)) || truthy(evalField(expr.rhs, span, ctx)) };
      }
      const lhs = evalField(expr.lhs, span, ctx);
      if (expr.op === '=~' || expr.op === '!~') {
        if (lhs?.type !== 'string' || !expr.regex) return { type: 'bool', value: false };
        const matches = expr.regex.test(lhs.value);
        return { type: 'bool', value: expr.op === '=~' ? matches : !matches };
      }
      const rhs = evalField(expr.rhs, span, ctx);
      if (['+', '-', '*', '/', '%', '^'].includes(expr.op)) return arithmetic(expr.op, lhs, rhs);
      return { type: 'bool', value: compareValues(expr.op, lhs, rhs) };
    }
  }
}

function aggregateValue(expr: Extract<ScalarExpr, { kind: 'aggregate' }>, spans: StoredSpan[], ctx: TraceContext): Value {
  if (expr.fn === 'count') return { type: 'int', value: spans.length };
  let duration = false;
  const values: number[] = [];
  for (const span of spans) {
    const v = evalField(expr.field as FieldExpr, span, ctx);
    if (isNumber(v)) values.push(v.value);
    else if (v?.type === 'duration') {
      duration = true;
      values.push(v.ns);
    }
  }
  if (values.length === 0) return null;
  let result: number;
  switch (expr.fn) {
    case 'sum':
      result = values.reduce((a, b) => a + b, 0);
      break;
    case 'avg':
      result = values.reduce((a, b) => a + b, 0) / values.length;
      break;
    case 'min':
      result = Math.min(...values);
      break;
    default:
      result = Math.max(...values);
  }
  return duration ? { type: 'duration', ns: result } : { type: 'float', value: result };
}

function evalScalar(expr: ScalarExpr, spans: StoredSpan[], ctx: TraceContext): Value {
  switch (expr.kind) {
    case 'static':
      return expr.value;
    case 'aggregate':
      return aggregateValue(expr, spans, ctx);
    case 'binary':
      return arithmetic(expr.op, evalScalar(expr.lhs, spans, ctx), evalScalar(expr.rhs, spans, ctx));
  }
}

function union(a: StoredSpan[], b: StoredSpan[]): StoredSpan[] {
  const seen = new Set(a);
  return [...a, ...b.filter((s) => !seen.has(s))];
}

/** Every span above any of `spans` (each ancestor chain walked once). O(spans in the trace). */
function ancestorsOf(spans: StoredSpan[], ctx: TraceContext): Set<StoredSpan> {
  const out = new Set<StoredSpan>();
  for (const span of spans) {
    let parent = ctx.span(span.parentSpanId);
    while (parent && !out.has(parent)) {
      out.add(parent);
      parent = ctx.span(parent.parentSpanId);
    }
  }
  return out;
}

/** Every span below any of `spans`. O(spans in the trace). */
function descendantsOf(spans: StoredSpan[], ctx: TraceContext): Set<StoredSpan> {
  const out = new Set<StoredSpan>();
  const stack = spans.flatMap((s) => ctx.children(s));
  while (stack.length > 0) {
    const span = stack.pop() as StoredSpan;
    if (out.has(span)) continue;
    out.add(span);
    stack.push(...ctx.children(span));
  }
  return out;
}

function structural(op: string, lhs: StoredSpan[], rhs: StoredSpan[], ctx: TraceContext): StoredSpan[] {
  if (lhs.length === 0 || rhs.length === 0) return [];
  const left = new Set(lhs);
  switch (op) {
    case '>':
      return rhs.filter((r) => {
        const parent = ctx.span(r.parentSpanId);
        return parent !== undefined && left.has(parent);
      });
    case '>>': {
      const below = descendantsOf(lhs, ctx);
      return rhs.filter((r) => below.has(r));
    }
    case '<': {
      const parents = new Set(lhs.map((l) => ctx.span(l.parentSpanId)).filter((p): p is StoredSpan => p !== undefined));
      return rhs.filter((r) => parents.has(r));
    }
    case '<<': {
      const above = ancestorsOf(lhs, ctx);
      return rhs.filter((r) => above.has(r));
    }
    case '~': {
      // A sibling is another span under the same parent: count left spans per parent once.
      const perParent = new Map<string, number>();
      for (const l of lhs) if (l.parentSpanId !== null) perParent.set(l.parentSpanId, (perParent.get(l.parentSpanId) ?? 0) + 1);
      return rhs.filter((r) => r.parentSpanId !== null && (perParent.get(r.parentSpanId) ?? 0) - (left.has(r) ? 1 : 0) > 0);
    }
    default:
      return [];
  }
}

/** The spans of one trace that the expression selects (empty: the trace does not match). */
export function evalSpanset(expr: SpansetExpr, input: StoredSpan[], ctx: TraceContext): StoredSpan[] {
  switch (expr.kind) {
    case 'filter':
      if (expr.expr === null) return input;
      return input.filter((span) => truthy(evalField(expr.expr as FieldExpr, span, ctx)));
    case 'select':
      return input;
    case 'scalarFilter': {
      if (input.length === 0) return input;
      const passes = compareValues(expr.op, evalScalar(expr.lhs, input, ctx), evalScalar(expr.rhs, input, ctx));
      return passes ? input : [];
    }
    case 'op': {
      if (expr.op === '|') return evalSpanset(expr.rhs, evalSpanset(expr.lhs, input, ctx), ctx);
      const lhs = evalSpanset(expr.lhs, input, ctx);
      if (expr.op === '&&') {
        if (lhs.length === 0) return [];
        const rhs = evalSpanset(expr.rhs, input, ctx);
        return rhs.length === 0 ? [] : union(lhs, rhs);
      }
      const rhs = evalSpanset(expr.rhs, input, ctx);
      if (expr.op === '||') return union(lhs, rhs);
      return structural(expr.op, lhs, rhs, ctx);
    }
  }
}
