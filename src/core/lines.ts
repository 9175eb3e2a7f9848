import type { Range, Span } from './model';

/** The line indexes made last, newest first: an edit's two texts are asked for several times in a keystroke. */
const recentIndexes: Array<{ text: string; lineBreaks: readonly string[]; index: LineIndex }> = [];
const RECENT_INDEXES = 4;

/** `text`'s line index, made once for the texts asked for lately. */
export function lineIndexOf(text: string, lineBreaks: readonly string[]): LineIndex {
  const found = recentIndexes.find((entry) => entry.text === text && entry.lineBreaks === lineBreaks);
  if (found) return found.index;
  const index = new LineIndex(text, lineBreaks);
  recentIndexes.unshift({ text, lineBreaks, index });
  if (recentIndexes.length > RECENT_INDEXES) recentIndexes.pop();
  return index;
}

/**
 * Where each line of a text starts, with line ends as one language's parser
 * counts them (`LanguageSupport.lineBreaks`): the ranges derived here are
 * the ones that parser gives its nodes.
 */
export class LineIndex {
  private readonly starts: Uint32Array;

  /** `lineBreaks`: every sequence that ends a line, longest first where one begins another (`\r\n` before `\r`). */
  constructor(text: string, lineBreaks: readonly string[]) {
    const starts = [0];
    if (lineBreaks.every((end) => end === '\n' || !text.includes(end))) {
      // Most files end lines with LF alone: indexOf is several times faster than a regular expression.
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    } else {
      for (const match of text.matchAll(breaksPattern(lineBreaks))) starts.push(match.index! + match[0].length);
    }
    this.starts = Uint32Array.from(starts);
  }

  /** How many lines the text has (a text ending in a line break has an empty last line). */
  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset of the first character of 1-based `line`, clamped to the text's lines. */
  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1];
  }

  /** 1-based line and column (UTF-16 code units) of `span`, end exclusive, as `Range` has them. */
  rangeOf(span: Span): Range {
    const start = this.positionOf(span.start);
    const end = this.positionOf(span.end);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  /** 1-based line and column of an offset. */
  positionOf(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low] + 1 };
  }
}

const patterns = new Map<readonly string[], RegExp>();

function breaksPattern(lineBreaks: readonly string[]): RegExp {
  let pattern = patterns.get(lineBreaks);
  if (!pattern) {
    pattern = new RegExp(lineBreaks.map((end) => end.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')).join('|'), 'g');
    patterns.set(lineBreaks, pattern);
  }
  return pattern;
}
