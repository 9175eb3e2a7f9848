import * as path from 'path';

/**
 * What "test code" is. Tests, examples and docs are not production request
 * paths: their handlers are still found, but their findings are reported only
 * with `--include-tests` (docs/configuration.md, "Test code").
 *
 * A file is test code when, below the scan root (never above it):
 * - a folder on its path is one of TEST_FOLDERS, or
 * - its name is a test file name (TEST_FILE).
 *
 * Only folders below the root count, so scanning a folder that is itself a
 * test or examples folder (`unblock scan examples`, `unblock scan
 * test/fixtures`) treats what it holds as production: the user named it.
 */
export const TEST_FOLDERS: ReadonlySet<string> = new Set([
  'test',
  'tests',
  '__tests__',
  '__mocks__',
  'spec',
  'specs',
  'e2e',
  'cypress',
  'fixtures',
  'examples',
  'example',
  'docs',
]);

/** `test_x.py`, `x_test.py`, `tests.py` (Django), `conftest.py`; `x.test.ts`, `x.spec.js` and their kin. */
const TEST_FILE = /^(test_.*\.py|.*_test\.py|tests\.py|conftest\.py|.*\.(test|spec)\.(js|jsx|ts|tsx|mjs|cjs|mts|cts))$/;

/** Folders whose sub-folders are URL segments (Next.js `app/`, `pages/`): `app/docs/page.tsx` is the /docs page. */
const ROUTED_TREES: ReadonlySet<string> = new Set(['app', 'pages']);
/** Folders a file-system router never serves (Next.js skips `_private` folders), so they keep their meaning there. */
const UNROUTED_TEST_FOLDERS: ReadonlySet<string> = new Set(['__tests__', '__mocks__']);
const JS_EXTENSIONS = /\.(js|jsx|ts|tsx|mjs|cjs|mts|cts)$/;

/** Whether `file` is test, example or docs code, judged by its path below `root`. */
export function isTestCode(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
  const parts = relative.split(path.sep);
  const name = parts.pop() ?? '';
  if (TEST_FILE.test(name)) return true;
  const routed = JS_EXTENSIONS.test(name);
  let inRoutedTree = false;
  for (const folder of parts) {
    if (inRoutedTree ? UNROUTED_TEST_FOLDERS.has(folder) : TEST_FOLDERS.has(folder)) return true;
    if (routed && ROUTED_TREES.has(folder)) inRoutedTree = true;
  }
  return false;
}
