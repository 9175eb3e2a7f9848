import type { Node } from 'web-tree-sitter';
import type { Range, Span } from '../model';

/** 1-based range of a tree-sitter node. */
export function rangeOf(node: Node): Range {
  const start = node.startPosition;
  const end = node.endPosition;
  return { line: start.row + 1, column: start.column + 1, endLine: end.row + 1, endColumn: end.column + 1 };
}

/** Character offsets of a tree-sitter node. */
export function spanOf(node: Node): Span {
  return { start: node.startIndex, end: node.endIndex };
}
