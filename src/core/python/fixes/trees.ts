import type { Point, Tree } from 'web-tree-sitter';
import type { FixContext } from '../../fixes/types';
import { parsePython, reparsePython } from '../parse';
import { syntaxErrorCount } from './syntax';

/** One parse per file text per batch of fixes, freed when the batch ends. */
export function parsedText(context: Pick<FixContext, 'memo'>, text: string): Tree {
  return context.memo(`python-tree\0${text}`, () => parsePython(text), (tree) => tree.delete());
}

function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/**
 * Syntax errors before and after applying `edits` to `text`: the cached tree
 * of `text` is told about each edit (last first, so earlier offsets stay
 * valid) and re-parsed incrementally, so checking a fix in a 5,000-line file
 * re-reads only the edited statements.
 */
export function syntaxErrorsAfter(
  context: FixContext,
  text: string,
  edits: ReadonlyArray<{ span: { start: number; end: number }; newText: string }>,
): { before: number; after: number } {
  const original = parsedText(context, text);
  const before = context.memo(`python-errors\0${text}`, () => syntaxErrorCount(original));
  const edited = original.copy();
  let current = text;
  // Last first; insertions at one offset in reverse, so they end up in their given order.
  const ordered = edits.map((edit, order) => ({ ...edit, order })).sort((a, b) => b.span.start - a.span.start || b.order - a.order);
  for (const { span, newText } of ordered) {
    const next = current.slice(0, span.start) + newText + current.slice(span.end);
    const newEnd = span.start + newText.length;
    edited.edit({
      startIndex: span.start,
      oldEndIndex: span.end,
      newEndIndex: newEnd,
      startPosition: pointAt(current, span.start),
      oldEndPosition: pointAt(current, span.end),
      newEndPosition: pointAt(next, newEnd),
    });
    current = next;
  }
  const reparsed = reparsePython(current, edited);
  try {
    return { before, after: syntaxErrorCount(reparsed) };
  } finally {
    reparsed.delete();
    edited.delete();
  }
}
