import * as path from 'path';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { requireBundle } from '../codeCache';
import { changeBetween } from '../textChange';
import { LatestDocuments } from '../latestDocuments';
import type { LaggingBodies, SourceFile } from './typescriptSide';
import { withoutFlowTypes } from './flow';

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
  /** The text the program was parsed from, when it is not the one given: a Flow file's, its types blanked (flow.ts). */
  parsedText?: string;
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

/** Flow types only ever stand in JavaScript files. */
const FLOW_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs'];

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
 * The files parsed with `keep` last (an editor's open documents, the latest
 * two): their text and, once made, its ESTree program, and a TypeScript tree
 * of that text or of an earlier one (edits inside one statement leave it
 * behind: `programAfterStatementEdit`; it catches up when an edit is parsed
 * from it).
 */
interface KeptSource {
  text: string;
  program?: Program;
  lagging?: LaggingBodies;
  sourceFile: SourceFile;
  /** The text `sourceFile` is the tree of. */
  sourceText: string;
}
const keptSources = new LatestDocuments<KeptSource>(2);

/**
 * How documents kept with `keep` were parsed: from their last tree, or
 * whole, how many top-level statements kept their ESTree conversion, how many
 * edits were parsed one statement alone, and how many characters an update
 * of a kept TypeScript tree re-parsed (the span between the change's start
 * and its new end). Tests read this.
 */
export const parseCounts = { whole: 0, incremental: 0, reusedStatements: 0, statementAlone: 0, treeSpan: 0 };

/**
 * Parses JS/TS source to an ESTree program; never throws. A syntax error
 * TypeScript's parser reports fails it; what only its checker rejects (a
 * second `default:` in a switch, a modifier out of place) is let through,
 * which skips typescript-estree's own pass over every node for them (a tenth
 * of the parse), unless `strict`: a rewritten text must pass them too.
 * `keep`: an editor's document, whose next text is made from this one: an
 * edit inside one top-level statement parses that statement alone
 * (`editedStatement.ts`); another is parsed from the document's TypeScript
 * tree, re-parsing only around the edit (a 5,000-line file: 13 ms for the
 * whole, 1-4 ms for a keystroke, most of it moving the nodes after it), and
 * converted to ESTree where TypeScript made new statements
 * (`convertStatements`).
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
    if (!keep) return { program: loadTypeScriptSide().parseText(text, options) };
    // The kept tree goes into the update, which may reuse its nodes: only the new one is kept. (Another parse of the
    // file, a fix's check, leaves it where it is.)
    const previous = keptSources.take(file);
    if (previous?.text === text && previous.program) {
      keptSources.set(file, previous);
      return outcome(previous.program, previous.lagging, lazy);
    }
    const side = loadTypeScriptSide();
    const change = previous && changeBetween(previous.text, text);
    const reusable = previous?.program && previous.lagging && change ? { program: previous.program, lagging: previous.lagging, change, text: previous.text } : undefined;
    parseCounts[previous ? 'incremental' : 'whole']++;
    const alone = reusable && side.programAfterStatementEdit(file, text, options, reusable);
    if (alone) {
      parseCounts.statementAlone++;
      keptSources.set(file, { text, ...alone, sourceFile: previous!.sourceFile, sourceText: previous!.sourceText });
      return outcome(alone.program, alone.lagging, lazy);
    }
    sourceFile = previous?.sourceText === text ? previous.sourceFile : updatedTree(file, text, options.jsx, previous);
    // `parse` takes a TypeScript tree in place of the text (its settings read either), though its type says text.
    const { program, reused, lagging } = side.convertStatements(sourceFile, options, reusable);
    parseCounts.reusedStatements += reused;
    keptSources.set(file, { text, sourceFile, sourceText: text, program, lagging });
    return outcome(program, lagging, lazy);
  } catch (error) {
    // A document with a syntax error keeps its tree: the edit that mends it is parsed from there.
    if (sourceFile) keptSources.set(file, { text, sourceFile, sourceText: text });
    const flow = flowOutcome(text, file, options);
    if (flow) return flow;
    const e = error as ParserError;
    const where = e.lineNumber !== undefined ? `line ${e.lineNumber}, column ${(e.column ?? 0) + 1}` : 'line 1';
    return { error: `syntax error at ${where}: ${e.message}` };
  }
}

/**
 * A Flow file TypeScript's parser rejects, parsed with its types blanked
 * (flow.ts): undefined for any other file, and when the blanked text does
 * not parse either, so TypeScript's error stands. Never kept: an open Flow
 * document is parsed whole on each edit.
 */
function flowOutcome(text: string, file: string, options: ReturnType<typeof parseOptions>): ParseOutcome | undefined {
  if (!FLOW_EXTENSIONS.includes(path.extname(file).toLowerCase())) return undefined;
  const stripped = withoutFlowTypes(text);
  if (!stripped || 'error' in stripped) return stripped;
  try {
    return { program: loadTypeScriptSide().parseText(stripped.text, options), parsedText: stripped.text };
  } catch {
    return undefined;
  }
}

/**
 * Brings the TypeScript tree of each kept document up to date with its
 * text, when statement-alone parses left it behind: an edit the tree must
 * parse then re-parses only around that edit, not from the first edit left
 * behind to the last (the whole file, after edits spread over it).
 */
export function catchUpKeptTrees(): void {
  for (const [file, kept] of keptSources.all()) {
    if (kept.sourceText === kept.text) continue;
    try {
      const jsx = parseOptions(file).jsx;
      kept.sourceFile = updatedTree(file, kept.text, jsx, kept);
      kept.sourceText = kept.text;
    } catch {
      // The document's next parse starts afresh.
      keptSources.take(file);
    }
  }
}

/** The TypeScript tree of `text`: from the kept tree (of `kept.sourceText`), re-parsed around the change between the two texts, or whole. */
function updatedTree(file: string, text: string, jsx: boolean, kept: Pick<KeptSource, 'sourceFile' | 'sourceText'> | undefined): SourceFile {
  if (!kept) return loadTypeScriptSide().sourceFileOf(file, text, jsx);
  const change = changeBetween(kept.sourceText, text);
  parseCounts.treeSpan += change.newEnd - change.start;
  return loadTypeScriptSide().sourceFileOf(file, text, jsx, { sourceFile: kept.sourceFile, ...change });
}

/** A kept program as the caller takes it: with its lagging bodies (`lazy`: the analyzer settles them as it walks), or caught up. */
function outcome(program: Program, lagging: LaggingBodies | undefined, lazy: boolean): ParseOutcome {
  if (lazy) return { program, lagging };
  lagging?.settleAll();
  return { program };
}
