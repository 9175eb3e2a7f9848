import * as path from 'path';

/**
 * Which files a scan that would not report them can leave out: test code
 * (its findings are only counted) and, when only handlers are roots,
 * migrations (they run at deploy time). In real projects these are much of
 * the text (saleor: tests 18.6 of 27.8 MB, and 1,462 migrations of 4,337
 * files), and production code reaches them only by importing them, which
 * names them: an import of `app/tests/helpers.py` or `src/__tests__/util.ts`
 * spells `helpers` or `util` (or, for a package's `__init__.py` or a
 * folder's `index.ts`, the folder's name), in an import statement or a
 * module specifier string. So such a file is analysed when a production
 * file, or one of them already analysed, holds its module name; the others
 * are never on a production chain. The test is on words, not parsed
 * imports: a mention in a comment keeps a file, never the other way.
 */

/** Module file names whose importers name the folder instead (`from app.tests import x`, `import '../__tests__'`). */
const PACKAGE_ENTRIES: ReadonlySet<string> = new Set(['__init__', 'index']);
const MODULE_NAME = /^[A-Za-z0-9_$]+(?:[.-][A-Za-z0-9_$]+)*$/;

/**
 * What an import of `file` spells: its name without the extension
 * (`auth.test.ts`: `auth.test`, which `import './auth.test'` spells whole;
 * `my-util.spec.ts`: `my-util.spec`).
 */
export function moduleName(file: string): string | undefined {
  const base = path.basename(file);
  const dot = base.lastIndexOf('.');
  let stem = dot > 0 ? base.slice(0, dot) : base;
  if (PACKAGE_ENTRIES.has(stem)) stem = path.basename(path.dirname(file));
  // A name the word scan cannot see whole (non-ASCII, spaces): analysed, as before.
  return MODULE_NAME.test(stem) ? stem : undefined;
}

/**
 * The files `candidate` accepts that no other file of `sources` may import,
 * following imports from the other files through the candidates they reach,
 * but for those `importsNone` says import no candidate (a migration names
 * the migrations it depends on, which it does not import).
 */
export function unimportedFiles(
  sources: ReadonlyArray<{ file: string; text: string }>,
  candidate: (file: string) => boolean,
  importsNone: (file: string) => boolean = () => false,
): Set<string> {
  const byName = new Map<string, string[]>();
  let importers: string[] = [];
  for (const { file, text } of sources) {
    const name = candidate(file) ? moduleName(file) : undefined;
    if (name === undefined) {
      importers.push(text);
      continue;
    }
    const files = byName.get(name);
    if (files) files.push(file);
    else byName.set(name, [file]);
  }
  const texts = new Map(sources.map(({ file, text }) => [file, text]));
  let left = [...byName.values()].reduce((n, files) => n + files.length, 0);
  const mention = (name: string, reached: string[]): void => {
    const files = byName.get(name);
    if (!files) return;
    byName.delete(name);
    left -= files.length;
    reached.push(...files);
  };
  // Joined runs (`app.tests.seeding`) only matter for names with dots or dashes, and no stretch longer than the longest name.
  let longest = 0;
  let longestName = 0;
  for (const name of byName.keys()) {
    longest = Math.max(longest, name.split(/[.-]/).length);
    longestName = Math.max(longestName, name.length);
  }
  // A stretch is looked up only when some name is that long: most words are not, and cost no string.
  const lengths = new Uint8Array(longestName + 1);
  for (const name of byName.keys()) lengths[name.length] = 1;
  while (importers.length > 0 && left > 0) {
    const reached: string[] = [];
    for (const text of importers) {
      if (left === 0) break;
      forEachStretch(text, longest, lengths, (start, end) => mention(text.slice(start, end), reached));
    }
    importers = reached.filter((file) => !importsNone(file)).map((file) => texts.get(file)!);
  }
  return new Set([...byName.values()].flat());
}

/** `[A-Za-z0-9_$]`: what a module name is made of (a non-ASCII letter ends a word, as `\\w` does). */
function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36;
}

const DOT = 46;
const DASH = 45;

/**
 * Calls `visit` with the bounds of every stretch of up to `longest` words of
 * each run of words joined by single dots or dashes in `text`
 * (`app.tests.seeding`: each word, `app.tests`, `tests.seeding`, the whole),
 * or of every word when `longest` is 1, whose length `lengths` marks.
 * Bounds, not strings: a project's text holds millions of words.
 */
function forEachStretch(text: string, longest: number, lengths: Uint8Array, visit: (start: number, end: number) => void): void {
  // Reused from run to run (a run's words, by count): a text holds thousands of runs.
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  while (at < text.length) {
    if (!isWordChar(text.charCodeAt(at))) {
      at++;
      continue;
    }
    let words = 0;
    for (;;) {
      starts[words] = at;
      while (at < text.length && isWordChar(text.charCodeAt(at))) at++;
      ends[words++] = at;
      const next = text.charCodeAt(at);
      if (longest < 2 || (next !== DOT && next !== DASH) || !isWordChar(text.charCodeAt(at + 1))) break;
      at++;
    }
    for (let i = 0; i < words; i++) {
      const last = Math.min(words, i + longest);
      for (let j = i; j < last; j++) {
        const length = ends[j] - starts[i];
        if (length < lengths.length && lengths[length] === 1) visit(starts[i], ends[j]);
      }
    }
  }
}
