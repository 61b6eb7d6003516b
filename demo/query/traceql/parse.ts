// TraceQL parsing with Grafana's lezer grammar (@grafana/lezer-traceql). The grammar gives every binary
// operator one precedence level and lets unary minus swallow the rest of an expression, so field and spanset
// expressions are flattened into operand/operator chains and rebuilt with Tempo's precedence (expr.y:
// | < && || < comparisons < + - < * / % < ^). Errors read like Tempo's:
// "parse error at line 1, col 19: syntax error: unexpected $end" (Tempo's HTTP layer prefixes
// "invalid TraceQL query: ").
import { parser } from '@grafana/lezer-traceql';
import { QueryError } from '../types';
import { DurationError, parseGoDurationNs } from '../shared/durations';
import { compileGoRegex, GoRegexError } from '../shared/go-regex';
import { GoStringError, unquoteGoString } from '../shared/go-string';
import { childNamed, children, firstErrorPosition, lineAndColumn, MAX_QUERY_LENGTH, type SyntaxNode } from '../shared/lezer';
import { buildByPrecedence } from '../shared/precedence';
import type { AggregateFn, FieldExpr, FieldOp, Intrinsic, ScalarExpr, SpansetExpr, SpansetOp, Value } from './ast';

class TraceqlError extends Error {
  constructor(
    message: string,
    readonly kind: 'parse' | 'unsupported',
  ) {
    super(message);
  }
}

function fail(message: string): never {
  throw new TraceqlError(`parse error : ${message}`, 'parse');
}

function unsupported(message: string): never {
  throw new TraceqlError(message, 'unsupported');
}

const INTRINSICS: Record<string, Intrinsic> = {
  name: 'name',
  'span:name': 'name',
  status: 'status',
  'span:status': 'status',
  statusMessage: 'statusMessage',
  'span:statusMessage': 'statusMessage',
  duration: 'duration',
  'span:duration': 'duration',
  kind: 'kind',
  'span:kind': 'kind',
  rootServiceName: 'rootServiceName',
  'trace:rootService': 'rootServiceName',
  rootName: 'rootName',
  'trace:rootName': 'rootName',
  traceDuration: 'traceDuration',
  'trace:duration': 'traceDuration',
  'span:id': 'spanID',
  'span:parentID': 'parentID',
  'trace:id': 'traceID',
  childCount: 'childCount',
  'span:childCount': 'childCount',
};

const KEYWORDS: Record<string, Value> = {
  true: { type: 'bool', value: true },
  false: { type: 'bool', value: false },
  nil: null,
  error: { type: 'status', value: 'error' },
  ok: { type: 'status', value: 'ok' },
  unset: { type: 'status', value: 'unset' },
  unspecified: { type: 'kind', value: 'unspecified' },
  internal: { type: 'kind', value: 'internal' },
  server: { type: 'kind', value: 'server' },
  client: { type: 'kind', value: 'client' },
  producer: { type: 'kind', value: 'producer' },
  consumer: { type: 'kind', value: 'consumer' },
  minInt: { type: 'int', value: Number.MIN_SAFE_INTEGER },
  maxInt: { type: 'int', value: Number.MAX_SAFE_INTEGER },
};

const FIELD_PRECEDENCE: Record<FieldOp, number> = {
  '&&': 2,
  '||': 2,
  '=': 3,
  '!=': 3,
  '<': 3,
  '<=': 3,
  '>': 3,
  '>=': 3,
  '=~': 3,
  '!~': 3,
  '+': 4,
  '-': 4,
  '*': 6,
  '/': 6,
  '%': 6,
  '^': 7,
};

const SPANSET_OPS: Record<string, SpansetOp> = { And: '&&', Or: '||', Gt: '>', Desc: '>>', Lt: '<', Anc: '<<', Pipe: '|' };

/** TraceQL strings: double quotes with Go escapes, or backticks. */
function unquote(text: string): string {
  try {
    return unquoteGoString(text);
  } catch (error) {
    return fail(error instanceof GoStringError ? error.message : `invalid string ${text}`);
  }
}

interface Chain<T, O> {
  operands: T[];
  ops: O[];
}

class Converter {
  constructor(private readonly src: string) {}

  text(node: SyntaxNode): string {
    return this.src.slice(node.from, node.to);
  }

  // ---- spanset level

  spanset(node: SyntaxNode): SpansetExpr {
    const chain = this.spansetChain(node);
    return buildByPrecedence(
      chain.operands,
      chain.ops,
      (op) => ({ precedence: op === '|' ? 1 : op === '&&' || op === '||' ? 2 : 3 }),
      (op, lhs, rhs): SpansetExpr => ({ kind: 'op', op, lhs, rhs }),
    );
  }

  spansetChain(node: SyntaxNode): Chain<SpansetExpr, SpansetOp> {
    const parts = children(node);
    const sides = parts.filter((c) => c.name === 'SpansetPipelineExpression');
    if (sides.length === 0) {
      const pipeline = childNamed(node, 'SpansetPipeline') ?? childNamed(node, 'WrappedSpansetPipeline');
      if (!pipeline) fail(`unexpected ${this.text(node)}`);
      return { operands: [this.pipelineStage(pipeline)], ops: [] };
    }
    if (sides.length === 1) {
      // ( spansetPipelineExpression )
      return { operands: [this.spanset(sides[0])], ops: [] };
    }
    if (sides.length !== 2) fail(`unexpected ${this.text(node)}`);
    const between = parts.slice(parts.indexOf(sides[0]) + 1, parts.indexOf(sides[1]));
    let op: SpansetOp;
    const opNode = between[0];
    if (!opNode) {
      const raw = this.src.slice(sides[0].to, sides[1].from).trim();
      if (raw !== '~') unsupported(`the spanset operator "${raw}" is not supported by this engine`);
      op = '~';
    } else if (opNode.name in SPANSET_OPS) {
      op = SPANSET_OPS[opNode.name];
    } else {
      return unsupported(`the spanset operator "${this.text(opNode)}" is not supported by this engine`);
    }
    const left = this.spansetChain(sides[0]);
    const right = this.spansetChain(sides[1]);
    return { operands: [...left.operands, ...right.operands], ops: [...left.ops, op, ...right.ops] };
  }

  pipelineStage(node: SyntaxNode): SpansetExpr {
    if (node.name === 'WrappedSpansetPipeline') {
      const inner = node.firstChild;
      if (!inner) fail('empty parentheses');
      return inner.name === 'SpansetPipelineExpression' ? this.spanset(inner) : this.pipelineStage(inner);
    }
    const body = node.firstChild;
    if (!body) fail('empty pipeline');
    switch (body.name) {
      case 'SpansetFilter': {
        const field = childNamed(body, 'FieldExpression');
        if (!field) return { kind: 'filter', expr: null };
        const expr = this.field(field);
        const type = impliedType(expr);
        if (type !== 'bool' && type !== 'attribute') fail(`spanset filter must evaluate to a boolean: found ${type}`);
        return { kind: 'filter', expr };
      }
      case 'ScalarFilter':
        return this.scalarFilter(body);
      case 'SelectOperation':
        return { kind: 'select' };
      case 'GroupOperation':
        return unsupported('by() grouping is not supported by this engine');
      case 'CoalesceOperation':
        return unsupported('coalesce() is not supported by this engine');
      default:
        if (body.name.startsWith('Metrics')) return unsupported('TraceQL metrics queries are not supported by this engine');
        return unsupported(`"${this.text(body)}" is not supported by this engine`);
    }
  }

  // ---- field level

  field(node: SyntaxNode): FieldExpr {
    const chain = this.fieldChain(node);
    return buildByPrecedence(
      chain.operands,
      chain.ops,
      (op) => ({ precedence: FIELD_PRECEDENCE[op], rightAssociative: op === '^' }),
      (op, lhs, rhs): FieldExpr => {
        if (op === '=~' || op === '!~') {
          if (rhs.kind !== 'static' || rhs.value?.type !== 'string') fail(`the right side of ${op} must be a string`);
          let regex: RegExp;
          try {
            regex = compileGoRegex(rhs.value.value, { anchored: true });
          } catch (error) {
            return fail(error instanceof GoRegexError ? error.message : 'invalid regular expression');
          }
          return { kind: 'binary', op, lhs, rhs, regex };
        }
        return { kind: 'binary', op, lhs, rhs };
      },
    );
  }

  fieldChain(node: SyntaxNode): Chain<FieldExpr, FieldOp> {
    const parts = children(node);
    const fields = parts.filter((c) => c.name === 'FieldExpression');
    if (fields.length === 2) {
      const opNode = parts.find((c) => c.name === 'FieldOp' || c.name === 'And' || c.name === 'Or');
      if (!opNode) fail(`unexpected ${this.text(node)}`);
      const op = (opNode.name === 'And' ? '&&' : opNode.name === 'Or' ? '||' : this.text(opNode)) as FieldOp;
      if (!(op in FIELD_PRECEDENCE)) fail(`unknown operator ${op}`);
      const left = this.fieldChain(fields[0]);
      const right = this.fieldChain(fields[1]);
      return { operands: [...left.operands, ...right.operands], ops: [...left.ops, op, ...right.ops] };
    }
    if (fields.length === 1) {
      const first = this.text(node).trimStart()[0];
      if (first === '(') return { operands: [this.field(fields[0])], ops: [] };
      if (first === '-' || first === '!') {
        // Unary operators bind to the operand right after them; the grammar nests the whole tail under them.
        const inner = this.fieldChain(fields[0]);
        inner.operands[0] = { kind: 'unary', op: first, expr: inner.operands[0] };
        return inner;
      }
      fail(`unexpected ${this.text(node)}`);
    }
    return { operands: [this.leaf(node)], ops: [] };
  }

  leaf(node: SyntaxNode): FieldExpr {
    const body = node.firstChild;
    if (!body) fail('empty expression');
    switch (body.name) {
      case 'Static':
        return { kind: 'static', value: this.static(body) };
      case 'IntrinsicField': {
        const name = this.text(body);
        const intrinsic = INTRINSICS[name];
        if (!intrinsic) unsupported(`the intrinsic "${name}" is not supported by this engine`);
        return { kind: 'intrinsic', name: intrinsic };
      }
      case 'AttributeField':
        return this.attribute(body);
      default:
        return fail(`unexpected ${this.text(body)}`);
    }
  }

  static(node: SyntaxNode): Value {
    const inner = node.firstChild;
    const text = this.text(node).trim();
    switch (inner?.name) {
      case 'String':
        return { type: 'string', value: unquote(text) };
      case 'Integer': {
        const value = Number(text);
        if (!Number.isSafeInteger(value)) fail(`integer out of range: ${text}`);
        return { type: 'int', value };
      }
      case 'Float':
        return { type: 'float', value: Number(text) };
      case 'Duration':
        try {
          return { type: 'duration', ns: parseGoDurationNs(text) };
        } catch (error) {
          return fail(error instanceof DurationError ? error.message : `invalid duration ${text}`);
        }
      default:
        if (text in KEYWORDS) return KEYWORDS[text];
        return fail(`unexpected ${text}`);
    }
  }

  attribute(node: SyntaxNode): FieldExpr {
    const text = this.text(node);
    const scopeNode = node.firstChild && node.firstChild.name !== 'Identifier' ? node.firstChild : null;
    let scope: 'span' | 'resource' | 'any' = 'any';
    let rest = text;
    if (scopeNode) {
      const scopeName = this.text(scopeNode);
      if (scopeNode.name === 'Span') scope = 'span';
      else if (scopeNode.name === 'Resource') scope = 'resource';
      else unsupported(`the "${scopeName}" attribute scope is not supported by this engine`);
      rest = text.slice(scopeName.length);
    }
    if (!rest.startsWith('.')) fail(`invalid attribute ${text}`);
    const name = rest.slice(1).replace(/"((?:[^"\\]|\\.)*)"/g, (_, quoted: string) => quoted.replace(/\\(["\\])/g, '$1'));
    if (name === '') fail(`invalid attribute ${text}`);
    return { kind: 'attribute', scope, name };
  }

  // ---- scalar level

  scalarFilter(node: SyntaxNode): SpansetExpr {
    const sides = childrenOf(node, 'ScalarExpression');
    const opNode = childNamed(node, 'ComparisonOp');
    if (sides.length !== 2 || !opNode) fail(`invalid scalar filter ${this.text(node)}`);
    const op = this.text(opNode);
    if (!['=', '!=', '>', '>=', '<', '<='].includes(op)) fail(`invalid comparison ${op}`);
    return { kind: 'scalarFilter', lhs: this.scalar(sides[0]), op: op as '=' | '!=' | '>' | '>=' | '<' | '<=', rhs: this.scalar(sides[1]) };
  }

  scalar(node: SyntaxNode): ScalarExpr {
    const chain = this.scalarChain(node);
    return buildByPrecedence(
      chain.operands,
      chain.ops,
      (op) => ({ precedence: op === '+' || op === '-' ? 4 : op === '^' ? 7 : 6, rightAssociative: op === '^' }),
      (op, lhs, rhs): ScalarExpr => ({ kind: 'binary', op, lhs, rhs }),
    );
  }

  scalarChain(node: SyntaxNode): Chain<ScalarExpr, '+' | '-' | '*' | '/' | '%' | '^'> {
    const parts = children(node);
    const sides = parts.filter((c) => c.name === 'ScalarExpression');
    if (sides.length === 2) {
      const opNode = childNamed(node, 'ScalarOp');
      if (!opNode) fail(`unexpected ${this.text(node)}`);
      const op = this.text(opNode) as '+' | '-' | '*' | '/' | '%' | '^';
      const left = this.scalarChain(sides[0]);
      const right = this.scalarChain(sides[1]);
      return { operands: [...left.operands, ...right.operands], ops: [...left.ops, op, ...right.ops] };
    }
    if (sides.length === 1) return { operands: [this.scalar(sides[0])], ops: [] };
    const body = node.firstChild;
    if (!body) fail('empty scalar expression');
    if (body.name === 'Aggregate') {
      const fn = this.text(childNamed(body, 'AggregateExpression') ?? body).replace(/\(.*$/s, '').trim() as AggregateFn;
      if (!['count', 'avg', 'max', 'min', 'sum'].includes(fn)) unsupported(`the aggregate ${fn}() is not supported by this engine`);
      const field = childNamed(body, 'FieldExpression');
      if (fn !== 'count' && !field) fail(`${fn}() needs a field`);
      return { operands: [{ kind: 'aggregate', fn, field: field ? this.field(field) : null }], ops: [] };
    }
    const text = this.text(node).trim();
    if (body.name === 'Integer' || body.name === 'Float') {
      const sign = text.startsWith('-') ? -1 : 1;
      const value = Number(this.text(body));
      return { operands: [{ kind: 'static', value: { type: body.name === 'Integer' ? 'int' : 'float', value: sign * value } }], ops: [] };
    }
    if (body.name === 'Duration') {
      try {
        return { operands: [{ kind: 'static', value: { type: 'duration', ns: parseGoDurationNs(text) } }], ops: [] };
      } catch (error) {
        return fail(error instanceof DurationError ? error.message : `invalid duration ${text}`);
      }
    }
    return unsupported(`"${text}" is not supported in scalar filters by this engine`);
  }
}

function childrenOf(node: SyntaxNode, name: string): SyntaxNode[] {
  return children(node).filter((c) => c.name === name);
}

/** The type an expression evaluates to, as far as it is known before looking at a span. */
export function impliedType(expr: FieldExpr): string {
  switch (expr.kind) {
    case 'static':
      return expr.value === null ? 'nil' : expr.value.type;
    case 'attribute':
      return 'attribute';
    case 'intrinsic':
      return { name: 'string', status: 'status', statusMessage: 'string', duration: 'duration', kind: 'kind', rootServiceName: 'string', rootName: 'string', traceDuration: 'duration', spanID: 'string', parentID: 'string', traceID: 'string', childCount: 'int' }[expr.name];
    case 'unary':
      return expr.op === '!' ? 'bool' : impliedType(expr.expr);
    case 'binary':
      return ['+', '-', '*', '/', '%', '^'].includes(expr.op) ? 'number' : 'bool';
  }
}

function tokenName(query: string, pos: number): string {
  const rest = query.slice(pos).trimStart();
  if (rest === '') return '$end';
  if (/^\d+(\.\d+)?(ns|us|µs|ms|s|m|h)/.test(rest)) return 'DURATION';
  if (/^\d+\.\d/.test(rest)) return 'FLOAT';
  if (/^\d/.test(rest)) return 'INTEGER';
  if (/^["`]/.test(rest)) return 'STRING';
  if (/^[A-Za-z_]/.test(rest)) return 'IDENTIFIER';
  const op = /^(&&|\|\||>>|<<|>=|<=|!=|=~|!~|.)/s.exec(rest);
  return op ? op[0] : rest[0];
}

/** Parses a TraceQL query. Throws QueryError ('parse' or 'unsupported'). */
export function parseTraceQL(query: string): SpansetExpr {
  if (query.length > MAX_QUERY_LENGTH) throw new QueryError(`parse error : query is too long (over ${MAX_QUERY_LENGTH} characters)`, 'parse');
  if (query.trim() === '') throw new QueryError('parse error at line 1, col 1: syntax error: unexpected $end', 'parse');
  const tree = parser.parse(query);
  const errorPos = firstErrorPosition(tree);
  if (errorPos !== null) {
    const token = tokenName(query, errorPos);
    const at = token === '$end' ? query.length : errorPos + (query.slice(errorPos).length - query.slice(errorPos).trimStart().length);
    const { line, column } = lineAndColumn(query, at);
    throw new QueryError(`parse error at line ${line}, col ${column}: syntax error: unexpected ${token}`, 'parse');
  }
  const top = children(tree.topNode).filter((c) => c.name !== 'LineComment' && c.name !== 'BlockComment' && c.name !== 'WithHint');
  if (top.length !== 1) throw new QueryError(`parse error : unexpected ${query}`, 'parse');
  try {
    const node = top[0];
    const converter = new Converter(query);
    if (node.name === 'SpansetPipelineExpression') return converter.spanset(node);
    if (node.name === 'SpansetPipeline') return converter.pipelineStage(node);
    if (node.name.startsWith('Metrics')) unsupported('TraceQL metrics queries are not supported by this engine');
    throw new TraceqlError(`parse error : unexpected ${converter.text(node)}`, 'parse');
  } catch (error) {
    if (error instanceof TraceqlError) throw new QueryError(error.message, error.kind);
    if (error instanceof QueryError) throw error;
    throw new QueryError(`parse error : ${error instanceof Error ? error.message : 'invalid query'}`, 'parse');
  }
}
