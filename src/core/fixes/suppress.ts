import type { Finding, Fix, LanguageId } from '../model';

const LINE_COMMENT: Record<LanguageId, string> = { python: '#', javascript: '//' };

/** Offsets of the line holding `offset`: [start, end) without the line break. */
export function lineBounds(text: string, offset: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  return { start, end };
}

/**
 * "Ignore this line": adds `# unblock: ignore[rule]` (or extends an existing
 * one) at the end of the finding's first line. Not offered where a comment
 * would change the code (a Python line continuation).
 */
export function suppressLineFix(finding: Finding, text: string, language: LanguageId): Fix {
  const title = `Ignore ${finding.rule} on this line`;
  const { start, end } = lineBounds(text, finding.span.start);
  const line = text.slice(start, end);
  const marker = `${LINE_COMMENT[language]} unblock: ignore`;
  const existing = line.lastIndexOf(marker);
  if (existing >= 0) {
    const after = line.slice(existing + marker.length);
    const bracket = /^\[([^\]]*)\]/.exec(after);
    if (!bracket) return { title, kind: 'suppress', safe: true, unavailable: 'the line already ignores every rule', edits: [] };
    const insertAt = start + existing + marker.length + 1 + bracket[1].length;
    return { title, kind: 'suppress', safe: true, edits: [{ file: finding.file, span: { start: insertAt, end: insertAt }, newText: `, ${finding.rule}` }] };
  }
  if (language === 'python' && line.trimEnd().endsWith('\\')) {
    return { title, kind: 'suppress', safe: true, unavailable: 'the line ends with a continuation backslash', edits: [] };
  }
  return {
    title,
    kind: 'suppress',
    safe: true,
    edits: [{ file: finding.file, span: { start: end, end }, newText: `  ${marker}[${finding.rule}]` }],
  };
}
