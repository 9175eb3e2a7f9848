import * as path from 'path';
import { changeBetween } from '../textChange';
import { Parser, Language, type Edit, type Range as TreeRange, type Tree } from 'web-tree-sitter';
import { packageDir } from '../paths';
import { LatestDocuments } from '../latestDocuments';

let parser: Parser | undefined;
let loading: Promise<Parser> | undefined;

/** Folder holding the grammar WASM: `dist/` in the bundle, node_modules in development. */
function grammarPath(): string {
  const root = packageDir();
  const candidates = [
    path.join(root, 'dist', 'tree-sitter-python.wasm'),
    path.join(root, 'node_modules', 'tree-sitter-python', 'tree-sitter-python.wasm'),
  ];
  const fs = require('fs') as typeof import('fs');
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`unblock: tree-sitter-python.wasm not found (looked in ${candidates.join(', ')})`);
  return found;
}

function runtimeWasm(): string | undefined {
  const root = packageDir();
  const fs = require('fs') as typeof import('fs');
  const inDist = path.join(root, 'dist', 'tree-sitter.wasm');
  return fs.existsSync(inDist) ? inDist : undefined;
}

/** Loads web-tree-sitter and the Python grammar once (lazily: WASM is not touched at activation). */
export function initPythonParser(): Promise<Parser> {
  if (parser) return Promise.resolve(parser);
  loading ??= (async () => {
    const wasm = runtimeWasm();
    await Parser.init(wasm ? { locateFile: () => wasm } : undefined);
    const language = await Language.load(grammarPath());
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
    return p;
  })();
  return loading;
}

/** Consecutive comment-only lines from which the parser is given blank lines instead. */
const LONG_COMMENT_RUN = 20;
/** Some run of that many comment-only lines (inside a string or not): without one, nothing needs the line-by-line pass. */
const MAYBE_LONG_RUN = new RegExp(`(?:^[ \\t]*#[^\\n]*(?:\\n|(?![\\s\\S]))){${LONG_COMMENT_RUN}}`, 'm');

/**
 * The text with long runs of comment-only lines turned into blank lines of
 * the same length: tree-sitter-python's scanner is quadratic in consecutive
 * comment lines (6,000 of them take 10 s), blank lines cost nothing, and
 * offsets stay the same. Lines inside triple-quoted strings are never
 * touched (a `#` there is string content a fix may copy), nor suppression
 * comments.
 */
function withoutLongCommentRuns(text: string): string {
  if (!MAYBE_LONG_RUN.test(text)) return text;
  const lines = text.split('\n');
  const inString = linesInsideTripleQuotes(lines);
  const isComment = (i: number) => !inString[i] && /^[ \t]*#/.test(lines[i]);
  let changed = false;
  for (let i = 0; i < lines.length; ) {
    if (!isComment(i)) {
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && isComment(j)) j++;
    if (j - i >= LONG_COMMENT_RUN) {
      for (let k = i; k < j; k++) {
        if (lines[k].includes('unblock:')) continue;
        lines[k] = lines[k].replace(/[^\r]/g, ' ');
        changed = true;
      }
    }
    i = j;
  }
  return changed ? lines.join('\n') : text;
}

/** For each line, whether it starts inside a triple-quoted string (a small lexer: quotes, escapes, comments). */
function linesInsideTripleQuotes(lines: readonly string[]): boolean[] {
  const inside: boolean[] = [];
  let open: string | undefined;
  for (const line of lines) {
    inside.push(open !== undefined);
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (open) {
        if (c === '\\') i++;
        else if (line.startsWith(open, i)) {
          i += 2;
          open = undefined;
        }
        continue;
      }
      if (c === '#') break;
      if (c !== '"' && c !== "'") continue;
      const triple = c.repeat(3);
      if (line.startsWith(triple, i)) {
        open = triple;
        i += 2;
        continue;
      }
      // A one-line string: skip to its closing quote.
      for (i++; i < line.length && line[i] !== c; i++) if (line[i] === '\\') i++;
    }
  }
  return inside;
}

/** What the parser is given for `text`: same length, so offsets hold. */
export function parserSource(text: string): string {
  // Old Mac line endings (a lone CR) are valid Python; the grammar only knows LF.
  return withoutLongCommentRuns(text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text);
}

function parseSource(source: string, previous?: Tree): Tree {
  if (!parser) throw new Error('unblock: Python parser used before initPythonParser() resolved');
  const tree = parser.parse(source, previous);
  if (!tree) throw new Error('unblock: tree-sitter returned no tree');
  return tree;
}

/** Files whose last tree is kept, so the next parse of the same file (an edit in the editor) is incremental. */
const KEPT_TREES = 4;
const keptTrees = new LatestDocuments<{ source: string; tree: Tree }>(KEPT_TREES, (entry, file) => {
  entry.tree.delete();
  lastParses.delete(file);
});

/** How the last parse of a file followed from the one before: that text, the edit, and where the syntax changed (tree-sitter's changed ranges). */
export interface IncrementalParse {
  before: string;
  edit: Edit;
  ranges: TreeRange[];
}

const lastParses = new Map<string, IncrementalParse | undefined>();

/** What the parser was given at the last `parsePythonFile(file, …)` (`parserSource` of its text). */
export function keptSource(file: string): string | undefined {
  return keptTrees.get(file)?.source;
}

/** The last `parsePythonFile(file, …)` as an edit of the parse before it; undefined when it parsed from scratch. */
export function lastIncrementalParse(file: string): IncrementalParse | undefined {
  return lastParses.get(file);
}

/** Parses Python source; call `initPythonParser()` first. Error-tolerant: ERROR nodes mark broken parts. */
export function parsePython(text: string): Tree {
  const source = parserSource(text);
  // A code action's fixes parse the text the editor just analysed: its kept tree serves.
  for (const kept of keptTrees.values()) if (kept.source === source) return kept.tree.copy();
  return parseSource(source);
}

/**
 * Like `parsePython`, reusing the file's previous tree: the edit between the
 * two texts (their common prefix and suffix) is applied to it and
 * tree-sitter re-parses only what changed. The caller owns the returned tree.
 */
export function parsePythonFile(file: string, text: string): Tree {
  const source = parserSource(text);
  const kept = keptTrees.take(file);
  let tree: Tree;
  let changed: IncrementalParse | undefined;
  try {
    const edit = kept && kept.source !== source ? editBetween(kept.source, source) : undefined;
    if (edit) kept!.tree.edit(edit);
    tree = parseSource(source, kept?.tree);
    if (kept && edit) changed = { before: kept.source, edit, ranges: kept.tree.getChangedRanges(tree) };
  } finally {
    kept?.tree.delete();
  }
  lastParses.set(file, changed);
  keptTrees.set(file, { source, tree: tree.copy() });
  return tree;
}

/** The one edit turning `before` into `after`, in UTF-16 code units as web-tree-sitter counts them. */
export function editBetween(before: string, after: string): Edit {
  const { start, oldEnd, newEnd } = changeBetween(before, after);
  return {
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, oldEnd),
    newEndPosition: pointAt(after, newEnd),
  };
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
