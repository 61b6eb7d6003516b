// A necessary condition of a TraceQL query that a store can check without building traces (TraceHint): "the trace
// has a span of service X [with status error]". Derived only where it is certain: from `resource.service.name = "x"`
// (and `status = error`) among the top-level && conditions of a spanset filter that every match must pass.
import type { TraceHint } from '../types';
import type { FieldExpr, SpansetExpr } from './ast';

function conjuncts(expr: FieldExpr): FieldExpr[] {
  return expr.kind === 'binary' && expr.op === '&&' ? [...conjuncts(expr.lhs), ...conjuncts(expr.rhs)] : [expr];
}

/** `a = b` in either order, as [field, static]. */
function equality(expr: FieldExpr): [FieldExpr, FieldExpr] | null {
  if (expr.kind !== 'binary' || expr.op !== '=') return null;
  if (expr.rhs.kind === 'static') return [expr.lhs, expr.rhs];
  if (expr.lhs.kind === 'static') return [expr.rhs, expr.lhs];
  return null;
}

function filterHint(expr: FieldExpr | null): TraceHint | null {
  if (!expr) return null;
  let service: string | null = null;
  let error = false;
  for (const condition of conjuncts(expr)) {
    const eq = equality(condition);
    if (!eq) continue;
    const [field, value] = eq;
    if (value.kind !== 'static' || value.value === null) continue;
    if (field.kind === 'attribute' && field.scope === 'resource' && field.name === 'service.name' && value.value.type === 'string') {
      service = value.value.value;
    } else if (field.kind === 'intrinsic' && field.name === 'status' && value.value.type === 'status' && value.value.value === 'error') {
      error = true;
    }
  }
  if (service === null) return null;
  return error ? { services: [service], error: true } : { services: [service] };
}

/** The hint of a whole query, or null when none is certain. */
export function traceHintOf(expr: SpansetExpr): TraceHint | null {
  switch (expr.kind) {
    case 'filter':
      return filterHint(expr.expr);
    case 'op':
      // A pipeline only narrows what its first stage matched; && and the structural operators need matches on
      // both sides. `||` can match either side: no single condition holds.
      if (expr.op === '||') return null;
      if (expr.op === '|') return traceHintOf(expr.lhs);
      return traceHintOf(expr.lhs) ?? traceHintOf(expr.rhs);
    default:
      return null;
  }
}
