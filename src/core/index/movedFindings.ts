import { basename } from 'path';
import type { FunctionEdit } from '../language';
import type { LineIndex } from '../lines';
import type { Finding } from '../model';

/** A line of the edited file where it is after the edit; undefined for a line the edit touched (what is on it is built again). */
export type LineMove = (line: number) => number | undefined;

/** A kept finding where it is after an edit, or undefined when it cannot be moved (its root is built again). */
export type FindingMove = (finding: Finding) => Finding | undefined;

/**
 * How the lines of the edited file move: those before the edit's first line
 * stay, those after its last line (in the text before it) move by the lines
 * it added or removed, with their columns; the lines it touched have no
 * place. Undefined when the line starts after the edit do not follow its text
 * (a CR and an LF joined or split next to it).
 */
export function lineMove(edit: FunctionEdit, before: LineIndex, after: LineIndex): LineMove | undefined {
  const { from, delta } = edit.moved;
  const first = before.positionOf(edit.start).line;
  const last = before.positionOf(from).line;
  const added = after.lineCount - before.lineCount;
  if (after.positionOf(from + delta).line !== last + added) return undefined;
  if (last < before.lineCount && before.lineStart(last + 1) + delta !== after.lineStart(last + 1 + added)) return undefined;
  if (added === 0) return (line) => (line < first || line > last ? line : undefined);
  return (line) => (line < first ? line : line > last ? line + added : undefined);
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
  const lineOf = (at: string, line: number): number | undefined => (at === file ? lines(line) : line);
  return (finding) => {
    let moved = false;
    const line = lineOf(finding.file, finding.range.line);
    const endLine = lineOf(finding.file, finding.range.endLine);
    if (line === undefined || endLine === undefined) return undefined;
    if (line !== finding.range.line || endLine !== finding.range.endLine) moved = true;
    const chain = finding.chain.map((hop) => {
      const at = lineOf(hop.file, hop.line);
      if (at === hop.line) return hop;
      moved = true;
      return at === undefined ? undefined : { ...hop, line: at };
    });
    if (chain.includes(undefined)) return undefined;
    const handler = finding.handler && { ...finding.handler, line: lineOf(finding.handler.file, finding.handler.line) };
    if (handler?.line === undefined && finding.handler) return undefined;
    const deployment = finding.deployment && { ...finding.deployment, line: lineOf(finding.deployment.file, finding.deployment.line) };
    if (deployment?.line === undefined && finding.deployment) return undefined;
    if (handler && handler.line !== finding.handler!.line) moved = true;
    if (deployment && deployment.line !== finding.deployment!.line) moved = true;
    // A via-call's message names its leaf's line (the chain's last hop): a leaf the edit moved is built again.
    const leaf = finding.chain.length - 1;
    if (leaf >= 0 && chain[leaf] !== finding.chain[leaf] && finding.message.includes(named)) return undefined;
    const { span } = finding;
    const spanMoves = finding.file === file && span.end >= from;
    // A span across the edit is the edited body's: built again.
    if (spanMoves && span.start < from) return undefined;
    if (!moved && !spanMoves) return finding;
    return {
      ...finding,
      range: line === finding.range.line && endLine === finding.range.endLine ? finding.range : { ...finding.range, line, endLine },
      span: spanMoves ? { start: span.start + delta, end: span.end + delta } : span,
      chain: chain as Finding['chain'],
      handler: handler as Finding['handler'],
      ...(deployment ? { deployment: deployment as Finding['deployment'] } : {}),
    };
  };
}
