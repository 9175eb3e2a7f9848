import type { Tree } from 'web-tree-sitter';
import type { FixContext } from '../../fixes/types';
import { parsePython } from '../parse';
import { applyEdits } from '../../fixes/edits';
import { perObject, perText } from '../../fixes/memo';
import { syntaxErrorCount } from './syntax';

/** One parse per file text per batch of fixes, freed when the batch ends. */
export function parsedText(context: Pick<FixContext, 'memo'>, text: string): Tree {
  return perText(context, 'python-tree', text, () => parsePython(text), (tree) => tree.delete());
}

const statementBounds = new WeakMap<Tree, { starts: number[]; ends: number[] }>();

/**
 * Syntax errors before and after applying `edits` to `text`, counted on the
 * top-level statements the edits touch only: Python's top-level statements
 * parse independently, so checking a fix costs the size of the statements it
 * changes, not of the file (1,000 handlers in one file stay linear).
 */
export function syntaxErrorsAfter(
  context: Pick<FixContext, 'memo'>,
  text: string,
  edits: ReadonlyArray<{ span: { start: number; end: number }; newText: string }>,
): { before: number; after: number } {
  const { starts, ends } = perObject(statementBounds, parsedText(context, text), (tree) => {
    const bounds = { starts: [] as number[], ends: [] as number[] };
    for (const child of tree.rootNode.children) {
      if (!child) continue;
      bounds.starts.push(child.startIndex);
      bounds.ends.push(child.endIndex);
    }
    return bounds;
  });
  // The top-level statement around an offset, or the offset itself between statements.
  const statementAt = (offset: number): [number, number] => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid] < offset) lo = mid + 1;
      else if (starts[mid] > offset) hi = mid - 1;
      else return [starts[mid], ends[mid]];
    }
    return [offset, offset];
  };
  const regions: Array<[number, number]> = edits
    .map((e): [number, number] => [statementAt(e.span.start)[0], statementAt(e.span.end)[1]])
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const region of regions) {
    const last = merged[merged.length - 1];
    if (last && region[0] <= last[1]) last[1] = Math.max(last[1], region[1]);
    else merged.push([...region]);
  }
  let before = 0;
  let after = 0;
  for (const [start, end] of merged) {
    const inside = edits.filter((e) => e.span.start >= start && e.span.end <= end).map((e) => ({ ...e, span: { start: e.span.start - start, end: e.span.end - start } }));
    const original = text.slice(start, end);
    before += syntaxErrorsIn(original);
    after += syntaxErrorsIn(applyEdits(original, inside));
  }
  return { before, after };
}

/** ERROR/MISSING nodes in a standalone parse of `source`. */
function syntaxErrorsIn(source: string): number {
  const tree = parsePython(source);
  try {
    return syntaxErrorCount(tree);
  } finally {
    tree.delete();
  }
}
