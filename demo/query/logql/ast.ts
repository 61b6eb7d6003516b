// The LogQL syntax tree our evaluator works on, built from the lezer tree by parse.ts.
import type { LabelMatcher } from '../types';
import type { AggregateOp, Grouping } from '../vector/aggregate';
import type { BinaryOp, ComparisonOp, VectorMatching } from '../vector/binary';
import type { TemplatePart } from './template';

export type LineFilterOp = '|=' | '!=' | '|~' | '!~';

export interface LineFilterStage {
  kind: 'lineFilter';
  op: LineFilterOp;
  /** Alternatives joined by `or`. */
  values: string[];
  /** Compiled (unanchored) regexps for |~ and !~. */
  regexes: RegExp[];
}

export type LabelFilterExpr =
  | { kind: 'and' | 'or'; lhs: LabelFilterExpr; rhs: LabelFilterExpr }
  | { kind: 'string'; name: string; test: (value: string) => boolean }
  | { kind: 'number'; name: string; op: ComparisonOp; value: number }
  | { kind: 'duration'; name: string; op: ComparisonOp; valueNs: number }
  | { kind: 'bytes'; name: string; op: ComparisonOp; value: number };

export interface JsonExtraction {
  label: string;
  path: (string | number)[];
}

export type Stage =
  | LineFilterStage
  | { kind: 'json'; extractions: JsonExtraction[] | null }
  | { kind: 'logfmt' }
  | { kind: 'regexp'; re: RegExp; names: string[] }
  | { kind: 'labelFilter'; filter: LabelFilterExpr }
  | { kind: 'lineFormat'; template: TemplatePart[] }
  | { kind: 'labelFormat'; items: { dst: string; src: string | null; template: TemplatePart[] | null }[] }
  | { kind: 'drop' | 'keep'; names: string[]; matchers: { name: string; test: (value: string) => boolean }[] }
  | { kind: 'decolorize' };

export interface LogSelectorExpr {
  kind: 'log';
  matchers: LabelMatcher[];
  stages: Stage[];
}

export type RangeOp =
  | 'count_over_time'
  | 'rate'
  | 'bytes_over_time'
  | 'bytes_rate'
  | 'absent_over_time'
  | 'sum_over_time'
  | 'avg_over_time'
  | 'min_over_time'
  | 'max_over_time'
  | 'stddev_over_time'
  | 'stdvar_over_time'
  | 'quantile_over_time'
  | 'first_over_time'
  | 'last_over_time';

export interface Unwrap {
  label: string;
  conversion: 'none' | 'bytes' | 'duration' | 'duration_seconds';
  /** Label filters written after the unwrap (they see __error__ of the conversion). */
  postFilters: Stage[];
}

export type MetricExpr =
  | {
      kind: 'range';
      op: RangeOp;
      log: LogSelectorExpr;
      rangeMs: number;
      offsetMs: number;
      unwrap: Unwrap | null;
      /** quantile_over_time's φ. */
      param: number | null;
      grouping: Grouping | null;
    }
  | { kind: 'vectorAgg'; op: AggregateOp | 'sort' | 'sort_desc'; param: number | null; expr: MetricExpr; grouping: Grouping }
  | { kind: 'binary'; op: BinaryOp; lhs: MetricExpr; rhs: MetricExpr; returnBool: boolean; matching: VectorMatching }
  | { kind: 'literal'; value: number }
  | { kind: 'vector'; value: number }
  | { kind: 'labelReplace'; expr: MetricExpr; dst: string; replacement: string; src: string; regex: string };

export type LogQLExpr = LogSelectorExpr | MetricExpr;
