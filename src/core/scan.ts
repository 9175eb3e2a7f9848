import * as fs from 'fs';
import * as path from 'path';
import type { AnalysisError, ScanResult } from './model';
import type { EngineOptions } from './engine';
import { RuleCatalog } from './rules/catalog';
import { SOURCE_EXTENSIONS } from './languages';
import { walkFiles } from './files/walk';
import { findConfig, loadConfig, type UnblockConfig } from './config';
import { appFolderOf, type AppSearches } from './deployment/discover';
import { readinessOf } from './report/readiness';
import { isWithin, scanRoot } from './files/paths';
import { enginesSnapshot, resultOnly, type ProjectSnapshot } from './fixes/verify';
import { analyzeByLanguage, type ScanPlan } from './scanPasses';
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

/**
 * Reads and analyses the walked files, a language at a time
 * (scanPasses.ts); every read of the disk from here on is in the scan's
 * read log.
 */
async function analyzeWalked(plan: ScanPlan, options: ScanOptions, clock: (phase: string) => void): Promise<{ run: ScanRun; decidedByClock: boolean }> {
  // The check after fixes reads the engines (`snapshot`): a scan without fixes has nothing to check, and one that may give back a stored result has said it needs no engine.
  const keep = (options.fixes ?? true) && !options.reuseResult;
  const { result, deployment, kept, decidedByClock } = await analyzeByLanguage(plan, options, clock, keep);
  const readiness = readinessOf(
    result,
    (file) => deployment.appRootOf(file),
    (file) => ['gevent', 'eventlet'].includes(deployment.factsFor(file)?.kind ?? ''),
    (file) => {
      const facts = deployment.factsFor(file);
      return facts?.kind === 'asgi' ? facts.server ?? 'an ASGI server' : undefined;
    },
  );
  if (readiness.length > 0) result.readiness = readiness;
  const snapshot = keep ? enginesSnapshot(kept, plan.root, result) : resultOnly(result);
  return { run: withSnapshot(result, snapshot), decidedByClock };
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

