// Binary operators between scalars and step vectors with Prometheus' vector matching (one-to-one,
// group_left/group_right, on/ignoring) and set operators, per step (Prometheus 2.x engine.go VectorBinop,
// VectorAnd/Or/Unless, VectorscalarBinop).
import { QueryError, type Labels } from '../types';
import { dropMetricName, formatLabels, labelsKey, METRIC_NAME_LABEL } from '../shared/labels';
import { indexByKey, SeriesBuilder, type StepSeries } from './step-series';

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2';
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

export interface VectorMatching {
  card: 'one-to-one' | 'many-to-one' | 'one-to-many';
  /** true: on(labels); false: ignoring(labels). */
  on: boolean;
  labels: string[];
  /** group_left/group_right(labels): labels copied from the "one" side. */
  include: string[];
}

export const DEFAULT_MATCHING: VectorMatching = { card: 'one-to-one', on: false, labels: [], include: [] };

const COMPARISON_OPS = new Set<string>(['==', '!=', '>', '<', '>=', '<=']);
const SET_OPS = new Set<string>(['and', 'or', 'unless']);

export function isComparisonOp(op: string): op is ComparisonOp {
  return COMPARISON_OPS.has(op);
}

export function isSetOp(op: string): op is SetOp {
  return SET_OPS.has(op);
}

/** Go's math.Pow: 1^y and x^±0 are 1 even for NaN/Inf, unlike JavaScript's **. */
function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  return x ** y;
}

/** The value and whether to keep it (comparisons filter), as Prometheus' vectorElemBinop. */
export function elementOp(op: ArithmeticOp | ComparisonOp, lhs: number, rhs: number): [number, boolean] {
  switch (op) {
    case '+':
      return [lhs + rhs, true];
    case '-':
      return [lhs - rhs, true];
    case '*':
      return [lhs * rhs, true];
    case '/':
      return [lhs / rhs, true];
    case '%':
      return [lhs % rhs, true];
    case '^':
      return [goPow(lhs, rhs), true];
    case 'atan2':
      return [Math.atan2(lhs, rhs), true];
    case '==':
      return [lhs, lhs === rhs];
    case '!=':
      return [lhs, lhs !== rhs];
    case '>':
      return [lhs, lhs > rhs];
    case '<':
      return [lhs, lhs < rhs];
    case '>=':
      return [lhs, lhs >= rhs];
    case '<=':
      return [lhs, lhs <= rhs];
  }
}

function dropsName(op: BinaryOp): boolean {
  return !isComparisonOp(op) && !isSetOp(op);
}

/** Scalar op scalar; comparisons need `bool` (checked by the parsers) and give 0 or 1. */
export function scalarBinary(op: ArithmeticOp | ComparisonOp, lhs: Float64Array, rhs: Float64Array): Float64Array {
  const out = new Float64Array(lhs.length);
  for (let i = 0; i < lhs.length; i++) {
    const [value, keep] = elementOp(op, lhs[i], rhs[i]);
    out[i] = isComparisonOp(op) ? (keep ? 1 : 0) : value;
  }
  return out;
}

/** Vector op scalar (or scalar op vector when `scalarOnLeft`). */
export function vectorScalarBinary(
  op: ArithmeticOp | ComparisonOp,
  vector: readonly StepSeries[],
  scalar: Float64Array,
  scalarOnLeft: boolean,
  returnBool: boolean,
  count: number,
): StepSeries[] {
  const builder = new SeriesBuilder(count);
  const comparison = isComparisonOp(op);
  for (const series of vector) {
    const labels = dropsName(op) || returnBool ? dropMetricName(series.labels) : series.labels;
    const out = builder.series(labels);
    for (let step = 0; step < count; step++) {
      if (!series.present[step]) continue;
      const v = series.values[step];
      const [lv, rv] = scalarOnLeft ? [scalar[step], v] : [v, scalar[step]];
      let [value, keep] = elementOp(op, lv, rv);
      // A comparison keeps the vector's value even when the vector is on the right.
      if (comparison && scalarOnLeft) value = rv;
      if (returnBool) {
        value = keep ? 1 : 0;
        keep = true;
      }
      if (keep) builder.set(out, step, value);
    }
  }
  return builder.result();
}

function signatureOf(labels: Labels, matching: VectorMatching): string {
  if (matching.on) {
    let key = '';
    for (const name of [...matching.labels].sort()) key += `${name}\u0000${labels[name] ?? ''}\u0001`;
    return key;
  }
  const drop = new Set(matching.labels);
  const kept: Labels = {};
  for (const [name, value] of Object.entries(labels)) if (!drop.has(name) && name !== METRIC_NAME_LABEL) kept[name] = value;
  return labelsKey(kept);
}

function matchedLabels(labels: Labels, matching: VectorMatching): Labels {
  const out: Labels = {};
  for (const [name, value] of Object.entries(labels)) {
    const listed = matching.labels.includes(name);
    if (matching.on ? listed : !listed && name !== METRIC_NAME_LABEL) out[name] = value;
  }
  return out;
}

function resultLabels(many: Labels, one: Labels, op: BinaryOp, matching: VectorMatching, returnBool: boolean): Labels {
  let out: Labels = { ...many };
  if (dropsName(op) || returnBool) delete out[METRIC_NAME_LABEL];
  if (matching.card === 'one-to-one') {
    if (matching.on) {
      const keep: Labels = {};
      for (const name of matching.labels) if (out[name] !== undefined) keep[name] = out[name];
      out = keep;
    } else {
      for (const name of matching.labels) delete out[name];
    }
  }
  for (const name of matching.include) {
    const value = one[name];
    if (value !== undefined && value !== '') out[name] = value;
    else delete out[name];
  }
  return out;
}

/** Set operators and/or/unless, per step. Labels pass through unchanged. */
export function vectorSetBinary(
  op: SetOp,
  lhs: readonly StepSeries[],
  rhs: readonly StepSeries[],
  matching: VectorMatching,
  count: number,
): StepSeries[] {
  const all = [...lhs, ...rhs];
  const { ids, keys } = indexByKey(all, (s) => signatureOf(s.labels, matching));
  const builder = new SeriesBuilder(count);
  const out = all.map((s) => builder.series(s.labels));
  const stamp = new Int32Array(keys.length).fill(-1);
  for (let step = 0; step < count; step++) {
    const marking = op === 'or' ? lhs : rhs;
    const offset = op === 'or' ? 0 : lhs.length;
    marking.forEach((s, i) => {
      if (s.present[step]) stamp[ids[offset + i]] = step;
    });
    if (op === 'or') {
      lhs.forEach((s, i) => {
        if (s.present[step]) builder.set(out[i], step, s.values[step]);
      });
      rhs.forEach((s, i) => {
        const j = lhs.length + i;
        if (s.present[step] && stamp[ids[j]] !== step) builder.set(out[j], step, s.values[step]);
      });
    } else {
      lhs.forEach((s, i) => {
        if (!s.present[step]) return;
        const matched = stamp[ids[i]] === step;
        if (matched === (op === 'and')) builder.set(out[i], step, s.values[step]);
      });
    }
  }
  return builder.result();
}

/** Arithmetic and comparisons between two vectors with vector matching, per step. */
export function vectorVectorBinary(
  op: ArithmeticOp | ComparisonOp,
  lhsIn: readonly StepSeries[],
  rhsIn: readonly StepSeries[],
  matching: VectorMatching,
  returnBool: boolean,
  count: number,
): StepSeries[] {
  // The right side is always the "one" side; swap for group_right.
  const swapped = matching.card === 'one-to-many';
  const [many, one] = swapped ? [rhsIn, lhsIn] : [lhsIn, rhsIn];
  const all = [...many, ...one];
  const { ids, keys } = indexByKey(all, (s) => signatureOf(s.labels, matching));
  const oneAtSig = new Int32Array(keys.length);
  const oneStamp = new Int32Array(keys.length).fill(-1);
  const manyStamp = new Int32Array(keys.length).fill(-1);
  const builder = new SeriesBuilder(count);
  const outByPair = new Map<number, StepSeries>();
  const oneSide = swapped ? 'left' : 'right';

  for (let step = 0; step < count; step++) {
    for (let j = 0; j < one.length; j++) {
      if (!one[j].present[step]) continue;
      const sig = ids[many.length + j];
      if (oneStamp[sig] === step) {
        const other = one[oneAtSig[sig]];
        throw new QueryError(
          `found duplicate series for the match group ${formatLabels(matchedLabels(one[j].labels, matching))} on the ${oneSide} hand-side of the operation: [${formatLabels(one[j].labels)}, ${formatLabels(other.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
          'execution',
        );
      }
      oneStamp[sig] = step;
      oneAtSig[sig] = j;
    }
    for (let i = 0; i < many.length; i++) {
      const series = many[i];
      if (!series.present[step]) continue;
      const sig = ids[i];
      if (oneStamp[sig] !== step) continue;
      const j = oneAtSig[sig];
      const [vl, vr] = swapped ? [one[j].values[step], series.values[step]] : [series.values[step], one[j].values[step]];
      let [value, keep] = elementOp(op, vl, vr);
      if (returnBool) {
        value = keep ? 1 : 0;
        keep = true;
      }
      if (!keep) continue;
      if (matching.card === 'one-to-one') {
        if (manyStamp[sig] === step) {
          throw new QueryError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)', 'execution');
        }
        manyStamp[sig] = step;
      }
      const pair = i * (one.length + 1) + j;
      let out = outByPair.get(pair);
      if (!out) {
        out = builder.series(resultLabels(series.labels, one[j].labels, op, matching, returnBool));
        outByPair.set(pair, out);
      }
      builder.set(out, step, value, 'multiple matches for labels: grouping labels must ensure unique matches');
    }
  }
  return builder.result();
}
