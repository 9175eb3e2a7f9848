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
/** A run of words joined by dots or dashes: `app.tests.seeding`, `'./auth.test'`, `'./20160619080644-initial'`. */
const JOINED_RUN = /[\w$]+(?:[.-][\w$]+)*/g;
const WORD = /[\w$]+/g;
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
  // Joined runs cost more to scan: only names with dots or dashes need them, and no stretch longer than the longest name.
  let longest = 0;
  for (const name of byName.keys()) longest = Math.max(longest, name.split(/[.-]/).length);
  const runs = longest > 1 ? JOINED_RUN : WORD;
  while (importers.length > 0 && left > 0) {
    const reached: string[] = [];
    for (const text of importers) {
      if (left === 0) break;
      for (const [run] of text.matchAll(runs)) {
        if (!run.includes('.') && !run.includes('-')) {
          mention(run, reached);
          continue;
        }
        // Every stretch of the run: `app.tests.seeding` imports `seeding` (and the package `tests`).
        const words = [...run.matchAll(WORD)].map((m) => [m.index!, m.index! + m[0].length]);
        for (let i = 0; i < words.length; i++) {
          for (let j = i; j < Math.min(words.length, i + longest); j++) mention(run.slice(words[i][0], words[j][1]), reached);
        }
      }
    }
    importers = reached.filter((file) => !importsNone(file)).map((file) => texts.get(file)!);
  }
  return new Set([...byName.values()].flat());
}
