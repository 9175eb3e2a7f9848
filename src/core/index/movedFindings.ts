import type { FunctionEdit } from '../language';
import type { LineIndex } from '../lines';
import type { Finding } from '../model';

/** A kept finding where it is after an edit, or undefined when it cannot be moved (its root is built again). */
export type FindingMove = (finding: Finding) => Finding | undefined;

/**
 * How findings kept across an edit inside one function body move with it,
 * when the edit stayed on one line (typing, not Enter): every other line
 * keeps its number and its columns, and offsets after the edit shift by what
 * it added. A finding with a position on the edited line is not moved.
 * Undefined when the edit added or removed lines: then the roots whose
 * findings lie after it are built again.
 */
export function findingMove(edit: FunctionEdit, before: LineIndex, after: LineIndex): FindingMove | undefined {
  const { from, delta } = edit.moved;
  const line = before.positionOf(edit.start).line;
  if (before.lineCount !== after.lineCount || before.positionOf(from).line !== line || after.positionOf(from + delta).line !== line) return undefined;
  // Whatever else changed the line ends next to the edit (a CR and an LF joined or split), the next line must start where it did, moved.
  if (line < before.lineCount && before.lineStart(line + 1) + delta !== after.lineStart(line + 1)) return undefined;
  const onEditedLine = (file: string, at: number) => file === edit.file && at === line;
  return (finding) => {
    if (onEditedLine(finding.file, finding.range.line) || onEditedLine(finding.file, finding.range.endLine)) return undefined;
    if (finding.chain.some((hop) => onEditedLine(hop.file, hop.line))) return undefined;
    if (finding.handler && onEditedLine(finding.handler.file, finding.handler.line)) return undefined;
    if (finding.deployment && onEditedLine(finding.deployment.file, finding.deployment.line)) return undefined;
    const { span } = finding;
    if (finding.file !== edit.file || span.end < from) return finding;
    // A span across the edit is the edited body's: built again.
    if (span.start < from) return undefined;
    return { ...finding, span: { start: span.start + delta, end: span.end + delta } };
  };
}
