import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Range, Span } from '../model';
import type { LineIndex } from '../lines';

/** TypeScript's line starts (and so typescript-estree's `loc`) also break at U+2028 and U+2029. */
export const LINE_BREAKS = ['\r\n', '\r', '\n', '\u2028', '\u2029'];

/**
 * 1-based, end-exclusive range of an ESTree node, from its offsets: the
 * parser makes no `loc` (a third of typescript-estree's conversion was
 * building them), and TypeScript's lines are `LINE_BREAKS`'.
 */
export function rangeOf(lines: LineIndex, node: TSESTree.Node): Range {
  return lines.rangeOf(spanOf(node));
}

export function spanOf(node: TSESTree.Node): Span {
  return { start: node.range[0], end: node.range[1] };
}

/** Range of `length` characters from a node's start (anonymous functions: the `function`/`=>` keyword area). */
export function headRange(lines: LineIndex, node: TSESTree.Node, length: number): { range: Range; span: Span } {
  const start = lines.positionOf(node.range[0]);
  const singleLine = lines.positionOf(node.range[1]).line === start.line;
  const end = singleLine ? Math.min(node.range[1], node.range[0] + length) : node.range[0] + length;
  return {
    range: { line: start.line, column: start.column, endLine: start.line, endColumn: start.column + (end - node.range[0]) },
    span: { start: node.range[0], end },
  };
}
