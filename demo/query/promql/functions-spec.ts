// PromQL function signatures (Prometheus promql/parser/functions.go) for the functions this engine
// evaluates. Everything else the grammar knows is rejected as unsupported, naming the function.
import type { ValueType } from './ast';

export interface FunctionSpec {
  args: ValueType[];
  /** Fewer arguments than args.length are allowed down to this many (optional trailing arguments). */
  minArgs?: number;
  /** The last argument type repeats (label_join's source labels). */
  variadic?: boolean;
  returns: ValueType;
}

const v = 'vector' as const;
const m = 'matrix' as const;
const s = 'scalar' as const;
const str = 'string' as const;

const simple = (names: string[]): Record<string, FunctionSpec> =>
  Object.fromEntries(names.map((name) => [name, { args: [v], returns: v }]));
const overTime = (names: string[]): Record<string, FunctionSpec> =>
  Object.fromEntries(names.map((name) => [name, { args: [m], returns: v }]));
const dateFns = (names: string[]): Record<string, FunctionSpec> =>
  Object.fromEntries(names.map((name) => [name, { args: [v], minArgs: 0, returns: v }]));

export const FUNCTIONS: Record<string, FunctionSpec> = {
  ...simple([
    'abs', 'ceil', 'floor', 'sqrt', 'exp', 'ln', 'log2', 'log10', 'sgn', 'timestamp', 'sort', 'sort_desc', 'absent',
    'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'deg', 'rad',
  ]),
  ...overTime([
    'rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'changes', 'resets', 'avg_over_time', 'min_over_time',
    'max_over_time', 'sum_over_time', 'count_over_time', 'last_over_time', 'stddev_over_time', 'stdvar_over_time',
    'present_over_time', 'absent_over_time',
  ]),
  ...dateFns(['minute', 'hour', 'day_of_week', 'day_of_month', 'day_of_year', 'days_in_month', 'month', 'year']),
  quantile_over_time: { args: [s, m], returns: v },
  predict_linear: { args: [m, s], returns: v },
  clamp: { args: [v, s, s], returns: v },
  clamp_min: { args: [v, s], returns: v },
  clamp_max: { args: [v, s], returns: v },
  round: { args: [v, s], minArgs: 1, returns: v },
  histogram_quantile: { args: [s, v], returns: v },
  label_replace: { args: [v, str, str, str, str], returns: v },
  label_join: { args: [v, str, str, str], minArgs: 3, variadic: true, returns: v },
  scalar: { args: [v], returns: s },
  vector: { args: [s], returns: v },
  time: { args: [], returns: s },
  pi: { args: [], returns: s },
};

export function typeName(type: ValueType): string {
  switch (type) {
    case 'vector':
      return 'instant vector';
    case 'matrix':
      return 'range vector';
    default:
      return type;
  }
}
