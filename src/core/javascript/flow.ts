/**
 * Flow-typed JavaScript (`// @flow` files: spectrum, parse-server, React
 * Native era servers). TypeScript's parser reads most Flow annotations as
 * its own (`x: string`), but not Flow's own syntax: maybe types (`?string`),
 * exact objects (`{| |}`), casts (`(x: any)`), `import typeof`, `opaque
 * type`, variance (`+p`). Such a file is read through flow-remove-types,
 * Flow's own stripper, which blanks the types with spaces: every offset,
 * line and column stays where it was in the file, so findings and fixes
 * apply to the text as written (types and all).
 */
import { flowRemoveTypes } from '../libraries';

export type FlowStripping = { text: string } | { error: string };

/** Comments and blank space before a file's first token (after a `#!` line): where Flow reads its pragma. */
const LEADING_COMMENTS = /^\uFEFF?(?:#![^\n]*\n)?(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/;

/** Whether the comments that open `text` name `@flow` or `@noflow`, as Flow's own docblock rule reads a file. */
export function isFlowFile(text: string): boolean {
  return /@(?:no)?flow\b/.test(LEADING_COMMENTS.exec(text)![0]);
}

/**
 * `text` without its Flow types, when it is a Flow file (`isFlowFile`);
 * undefined for any other file, so its parse error stands. A Flow file that
 * Flow cannot parse either gives Flow's own message, which names Flow's
 * syntax.
 */
export function withoutFlowTypes(text: string): FlowStripping | undefined {
  if (!isFlowFile(text)) return undefined;
  try {
    // `all`: the file is Flow by its pragma (read above); the parser's own detection wants it in the first block comment.
    const stripped = flowRemoveTypes()(text, { all: true }).toString();
    // Blanking keeps the length; a stripper that did not would move every position after the first type.
    return stripped.length === text.length ? { text: stripped } : undefined;
  } catch (error) {
    const e = error as { message?: string; loc?: { line: number; column: number } };
    const where = e.loc ? `line ${e.loc.line}, column ${e.loc.column + 1}` : 'line 1';
    return { error: `syntax error at ${where}: ${(e.message ?? String(error)).replace(/ \(\d+:\d+\)$/, '')} (Flow)` };
  }
}
