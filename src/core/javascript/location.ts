import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Range, Span } from '../model';

/** TypeScript's line starts (and so typescript-estree's `loc`) also break at U+2028 and U+2029. */
export const LINE_BREAKS = ['\r\n', '\r', '\n', '\u2028', '\u2029'];

/** 1-based, end-exclusive range of an ESTree node (its loc columns are 0-based). */
export function rangeOf(node: TSESTree.Node): Range {
  return {
    line: node.loc.start.line,
    column: node.loc.start.column + 1,
    endLine: node.loc.end.line,
    endColumn: node.loc.end.column + 1,
  };
}

export function spanOf(node: TSESTree.Node): Span {
  return { start: node.range[0], end: node.range[1] };
}

/** Range of `length` characters from a node's start (anonymous functions: the `function`/`=>` keyword area). */
export function headRange(node: TSESTree.Node, length: number): { range: Range; span: Span } {
  const start = node.loc.start;
  const singleLine = node.loc.end.line === start.line;
  const end = singleLine ? Math.min(node.range[1], node.range[0] + length) : node.range[0] + length;
  return {
    range: { line: start.line, column: start.column + 1, endLine: start.line, endColumn: start.column + 1 + (end - node.range[0]) },
    span: { start: node.range[0], end },
  };
}
