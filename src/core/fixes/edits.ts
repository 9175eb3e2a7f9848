import type { Span, TextEdit } from '../model';

/** True when two spans share a character, or one insertion sits strictly inside the other span. */
export function spansOverlap(a: Span, b: Span): boolean {
  if (a.start === a.end && b.start === b.end) return false;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/**
 * Applies edits of one file to its text. Insertions at the same offset keep
 * their given order. Throws on overlapping edits: callers decide what to skip.
 */
export function applyEdits(text: string, edits: ReadonlyArray<Pick<TextEdit, 'span' | 'newText'>>): string {
  const ordered = edits.map((edit, order) => ({ edit, order })).sort((a, b) => a.edit.span.start - b.edit.span.start || a.order - b.order);
  for (let i = 1; i < ordered.length; i++) {
    if (spansOverlap(ordered[i - 1].edit.span, ordered[i].edit.span)) throw new Error('overlapping edits');
  }
  let out = '';
  let cursor = 0;
  for (const { edit } of ordered) {
    out += text.slice(cursor, edit.span.start) + edit.newText;
    cursor = Math.max(cursor, edit.span.end);
  }
  return out + text.slice(cursor);
}

/** Groups edits by file, keeping their order. */
export function editsByFile(edits: readonly TextEdit[]): Map<string, TextEdit[]> {
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of edits) {
    const list = byFile.get(edit.file) ?? [];
    list.push(edit);
    byFile.set(edit.file, list);
  }
  return byFile;
}

/** Edits that two fixes share (the same import line) appear once: the first of each. */
export function uniqueEdits<E extends TextEdit>(edits: Iterable<E>): E[] {
  const seen = new Set<string>();
  const out: E[] = [];
  for (const edit of edits) {
    const key = `${edit.file}\u0000${edit.span.start}\u0000${edit.span.end}\u0000${edit.newText}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(edit);
  }
  return out;
}

/** Each touched file's text after `edits` (shared edits once), applied to `textOf(file)`; files without a text are left out. */
export function textsAfterEdits(edits: Iterable<TextEdit>, textOf: (file: string) => string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [file, list] of editsByFile(uniqueEdits(edits))) {
    const text = textOf(file);
    if (text !== undefined) out.set(file, applyEdits(text, list));
  }
  return out;
}
