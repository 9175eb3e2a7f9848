import * as path from 'path';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { requireBundle } from '../codeCache';

type TypeScriptSide = typeof import('./typescriptSide');
let typescriptSide: TypeScriptSide | undefined;

/** Loaded on the first JS/TS file: it brings TypeScript (most of a second), which a Python-only scan never needs. */
function loadTypeScriptSide(): TypeScriptSide {
  return (typescriptSide ??= requireBundle('typescript.js', () => require('./typescriptSide')) as TypeScriptSide);
}

export type Program = TSESTree.Program;

export interface ParseOutcome {
  program?: Program;
  /** `syntax error at line L, column C: <parser message>` when the text does not parse. */
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

/**
 * Parses JS/TS source to an ESTree program; never throws. A syntax error
 * TypeScript's parser reports fails it; what only its checker rejects (a
 * second `default:` in a switch, a modifier out of place) is let through,
 * which skips typescript-estree's own pass over every node for them (a tenth
 * of the parse), unless `strict`: a rewritten text must pass them too.
 */
export function parseJavaScript(text: string, file: string, { strict = false } = {}): ParseOutcome {
  let first: ParserError | undefined;
  for (const jsx of jsxModes(file)) {
    try {
      // No comments, tokens or JSDoc nodes: suppressions and JSDoc types (jsdoc.ts) are read from the text, and TypeScript skips that work.
      const program = loadTypeScriptSide().parse(text, {
        loc: true,
        range: true,
        jsx,
        filePath: file,
        jsDocParsingMode: 'none',
        suppressDeprecatedPropertyWarnings: true,
        allowInvalidAST: !strict,
      });
      return { program };
    } catch (error) {
      first ??= error as ParserError;
    }
  }
  const e = first!;
  const where = e.lineNumber !== undefined ? `line ${e.lineNumber}, column ${(e.column ?? 0) + 1}` : 'line 1';
  return { error: `syntax error at ${where}: ${e.message}` };
}
