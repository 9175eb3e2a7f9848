import { basename } from 'path';
import type { FunctionEdit } from '../language';
import type { LineIndex } from '../lines';
import type { Finding } from '../model';
import { movedItems } from './readKeys';

/**
 * Where a position of the edited file's line is after the edit: its line, or
 * undefined for a position the edit touched (what is there is built again).
 * `column` (1-based) where known; `end`: the position ends something (an
 * exclusive end, which stays before text inserted at it).
 */
export type LineMove = (line: number, column?: number, end?: boolean) => number | undefined;

/** A kept finding where it is after an edit, or undefined when it cannot be moved (its root is built again). */
export type FindingMove = (finding: Finding) => Finding | undefined;

/**
 * How the lines of the edited file move: those before the edit's first line
 * stay, those after its last line (in the text before it) move by the lines
 * it added or removed, with their columns; the lines it touched have no
 * place, but for text only inserted (Enter) that ends at the column it
 * started at: what follows it on its line moved down with its columns (a
 * blank line typed above a class moves the class's line). Undefined when the
 * line starts after the edit do not follow its text (a CR and an LF joined
 * or split next to it).
 */
export function lineMove(edit: FunctionEdit, before: LineIndex, after: LineIndex): LineMove | undefined {
  const { from, delta } = edit.moved;
  const first = before.positionOf(edit.start).line;
  const oldEnd = before.positionOf(from);
  const newEnd = after.positionOf(from + delta);
  const last = oldEnd.line;
  const added = after.lineCount - before.lineCount;
  if (newEnd.line !== last + added) return undefined;
  if (last < before.lineCount && before.lineStart(last + 1) + delta !== after.lineStart(last + 1 + added)) return undefined;
  const carried = edit.start === from && newEnd.column === oldEnd.column;
  const at = oldEnd.column;
  return (line, column, end) => {
    if (line < first) return line;
    if (line > last) return line + added;
    if (!carried) return undefined;
    // A line alone is at its first column: that moved only when the text went in at the line's start.
    if (column === undefined) return at === 1 ? line + added : undefined;
    return column > at || (column === at && !end) ? line + added : line;
  };
}

/**
 * How findings kept across an edit move with it: offsets after the edit
 * shift by what it added, lines by `lines` (for Enter, those after it by
 * one), in the finding's range, its chain, its handler and its deployment.
 * A finding with a position on a line the edit touched is not moved, nor a
 * via-call whose message names a leaf the edit moved.
 */
export function findingMove(edit: FunctionEdit, lines: LineMove): FindingMove {
  const { from, delta } = edit.moved;
  const file = edit.file;
  const named = `(${basename(file)}:`;
  const lineOf = (at: string, line: number, column?: number, end?: boolean): number | undefined => (at === file ? lines(line, column, end) : line);
  // A hop, a handler or a deployment on its line after the edit: itself when it stays, undefined when the edit touched it.
  const placed = <T extends { file: string; line: number }>(place: T): T | undefined => {
    const column = (place as { column?: unknown }).column;
    const to = lineOf(place.file, place.line, typeof column === 'number' ? column : undefined);
    return to === place.line ? place : to === undefined ? undefined : { ...place, line: to };
  };
  return (finding) => {
    const { range, span } = finding;
    const line = lineOf(finding.file, range.line, range.column);
    const endLine = lineOf(finding.file, range.endLine, range.endColumn, true);
    const chain = movedItems(finding.chain, placed);
    const handler = finding.handler && placed(finding.handler);
    const deployment = finding.deployment && placed(finding.deployment);
    if (line === undefined || endLine === undefined || !chain || handler === undefined || (finding.deployment && !deployment)) return undefined;
    // A via-call's message names its leaf's line (the chain's last hop): a leaf the edit moved is built again.
    const leaf = chain.length - 1;
    if (leaf >= 0 && chain[leaf] !== finding.chain[leaf] && finding.message.includes(named)) return undefined;
    const spanMoves = finding.file === file && span.end >= from;
    // A span across the edit is the edited body's: built again.
    if (spanMoves && span.start < from) return undefined;
    const linesMoved = line !== range.line || endLine !== range.endLine;
    if (!linesMoved && !spanMoves && chain === finding.chain && handler === finding.handler && deployment === finding.deployment) return finding;
    return {
      ...finding,
      range: linesMoved ? { ...range, line, endLine } : range,
      span: spanMoves ? { start: span.start + delta, end: span.end + delta } : span,
      chain,
      handler,
      ...(deployment ? { deployment } : {}),
    };
  };
}
