/**
 * A scan's analysis, a language at a time: each language has an engine of
 * its own, one after the other. No call crosses languages, and holding a
 * language's models while the next is analysed only raised the peak (the
 * generated 10,000-file tree: 506 MB with both in one engine). An engine
 * goes after its pass (`options.afterLanguage` may then collect it) unless
 * the caller keeps it, for the check after fixes.
 */
import * as path from 'path';
import type { AnalysisError, Finding, HandlerReport, LanguageId, ScanResult } from './model';
import { Engine, type EngineOptions } from './engine';
import type { RuleCatalog } from './rules/catalog';
import { LANGUAGES, languageForFile } from './languages';
import { readSourceFile, readTextOrUndefined } from './files/read';
import { DeploymentModel } from './deployment';
import { isWithin } from './files/paths';
import { BUNDLE_SKIP_HINT, BUNDLE_SKIP_PREFIX } from './index/workspace';
import { compareFindings } from './index/findings';
import { compareHandlers } from './index/handlerOrder';
import { openCaches } from './analysis/caches';
import type { ScanOptions } from './scan';

/** Files read between two yields to the event loop, so cancellation stays responsive. */
const YIELD_EVERY = 25;

/** What a cancelled scan throws (the name callers test for). */
function abortError(): Error {
  const error = new Error('scan cancelled');
  error.name = 'AbortError';
  return error;
}

/** What `scan` settled before analysing: the walk, and the config's rules and options. */
export interface ScanPlan {
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

/** The analysis of `plan`'s files, a language at a time; `keep`: the engines stay (by language) for the check after fixes. */
export async function analyzeByLanguage(plan: ScanPlan, options: ScanOptions, clock: (phase: string) => void, keep: boolean): Promise<{ result: ScanResult; deployment: DeploymentModel; kept: Map<LanguageId | undefined, Engine>; decidedByClock: boolean }> {
  const kept = new Map<LanguageId | undefined, Engine>();
  const passes: PassResult[] = [];
  const shared: SharedFacts = { textOf: noText };
  // Made here, not in a pass: a closure made in a pass would hold its engine for as long as the deployment keeps it.
  const readText = (file: string) => shared.textOf(file) ?? readTextOrUndefined(file);
  let before = 0;
  for (const { language, files } of languagePasses(plan.walked.files)) {
    // The last language's engine is garbage now, unless kept.
    if (passes.length > 0 && !keep) options.afterLanguage?.();
    passes.push(await runPass({ language, files, before }, shared, readText, keep ? kept : undefined, plan, options, clock));
    before += files.length;
  }
  return { result: mergedResult(plan, passes), deployment: shared.deployment!, kept, decidedByClock: passes.some((p) => p.decidedByClock) };
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
    decidedByClock: engine.decidedByClock(),
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
