import type { Range, Span } from '../model';
import { LineIndex } from '../lines';

/** Line/offset bookkeeping for one config or source file (1-based lines). */
export class TextLines {
  readonly lines: string[];
  private readonly index: LineIndex;
  /** `\r\n` when the file uses it, so edits keep the file's line endings. */
  readonly eol: string;

  constructor(readonly text: string) {
    this.lines = text.split(/\r?\n/);
    this.eol = /\r\n/.test(text) ? '\r\n' : '\n';
    this.index = new LineIndex(text, ['\r\n', '\n']);
  }

  lineCount(): number {
    return this.lines.length;
  }

  /** Offset of the first character of `line`. */
  lineStart(line: number): number {
    return this.index.lineStart(line);
  }

  /** Offset just past the line's text (before its line break). */
  lineEnd(line: number): number {
    return this.lineStart(line) + (this.lines[line - 1] ?? '').length;
  }

  /** Offset of the start of the next line (after the break); end of text on the last line. */
  lineEndWithBreak(line: number): number {
    return line < this.index.lineCount ? this.index.lineStart(line + 1) : this.text.length;
  }

  /** 1-based line and column of an offset. */
  positionOf(offset: number): { line: number; column: number } {
    return this.index.positionOf(offset);
  }

  /** Range of a span. */
  rangeOf(span: Span): Range {
    return this.index.rangeOf(span);
  }

  /** Range and span of a column range on one line (columns 1-based, end exclusive). */
  rangeOn(line: number, column: number, endColumn: number): { range: Range; span: Span } {
    const start = this.lineStart(line);
    return {
      range: { line, column, endLine: line, endColumn },
      span: { start: start + column - 1, end: start + endColumn - 1 },
    };
  }

  /** The line's text without leading/trailing blanks, as a range. */
  wholeLine(line: number): { range: Range; span: Span } {
    const text = this.lines[line - 1] ?? '';
    const lead = text.length - text.trimStart().length;
    return this.rangeOn(line, lead + 1, text.trimEnd().length + 1);
  }

  /**
   * Where `needle` first appears within lines `from..to` (a logical line that
   * continues over several physical ones); falls back to the whole first line.
   */
  locate(needle: string, from: number, to = from): { range: Range; span: Span; line: number; found: boolean } {
    for (let line = from; line <= Math.min(to, this.lines.length); line++) {
      const column = (this.lines[line - 1] ?? '').indexOf(needle);
      if (column >= 0) return { ...this.rangeOn(line, column + 1, column + 1 + needle.length), line, found: true };
    }
    return { ...this.wholeLine(from), line: from, found: false };
  }
}

/**
 * Joins backslash-continued lines (shell, Dockerfile, systemd) into logical
 * lines, remembering the physical lines each spans.
 */
export function logicalLines(text: string): Array<{ text: string; line: number; endLine: number }> {
  const out: Array<{ text: string; line: number; endLine: number }> = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let joined = lines[i];
    while (/\\\s*$/.test(joined) && i + 1 < lines.length) {
      joined = joined.replace(/\\\s*$/, ' ') + lines[++i];
    }
    out.push({ text: joined, line: start + 1, endLine: i + 1 });
  }
  return out;
}
