import * as path from 'path';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { requireBundle } from '../codeCache';
import { changeBetween } from '../textChange';
import { LatestDocuments } from '../latestDocuments';
import type { ConvertedStatements, EditEnd, LaggingBodies, SourceFile } from './typescriptSide';

type TypeScriptSide = typeof import('./typescriptSide');
let typescriptSide: TypeScriptSide | undefined;

/** Loaded on the first JS/TS file: it brings TypeScript (most of a second), which a Python-only scan never needs. */
function loadTypeScriptSide(): TypeScriptSide {
  return (typescriptSide ??= requireBundle('typescript.js', () => require('./typescriptSide')) as TypeScriptSide);
}

export type Program = TSESTree.Program;

export interface ParseOutcome {
  program?: Program;
  /** With `lazy`: the function bodies whose positions catch up only when settled (`LaggingBodies`). */
  lagging?: LaggingBodies;
  /** `syntax error at line L, column C: <parser message>` when the text does not parse. */
  error?: string;
}

/**
 * typescript-estree's `jsx` option, which only names the mode for file names
 * without a known extension: TypeScript picks it by the extension (`.ts`
 * casts and generics, `.tsx`/`.jsx` JSX, `.js` JSX too), so one parse says
 * whether a file parses.
 */
function jsxFor(file: string): boolean {
  return !['.ts', '.mts', '.cts'].includes(path.extname(file).toLowerCase());
}

/** typescript-estree's options for `file`; `strict`: with its checks of what only TypeScript's checker rejects. */
export function parseOptions(file: string, strict = false) {
  // No comments, tokens, JSDoc nodes or line-column positions: suppressions and JSDoc types (jsdoc.ts) are read from the
  // text, and positions made from offsets where needed (location.ts); `loc` was a third of the conversion.
  return { loc: false, range: true, jsx: jsxFor(file), filePath: file, jsDocParsingMode: 'none', suppressDeprecatedPropertyWarnings: true, allowInvalidAST: !strict } as const;
}

interface ParserError {
  message: string;
  lineNumber?: number;
  column?: number;
}

/**
 * The TypeScript trees of the files parsed with `keep` last (an editor's
 * open documents, the latest two), with their text and, once made, its ESTree program and
 * its statements by TypeScript statement (`convertStatements`).
 */
interface KeptSource {
  text: string;
  sourceFile: SourceFile;
  program?: Program;
  statements?: ConvertedStatements;
  lagging?: LaggingBodies;
}
const keptSources = new LatestDocuments<KeptSource>(2);

/** How documents kept with `keep` were parsed: from their last tree, or whole, and how many top-level statements kept their ESTree conversion (tests read this). */
export const parseCounts = { whole: 0, incremental: 0, reusedStatements: 0 };

/**
 * Parses JS/TS source to an ESTree program; never throws. A syntax error
 * TypeScript's parser reports fails it; what only its checker rejects (a
 * second `default:` in a switch, a modifier out of place) is let through,
 * which skips typescript-estree's own pass over every node for them (a tenth
 * of the parse), unless `strict`: a rewritten text must pass them too.
 * `keep`: an editor's document, whose next text is parsed from this one's
 * TypeScript tree, re-parsing only around the edit (a 5,000-line file: 13 ms
 * for the whole, 1-2 ms for a keystroke), and converted to ESTree where
 * TypeScript made new statements (`convertStatements`).
 */
export function parseJavaScript(text: string, file: string, { strict = false, keep = false, lazy = false } = {}): ParseOutcome {
  // A code action's fixes read the document the editor just analysed: its program serves (nothing writes to a program), its bodies caught up.
  const analysed = !keep && !strict ? keptSources.get(file) : undefined;
  if (analysed?.program && analysed.text === text) {
    analysed.lagging?.settleAll();
    return { program: analysed.program };
  }
  let sourceFile: SourceFile | undefined;
  const options = parseOptions(file, strict);
  try {
    if (!keep) return { program: loadTypeScriptSide().parse(text, options) };
    // The kept tree goes into the update, which may reuse its nodes: only the new one is kept. (Another parse of the
    // file, a fix's check, leaves it where it is.)
    const previous = keptSources.take(file);
    if (previous?.text === text && previous.program) {
      keptSources.set(file, previous);
      return outcome(previous.program, previous.lagging, lazy);
    }
    let edit: EditEnd | undefined;
    if (previous?.text === text) sourceFile = previous.sourceFile;
    else ({ sourceFile, edit } = loadTypeScriptSide().sourceFileOf(file, text, options.jsx, previous && { sourceFile: previous.sourceFile, ...changeBetween(previous.text, text) }));
    parseCounts[previous ? 'incremental' : 'whole']++;
    // `parse` takes a TypeScript tree in place of the text (its settings read either), though its type says text.
    const reusable = previous?.statements && previous.lagging && edit ? { statements: previous.statements, edit, lagging: previous.lagging } : undefined;
    const { program, statements, reused, lagging } = loadTypeScriptSide().convertStatements(sourceFile, options, reusable);
    parseCounts.reusedStatements += reused;
    keptSources.set(file, { text, sourceFile, program, statements, lagging });
    return outcome(program, lagging, lazy);
  } catch (error) {
    // A document with a syntax error keeps its tree: the edit that mends it is parsed from there.
    if (sourceFile) keptSources.set(file, { text, sourceFile });
    const e = error as ParserError;
    const where = e.lineNumber !== undefined ? `line ${e.lineNumber}, column ${(e.column ?? 0) + 1}` : 'line 1';
    return { error: `syntax error at ${where}: ${e.message}` };
  }
}

/** A kept program as the caller takes it: with its lagging bodies (`lazy`: the analyzer settles them as it walks), or caught up. */
function outcome(program: Program, lagging: LaggingBodies | undefined, lazy: boolean): ParseOutcome {
  if (lazy) return { program, lagging };
  lagging?.settleAll();
  return { program };
}
