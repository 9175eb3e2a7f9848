import * as path from 'path';
import { parse, type TSESTree } from '@typescript-eslint/typescript-estree';

export type Program = TSESTree.Program;

export interface ParseOutcome {
  program?: Program;
  /** `file:line:column: message` when the text does not parse. */
  error?: string;
}

/**
 * Which JSX modes to try, in order. `.ts` must parse with JSX off (`<T>(x)`
 * is a cast or generic there), `.tsx`/`.jsx` need it on, plain `.js` files
 * are usually JSX-free but React projects put JSX in them: try on, then off.
 */
function jsxModes(file: string): boolean[] {
  switch (path.extname(file).toLowerCase()) {
    case '.ts':
    case '.mts':
    case '.cts':
      return [false];
    case '.tsx':
    case '.jsx':
      return [true];
    default:
      return [true, false];
  }
}

interface ParserError {
  message: string;
  lineNumber?: number;
  column?: number;
}

/** Parses JS/TS source to an ESTree program; never throws. */
export function parseJavaScript(text: string, file: string): ParseOutcome {
  let first: ParserError | undefined;
  for (const jsx of jsxModes(file)) {
    try {
      const program = parse(text, { loc: true, range: true, jsx, comment: true, filePath: file });
      return { program };
    } catch (error) {
      first ??= error as ParserError;
    }
  }
  const e = first!;
  const where = e.lineNumber !== undefined ? `${e.lineNumber}:${(e.column ?? 0) + 1}` : '1:1';
  return { error: `${file}:${where}: syntax error: ${e.message}` };
}
