// PromQL parsing with the official lezer grammar (@prometheus-io/lezer-promql): the lezer tree becomes our
// AST, then the checks Prometheus' own parser makes (types, arity, modifiers) run on it. Errors read like
// Prometheus 2.x: "1:17: parse error: unclosed left parenthesis".
import { parser } from '@prometheus-io/lezer-promql';
import { QueryError, type LabelMatcher, type MatchType } from '../types';
import { DurationError, parsePrometheusDurationMs } from '../shared/durations';
import { compileGoRegex, GoRegexError } from '../shared/go-regex';
import { GoStringError, unquoteGoString } from '../shared/go-string';
import { compileMatcher, METRIC_NAME_LABEL } from '../shared/labels';
import {
  childNamed,
  children,
  firstErrorPosition,
  lineAndColumn,
  MAX_QUERY_LENGTH,
  tokenAt,
  type SyntaxNode,
} from '../shared/lezer';
import type { AggregateOp, Grouping } from '../vector/aggregate';
import { isComparisonOp, isSetOp, type BinaryOp, type VectorMatching } from '../vector/binary';
import { typeOf, unwrapParens, type AtModifier, type Expr, type Subquery, type VectorSelector } from './ast';
import { FUNCTIONS, typeName } from './functions-spec';

/** The matching of `a + b` without on/ignoring: all labels but the name, one-to-one. */
const DEFAULT_MATCHING_MARK: VectorMatching = Object.freeze({ card: 'one-to-one', on: false, labels: [], include: [] }) as VectorMatching;

class PositionedError extends Error {
  constructor(
    message: string,
    readonly pos: number,
    readonly kind: 'parse' | 'unsupported' = 'parse',
  ) {
    super(message);
  }
}

function fail(message: string, pos: number): never {
  throw new PositionedError(message, pos);
}

function unsupported(message: string, pos: number): never {
  throw new PositionedError(message, pos, 'unsupported');
}

const BINARY_OPS: Record<string, BinaryOp> = {
  Pow: '^',
  Mul: '*',
  Div: '/',
  Mod: '%',
  Add: '+',
  Sub: '-',
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Lss: '<',
  Gte: '>=',
  Lte: '<=',
  And: 'and',
  Or: 'or',
  Unless: 'unless',
  Atan2: 'atan2',
};

const AGGREGATE_OPS: Record<string, AggregateOp | null> = {
  sum: 'sum',
  avg: 'avg',
  min: 'min',
  max: 'max',
  count: 'count',
  group: 'group',
  stddev: 'stddev',
  stdvar: 'stdvar',
  quantile: 'quantile',
  topk: 'topk',
  bottomk: 'bottomk',
  count_values: null,
  limitk: null,
  limit_ratio: null,
};

const MATCH_TYPES: Record<string, MatchType> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

/** Go's strconv.ParseInt(s, 0, 64) then ParseFloat, as the PromQL lexer reads numbers; durations count as seconds. */
export function parsePromNumber(text: string): number | null {
  const t = text.replace(/_/g, '');
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^[+-]?nan$/i.test(t)) return Number.NaN;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return Number.parseInt(t.slice(2), 16);
  if (/^0[oO]?[0-7]+$/.test(t)) return Number.parseInt(t.replace(/^0[oO]?/, ''), 8);
  if (/^0[bB][01]+$/.test(t)) return Number.parseInt(t.slice(2), 2);
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  try {
    return parsePrometheusDurationMs(t) / 1000;
  } catch {
    return null;
  }
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
      fail(error instanceof GoStringError ? error.message : 'invalid string literal', node.from);
    }
  }

  duration(node: SyntaxNode, what: string): number {
    const inner = node.firstChild;
    if (!inner || (inner.name !== 'NumberDurationLiteralInDurationContext' && inner.name !== 'NumberDurationLiteral')) {
      unsupported(`duration expressions are not supported in ${what}: "${this.text(node)}"`, node.from);
    }
    const text = this.text(inner);
    if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
    try {
      return parsePrometheusDurationMs(text);
    } catch (error) {
      fail(error instanceof DurationError ? error.message : `invalid duration "${text}"`, inner.from);
    }
  }

  offset(node: SyntaxNode): number {
    const first = node.firstChild;
    if (first?.name === 'UnaryOp') {
      const rest = first.nextSibling;
      if (!rest) fail('unexpected end of input', node.to);
      const sign = this.text(first) === '-' ? -1 : 1;
      return sign * this.offset(rest);
    }
    return this.duration(node, 'offset');
  }

  labelName(node: SyntaxNode): string {
    return node.name === 'QuotedLabelName' ? this.string(node.firstChild ?? node) : this.text(node);
  }

  grouping(node: SyntaxNode | null): string[] {
    if (!node) return [];
    return children(node)
      .filter((c) => c.name === 'LabelName' || c.name === 'QuotedLabelName')
      .map((c) => this.labelName(c));
  }

  vectorSelector(node: SyntaxNode): VectorSelector {
    const matchers: LabelMatcher[] = [];
    let name: string | null = null;
    const identifier = childNamed(node, 'Identifier');
    if (identifier) name = this.text(identifier);
    const list = childNamed(node, 'LabelMatchers');
    for (const item of list ? children(list) : []) {
      if (item.name === 'QuotedLabelName') {
        const quoted = this.labelName(item);
        if (name !== null) fail(`metric name must not be set twice: "${name}" or "${quoted}"`, item.from);
        name = quoted;
        continue;
      }
      if (item.name !== 'UnquotedLabelMatcher' && item.name !== 'QuotedLabelMatcher') continue;
      const nameNode = item.firstChild;
      const op = childNamed(item, 'MatchOp')?.firstChild;
      const value = childNamed(item, 'StringLiteral');
      if (!nameNode || !op || !value) fail('unexpected end of input inside braces', item.to);
      const labelName = nameNode.name === 'QuotedLabelName' ? this.labelName(nameNode) : this.text(nameNode);
      const matcher: LabelMatcher = { name: labelName, type: MATCH_TYPES[op.name] ?? '=', value: this.string(value) };
      if (matcher.type === '=~' || matcher.type === '!~') {
        try {
          // Prometheus compiles "^(?:" + v + ")$" and reports errors on that, at the matcher.
          compileGoRegex(`^(?:${matcher.value})$`, { anchored: false });
        } catch (error) {
          fail(error instanceof GoRegexError ? error.message : 'invalid regular expression', item.from);
        }
      }
      if (labelName === METRIC_NAME_LABEL && matcher.type === '=' && name !== null) {
        fail(`metric name must not be set twice: "${name}" or "${matcher.value}"`, item.from);
      }
      matchers.push(matcher);
    }
    if (name !== null) matchers.unshift({ name: METRIC_NAME_LABEL, type: '=', value: name });
    if (matchers.length === 0 || matchers.every((m) => compileMatcher(m)(''))) {
      fail('vector selector must contain at least one non-empty matcher', node.from);
    }
    return { kind: 'vectorSelector', name, matchers, offsetMs: 0, at: null, pos: node.from };
  }

  expressions(node: SyntaxNode): Expr[] {
    return children(node).map((c) => this.expr(c));
  }

  expr(node: SyntaxNode): Expr {
    const pos = node.from;
    switch (node.name) {
      case 'ParenExpr': {
        const inner = node.firstChild;
        if (!inner) fail('unexpected end of input', node.to);
        return { kind: 'paren', expr: this.expr(inner), pos };
      }
      case 'NumberDurationLiteral': {
        const value = parsePromNumber(this.text(node).replace(/^([+-])\s+/, '$1'));
        if (value === null) fail(`bad number or duration syntax: "${this.text(node)}"`, pos);
        return { kind: 'number', value, pos };
      }
      case 'StringLiteral':
        return { kind: 'string', value: this.string(node), pos };
      case 'VectorSelector':
        return this.vectorSelector(node);
      case 'MatrixSelector': {
        const [inner, range] = children(node);
        const rangeMs = this.duration(range, 'ranges');
        return this.postfix(this.expr(inner), (leaf) => {
          if (leaf.kind !== 'vectorSelector') fail('ranges only allowed for vector selectors', leaf.pos);
          return { kind: 'matrixSelector', selector: leaf, rangeMs, pos: leaf.pos };
        });
      }
      case 'SubqueryExpr': {
        const [inner, range, step] = children(node);
        const rangeMs = this.duration(range, 'subquery ranges');
        const stepMs = step ? this.duration(step, 'subquery steps') : null;
        return this.postfix(this.expr(inner), (leaf) => {
          const innerType = typeOf(leaf);
          if (innerType !== 'vector') {
            fail(`subquery is only allowed on instant vector, got ${typeName(innerType)} in "${this.text(node)}" instead`, leaf.pos);
          }
          return { kind: 'subquery', expr: leaf, rangeMs, stepMs, offsetMs: 0, at: null, pos: leaf.pos };
        });
      }
      case 'OffsetExpr': {
        const [inner, , amount] = children(node);
        const offsetMs = this.offset(amount);
        return this.postfix(this.expr(inner), (leaf) => {
          const selector = this.modifiable(leaf, 'offset modifier');
          if (selector.offsetMs !== 0) fail('offset may not be set multiple times', pos);
          selector.offsetMs = offsetMs;
          return leaf;
        });
      }
      case 'StepInvariantExpr':
        return this.atModifier(node);
      case 'FunctionCall':
        return this.call(node);
      case 'AggregateExpr':
        return this.aggregate(node);
      case 'BinaryExpr':
        return this.binary(node);
      case 'UnaryExpr': {
        const [op, inner] = children(node);
        const expr = this.expr(inner);
        const type = typeOf(expr);
        if (type !== 'scalar' && type !== 'vector') {
          fail(`unary expression only allowed on expressions of type scalar or instant vector, got "${typeName(type)}"`, pos);
        }
        return { kind: 'unary', op: this.text(op) === '-' ? '-' : '+', expr, pos };
      }
      case 'AnchoredExpr':
      case 'SmoothedExpr':
        return unsupported(`the ${node.name === 'AnchoredExpr' ? 'anchored' : 'smoothed'} modifier is not supported`, pos);
      default:
        fail(`unexpected ${JSON.stringify(this.text(node))}`, pos);
    }
  }

  /** The selector or subquery an offset / @ modifier applies to. */
  modifiable(target: Expr, what: string): VectorSelector | Subquery {
    if (target.kind === 'vectorSelector' || target.kind === 'subquery') return target;
    if (target.kind === 'matrixSelector') return target.selector;
    fail(`${what} must be preceded by an instant vector selector or range vector selector or a subquery`, target.pos);
  }

  /**
   * Applies a postfix modifier (range, subquery, offset, @) to the expression it binds to. The lezer grammar
   * gives these the lowest precedence (`a - b offset 1h` nests as `(a - b) offset 1h`); in PromQL they bind
   * tightest, so they go to the rightmost operand of an unparenthesized binary or unary expression.
   */
  postfix(target: Expr, apply: (leaf: Expr) => Expr): Expr {
    if (target.kind === 'binary') return this.checkBinary({ ...target, rhs: this.postfix(target.rhs, apply) });
    if (target.kind === 'unary') {
      const expr = this.postfix(target.expr, apply);
      const type = typeOf(expr);
      if (type !== 'scalar' && type !== 'vector') {
        fail(`unary expression only allowed on expressions of type scalar or instant vector, got "${typeName(type)}"`, target.pos);
      }
      return { ...target, expr };
    }
    return apply(target);
  }

  atModifier(node: SyntaxNode): Expr {
    const parts = children(node);
    const rest = parts.slice(2);
    let at: AtModifier;
    const pre = rest.find((p) => p.name === 'AtModifierPreprocessors');
    if (pre) {
      at = pre.firstChild?.name === 'AtEnd' ? { kind: 'end' } : { kind: 'start' };
    } else {
      const numberNode = rest.find((p) => p.name === 'NumberDurationLiteral');
      const negative = rest.some((p) => p.name === 'UnaryOp' && this.text(p) === '-');
      const seconds = numberNode ? parsePromNumber(this.text(numberNode).replace(/^([+-])\s+/, '$1')) : null;
      if (seconds === null || !Number.isFinite(seconds)) fail('invalid @ modifier timestamp', node.from);
      at = { kind: 'time', timeMs: Math.round((negative ? -seconds : seconds) * 1000) };
    }
    const modifier = at;
    return this.postfix(this.expr(parts[0]), (leaf) => {
      const selector = this.modifiable(leaf, '@ modifier');
      if (selector.at !== null) fail('@ <timestamp> may not be set multiple times', node.from);
      selector.at = modifier;
      return leaf;
    });
  }

  call(node: SyntaxNode): Expr {
    const identifier = childNamed(node, 'FunctionIdentifier');
    const body = childNamed(node, 'FunctionCallBody');
    if (!identifier || !body) fail('unexpected end of input', node.to);
    const func = this.text(identifier);
    const spec = FUNCTIONS[func];
    if (!spec) unsupported(`function "${func}" is not supported by this engine`, node.from);
    const args = this.expressions(body);
    // Prometheus' wording: exact counts for fixed arity, "at least" / "at most" with optional arguments.
    const min = spec.minArgs ?? spec.args.length;
    if (min === spec.args.length && !spec.variadic) {
      if (args.length !== min) fail(`expected ${min} argument(s) in call to "${func}", got ${args.length}`, node.from);
    } else if (args.length < min) {
      fail(`expected at least ${min} argument(s) in call to "${func}", got ${args.length}`, node.from);
    } else if (!spec.variadic && args.length > spec.args.length) {
      fail(`expected at most ${spec.args.length} argument(s) in call to "${func}", got ${args.length}`, node.from);
    }
    args.forEach((arg, i) => {
      const want = spec.args[Math.min(i, spec.args.length - 1)];
      const got = typeOf(arg);
      if (got !== want) fail(`expected type ${typeName(want)} in call to function "${func}", got ${typeName(got)}`, arg.pos);
    });
    return { kind: 'call', func, args, pos: node.from };
  }

  aggregate(node: SyntaxNode): Expr {
    const opNode = childNamed(node, 'AggregateOp');
    const body = childNamed(node, 'FunctionCallBody');
    if (!opNode || !body) fail('unexpected end of input', node.to);
    const name = this.text(opNode).toLowerCase();
    const op = AGGREGATE_OPS[name];
    if (!op) unsupported(`aggregation "${name}" is not supported by this engine`, node.from);
    const modifier = childNamed(node, 'AggregateModifier');
    const grouping: Grouping = {
      without: modifier?.firstChild?.name === 'Without',
      labels: this.grouping(modifier ? childNamed(modifier, 'GroupingLabels') : null),
    };
    const args = this.expressions(body);
    const needsParam = op === 'topk' || op === 'bottomk' || op === 'quantile';
    if (args.length !== (needsParam ? 2 : 1)) {
      fail(needsParam ? `wrong number of arguments for aggregate expression provided, expected 2, got ${args.length}` : `wrong number of arguments for aggregate expression provided, expected 1, got ${args.length}`, node.from);
    }
    const expr = args[args.length - 1];
    const exprType = typeOf(expr);
    if (exprType !== 'vector') fail(`expected type instant vector in aggregation expression, got ${typeName(exprType)}`, expr.pos);
    const param = needsParam ? args[0] : null;
    if (param && typeOf(param) !== 'scalar') {
      fail(`expected type scalar in aggregation parameter, got ${typeName(typeOf(param))}`, param.pos);
    }
    return { kind: 'aggregate', op, param, expr, grouping, pos: node.from };
  }

  binary(node: SyntaxNode): Expr {
    const parts = children(node);
    let lhs = this.expr(parts[0]);
    const opNode = parts[1];
    const op = opNode ? BINARY_OPS[opNode.name] : undefined;
    // The grammar reads `-2 ^ 2` as (-2) ^ 2; in PromQL unary minus binds looser than ^: -(2 ^ 2).
    const sign = op === '^' && parts[0].name === 'NumberDurationLiteral' ? /^\s*([+-])/.exec(this.text(parts[0]))?.[1] : undefined;
    if (sign !== undefined && lhs.kind === 'number') lhs = { ...lhs, value: Math.abs(lhs.value) };
    if (!op) {
      if (opNode && (opNode.name === 'TrimUpper' || opNode.name === 'TrimLower')) {
        unsupported(`the ${this.text(opNode)} operator is not supported`, opNode.from);
      }
      fail('unexpected end of input', node.to);
    }
    let returnBool = false;
    let matchingNode: SyntaxNode | null = null;
    let rhsNode: SyntaxNode | null = null;
    for (const part of parts.slice(2)) {
      if (part.name === 'BoolModifier') returnBool = true;
      else if (part.name === 'MatchingModifierClause') matchingNode = part;
      else if (part.name === 'FillModifier') unsupported('the fill modifiers are not supported', part.from);
      else rhsNode = part;
    }
    if (!rhsNode) fail('unexpected end of input', node.to);
    const rhs = this.expr(rhsNode);
    const matching = matchingNode ? this.matching(matchingNode) : null;
    const opPos = opNode ? opNode.from : node.from;
    const result = this.checkBinary({ kind: 'binary', op, lhs, rhs, returnBool, matching, pos: node.from, opPos }, matchingNode !== null);
    return sign === undefined ? result : { kind: 'unary', op: sign === '-' ? '-' : '+', expr: result, pos: node.from };
  }

  /** Prometheus' checks on a binary expression; fills in default vector matching. */
  checkBinary(expr: Extract<Expr, { kind: 'binary' }>, explicitMatching = expr.matching !== null && expr.matching !== DEFAULT_MATCHING_MARK): Expr {
    // Prometheus' checkAST order and positions: operator problems at the operator, type problems at the
    // operand, matching problems at the expression.
    const { op, lhs, rhs, returnBool, pos } = expr;
    const opPos = expr.opPos ?? pos;
    const lt = typeOf(lhs);
    const rt = typeOf(rhs);
    if (returnBool && !isComparisonOp(op)) fail('bool modifier can only be used on comparison operators', opPos);
    if (isComparisonOp(op) && lt === 'scalar' && rt === 'scalar' && !returnBool) {
      fail('comparisons between scalars must use BOOL modifier', opPos);
    }
    if (expr.matching?.on) {
      for (const name of expr.matching.include) {
        if (expr.matching.labels.includes(name)) fail(`label "${name}" must not occur in ON and GROUP clause at once`, opPos);
      }
    }
    if (lt !== 'scalar' && lt !== 'vector') fail('binary expression must contain only scalar and instant vector types', lhs.pos);
    if (rt !== 'scalar' && rt !== 'vector') fail('binary expression must contain only scalar and instant vector types', rhs.pos);
    if ((lt !== 'vector' || rt !== 'vector') && explicitMatching && (expr.matching?.labels.length ?? 0) > 0) {
      fail('vector matching only allowed between instant vectors', pos);
    }
    if (isSetOp(op) && lt === 'vector' && rt === 'vector' && expr.matching && expr.matching.card !== 'one-to-one') {
      fail(`no grouping allowed for "${op}" operation`, pos);
    }
    if (isSetOp(op) && (lt === 'scalar' || rt === 'scalar')) {
      fail(`set operator "${op}" not allowed in binary scalar expression`, pos);
    }
    const matching = lt === 'vector' && rt === 'vector' ? (expr.matching ?? DEFAULT_MATCHING_MARK) : null;
    return { ...expr, matching };
  }

  matching(node: SyntaxNode): VectorMatching {
    const parts = children(node);
    const matching: VectorMatching = { card: 'one-to-one', on: false, labels: [], include: [] };
    let seenGroup = false;
    for (const part of parts) {
      if (part.name === 'On') matching.on = true;
      else if (part.name === 'Ignoring') matching.on = false;
      else if (part.name === 'GroupLeft' || part.name === 'GroupRight') {
        seenGroup = true;
        matching.card = part.name === 'GroupLeft' ? 'many-to-one' : 'one-to-many';
      } else if (part.name === 'GroupingLabels') {
        if (seenGroup) matching.include = this.grouping(part);
        else matching.labels = this.grouping(part);
      }
    }
    return matching;
  }
}

function syntaxErrorMessage(query: string, pos: number): { message: string; pos: number } {
  const end = query.trimEnd().length;
  let parens = 0;
  let brackets = 0;
  let braces = 0;
  let quote: string | null = null;
  for (let i = 0; i < Math.min(pos, query.length); i++) {
    const ch = query[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '#') while (i < query.length && query[i] !== '\n') i++;
    else if (ch === '(') parens++;
    else if (ch === ')') parens--;
    else if (ch === '[') brackets++;
    else if (ch === ']') brackets--;
    else if (ch === '{') braces++;
    else if (ch === '}') braces--;
  }
  if (quote) return { message: 'unterminated quoted string', pos: query.length };
  if (pos >= end) {
    if (/\b(on|ignoring|group_left|group_right|by|without)\s*$/i.test(query)) {
      return { message: 'unexpected end of input in grouping opts, expected "("', pos: query.length };
    }
    if (braces > 0) return { message: 'unexpected end of input inside braces', pos: query.length };
    if (parens > 0) return { message: 'unclosed left parenthesis', pos: query.length };
    if (brackets > 0) return { message: 'unclosed left bracket', pos: query.length };
    return { message: 'unexpected end of input', pos: query.length };
  }
  const start = pos + (query.slice(pos).length - query.slice(pos).trimStart().length);
  const token = tokenAt(query, pos);
  const before = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(query.slice(0, start));
  if (token === '(' && before && !(before[1].toLowerCase() in AGGREGATE_OPS)) {
    return { message: `unknown function with name "${before[1]}"`, pos: before.index };
  }
  if (token === ')' && parens <= 0) return { message: "unexpected right parenthesis ')'", pos: start };
  if (token === ']' && brackets <= 0) return { message: "unexpected right bracket ']'", pos: start };
  if (token === '}' && braces <= 0) return { message: "unexpected right brace '}'", pos: start };
  if (/^[A-Za-z_]/.test(token)) return { message: `unexpected identifier "${token}"`, pos: start };
  if (/^[0-9.]/.test(token)) return { message: `unexpected number "${token}"`, pos: start };
  if (/^["'`]/.test(token)) return { message: `unexpected string ${token}`, pos: start };
  if (token.length === 1 && !/[-+*/%^=!<>,(){}[\]~]/.test(token)) return { message: `unexpected character: '${token}'`, pos: start };
  return { message: `unexpected "${token}"`, pos: start };
}

function formatError(query: string, message: string, pos: number): string {
  const { line, column } = lineAndColumn(query, pos);
  return `${line}:${column}: parse error: ${message}`;
}

/** Parses and type-checks a PromQL expression. Throws QueryError ('parse' or 'unsupported'). */
export function parsePromQL(query: string): Expr {
  if (query.length > MAX_QUERY_LENGTH) throw new QueryError(`query is too long (over ${MAX_QUERY_LENGTH} characters)`, 'parse');
  if (query.trim() === '') throw new QueryError(formatError(query, 'no expression found in input', 0), 'parse');
  let tree;
  try {
    tree = parser.parse(query);
  } catch {
    throw new QueryError(formatError(query, 'unexpected input', 0), 'parse');
  }
  const errorPos = firstErrorPosition(tree);
  if (errorPos !== null) {
    const { message, pos } = syntaxErrorMessage(query, errorPos);
    throw new QueryError(formatError(query, message, pos), 'parse');
  }
  const top = children(tree.topNode).filter((c) => c.name !== 'LineComment');
  if (top.length !== 1) throw new QueryError(formatError(query, 'no expression found in input', 0), 'parse');
  try {
    return new Converter(query).expr(top[0]);
  } catch (error) {
    if (error instanceof PositionedError) {
      const message = error.kind === 'unsupported' ? error.message : formatError(query, error.message, error.pos);
      throw new QueryError(message, error.kind);
    }
    if (error instanceof QueryError) throw error;
    throw new QueryError(formatError(query, error instanceof Error ? error.message : 'invalid query', 0), 'parse');
  }
}

/**
 * A series selector as /api/v1/series match[] and Pyroscope label selectors take it: `name{...}`, `{...}`.
 * Throws QueryError('parse') for anything that is not a single selector. `allowEmpty` accepts `{}` (Pyroscope).
 */
export function parseSeriesSelector(text: string, options: { allowEmpty?: boolean } = {}): LabelMatcher[] {
  if (options.allowEmpty && /^\s*\{\s*\}\s*$/.test(text)) return [];
  const expr = unwrapParens(parsePromQL(text));
  if (expr.kind !== 'vectorSelector' || expr.offsetMs !== 0 || expr.at !== null) {
    throw new QueryError(`${formatError(text, 'expected a series selector', 0)}`, 'parse');
  }
  return expr.matchers;
}
