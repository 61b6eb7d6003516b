// Small helpers over lezer syntax trees shared by the three parsers. Types are derived from the parser so
// that only the grammars' own dependency (@lezer/lr) is needed.
import type { LRParser } from '@lezer/lr';

export type Tree = ReturnType<LRParser['parse']>;
export type SyntaxNode = Tree['topNode'];

/** Inputs larger than this are rejected before parsing (the servers take queries from the network). */
export const MAX_QUERY_LENGTH = 64 * 1024;

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

export function childNamed(node: SyntaxNode, name: string): SyntaxNode | null {
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name === name) return c;
  return null;
}

export function childrenNamed(node: SyntaxNode, name: string): SyntaxNode[] {
  return children(node).filter((c) => c.name === name);
}

/** Offset of the first syntax error lezer recovered from, or null for a clean parse. */
export function firstErrorPosition(tree: Tree): number | null {
  let position: number | null = null;
  tree.iterate({
    enter(node) {
      if (position !== null) return false;
      if (node.type.isError) {
        position = node.from;
        return false;
      }
      return undefined;
    },
  });
  return position;
}

/** 1-based line and column of an offset, the way the Go yacc parsers report them. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lastBreak = i;
    }
  }
  return { line, column: offset - lastBreak };
}

/** The token that starts at `offset` (after blanks), roughly as a lexer would cut it; '' at the end. */
export function tokenAt(text: string, offset: number): string {
  const rest = text.slice(offset).replace(/^\s+/, '');
  if (rest === '') return '';
  const m =
    /^(?:[A-Za-z_][A-Za-z0-9_:.]*|\d[\d.eExXa-fA-F]*[a-z]*|"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|`[^`]*`?|[=!<>|&~]{1,3}|.)/su.exec(
      rest,
    );
  return m ? m[0] : rest[0];
}
