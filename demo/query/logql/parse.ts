// LogQL parsing with Grafana's lezer grammar (@grafana/lezer-logql). The lezer tree becomes our AST; binary
// operator chains and label-filter chains are rebuilt with Loki's precedence (the grammar nests them flat),
// and Loki's own checks run (non-empty selector, unwrap rules, grouping). Errors read like Loki's:
// "parse error at line 1, col 12: syntax error: unexpected $end, expecting } or ," and
// "parse error : queries require at least one regexp or equality matcher ...".
import { parser } from '@grafana/lezer-logql';
import { QueryError, type LabelMatcher, type MatchType } from '../types';
import { DurationError, parseGoDurationNs, parseLokiDurationMs } from '../shared/durations';
import { compileGoRegex, GoRegexError } from '../shared/go-regex';
import { GoStringError, unquoteGoString } from '../shared/go-string';
import { compileMatcher } from '../shared/labels';
import { childNamed, children, firstErrorPosition, lineAndColumn, MAX_QUERY_LENGTH, type SyntaxNode } from '../shared/lezer';
import { buildByPrecedence } from '../shared/precedence';
import type { AggregateOp, Grouping } from '../vector/aggregate';
import { isComparisonOp, isSetOp, type BinaryOp, type ComparisonOp, type VectorMatching } from '../vector/binary';
import type { JsonExtraction, LabelFilterExpr, LineFilterOp, LogQLExpr, LogSelectorExpr, MetricExpr, RangeOp, Stage, Unwrap } from './ast';
import { parseJsonPath } from './json';
import { parseTemplate, TemplateError } from './template';
import { parseBytes } from './units';

export const EMPTY_SELECTOR_MESSAGE =
  'queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will';

class LokiParseError extends Error {}
class Unsupported extends Error {}

/** Loki's ParseError without a position: "parse error : <message>". */
function semantic(message: string): never {
  throw new LokiParseError(`parse error : ${message}`);
}

function unsupported(message: string): never {
  throw new Unsupported(message);
}

const MATCH_TYPES: Record<string, MatchType> = { Eq: '=', Neq: '!=', Re: '=~', Nre: '!~' };
const COMPARISONS: Record<string, ComparisonOp> = { Gtr: '>', Gte: '>=', Lss: '<', Lte: '<=', Neq: '!=', Eq: '==', Eql: '==' };
const LINE_FILTERS: Record<string, LineFilterOp> = { PipeExact: '|=', Neq: '!=', PipeMatch: '|~', Nre: '!~' };
const BINARY_OPS: Record<string, BinaryOp> = {
  Add: '+',
  Sub: '-',
  Mul: '*',
  Div: '/',
  Mod: '%',
  Pow: '^',
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Gte: '>=',
  Lss: '<',
  Lte: '<=',
  And: 'and',
  Or: 'or',
  Unless: 'unless',
};
const RANGE_OPS = new Set<string>([
  'count_over_time', 'rate', 'bytes_over_time', 'bytes_rate', 'absent_over_time', 'sum_over_time', 'avg_over_time',
  'min_over_time', 'max_over_time', 'stddev_over_time', 'stdvar_over_time', 'quantile_over_time', 'first_over_time',
  'last_over_time',
]);
const UNWRAP_OPS = new Set<string>([
  'sum_over_time', 'avg_over_time', 'min_over_time', 'max_over_time', 'stddev_over_time', 'stdvar_over_time',
  'quantile_over_time', 'first_over_time', 'last_over_time',
]);
const VECTOR_OPS = new Set<string>(['sum', 'avg', 'count', 'max', 'min', 'stddev', 'stdvar', 'topk', 'bottomk', 'sort', 'sort_desc']);

function precedence(op: BinaryOp): number {
  switch (op) {
    case 'or':
      return 1;
    case 'and':
    case 'unless':
      return 2;
    case '+':
    case '-':
      return 4;
    case '*':
    case '/':
    case '%':
      return 5;
    case '^':
      return 6;
    default:
      return 3;
  }
}

/** Items of a left-nested list node (Matchers, LineFilters, PipelineExpr, DropLabels ...). */
function flattenList(node: SyntaxNode, listName: string, itemName: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const c of children(node)) {
    if (c.name === listName) out.push(...flattenList(c, listName, itemName));
    else if (c.name === itemName) out.push(c);
  }
  return out;
}

interface BinaryLink {
  op: BinaryOp;
  returnBool: boolean;
  matching: VectorMatching;
}

class Converter {
  constructor(private readonly src: string) {}

  text(node: SyntaxNode): string {
    return this.src.slice(node.from, node.to);
  }

  string(node: SyntaxNode): string {
    try {
      return unquoteGoString(this.text(node));
    } catch (error) {
      return semantic(error instanceof GoStringError ? error.message : 'invalid string');
    }
  }

  regex(pattern: string, anchored: boolean): RegExp {
    try {
      return compileGoRegex(pattern, { anchored });
    } catch (error) {
      return semantic(error instanceof GoRegexError ? error.message : 'invalid regular expression');
    }
  }

  durationMs(node: SyntaxNode | null): number {
    if (!node) return semantic('missing duration');
    const text = this.text(node).replace(/^\[|\]$/g, '').trim();
    try {
      return parseLokiDurationMs(text);
    } catch (error) {
      return semantic(error instanceof DurationError ? error.message : `invalid duration ${text}`);
    }
  }

  number(node: SyntaxNode): number {
    const text = this.text(node).replace(/\s+/g, '');
    const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isNaN(value) && !/^[+-]?nan$/i.test(text)) semantic(`invalid number ${text}`);
    return value;
  }

  matcher(node: SyntaxNode): LabelMatcher {
    const name = childNamed(node, 'Identifier');
    const value = childNamed(node, 'String');
    const op = children(node).find((c) => c.name in MATCH_TYPES);
    if (!name || !value || !op) return semantic('invalid matcher');
    const matcher: LabelMatcher = { name: this.text(name), type: MATCH_TYPES[op.name], value: this.string(value) };
    if (matcher.type === '=~' || matcher.type === '!~') this.regex(matcher.value, true);
    return matcher;
  }

  matcherTest(node: SyntaxNode): { name: string; test: (value: string) => boolean } {
    const m = this.matcher(node);
    return { name: m.name, test: compileMatcher(m) };
  }

  selector(node: SyntaxNode): LabelMatcher[] {
    const list = childNamed(node, 'Matchers');
    const matchers = list ? flattenList(list, 'Matchers', 'Matcher').map((m) => this.matcher(m)) : [];
    const ok = matchers.some((m) => (m.type === '=' || m.type === '=~') && !compileMatcher(m)(''));
    if (!ok) semantic(EMPTY_SELECTOR_MESSAGE);
    return matchers;
  }

  logExpr(node: SyntaxNode): LogSelectorExpr {
    const selector = childNamed(node, 'Selector');
    if (!selector) return semantic('missing stream selector');
    const pipeline = childNamed(node, 'PipelineExpr');
    return { kind: 'log', matchers: this.selector(selector), stages: pipeline ? this.pipeline(pipeline) : [] };
  }

  pipeline(node: SyntaxNode): Stage[] {
    return flattenList(node, 'PipelineExpr', 'PipelineStage').flatMap((stage) => this.stage(stage));
  }

  stage(node: SyntaxNode): Stage[] {
    const lineFilters = childNamed(node, 'LineFilters');
    if (lineFilters) return flattenList(lineFilters, 'LineFilters', 'LineFilter').map((f) => this.lineFilter(f));
    const body = children(node).find((c) => c.name !== 'Pipe');
    if (!body) return semantic('empty pipeline stage');
    switch (body.name) {
      case 'LabelParser': {
        const kind = body.firstChild?.name;
        if (kind === 'Json') return [{ kind: 'json', extractions: null }];
        if (kind === 'Logfmt') return [{ kind: 'logfmt' }];
        if (kind === 'Regexp') {
          const pattern = childNamed(body, 'String');
          if (!pattern) return semantic('missing regexp');
          const source = this.string(pattern);
          const re = this.regex(source, false);
          const names = [...source.matchAll(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]);
          if (names.length === 0) semantic('at least one named capture must be supplied');
          return [{ kind: 'regexp', re, names }];
        }
        return unsupported(`the ${this.text(body.firstChild ?? body)} parser is not supported by this engine`);
      }
      case 'LogfmtParser':
        if (childNamed(body, 'LogfmtParserFlags')) unsupported('logfmt parser flags are not supported by this engine');
        return [{ kind: 'logfmt' }];
      case 'LogfmtExpressionParser':
        return unsupported('logfmt with extraction parameters is not supported by this engine');
      case 'JsonExpressionParser': {
        const list = childNamed(body, 'LabelExtractionExpressionList');
        const items = list ? flattenList(list, 'LabelExtractionExpressionList', 'LabelExtractionExpression') : [];
        return [{ kind: 'json', extractions: items.map((item) => this.jsonExtraction(item)) }];
      }
      case 'LabelFilter':
        return [{ kind: 'labelFilter', filter: this.labelFilter(body) }];
      case 'LineFormatExpr': {
        const template = childNamed(body, 'String');
        if (!template) return semantic('missing line_format template');
        return [{ kind: 'lineFormat', template: this.template(this.string(template)) }];
      }
      case 'LabelFormatExpr': {
        const list = childNamed(body, 'LabelsFormat');
        const items = list ? flattenList(list, 'LabelsFormat', 'LabelFormatMatcher') : [];
        return [
          {
            kind: 'labelFormat',
            items: items.map((item) => {
              const [dst, value] = children(item).filter((c) => c.name === 'Identifier' || c.name === 'String');
              if (!dst || !value) return semantic('invalid label_format');
              return value.name === 'Identifier'
                ? { dst: this.text(dst), src: this.text(value), template: null }
                : { dst: this.text(dst), src: null, template: this.template(this.string(value)) };
            }),
          },
        ];
      }
      case 'DropLabelsExpr':
      case 'KeepLabelsExpr': {
        const isDrop = body.name === 'DropLabelsExpr';
        const list = childNamed(body, isDrop ? 'DropLabels' : 'KeepLabels');
        const items = list ? flattenList(list, isDrop ? 'DropLabels' : 'KeepLabels', isDrop ? 'DropLabel' : 'KeepLabel') : [];
        const names: string[] = [];
        const matchers: { name: string; test: (value: string) => boolean }[] = [];
        for (const item of items) {
          const matcher = childNamed(item, 'Matcher');
          if (matcher) matchers.push(this.matcherTest(matcher));
          else names.push(this.text(item).trim());
        }
        return [{ kind: isDrop ? 'drop' : 'keep', names, matchers }];
      }
      case 'DecolorizeExpr':
        return [{ kind: 'decolorize' }];
      default:
        return unsupported(`the pipeline stage "${this.text(body)}" is not supported by this engine`);
    }
  }

  template(source: string) {
    try {
      return parseTemplate(source);
    } catch (error) {
      return unsupported(error instanceof TemplateError ? error.message : 'template not supported');
    }
  }

  jsonExtraction(node: SyntaxNode): JsonExtraction {
    const label = childNamed(node, 'Identifier');
    if (!label) return semantic('invalid json extraction');
    const pathNode = childNamed(node, 'String');
    const expression = pathNode ? this.string(pathNode) : this.text(label);
    const path = parseJsonPath(expression);
    if (!path) return semantic(`invalid json expression: ${expression}`);
    return { label: this.text(label), path };
  }

  lineFilter(node: SyntaxNode): Stage {
    const filter = childNamed(node, 'Filter')?.firstChild;
    if (!filter) return semantic('invalid line filter');
    if (childNamed(node, 'FilterOp')) return unsupported('ip() line filters are not supported by this engine');
    const op = LINE_FILTERS[filter.name];
    if (!op) return unsupported(`the ${this.text(filter)} pattern line filter is not supported by this engine`);
    const strings: SyntaxNode[] = [];
    const collect = (n: SyntaxNode): void => {
      for (const c of children(n)) {
        if (c.name === 'String') strings.push(c);
        else if (c.name === 'OrFilter') collect(c);
      }
    };
    collect(node);
    const values = strings.map((s) => this.string(s));
    const regexes = op === '|~' || op === '!~' ? values.map((v) => this.regex(v, false)) : [];
    return { kind: 'lineFilter', op, values, regexes };
  }

  labelFilter(node: SyntaxNode): LabelFilterExpr {
    const operands: SyntaxNode[] = [];
    const ops: ('and' | 'or')[] = [];
    const flatten = (n: SyntaxNode): void => {
      const parts = children(n);
      const nested = parts.filter((c) => c.name === 'LabelFilter');
      const parenthesized = this.text(n).trimStart().startsWith('(') && nested.length === 1;
      if (nested.length === 0 || parenthesized) {
        operands.push(n);
        return;
      }
      nested.forEach((child, i) => {
        if (i > 0) {
          const between = parts.slice(parts.indexOf(nested[i - 1]) + 1, parts.indexOf(child));
          ops.push(between.some((c) => c.name === 'Or') ? 'or' : 'and');
        }
        flatten(child);
      });
    };
    flatten(node);
    return buildByPrecedence(
      operands.map((o) => this.labelFilterLeaf(o)),
      ops,
      (op) => ({ precedence: op === 'or' ? 1 : 2 }),
      (op, lhs, rhs): LabelFilterExpr => ({ kind: op, lhs, rhs }),
    );
  }

  labelFilterLeaf(node: SyntaxNode): LabelFilterExpr {
    const nested = childNamed(node, 'LabelFilter');
    if (nested) return this.labelFilter(nested);
    const body = node.firstChild;
    if (!body) return semantic('empty label filter');
    const comparison = (n: SyntaxNode): ComparisonOp => {
      const op = children(n).find((c) => c.name in COMPARISONS);
      if (!op) return semantic('invalid comparison');
      return COMPARISONS[op.name];
    };
    const nameOf = (n: SyntaxNode): string => {
      const id = childNamed(n, 'Identifier');
      if (!id) return semantic('missing label name');
      return this.text(id);
    };
    switch (body.name) {
      case 'Matcher': {
        const m = this.matcherTest(body);
        return { kind: 'string', name: m.name, test: m.test };
      }
      case 'NumberFilter': {
        const literal = childNamed(body, 'LiteralExpr');
        if (!literal) return semantic('missing number');
        return { kind: 'number', name: nameOf(body), op: comparison(body), value: this.number(literal) };
      }
      case 'UnitFilter': {
        const unit = body.firstChild;
        if (unit?.name === 'DurationFilter') {
          const d = childNamed(unit, 'Duration');
          if (!d) return semantic('missing duration');
          let valueNs: number;
          try {
            valueNs = parseGoDurationNs(this.text(d));
          } catch (error) {
            return semantic(error instanceof DurationError ? error.message : 'invalid duration');
          }
          return { kind: 'duration', name: nameOf(unit), op: comparison(unit), valueNs };
        }
        if (unit?.name === 'BytesFilter') {
          const b = childNamed(unit, 'Bytes');
          const value = b ? parseBytes(this.text(b)) : null;
          if (value === null) return semantic('invalid bytes value');
          return { kind: 'bytes', name: nameOf(unit), op: comparison(unit), value };
        }
        return semantic('invalid label filter');
      }
      case 'IpLabelFilter':
        return unsupported('ip() label filters are not supported by this engine');
      default:
        return semantic(`invalid label filter ${this.text(node)}`);
    }
  }

  grouping(node: SyntaxNode | null): Grouping | null {
    if (!node) return null;
    const labels = childNamed(node, 'Labels');
    const names = labels ? flattenList(labels, 'Labels', 'Identifier').map((n) => this.text(n)) : [];
    return { without: childNamed(node, 'Without') !== null, labels: names };
  }

  expr(node: SyntaxNode): LogQLExpr {
    if (node.name === 'Expr') {
      const inner = node.firstChild;
      if (!inner) return semantic('empty expression');
      return this.expr(inner);
    }
    if (node.name === 'LogExpr') {
      const nested = childNamed(node, 'LogExpr');
      if (nested) return this.expr(nested);
      return this.logExpr(node);
    }
    if (node.name === 'MetricExpr') return this.metric(node);
    return semantic(`unexpected ${this.text(node)}`);
  }

  metricOperand(node: SyntaxNode): MetricExpr {
    const expr = this.expr(node);
    if (expr.kind === 'log') semantic('unexpected log query where a metric query is expected');
    return expr;
  }

  metric(node: SyntaxNode): MetricExpr {
    const inner = node.firstChild;
    if (!inner) return semantic('empty expression');
    switch (inner.name) {
      case 'MetricExpr':
        return this.metric(inner);
      case 'Expr':
        return this.metricOperand(inner);
      case 'RangeAggregationExpr':
        return this.rangeAggregation(inner);
      case 'VectorAggregationExpr':
        return this.vectorAggregation(inner);
      case 'BinOpExpr':
        return this.binary(inner);
      case 'LiteralExpr':
        return { kind: 'literal', value: this.number(inner) };
      case 'VectorExpr': {
        const n = childNamed(inner, 'Number');
        if (!n) return semantic('vector() needs a number');
        return { kind: 'vector', value: this.number(n) };
      }
      case 'LabelReplaceExpr': {
        const expr = childNamed(inner, 'MetricExpr');
        const strings = children(inner).filter((c) => c.name === 'String').map((s) => this.string(s));
        if (!expr || strings.length !== 4) return semantic('label_replace needs a metric query and four strings');
        this.regex(strings[3], true);
        return { kind: 'labelReplace', expr: this.metric(expr), dst: strings[0], replacement: strings[1], src: strings[2], regex: strings[3] };
      }
      default:
        return unsupported(`"${this.text(inner)}" is not supported by this engine`);
    }
  }

  rangeAggregation(node: SyntaxNode): MetricExpr {
    const opNode = childNamed(node, 'RangeOp');
    const range = childNamed(node, 'LogRangeExpr');
    if (!opNode || !range) return semantic('invalid range aggregation');
    const op = this.text(opNode);
    if (!RANGE_OPS.has(op)) unsupported(`the range aggregation ${op} is not supported by this engine`);
    const paramNode = childNamed(node, 'Number');
    const param = paramNode ? this.number(paramNode) : null;
    if (op === 'quantile_over_time' && param === null) semantic('parameter required for quantile_over_time');
    const grouping = this.grouping(childNamed(node, 'Grouping'));
    const selector = childNamed(range, 'Selector');
    if (!selector) return semantic('missing stream selector');
    const pipeline = childNamed(range, 'PipelineExpr');
    const unwrapNode = childNamed(range, 'UnwrapExpr');
    const offset = childNamed(range, 'OffsetExpr');
    const unwrap = unwrapNode ? this.unwrap(unwrapNode) : null;
    if (UNWRAP_OPS.has(op) && !unwrap) semantic(`invalid aggregation ${op} without unwrap`);
    if (unwrap && !UNWRAP_OPS.has(op) && op !== 'rate') semantic(`invalid aggregation ${op} with unwrap`);
    if (grouping && !unwrap) semantic(`grouping not allowed for ${op} aggregation`);
    return {
      kind: 'range',
      op: op as RangeOp,
      log: { kind: 'log', matchers: this.selector(selector), stages: pipeline ? this.pipeline(pipeline) : [] },
      rangeMs: this.durationMs(childNamed(range, 'Range')),
      offsetMs: offset ? this.durationMs(childNamed(offset, 'Duration')) : 0,
      unwrap,
      param,
      grouping,
    };
  }

  unwrap(node: SyntaxNode): Unwrap {
    const nested = childNamed(node, 'UnwrapExpr');
    if (nested) {
      const base = this.unwrap(nested);
      const filter = childNamed(node, 'LabelFilter');
      if (filter) base.postFilters.push({ kind: 'labelFilter', filter: this.labelFilter(filter) });
      return base;
    }
    const label = childNamed(node, 'Identifier');
    if (!label) return semantic('unwrap needs a label');
    const conv = childNamed(node, 'ConvOp')?.firstChild?.name;
    const conversion = conv === 'BytesConv' ? 'bytes' : conv === 'DurationConv' ? 'duration' : conv === 'DurationSecondsConv' ? 'duration_seconds' : 'none';
    return { label: this.text(label), conversion, postFilters: [] };
  }

  vectorAggregation(node: SyntaxNode): MetricExpr {
    const opNode = childNamed(node, 'VectorOp');
    const exprNode = childNamed(node, 'MetricExpr');
    if (!opNode || !exprNode) return semantic('invalid vector aggregation');
    const op = this.text(opNode);
    if (!VECTOR_OPS.has(op)) unsupported(`the aggregation ${op} is not supported by this engine`);
    const paramNode = childNamed(node, 'Number');
    const param = paramNode ? this.number(paramNode) : null;
    if ((op === 'topk' || op === 'bottomk') && param === null) semantic(`parameter required for ${op}`);
    if ((op === 'topk' || op === 'bottomk') && param !== null && (!Number.isInteger(param) || param <= 0)) {
      semantic(`invalid parameter (must be strictly positive integer) for ${op}: ${param}`);
    }
    // No by/without: everything in one group.
    const grouping = this.grouping(childNamed(node, 'Grouping')) ?? { without: false, labels: [] };
    return { kind: 'vectorAgg', op: op as AggregateOp | 'sort' | 'sort_desc', param, expr: this.metric(exprNode), grouping };
  }

  binaryLink(opNode: SyntaxNode, modifier: SyntaxNode | null): BinaryLink {
    const op = BINARY_OPS[opNode.name];
    if (!op) return semantic(`unknown operator ${this.text(opNode)}`);
    const link: BinaryLink = { op, returnBool: false, matching: { card: 'one-to-one', on: false, labels: [], include: [] } };
    for (const part of modifier ? children(modifier) : []) {
      if (part.name === 'Bool') link.returnBool = true;
      else if (part.name === 'OnOrIgnoringModifier') {
        link.matching.on = childNamed(part, 'On') !== null;
        link.matching.labels = this.groupingLabels(childNamed(part, 'GroupingLabels'));
      } else if (part.name === 'GroupLeft' || part.name === 'GroupRight') {
        link.matching.card = part.name === 'GroupLeft' ? 'many-to-one' : 'one-to-many';
      } else if (part.name === 'GroupingLabels') {
        link.matching.include = this.groupingLabels(part);
      }
    }
    if (link.returnBool && !isComparisonOp(op)) semantic('bool modifier can only be used on comparison operators');
    if (isSetOp(op) && link.matching.card !== 'one-to-one') semantic(`no grouping allowed for "${op}" operation`);
    return link;
  }

  groupingLabels(node: SyntaxNode | null): string[] {
    if (!node) return [];
    const out: string[] = [];
    const walk = (n: SyntaxNode): void => {
      for (const c of children(n)) {
        if (c.name === 'LabelName') out.push(this.text(c));
        else walk(c);
      }
    };
    walk(node);
    return out;
  }

  binary(node: SyntaxNode): MetricExpr {
    const operands: SyntaxNode[] = [];
    const links: BinaryLink[] = [];
    const unwrapBinary = (n: SyntaxNode): SyntaxNode | null => {
      // Expr > MetricExpr > BinOpExpr, unless parenthesized.
      let cur: SyntaxNode | null = n;
      while (cur && (cur.name === 'Expr' || cur.name === 'MetricExpr')) {
        if (this.text(cur).trimStart().startsWith('(') && cur.firstChild?.name !== 'BinOpExpr') return null;
        cur = cur.firstChild;
      }
      return cur?.name === 'BinOpExpr' ? cur : null;
    };
    const flatten = (bin: SyntaxNode): void => {
      const parts = children(bin);
      const sides = parts.filter((c) => c.name === 'Expr' || c.name === 'MetricExpr');
      const opNode = parts.find((c) => c.name in BINARY_OPS);
      if (sides.length !== 2 || !opNode) semantic('invalid binary expression');
      const modifier = childNamed(bin, 'BinOpModifier');
      for (const [i, side] of sides.entries()) {
        if (i === 1) links.push(this.binaryLink(opNode, modifier));
        const nested = unwrapBinary(side);
        if (nested) flatten(nested);
        else operands.push(side);
      }
    };
    flatten(node);
    return buildByPrecedence(
      operands.map((o) => this.metricOperand(o)),
      links,
      (link) => ({ precedence: precedence(link.op), rightAssociative: link.op === '^' }),
      (link, lhs, rhs): MetricExpr => {
        if (isSetOp(link.op) && (lhs.kind === 'literal' || rhs.kind === 'literal')) {
          semantic(`unexpected literal for right leg of logical/set binary operation (${link.op})`);
        }
        return { kind: 'binary', op: link.op, lhs, rhs, returnBool: link.returnBool, matching: link.matching };
      },
    );
  }
}

function tokenName(query: string, pos: number): string {
  const rest = query.slice(pos);
  if (rest.trim() === '') return '$end';
  const t = rest.trimStart();
  if (/^[A-Za-z_]/.test(t)) return 'IDENTIFIER';
  if (/^["`]/.test(t)) return 'STRING';
  if (/^\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d|w|y)/.test(t)) return 'DURATION';
  if (/^[0-9.]/.test(t)) return 'NUMBER';
  const op = /^(\|=|\|~|!=|!~|=~|==|>=|<=|\|>|!>|.)/s.exec(t);
  return op ? op[0] : t[0];
}

function syntaxError(query: string, pos: number): string {
  let braces = 0;
  let quote: string | null = null;
  for (let i = 0; i < Math.min(pos, query.length); i++) {
    const ch = query[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === '`') quote = ch;
    else if (ch === '{') braces++;
    else if (ch === '}') braces--;
  }
  const token = quote ? '$end' : tokenName(query, pos);
  const at = token === '$end' ? query.length : pos + (query.slice(pos).length - query.slice(pos).trimStart().length);
  const { line, column } = lineAndColumn(query, at);
  const expecting = token === '$end' && braces > 0 && !quote ? ', expecting } or ,' : '';
  return `parse error at line ${line}, col ${column}: syntax error: unexpected ${token}${expecting}`;
}

/** Parses a LogQL query. Throws QueryError ('parse' or 'unsupported'). */
export function parseLogQL(query: string): LogQLExpr {
  if (query.length > MAX_QUERY_LENGTH) throw new QueryError(`parse error : query is too long (over ${MAX_QUERY_LENGTH} characters)`, 'parse');
  if (query.trim() === '') throw new QueryError('parse error : syntax error: unexpected $end', 'parse');
  const tree = parser.parse(query);
  const errorPos = firstErrorPosition(tree);
  if (errorPos !== null) throw new QueryError(syntaxError(query, errorPos), 'parse');
  const top = children(tree.topNode).filter((c) => c.name !== 'LineComment');
  if (top.length !== 1) throw new QueryError(syntaxError(query, query.length), 'parse');
  try {
    return new Converter(query).expr(top[0]);
  } catch (error) {
    if (error instanceof LokiParseError) throw new QueryError(error.message, 'parse');
    if (error instanceof Unsupported) throw new QueryError(error.message, 'unsupported');
    if (error instanceof QueryError) throw error;
    throw new QueryError(`parse error : ${error instanceof Error ? error.message : 'invalid query'}`, 'parse');
  }
}

/** Whether a query returns log lines ('log') or samples ('metric'); for servers dispatching /query_range. */
export function logQueryKind(query: string): 'log' | 'metric' {
  return parseLogQL(query).kind === 'log' ? 'log' : 'metric';
}
