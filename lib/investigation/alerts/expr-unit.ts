// The unit of an expression's values, read from the metric names it uses (OpenMetrics/Prometheus naming puts
// the base unit in the name: _seconds, _bytes, _ratio), never guessed from a number's size. Pure.
import { parser } from '@prometheus-io/lezer-promql';
import type { ValueUnit } from '../../charts/format';

const SUFFIX_UNITS: [RegExp, ValueUnit][] = [
  [/_seconds(?:_bucket|_sum|_count|_total)?$/, 'seconds'],
  [/_milliseconds(?:_bucket)?$|_ms(?:_bucket)?$/, 'ms'],
  [/_bytes(?:_bucket|_total)?$/, 'bytes'],
  [/_ratio$/, 'ratio'],
];

/** The unit a metric's samples (and its histogram's exemplars) are in; `_count` of a histogram is a count. */
export function metricUnit(metricName: string): ValueUnit {
  if (/_count$/.test(metricName)) return 'count';
  for (const [pattern, unit] of SUFFIX_UNITS) if (pattern.test(metricName)) return unit;
  return 'none';
}

interface ExprShape {
  metrics: string[];
  selectors: number;
  outerFunction: string | null;
  divides: boolean;
}

function shapeOf(query: string): ExprShape | null {
  const tree = parser.parse(query);
  const shape: ExprShape = { metrics: [], selectors: 0, outerFunction: null, divides: false };
  let broken = false;
  let depth = 0;
  tree.iterate({
    enter(node) {
      if (node.type.isError) broken = true;
      if (node.name === 'VectorSelector') {
        shape.selectors += 1;
        const ident = node.node.getChild('Identifier');
        if (ident) shape.metrics.push(query.slice(ident.from, ident.to));
      }
      if (node.name === 'FunctionIdentifier' && shape.outerFunction === null && depth <= 3) shape.outerFunction = query.slice(node.from, node.to);
      if (node.name === 'Div') shape.divides = true;
      depth += 1;
    },
    leave() {
      depth -= 1;
    },
  });
  return broken ? null : shape;
}

/**
 * The unit of what `query` computes: a histogram_quantile over _seconds buckets is seconds, a division of
 * counters is a ratio, a plain _bytes gauge is bytes; 'none' when the names do not say.
 */
export function exprUnit(query: string): ValueUnit {
  const shape = shapeOf(query);
  if (!shape || shape.metrics.length === 0) return 'none';
  const units = new Set(shape.metrics.map(metricUnit));
  if (shape.outerFunction === 'histogram_quantile') {
    const buckets = shape.metrics.filter((name) => name.endsWith('_bucket')).map(metricUnit);
    return buckets.length > 0 && buckets.every((unit) => unit === buckets[0]) ? buckets[0] : 'none';
  }
  if (shape.divides) {
    // rate(errors) / rate(all), or a _sum / _count mean (which keeps the _sum's unit).
    if ([...units].every((unit) => unit === 'count' || unit === 'none')) return 'ratio';
    const sums = shape.metrics.filter((name) => name.endsWith('_sum')).map(metricUnit);
    if (sums.length > 0 && units.has('count')) return sums[0];
    return 'none';
  }
  return units.size === 1 ? [...units][0] : 'none';
}

/**
 * True when the expression reads any series. Exemplars hang on series: Prometheus answers query_exemplars
 * for an expression without selectors (`vector(1)`) with an empty 204, so such a query is not worth sending.
 */
export function readsSeries(query: string): boolean {
  const shape = shapeOf(query);
  // Unparsable: let Prometheus say what is wrong with it.
  return shape === null || shape.selectors > 0;
}
