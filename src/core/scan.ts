import * as fs from 'fs';
import * as path from 'path';
import type { AnalysisError, Finding, HandlerReport, LanguageId, ScanResult } from './model';
import { Engine, type EngineOptions } from './engine';
import { RuleCatalog } from './rules/catalog';
import { LANGUAGES, languageForFile, SOURCE_EXTENSIONS } from './languages';
import { walkFiles } from './files/walk';
import { readSourceFile, readTextOrUndefined } from './files/read';
import { findConfig, loadConfig, type UnblockConfig } from './config';
import { DeploymentModel } from './deployment';
import { appFolderOf, type AppSearches } from './deployment/discover';
import { readinessOf } from './report/readiness';
import { isWithin, scanRoot } from './files/paths';
import { BUNDLE_SKIP_HINT, BUNDLE_SKIP_PREFIX } from './index/workspace';
import { enginesSnapshot, resultOnly, type ProjectSnapshot } from './fixes/verify';
import { compareFindings } from './index/findings';
import { openCaches } from './analysis/caches';
import { ResultCache } from './analysis/resultCache';
import { engineFingerprint, rulesFingerprint, sha1 } from './analysis/fingerprint';
import { ReadLog, recordingReads } from './files/readLog';

/** A scan and the project state it saw, for the check after fixes. */
export interface ScanRun extends ScanResult {
  snapshot: ProjectSnapshot;
}

export interface ScanOptions extends EngineOptions {
  /** Attach fixes to the findings (default true); a text report never shows them, so the CLI skips the work. */
  fixes?: boolean;
  /** `.unblock.json` to use instead of the one found in the scan root. */
  configFile?: string;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Folder of the on-disk cache of file models (the CLI uses `<root>/.cache/unblock`); none: no cache. */
  cacheDir?: string;
  /**
   * With `cacheDir`: give back the stored result of the same scan when
   * nothing it read has changed (analysis/resultCache.ts). For plain scans:
   * such a result has no engine behind it, which fixes need.
   */
  reuseResult?: boolean;
  /** Analyse every file: by default a scan without fixes leaves out test files, and with `scope: 'handlers'` migrations, that no other file imports (unimported.ts). */
  allFiles?: boolean;
  /** Filled with milliseconds per phase (walk, read, analyze, deployment, findings), summed over the languages, for `npm run bench`. */
  timings?: Record<string, number>;
  /**
   * Called when a scan has let a language's engine go, before
   * the next language is read: the CLI collects the garbage there, since V8
   * would let the next pass grow the heap to twice what it last kept first.
   */
  afterLanguage?: () => void;
}

/** Files read between two yields to the event loop, so cancellation stays responsive. */
const YIELD_EVERY = 25;


function abortError(): Error {
  const error = new Error('scan cancelled');
  error.name = 'AbortError';
  return error;
}

/** Builds the rule catalog: built-in rules plus the project's own from its config. */
function catalogFor(config: UnblockConfig, configFile: string | undefined, errors: AnalysisError[]): RuleCatalog {
  const rules = RuleCatalog.builtin();
  if (config.rules?.length) rules.addUntrusted(config.rules, configFile ?? '.unblock.json');
  errors.push(...rules.errors.map((e) => ({ file: e.file, message: e.message })));
  return rules;
}

/** Walks, reads and analyzes `paths`; the CLI's whole job and the extension's workspace scan. */
export async function scan(paths: string[], options: ScanOptions = {}): Promise<ScanRun> {
  const absolute = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(p));
  // The disk is asked once per named path (CI names thousands of changed files).
  const named = splitPaths(absolute);
  const root = scanRoot(absolute, (p) => named.directories.has(p));
  const errors: AnalysisError[] = [];

  const configFile = options.configFile ? path.resolve(options.configFile) : findConfig(root);
  let config: UnblockConfig = {};
  if (configFile) {
    const loaded = loadConfig(configFile);
    config = loaded.config;
    errors.push(...loaded.errors);
  }
  const rules = catalogFor(config, configFile, errors);
  // A Python file scanned alone is analysed with the rest of its app, so chains into its imports are followed.
  const context = appsOfSingleFiles(named);
  const scanned = scannedTest(named);
  const engineOptions: EngineOptions = {
    ...options,
    scope: options.scope ?? config.scope,
    maxDepth: options.maxDepth ?? config.maxDepth,
    scanBundles: options.scanBundles ?? config.scanBundles,
    includeTests: options.includeTests ?? config.includeTests,
    severity: { ...config.severity, ...options.severity },
    disabledRules: [...(config.disable ?? []), ...(options.disabledRules ?? [])],
  };
  const roots = [root, ...context];

  const clock = phaseClock(options.timings);
  const walked = await walkFiles([...absolute, ...context], {
    extensions: SOURCE_EXTENSIONS,
    ignore: config.ignore,
    // Ignore globs are relative to the config file's folder, whatever paths were scanned.
    ignoreBase: configFile ? path.dirname(configFile) : root,
    signal: options.signal,
  });
  errors.push(...walked.errors);
  if (walked.files.length === 0 && config.ignore?.length && configFile) {
    const unfiltered = await walkFiles(absolute, { extensions: SOURCE_EXTENSIONS, signal: options.signal });
    if (unfiltered.files.length > 0) {
      errors.push({ file: configFile, message: `config "ignore" (${config.ignore.map((g) => JSON.stringify(g)).join(', ')}) excludes all ${unfiltered.files.length} source files: nothing was scanned` });
    }
  }
  clock('walk');

  // The same scan of the same walked files, when nothing it read has changed since: its result, without the engine.
  const reuse = options.cacheDir && options.reuseResult && !options.refiner && !options.extraFindings
    ? ResultCache.open(options.cacheDir, resultKey({ absolute, context, configFile, config, rules, engineOptions, fixes: options.fixes ?? true, allFiles: options.allFiles ?? false, files: walked.files, errors }))
    : undefined;
  const reused = reuse?.lookup(rules);
  if (reused) {
    clock('reused');
    return withSnapshot(reused, resultOnly(reused));
  }
  const reads = new ReadLog();
  const { run, decidedByClock } = await recordingReads(reads, () => analyzeWalked({ root, roots, context, walked, scanned, rules, engineOptions, errors }, options, clock));
  // A verdict the clock decided (a regex check out of time) may come out otherwise next time: such a result is not kept.
  if (!decidedByClock) reuse?.save(reads, run);
  return run;
}

/** What `scan` settled before analysing: the walk, and the config's rules and options. */
interface ScanPlan {
  root: string;
  roots: string[];
  context: string[];
  walked: { files: string[] };
  scanned: (file: string) => boolean;
  rules: RuleCatalog;
  engineOptions: EngineOptions;
  errors: AnalysisError[];
}

/** What one language's pass of a scan gives the result. */
interface PassResult {
  handlers: HandlerReport[];
  findings: Finding[];
  errors: AnalysisError[];
  testFindingsHidden: number;
  testFilesNotAnalysed: number;
  migrationsNotAnalysed: number;
  decidedByClock: boolean;
}

/**
 * Reads and analyses the walked files; every read of the disk from here on
 * is in the scan's read log. Each language has an engine of its own, one
 * after the other: no call crosses languages, and holding a language's
 * models while the next is analysed only raised the peak (the generated
 * 10,000-file tree: 506 MB with both in one engine). Each engine goes after
 * its pass (`options.afterLanguage` may then collect it), unless the result
 * is for a fix run: then they stay for the check after fixes (`snapshot`).
 */
async function analyzeWalked(plan: ScanPlan, options: ScanOptions, clock: (phase: string) => void): Promise<{ run: ScanRun; decidedByClock: boolean }> {
  // The check after fixes reads the engines (`snapshot`): a scan without fixes has nothing to check, and one that may give back a stored result has said it needs no engine.
  const keepEngines = (options.fixes ?? true) && !options.reuseResult;
  const kept = new Map<LanguageId | undefined, Engine>();
  const passes: PassResult[] = [];
  const shared: SharedFacts = { textOf: noText };
  // Made here, not in a pass: a closure made in a pass would hold its engine for as long as the deployment keeps it.
  const readText = (file: string) => shared.textOf(file) ?? readTextOrUndefined(file);
  let before = 0;
  for (const { language, files } of languagePasses(plan.walked.files)) {
    // The last language's engine is garbage now, unless kept.
    if (passes.length > 0 && !keepEngines) options.afterLanguage?.();
    passes.push(await runPass({ language, files, before }, shared, readText, keepEngines ? kept : undefined, plan, options, clock));
    before += files.length;
  }
  const deployment = shared.deployment!;
  const result = mergedResult(plan, passes);
  const readiness = readinessOf(result, (file) => deployment.appRootOf(file), (file) => ['gevent', 'eventlet'].includes(deployment.factsFor(file)?.kind ?? ''));
  if (readiness.length > 0) result.readiness = readiness;
  const snapshot = keepEngines ? enginesSnapshot(kept, plan.root, result) : resultOnly(result);
  return { run: withSnapshot(result, snapshot), decidedByClock: passes.some((p) => p.decidedByClock) };
}

/** The walked files by language, Python's first (deployment facts are read in the first pass); one pass without files when none were walked. */
function languagePasses(files: readonly string[]): Array<{ language: LanguageId | undefined; files: string[] }> {
  const passes = LANGUAGES.map((language) => ({ language: language.id as LanguageId | undefined, files: files.filter((file) => languageForFile(file) === language) }));
  const some = passes.filter((pass) => pass.files.length > 0);
  return some.length > 0 ? some : [{ language: undefined, files: [] }];
}

/** What the passes of one scan share: the deployment, discovered in the first, and the texts of the pass under way. */
interface SharedFacts {
  deployment?: DeploymentModel;
  textOf: (file: string) => string | undefined;
}

const noText = (): undefined => undefined;

/** Config findings of the deployment, inside what was scanned (facts come from the whole app). */
function configFindingsWithin(deployment: DeploymentModel, scanned: (file: string) => boolean): (engine: Engine) => Finding[] {
  return (engine) => deployment.configFindings(engine.handlers()).filter((f) => scanned(f.file));
}

/**
 * One language's pass: its engine made, its files analysed, its results
 * taken; the engine goes unless `kept`. No closure is made here: it would
 * hold the engine (V8 gives a function's closures one context).
 */
async function runPass(pass: { language: LanguageId | undefined; files: string[]; before: number }, shared: SharedFacts, readText: (file: string) => string | undefined, kept: Map<LanguageId | undefined, Engine> | undefined, plan: ScanPlan, options: ScanOptions, clock: (phase: string) => void): Promise<PassResult> {
  const { roots, rules, engineOptions } = plan;
  const engine = await Engine.create(roots, rules, { ...engineOptions, ...(options.cacheDir ? openCaches(options.cacheDir, roots, rules, engineOptions, pass.language) : {}) });
  await analyzeLanguage(engine, pass.files, pass.before, plan, options, clock);
  // Deployment facts read Python files and config files: from this pass's engine while it has their text, else from disk.
  shared.textOf = engine.text.bind(engine);
  if (!shared.deployment) {
    // Deployment facts (gevent, gunicorn, ASGI servers) refine handler contexts and add config findings, once: they are Python's.
    shared.deployment = await DeploymentModel.discover([plan.root], plan.walked.files, readText, rules);
    engine.setExtraFindings(configFindingsWithin(shared.deployment, plan.scanned));
  }
  engine.setRefiner(shared.deployment);
  clock('deployment');
  const result = passResult(engine, plan, options, clock);
  clock('findings');
  shared.textOf = noText;
  kept?.set(pass.language, engine);
  return result;
}

/** Reads and analyses one language's files with its engine. */
async function analyzeLanguage(engine: Engine, files: string[], before: number, plan: ScanPlan, options: ScanOptions, clock: (phase: string) => void): Promise<void> {
  const { walked, engineOptions, errors } = plan;
  const sources: Array<{ file: string; text: string }> = [];
  for (const [i, file] of files.entries()) {
    if (options.signal?.aborted) throw abortError();
    const read = readSourceFile(file);
    if ('error' in read) errors.push({ file, message: read.error });
    else sources.push({ file, text: read.text });
    if ((i + 1) % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  clock('read');
  const unreadable = before + files.length - sources.length;
  await engine.setFiles(sources, {
    signal: options.signal,
    onProgress: (done) => options.onProgress?.(unreadable + done, walked.files.length),
    onlyImported: leftOutUnlessImported(engineOptions, options),
  });
  if (options.signal?.aborted) throw abortError();
  engine.releaseModelCache();
  clock('analyze');
}

/** A pass's handlers and findings, once its engine has the deployment. */
function passResult(engine: Engine, plan: ScanPlan, options: ScanOptions, clock: (phase: string) => void): PassResult {
  const handlers = engine.handlers();
  clock('handlers');
  const findings = engine.findings({ fixes: options.fixes ?? true });
  engine.saveFindings();
  return {
    handlers: handlers.filter((h) => plan.scanned(h.file)),
    findings: findings.filter((f) => plan.scanned(f.file)),
    errors: engine.errors(),
    testFindingsHidden: engine.hiddenTestFindings(),
    testFilesNotAnalysed: engine.unimportedFiles('test'),
    migrationsNotAnalysed: engine.unimportedFiles('migration'),
    decidedByClock: engine.files().some((file) => engine.fileModel(file)?.facts?.volatile),
  };
}

/** The passes' results as one engine over every file gave them: handlers by file and line, findings sorted, problems in the walk's order. */
function mergedResult(plan: ScanPlan, passes: PassResult[]): ScanResult {
  const { root, context, walked, scanned, errors } = plan;
  const walkOrder = new Map(walked.files.map((file, i) => [file, i]));
  const engineErrors = passes.flatMap((p) => p.errors);
  if (passes.length > 1) engineErrors.sort((a, b) => (walkOrder.get(a.file) ?? Infinity) - (walkOrder.get(b.file) ?? Infinity));
  const result: ScanResult = {
    root,
    filesScanned: walked.files.filter(scanned).length,
    handlers: passes.length > 1 ? passes.flatMap((p) => p.handlers).sort(compareHandlers) : passes[0].handlers,
    findings: passes.length > 1 ? passes.flatMap((p) => p.findings).sort(compareFindings) : passes[0].findings,
    errors: groupBundleSkips(root, [...errors, ...engineErrors].filter((e) => scanned(e.file) || !context.some((dir) => isWithin(e.file, dir)))),
  };
  const total = (count: (p: PassResult) => number) => passes.reduce((sum, p) => sum + count(p), 0);
  const hidden = total((p) => p.testFindingsHidden);
  if (hidden > 0) result.testFindingsHidden = hidden;
  const tests = total((p) => p.testFilesNotAnalysed);
  if (tests > 0) result.testFilesNotAnalysed = tests;
  const migrations = total((p) => p.migrationsNotAnalysed);
  if (migrations > 0) result.migrationsNotAnalysed = migrations;
  return result;
}

/** The engine's order of handlers (handlerOrder.ts): by file, then line. */
function compareHandlers(a: HandlerReport, b: HandlerReport): number {
  return (a.file === b.file ? 0 : a.file.localeCompare(b.file)) || a.line - b.line;
}

/**
 * What a scan may leave out when no other file imports it (unimported.ts):
 * test code, whose findings it would not show; migrations, when only
 * handlers are roots. Fixes need every caller of what they change (making a
 * function async awaits its test callers too): a scan with fixes keeps all.
 */
function leftOutUnlessImported(engineOptions: EngineOptions, options: ScanOptions): { tests: boolean; migrations: boolean } {
  const keepAll = options.allFiles || (options.fixes ?? true);
  return { tests: !keepAll && !engineOptions.includeTests, migrations: !keepAll && (engineOptions.scope ?? 'handlers') === 'handlers' };
}

/** Not enumerable: reports and JSON output see a plain ScanResult. */
function withSnapshot(result: ScanResult, snapshot: ProjectSnapshot): ScanRun {
  return Object.defineProperty(result, 'snapshot', { value: snapshot, enumerable: false, configurable: true }) as ScanRun;
}

/**
 * Lets the scan's engine go once nothing will ask it again (a `--fix` round
 * has taken the fixes it computed): otherwise it stays alive beside the
 * engine of every re-scan (10,000-file tree: 2.2 GB).
 */
export function releaseSnapshot(result: ScanResult): void {
  // A snapshot another caller attached for good stays (deleting it would throw).
  Reflect.deleteProperty(result, 'snapshot');
}

/**
 * Names one scan for the result cache: the engine build, the rules, the
 * config as loaded, the options and paths, and the walk (its files in
 * order, and the problems met so far). What the analysis reads after the
 * walk is checked apart, read by read (files/readLog.ts).
 */
function resultKey(scan: {
  absolute: string[];
  context: string[];
  configFile: string | undefined;
  config: UnblockConfig;
  rules: RuleCatalog;
  engineOptions: EngineOptions;
  fixes: boolean;
  allFiles: boolean;
  files: string[];
  errors: AnalysisError[];
}): string {
  const { scope, maxDepth, severity, disabledRules, interprocedural, scanBundles, includeTests } = scan.engineOptions;
  return sha1(JSON.stringify([
    engineFingerprint(), rulesFingerprint(scan.rules), scan.configFile, scan.config, scan.absolute, scan.context,
    [scope, maxDepth, severity, [...(disabledRules ?? [])].sort(), interprocedural, scanBundles, includeTests, scan.fixes, scan.allFiles],
    scan.files, scan.errors,
  ]));
}

/** The paths a scan was given, split into files and folders. */
interface NamedPaths {
  files: Set<string>;
  /** Everything else named, missing paths too (what the walk reports). */
  folders: string[];
  /** The folders that are there. */
  directories: Set<string>;
}

/** Asks the disk once per path. */
function splitPaths(paths: readonly string[]): NamedPaths {
  const files = new Set<string>();
  const directories = new Set<string>();
  for (const p of paths) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(p);
    } catch {
      // Missing or unreadable: the walk says so.
    }
    if (stat?.isFile()) files.add(p);
    else if (stat?.isDirectory()) directories.add(p);
  }
  return { files, folders: paths.filter((p) => !files.has(p)), directories };
}

/**
 * Whether a file is among the scanned paths: named itself or under a named
 * folder. A set, because CI passes thousands of changed files by name and
 * every file, handler and finding is asked about.
 */
function scannedTest({ files, folders }: NamedPaths): (file: string) => boolean {
  return (file) => files.has(file) || folders.some((dir) => isWithin(file, dir));
}

/** The app folders of the Python files among the paths that no scanned folder already holds. */
function appsOfSingleFiles({ files, folders }: NamedPaths): string[] {
  const alone = [...files].filter((file) => file.endsWith('.py') && !folders.some((dir) => isWithin(file, dir)));
  // Asked once per folder (the answer is the same for every file in it), each folder above listed once.
  const searches: AppSearches = new Map();
  const apps = [...new Set(alone.map((file) => path.dirname(file)))].map((dir) => appFolderOf(dir, searches));
  return [...new Set(apps.flatMap((app) => app ?? []))];
}

/** Records the time since the previous call under each phase name. */
function phaseClock(timings: Record<string, number> | undefined): (phase: string) => void {
  let last = performance.now();
  return (phase) => {
    if (!timings) return;
    const now = performance.now();
    timings[phase] = (timings[phase] ?? 0) + now - last;
    last = now;
  };
}

/** One note for all the bundles skipped under a folder, instead of a problem line per vendored file. */
function groupBundleSkips(root: string, errors: AnalysisError[]): AnalysisError[] {
  const skipped = new Map<string, string[]>();
  const rest: AnalysisError[] = [];
  for (const error of errors) {
    if (!error.message.startsWith(BUNDLE_SKIP_PREFIX) || !error.message.endsWith(BUNDLE_SKIP_HINT)) {
      rest.push(error);
      continue;
    }
    const top = path.dirname(path.relative(root, error.file)).split(path.sep).slice(0, 2).join(path.sep);
    skipped.set(top, [...(skipped.get(top) ?? []), error.file]);
  }
  for (const files of skipped.values()) {
    rest.push(files.length === 1 ? errors.find((e) => e.file === files[0])! : {
      file: path.dirname(files[0]),
      message: `skipped ${files.length} minified, bundled or vendored files (${path.basename(files[0])}, ...); ${BUNDLE_SKIP_HINT}`,
    });
  }
  return rest;
}
