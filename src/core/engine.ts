import * as path from 'path';
import type { AnalysisError, FileModel, Finding, Fix, HandlerReport, Scope } from './model';
import type { LanguageSupport, Memo } from './language';
import { LANGUAGES } from './languages';
import { RuleCatalog } from './rules/catalog';
import type { SeverityOverrides } from './severity';
import { isSuppressed, WorkspaceIndex } from './index/workspace';
import { regroup, type Grouped } from './groupBy';
import type { ContextRefiner } from './index/roots';
import type { ResolvedTarget } from './index/resolver';
import type { FixContext } from './fixes/types';
import { suppressLineFix } from './fixes/suppress';
import { memoScope } from './fixes/memo';
import type { ModelStore } from './analysis/modelPacks';
import type { FindingsCache } from './analysis/findingsCache';
import { analyzeInWorkers, threadsFor, type AnalysisJob } from './analysis/pool';
import { unimportedFiles } from './unimported';
import type { UnimportedKind } from './index/workspace';
import type { CallerSite } from './index/callerIndex';

export interface EngineOptions {
  scope?: Scope;
  /** Longest call chain followed from a handler (default 8). */
  maxDepth?: number;
  severity?: SeverityOverrides;
  disabledRules?: string[];
  /** Deployment facts (gevent, gunicorn, ASGI) that refine handler contexts. */
  refiner?: ContextRefiner;
  /** Follow calls into project functions (default true). */
  interprocedural?: boolean;
  /** Analyse minified, bundled and vendored JS files too. */
  scanBundles?: boolean;
  /** Findings computed outside the call graph (deployment config checks). */
  extraFindings?: (engine: Engine) => Finding[];
  /** Report findings in test, example and docs code (testCode.ts) with the rest; otherwise they are only counted. */
  includeTests?: boolean;
  /** File models kept between runs (`ModelPacks`, `openCaches`); none by default. */
  modelCache?: ModelStore;
  /** Each root's findings kept between runs (`FindingsCache.open`); none by default. */
  findingsCache?: FindingsCache;
  /** Threads for `setFiles` (default: one per core when the batch is large enough to pay for them; 0 or 1: none). */
  threads?: number;
  /** The editor's engine: an edit inside one function body keeps what did not read that function (index/readKeys.ts). */
  editing?: boolean;
}

export const DEFAULT_MAX_DEPTH = 8;

/** Files analysed in this thread between two yields to the event loop, so progress and cancellation stay responsive. */
const YIELD_EVERY = 25;

const fileOf = (finding: Finding): string => finding.file;

/**
 * The engine facade shared by the CLI and the extension: feed it file texts,
 * read findings (with fixes) and handlers back. Incremental: `setFile`
 * re-analyzes only that file.
 */
export class Engine {
  private readonly index: WorkspaceIndex;
  /** Production findings, and those only test code reaches (shown with `includeTests`, else counted). */
  private raw: { shown: Finding[]; test: Finding[] } | undefined;
  /** `raw` by file, made when a file's findings are first asked for (the editor asks for every open and scanned file after each edit); of other lists, regrouped from. */
  private grouped: { shown: Grouped<string, Finding>; test: Grouped<string, Finding> } | undefined;
  /** What `split` last made `raw` of: an edit that changed no result keeps it (and so its grouping). */
  private lastSplit: { findings: Finding[]; test: Finding[]; extra: string; raw: { shown: Finding[]; test: Finding[] } } | undefined;
  /** Raw finding → the same finding with fixes; dropped with `raw` on every change. */
  private fixed = new WeakMap<Finding, Finding>();

  private constructor(
    readonly roots: string[],
    readonly rules: RuleCatalog,
    private readonly options: EngineOptions,
    languages: readonly LanguageSupport[],
  ) {
    this.index = new WorkspaceIndex({
      roots: roots.map((r) => path.resolve(r)),
      languages,
      rules,
      scope: options.scope ?? 'handlers',
      maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
      severity: options.severity,
      disabledRules: options.disabledRules,
      refiner: options.refiner,
      interprocedural: options.interprocedural,
      scanBundles: options.scanBundles,
      includeTests: options.includeTests,
      modelCache: options.modelCache,
      findingsCache: options.findingsCache,
      editing: options.editing,
    });
  }

  /** Loads parsers (WASM) for every language; nothing is parsed until `setFile`. */
  static async create(roots: string[], rules = RuleCatalog.builtin(), options: EngineOptions = {}): Promise<Engine> {
    await Promise.all(LANGUAGES.map((l) => l.init()));
    return new Engine(roots, rules, options, LANGUAGES);
  }

  /** Files analysed, roots whose findings were built (not kept from before), handler registrations resolved and gone through for their roots, runs of the project passes, files whose caller sites were made, and edits outside every body that only moved things, since the engine was made. */
  get stats(): { parses: number; rootsBuilt: number; registrationsResolved: number; registrationsVisited: number; projectPassRuns: number; callerFilesBuilt: number; positionOnlyEdits: number } {
    const index = this.index;
    return {
      parses: index.parses,
      rootsBuilt: index.rootsBuilt,
      registrationsResolved: index.registrationsResolved,
      registrationsVisited: index.registrationsVisited,
      projectPassRuns: index.projectPassRuns,
      callerFilesBuilt: index.callerFilesBuilt,
      positionOnlyEdits: index.positionOnlyEdits,
    };
  }

  private invalidateResults(): void {
    this.raw = undefined;
    this.fixed = new WeakMap();
  }

  /** True when some language analyzes files with this name. */
  handles(file: string): boolean {
    return this.index.languageFor(file) !== undefined;
  }

  /** Adds or replaces one file; `open`: an editor's open document, whose next edit an `editing` engine analyses from what this one keeps. */
  setFile(file: string, text: string, options: { open?: boolean } = {}): boolean {
    this.invalidateResults();
    return this.index.setFile(file, text, options.open ?? false);
  }

  /**
   * Adds many files at once (a workspace load): cached and skipped files
   * directly, the rest analysed on worker threads when the batch is large
   * enough, then added in the given order, so results match `setFile` one
   * by one. `onlyImported`: test files, or migrations, no other file of the
   * batch may import are kept out (unimported.ts).
   */
  async setFiles(
    files: ReadonlyArray<{ file: string; text: string }>,
    options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void; onlyImported?: { tests?: boolean; migrations?: boolean } } = {},
  ): Promise<void> {
    this.invalidateResults();
    const leftOut = this.unimportedKinds(files, options.onlyImported);
    const plans = files.map(({ file, text }) => this.index.plan(file, text, false, leftOut.get(file)));
    const jobs: AnalysisJob[] = [];
    const jobOf = new Map<number, number>();
    plans.forEach((plan, i) => {
      if (plan?.input) {
        jobOf.set(i, jobs.length);
        jobs.push({ language: plan.language.id, input: plan.input });
      }
    });
    let done = files.length - jobs.length;
    options.onProgress?.(done, files.length);
    const threads = threadsFor(jobs, this.options.threads);
    const models = threads > 1
      ? await analyzeInWorkers(jobs, this.rules, threads, { signal: options.signal, onDone: () => options.onProgress?.(++done, files.length) })
      : [];
    for (let i = 0; i < files.length; i++) {
      if (options.signal?.aborted) return;
      const plan = plans[i];
      if (!plan) continue;
      const job = jobOf.get(i);
      this.index.install(files[i].file, files[i].text, plan, job !== undefined ? models[job] : undefined);
      if (job !== undefined && threads <= 1) {
        options.onProgress?.(++done, files.length);
        // Analysing in this thread: let progress and cancellation through now and then.
        if (done % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  /** The files of the batch `only` lets go that nothing else imports (unimported.ts), each with what it is. */
  private unimportedKinds(files: ReadonlyArray<{ file: string; text: string }>, only: { tests?: boolean; migrations?: boolean } | undefined): Map<string, UnimportedKind> {
    const kinds = new Map<string, UnimportedKind>();
    if (!only?.tests && !only?.migrations) return kinds;
    for (const { file } of files) {
      if (only.tests && this.index.isTestCode(file)) kinds.set(file, 'test');
      else if (only.migrations && this.index.isMigration(file)) kinds.set(file, 'migration');
    }
    const unimported = unimportedFiles(files, (file) => kinds.has(file), (file) => kinds.get(file) === 'migration');
    for (const file of kinds.keys()) if (!unimported.has(file)) kinds.delete(file);
    return kinds;
  }

  /** Writes the last findings to the findings cache, if the engine has one; false when it could not. */
  saveFindings(): boolean {
    return this.index.saveFindings();
  }

  /** Whether some finding was left out by a check out of time: no result built from this engine is kept on disk. */
  decidedByClock(): boolean {
    return this.index.decidedByClock();
  }

  /** A workspace load is over: see `WorkspaceIndex.saveCaches`. */
  saveCaches(): void {
    this.index.saveCaches();
  }

  removeFile(file: string): void {
    this.invalidateResults();
    this.index.removeFile(file);
  }

  /** Deployment facts: they refine contexts, and their import roots (src layouts, PYTHONPATH) guide resolution. */
  setRefiner(refiner: (ContextRefiner & { importRoots?: readonly string[] }) | undefined): void {
    this.index.setImportRoots(refiner?.importRoots ?? []);
    this.index.refiner = refiner;
    this.index.resetResults();
    this.invalidateResults();
  }

  /** After `setFiles`: its models go to the cache on disk, and the cache forgets them, so each is held once, by the index. */
  releaseModelCache(): void {
    this.options.modelCache?.save();
    this.options.modelCache?.release();
  }

  setExtraFindings(provider: EngineOptions['extraFindings']): void {
    this.options.extraFindings = provider;
    this.invalidateResults();
  }

  fileModel(file: string): FileModel | undefined {
    return this.index.fileModel(file);
  }

  text(file: string): string | undefined {
    return this.index.text(file);
  }

  files(): string[] {
    return this.index.files();
  }

  handlers(): HandlerReport[] {
    return this.index.handlers();
  }

  /** The handlers declared in `file`, in line order. */
  handlersIn(file: string): HandlerReport[] {
    return this.index.handlersIn(file);
  }

  /** The call sites in the project that reach the function `name` of `file`, as fixes that change its signature see them. */
  callersOf(file: string, name: string): CallerSite[] {
    return this.index.callersOf(file, name);
  }

  /** What the call at `span` resolves to in the call graph (fix planning and the check after fixes). */
  resolvedCallAt(file: string, span: { start: number; end: number }): ResolvedTarget | undefined {
    return this.index.resolvedCallAt(file, span);
  }

  errors(): AnalysisError[] {
    return this.index.errors();
  }

  /** The editor is idle: each language does what its documents' edits left for later (`LanguageSupport.idle`; the documents are the languages', whichever engine analysed them). */
  static idle(): void {
    for (const language of LANGUAGES) language.idle?.();
  }

  /** Findings without fixes, for every file (cached until the next change). */
  private rawFindings(): Finding[] {
    return this.split().shown;
  }

  private split(): { shown: Finding[]; test: Finding[] } {
    if (!this.raw) {
      const extra = (this.options.extraFindings?.(this) ?? []).filter((f) => !isSuppressed(this.index.fileModel(f.file), f));
      const made = { findings: this.index.findings(), test: this.index.testFindings(), extra: JSON.stringify(extra) };
      const last = this.lastSplit;
      if (last && last.findings === made.findings && last.test === made.test && last.extra === made.extra) {
        // The index kept its results (an editing engine's keystroke that changed no finding): so are the lists by file.
        this.raw = last.raw;
        return this.raw;
      }
      const testExtra = this.options.includeTests ? [] : extra.filter((f) => this.index.isTestFinding(f));
      this.raw = {
        shown: [...made.findings, ...extra.filter((f) => !testExtra.includes(f))],
        test: [...made.test, ...testExtra],
      };
      this.lastSplit = { ...made, raw: this.raw };
    }
    return this.raw;
  }

  /**
   * Every finding on a production request path (with `includeTests`, test
   * code's too); `{ fixes: false }` skips computing fixes (counts, CodeLens,
   * reports without edits).
   */
  findings(options: { fixes?: boolean } = {}): Finding[] {
    const raw = this.rawFindings();
    return options.fixes === false ? raw : this.withFixes(raw);
  }

  /** Findings only test, example or docs code reaches, which `findings()` leaves out (without fixes). */
  testFindings(): Finding[] {
    return this.split().test;
  }

  /** How many findings `findings()` leaves out as test code. */
  hiddenTestFindings(): number {
    return this.split().test.length;
  }

  /** How many test files, or migrations, `setFiles` kept out as imported by nothing else. */
  unimportedFiles(kind: UnimportedKind): number {
    return this.index.unimportedCount(kind);
  }

  /** Test, example or docs code, judged below the scan root (testCode.ts). */
  isTestCode(file: string): boolean {
    return this.index.isTestCode(file);
  }

  /**
   * One file's findings; fixes are computed for these only (the editor's
   * per-keystroke path). A test file asked for by name (open in the editor)
   * gets its own findings too: the user is looking at that code.
   */
  findingsFor(file: string, options: { fixes?: boolean } = {}): Finding[] {
    const { shown, test } = this.split();
    // A keystroke replaces the findings of its file and keeps the others': the last grouping is mostly kept (whole, for the same lists).
    const last = this.grouped;
    const grouped = (this.grouped = { shown: regroup(last?.shown, shown, fileOf), test: regroup(last?.test, test, fileOf) });
    const own = this.isTestCode(file) ? grouped.test.groups.get(file) ?? [] : [];
    const raw = [...(grouped.shown.groups.get(file) ?? []), ...own];
    return options.fixes === false ? raw : this.withFixes(raw);
  }

  /**
   * Attaches fixes lazily: computing them re-parses files, so only findings
   * someone asks for pay (the editor asks for the ones under the cursor).
   * `findings` come from `findings`/`findingsFor` without fixes.
   */
  withFixes(findings: Finding[]): Finding[] {
    const scope = memoScope();
    const context = this.fixContext(this.rawFindings(), scope.memo);
    try {
      return findings.map((finding) => {
        let fixed = this.fixed.get(finding);
        if (!fixed) {
          fixed = { ...finding, fixes: this.fixesFor(finding, context) };
          this.fixed.set(finding, fixed);
          scope.itemDone();
        }
        return fixed;
      });
    } finally {
      scope.release();
    }
  }

  private fixesFor(finding: Finding, context: FixContext): Fix[] {
    const language = this.index.languageFor(finding.file);
    const text = this.index.text(finding.file);
    if (!language || text === undefined) return finding.fixes;
    const cures = this.index.refiner?.fixesFor?.(finding) ?? [];
    // A callback, property or `with` site holds no call to rewrite: the fixes belong where the blocking call is.
    let own = finding.edge ? [] : language.fixes?.(finding, context) ?? [];
    // A server cure that frees the worker beats a rewrite of one call.
    if (cures.some((f) => f.preferred)) own = own.map(({ preferred: _dropped, ...rest }) => rest);
    return [...finding.fixes, ...cures, ...own, suppressLineFix(finding, text, language.id)];
  }

  private fixContext(findings: Finding[], memo: Memo): FixContext {
    return {
      memo,
      text: (file) => this.index.text(file),
      model: (file) => this.index.fileModel(file),
      rules: this.rules,
      findings: () => findings,
      callersOf: (file, name) => this.callersOf(file, name),
      files: () => this.index.files(),
      resolvedCallAt: (file, span) => this.index.resolvedCallAt(file, span),
    };
  }
}
