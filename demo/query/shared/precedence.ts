// Operator precedence for flat operand/operator chains. The LogQL and TraceQL lezer grammars are written for
// highlighting and give every binary operator one level (`1 + 2 * 3` nests as `(1 + 2) * 3`); the parsers
// flatten such chains and rebuild the tree with the languages' real precedence (their Go yacc grammars).

export interface OperatorInfo {
  precedence: number;
  rightAssociative?: boolean;
}

/** Rebuilds a tree from operands[0] op[0] operands[1] op[1] ... by precedence climbing. */
export function buildByPrecedence<T, O>(
  operands: readonly T[],
  operators: readonly O[],
  info: (op: O) => OperatorInfo,
  combine: (op: O, lhs: T, rhs: T) => T,
): T {
  if (operands.length !== operators.length + 1) throw new Error('operands and operators do not alternate');
  let index = 0;
  const parse = (minPrecedence: number): T => {
    let lhs = operands[index];
    while (index < operators.length) {
      const op = operators[index];
      const { precedence, rightAssociative } = info(op);
      if (precedence < minPrecedence) break;
      index++;
      const rhs = parse(rightAssociative ? precedence : precedence + 1);
      lhs = combine(op, lhs, rhs);
    }
    return lhs;
  };
  return parse(0);
}
