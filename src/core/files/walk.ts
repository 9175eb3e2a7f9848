import * as fs from 'fs';
import * as path from 'path';
import { isWithin } from './paths';
import ignore, { type Ignore } from 'ignore';
import type { AnalysisError } from '../model';

export interface WalkOptions {
  /** File extensions to collect, with the dot: `.py`, `.ts`. */
  extensions: readonly string[];
  /** gitignore-style globs (from the config or the command line), relative to `ignoreBase`. */
  ignore?: string[];
  /** Folder the `ignore` globs are relative to; defaults to each directory being walked. */
  ignoreBase?: string;
  signal?: AbortSignal;
}

export interface WalkResult {
  files: string[];
  errors: AnalysisError[];
}

/** Folders that never hold request-path code of the project itself. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.tox',
  '.nox',
  'dist',
  'build',
  'out',
  '.next',
  'coverage',
  'site-packages',
  // Flow's library definitions (`declare module` stubs of npm packages), never run.
  'flow-typed',
]);

/** Generated files with no hand-written runtime code: declarations and minified bundles. */
const SKIPPED_FILE_SUFFIXES = ['.d.ts', '.d.mts', '.d.cts', '.min.js'];

/** A gitignore-style matcher and the folder its patterns are relative to. */
interface Matcher {
  base: string;
  rules: Ignore;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * What the matchers decide of a path, from outermost to innermost like git:
 * a deeper `.gitignore` may re-include (`!pattern`) what an outer one
 * ignored; the last rule that matched decides (undefined: none did).
 */
function gitDecision(matchers: readonly Matcher[], full: string, isDirectory: boolean): 'ignored' | 'reincluded' | undefined {
  let decision: 'ignored' | 'reincluded' | undefined;
  for (const matcher of matchers) {
    const relative = path.relative(matcher.base, full);
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) continue;
    const result = matcher.rules.test(toPosix(relative) + (isDirectory ? '/' : ''));
    if (result.ignored) decision = 'ignored';
    else if (result.unignored) decision = 'reincluded';
  }
  return decision;
}

function isIgnored(matchers: readonly Matcher[], full: string, isDirectory: boolean): boolean {
  return gitDecision(matchers, full, isDirectory) === 'ignored';
}

/**
 * A skipped folder the project's own packages may live in: when a
 * `.gitignore` re-includes it by a negation (`node_modules` then
 * `!packages/node_modules`), the project keeps it in its repository
 * (node-red's own packages live in `packages/node_modules`, so that
 * `require('@node-red/util')` finds them).
 */
const FIRST_PARTY_WHEN_REINCLUDED = 'node_modules';

function readGitignore(dir: string): Matcher | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
  return { base: dir, rules: ignore().add(text) };
}

/**
 * `.gitignore` files of the folders above `dir` up to the repository root (the
 * folder holding `.git`), outermost first. None when `dir` is not in a repository.
 */
function ancestorGitignores(dir: string): Matcher[] {
  const chain: string[] = [];
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    chain.push(current);
    if (fs.existsSync(path.join(current, '.git'))) {
      return chain
        .reverse()
        .map(readGitignore)
        .filter((m): m is Matcher => m !== undefined);
    }
    if (path.dirname(current) === current) return [];
  }
}

function hasSkippedSuffix(name: string): boolean {
  const lower = name.toLowerCase();
  return SKIPPED_FILE_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

function isVirtualenv(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'pyvenv.cfg'));
}

function message(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file or directory';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ELOOP') return 'too many levels of symbolic links';
  return e.message ?? String(error);
}

const YIELD_EVERY_FOLDERS = 32;

class Walker {
  readonly files = new Set<string>();
  readonly errors: AnalysisError[] = [];
  private readonly extensions: ReadonlySet<string>;
  /** Real paths of directories already entered: symlink loops end here. */
  private readonly visited = new Set<string>();
  /** Linked directories, walked after the real ones so files keep their real path when both lead there. */
  private readonly linked: Array<{ dir: string; matchers: Matcher[] }> = [];
  /** Folders entered so far, to yield to the event loop every `YIELD_EVERY_FOLDERS` (cancellation, other requests). */
  private entered = 0;
  /** Real paths of the scanned paths, asked at the first symbolic link: a link out of them is not followed (a fix would write there). */
  private realRoots: Promise<string[]> | undefined;

  constructor(
    private readonly options: WalkOptions,
    private readonly given: readonly string[],
  ) {
    this.extensions = new Set(options.extensions.map((e) => e.toLowerCase()));
  }

  private scannedRealPaths(): Promise<string[]> {
    // Not asked up front: CI names thousands of changed files, and most trees hold no link.
    this.realRoots ??= Promise.all(this.given.map((p) => fs.promises.realpath(path.resolve(p)).catch(() => undefined))).then((paths) =>
      paths.filter((p): p is string => p !== undefined),
    );
    return this.realRoots;
  }

  wants(file: string): boolean {
    return this.extensions.has(path.extname(file).toLowerCase()) && !hasSkippedSuffix(path.basename(file));
  }

  async walkRoot(root: string): Promise<void> {
    // A folder named explicitly is scanned even when a parent's .gitignore covers it.
    const ancestors = ancestorGitignores(root);
    const matchers = isIgnored(ancestors, root, true) ? [] : ancestors;
    if (this.options.ignore?.length) {
      matchers.push({ base: this.options.ignoreBase ?? root, rules: ignore().add(this.options.ignore) });
    }
    await this.walkDirectory(root, matchers);
    for (let next = this.linked.shift(); next; next = this.linked.shift()) await this.walkDirectory(next.dir, next.matchers);
  }

  private async walkDirectory(dir: string, inherited: Matcher[]): Promise<void> {
    this.options.signal?.throwIfAborted();
    // Synchronous calls (the walk runs on a worker thread, the CLI's or the language server's): two thread hops per
    // folder made it wait on the thread pool (saleor, 530 folders: 85 of 150 ms). It yields now and then instead.
    if (++this.entered % YIELD_EVERY_FOLDERS === 0) await new Promise((resolve) => setImmediate(resolve));
    let real: string;
    let entries: fs.Dirent[];
    try {
      real = fs.realpathSync.native(dir);
      if (this.visited.has(real)) return;
      this.visited.add(real);
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      this.errors.push({ file: dir, message: `cannot read directory: ${message(error)}` });
      return;
    }
    const own = readGitignore(dir);
    const matchers = own ? [...inherited, own] : inherited;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      const isLink = entry.isSymbolicLink();
      if (isLink) {
        let targetReal: string;
        try {
          const target = fs.statSync(full);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
          targetReal = fs.realpathSync.native(full);
        } catch (error) {
          // A dangling link to something we would not scan anyway is noise.
          if (this.wants(full)) this.errors.push({ file: full, message: `broken symbolic link: ${message(error)}` });
          continue;
        }
        if ((isDirectory || this.wants(full)) && !(await this.scannedRealPaths()).some((root) => isWithin(targetReal, root))) {
          this.errors.push({ file: full, message: `skipped: symbolic link to ${targetReal}, outside the scanned folders` });
          continue;
        }
      }
      if (isDirectory) {
        const decision = gitDecision(matchers, full, true);
        const skipped = SKIPPED_DIRECTORIES.has(entry.name) && !(entry.name === FIRST_PARTY_WHEN_REINCLUDED && decision === 'reincluded');
        if (skipped || decision === 'ignored' || isVirtualenv(full)) continue;
        if (isLink) this.linked.push({ dir: full, matchers });
        else await this.walkDirectory(full, matchers);
      } else if (isFile && this.wants(full) && !isIgnored(matchers, full, false)) {
        this.files.add(full);
      }
    }
  }
}

/**
 * Collects the source files under `paths` (files or directories) that have one
 * of `extensions`. Directories are walked respecting `.gitignore` files (nested
 * ones and those of parent folders inside the repository), skipping dependency,
 * virtualenv, VCS and build-output folders and the `ignore` globs. A path named
 * explicitly is taken even when ignored. Problems become `errors` entries.
 */
export async function walkFiles(paths: string[], options: WalkOptions): Promise<WalkResult> {
  const walker = new Walker(options, paths);
  for (const given of paths) {
    options.signal?.throwIfAborted();
    const full = path.resolve(given);
    let stat: fs.Stats;
    try {
      // One synchronous call per named path: thousands of them (a CI diff) cost a thread hop each otherwise.
      stat = fs.statSync(full);
    } catch (error) {
      walker.errors.push({ file: full, message: `cannot scan: ${message(error)}` });
      continue;
    }
    if (stat.isDirectory()) await walker.walkRoot(full);
    else if (!stat.isFile()) walker.errors.push({ file: full, message: 'cannot scan: not a regular file or directory' });
    else if (path.extname(full) && options.extensions.includes(path.extname(full).toLowerCase())) walker.files.add(full);
    else {
      walker.errors.push({
        file: full,
        message: `cannot scan: unsupported file type (expected one of ${options.extensions.join(', ')})`,
      });
    }
  }
  return { files: [...walker.files].sort(), errors: walker.errors };
}
