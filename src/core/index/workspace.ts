import * as path from 'path';
import type { AnalyzeInput, FunctionEdit, LanguageSupport, ModuleHost, ProjectLookup } from '../language';
import type { ModelStore } from '../analysis/modelPacks';
import type { FindingsCache } from '../analysis/findingsCache';
import { decodeModel, encodeModel, inSlabs, type EncodedModel } from '../analysis/codec';
import { ByteSlabs } from '../analysis/byteSlabs';
import type { AnalysisError, ConstructionSite, FileModel, Finding, HandlerInfo, HandlerReport, LanguageId, Scope, Suppressions } from '../model';
import type { RuleCatalog } from '../rules/catalog';
import type { SeverityOverrides } from '../severity';
import { dedupeFindings, FindingBuilder } from './findings';
import { findingKey } from '../findingKey';
import { keyOf, Resolver, type ResolvedTarget } from './resolver';
import { handlerRoots, RegistrationCache, scopeRoots, type ContextRefiner, type Root } from './roots';
import { ProjectPasses } from './projectPasses';
import { SummaryStore } from './summaries';
import { CallerIndexes, type CallerSite } from './callerIndex';
import { RootFindings } from './rootFindings';
import { KeptDedupe } from './keptDedupe';
import { groupBy } from '../groupBy';
import { HandlerOrder } from './handlerOrder';
import { dequal } from 'dequal';
import { startupEdges, startupFunctions, type StartupMember } from './startup';
import { siteName } from './values';
import { constructionKey, loadedKey, readDigest, readsUnedited, textDigest, type ReadSources } from './readKeys';
import { ClassHierarchy, inheritedClassHandlers } from './classes';
import { classLayoutOf, Overrides } from './overrides';
import { FileSymbols } from './symbols';
import { isWithin } from '../files/paths';
import { readFromDisk } from '../files/read';
import { bundleReason } from '../files/bundles';
import { VendoredPackages } from '../files/vendoredPackages';
import { isTestCode } from '../testCode';
import { isMigration } from '../migrationCode';
import { lineIndexOf, type LineIndex } from '../lines';
import { findingMove, lineMove } from './movedFindings';
import { positionOnlyEdit } from './positionOnlyEdit';
import { positionShifts, type PositionShift } from '../positionShift';

export interface IndexOptions {
  roots: string[];
  languages: readonly LanguageSupport[];
  rules: RuleCatalog;
  scope: Scope;
  maxDepth: number;
  severity?: SeverityOverrides;
  disabledRules?: readonly string[];
  refiner?: ContextRefiner;
  interprocedural?: boolean;
  /** Analyse minified, bundled and vendored JS too (default: skipped with a note). */
  scanBundles?: boolean;
  /** Report findings in test, example and docs code with the rest (default: counted apart). */
  includeTests?: boolean;
  /** File models kept on disk between runs, by content. */
  modelCache?: ModelStore;
  /** Each root's findings kept on disk between runs, with what they read. */
  findingsCache?: FindingsCache;
  /** An editor's index: it notes function reads, so an edit inside one function body drops only what read that function. */
  editing?: boolean;
}

/** See `WorkspaceIndex.plan`: either `model` is set, or `input` is what to analyse. */
export interface AnalysisPlan {
  language: LanguageSupport;
  model?: FileModel;
  input?: AnalyzeInput;
  /** A bundle or vendored library kept out of the analysis: imports of it resolve like a library's. */
  skipped?: boolean;
  /** Skipped as test code or a migration nothing else imports (unimported.ts). */
  unimported?: UnimportedKind;
}

/** Files a scan leaves out when nothing imports them (unimported.ts). */
export type UnimportedKind = 'test' | 'migration';

/** The message of a file skipped as a bundle; scan() groups them into one note. */
export const BUNDLE_SKIP_PREFIX = 'skipped: ';
export const BUNDLE_SKIP_HINT = 'set "scanBundles": true in .unblock.json to analyse it';

/** `peerCodes`: other linters' codes for the finding's rule (`ASYNC251`), which a `# noqa: ASYNC251` names. */
export function isSuppressed(model: FileModel | undefined, finding: Finding, peerCodes: readonly string[] = []): boolean {
  const entry = model?.suppressions.get(finding.range.line);
  if (entry === undefined) return false;
  return entry === null || entry.has(finding.rule) || peerCodes.some((code) => entry.has(code));
}

/** A root's findings as shown: not suppressed where they are, production and test apart (all production with `includeTests`). */
interface ShownFindings {
  production: Finding[];
  test: Finding[];
  /** The files the findings are in, with the suppressions they were checked against. */
  checked: ReadonlyArray<readonly [string, Suppressions | undefined]>;
}

const NO_FINDINGS: ShownFindings = { production: [], test: [], checked: [] };

/** The roots' shown findings (`ShownFindings`' two lists), in the roots' order, and where each root's findings key is (made when first needed). */
interface RootLists {
  production: Finding[][];
  test: Finding[][];
  /** The last compute's lists these were made from (not the whole of it: each would hold the one before), and the positions asked again since; undefined: all were. */
  asked?: { production: Finding[][]; test: Finding[][]; at: number[] };
  positions?: Map<string, number[]>;
}


/**
 * The workspace index: one `FileModel` per file, cross-file resolution,
 * memoized summaries. `setFile` re-analyzes one file and drops only the
 * summaries that depended on it; results are recomputed lazily.
 */
export class WorkspaceIndex implements ModuleHost {
  private readonly models = new Map<string, FileModel>();
  private readonly symbols = new Map<string, FileSymbols>();
  private readonly texts = new Map<string, string>();
  private readonly resolver: Resolver;
  private readonly store: SummaryStore;
  private readonly vendored: VendoredPackages;
  /** Files kept out of the analysis (`AnalysisPlan.skipped`): no module resolves to them. */
  private readonly skipped = new Set<string>();
  /** Those of them that are test code or migrations nothing else imports. */
  private readonly unimported = new Map<string, UnimportedKind>();
  private readonly builder: FindingBuilder;
  private packageRoots: string[] | undefined;
  /** Package names of the tree's package.json files (`null`: more than one has the name). */
  private packagesByName: Map<string, string | null> | undefined;
  private importRoots: readonly string[] = [];
  private cache: { roots: Root[]; findings: Finding[]; testFindings: Finding[] } | undefined;
  /** The handlers of the results being computed, and the functions startup code runs without entering them (`startup.ts`), made when first asked. */
  private startup: { handlers: ReadonlySet<string>; functions?: Set<string> } = { handlers: new Set() };
  /**
   * The last startup set made here, with what following it read: it holds
   * while none of that changes (saleor: 8 ms an edit), and, once something it
   * read changed (`unsure`), while each member's calls still lead to the same
   * functions (`startupHolds`: outline's edits made it again, 9 ms of each).
   */
  private keptStartup: { handlers: ReadonlySet<string>; functions: Set<string>; files: Set<string>; members: Map<string, StartupMember>; unsure?: boolean } | undefined;
  /** What startup code ran at the last compute, when some finding asked: kept findings hold only while it stays the same. */
  private lastStartup: ReadonlySet<string> | undefined;
  private readonly rootFindings = new RootFindings();
  /** Each root's findings list as shown (`shownOf`), by list. */
  private readonly shown = new WeakMap<readonly Finding[], ShownFindings>();
  /** The handlers of the last roots asked for, sorted, and by file once asked. */
  private reports: { roots: Root[]; all: HandlerReport[]; byFile?: Map<string, HandlerReport[]> } | undefined;
  private readonly handlerOrder = new HandlerOrder();
  /** An editing engine's last compute: its roots and their shown findings, for the next compute to start from. */
  private lastRoots: { handlers: Root[]; handlerKeys: Set<string>; roots: Root[]; lists: RootLists } | undefined;
  /** An editing engine's files changed since the last compute, with their suppressions as they were then. */
  private readonly suppressionsBefore = new Map<string, Suppressions | undefined>();
  /** An editing engine's last deduplication of the shown findings, patched by the next compute (keptDedupe.ts). */
  private readonly keptDedupe: { production: KeptDedupe; test: KeptDedupe; last?: { findings: Finding[]; test: Finding[]; testFindings: Finding[] } } | undefined;
  /** Handler registrations resolved to their functions, kept between edits (roots.ts). */
  private readonly registrations = new RegistrationCache();
  /** Handlers the languages' project passes find across files, kept between edits (projectPasses.ts). */
  private readonly projectPasses = new ProjectPasses();
  private readonly testCodeByFile = new Map<string, boolean>();
  private readonly callers = new CallerIndexes((file, fn) => this.store.factsOf(file, fn), () => this.store.takeChangedOwners());
  /** Class layout per file: when it changes, inheritance and overrides are worked out again. */
  private readonly layouts = new Map<string, string>();
  /** Line starts of the files whose call sites a finding named, with the text they were taken of. */
  private readonly lineIndexes = new Map<string, { text: string; index: LineIndex }>();
  /** Where encoded models' bytes sit while this index holds them (byteSlabs.ts). */
  private readonly slabs = { bodies: new ByteSlabs(), heads: new ByteSlabs() };
  private hierarchy: ClassHierarchy | undefined;
  /** Construction sites by callee name, each name's found on first use and dropped when a file's sites of it change. */
  private readonly constructions = new Map<string, Array<{ file: string; site: ConstructionSite }>>();
  /** What each file's top-level code loads, itself or through the modules it loads there (`inModuleCache`), made when asked. */
  private readonly topLevelLoads = new Map<string, Set<string>>();
  /** The `loadedKey`s findings read: dropped when some file's top-level loads change. */
  private readonly loadedKeysRead = new Set<string>();
  private overrides: Overrides | undefined;
  /** Config files as `readConfig` read them since the last change (read again after any edit, as before). */
  private configTexts = new Map<string, string | undefined>();
  /** Config files read through `readConfig`, with their digests (for the findings cache). */
  private readonly configReads = new Map<string, string>();
  /** Digests of read keys for the findings cache, taken once per compute. */
  private readDigests = new Map<string, string>();
  refiner: ContextRefiner | undefined;
  parses = 0;
  /** Edits outside every body that only moved what the model holds (`positionOnlyEdit`). */
  positionOnlyEdits = 0;

  get rootsBuilt(): number {
    return this.rootFindings.built;
  }

  get projectPassRuns(): number {
    return this.projectPasses.runs;
  }

  get registrationsResolved(): number {
    return this.registrations.resolved;
  }

  /** Files whose caller sites the caller index made (tests read this). */
  get callerFilesBuilt(): number {
    return this.callers.filesBuilt;
  }

  get registrationsVisited(): number {
    return this.registrations.visited;
  }

  constructor(private readonly options: IndexOptions) {
    this.refiner = options.refiner;
    this.keptDedupe = options.editing ? { production: new KeptDedupe(), test: new KeptDedupe() } : undefined;
    this.vendored = new VendoredPackages(options.rules.libraryRoots('python'));
    this.resolver = new Resolver({
      symbols: (file) => this.symbols.get(file),
      languageOf: (file) => this.languageFor(file),
      host: this,
      inherited: (file, cls, method) => this.classHierarchy().inheritedMethod(file, cls, method),
      constructions: (name) => this.constructionsNamed(name),
      functionReads: options.editing ?? false,
    });
    const languageOf = (file: string): LanguageId | undefined => this.models.get(file)?.language;
    this.store = new SummaryStore(
      this.resolver,
      options.rules,
      languageOf,
      new Set(options.disabledRules ?? []),
      options.maxDepth,
      options.interprocedural ?? true,
    );
    this.store.overrides = () => {
      this.classHierarchy();
      return this.overrides;
    };
    this.store.constantsOf = (file) => this.models.get(file)?.constants;
    this.store.confirmPattern = (file, pattern) => {
      const confirm = this.languageFor(file)?.confirmPattern;
      // Undefined from the language is "undecided", not "no opinion".
      return confirm ? confirm(pattern) : true;
    };
    this.builder = new FindingBuilder(this.store, {
      rules: options.rules,
      severity: options.severity,
      languageOf,
      refiner: () => this.refiner,
      runsAtStartup: (key) => this.startupSet().has(key),
      inModuleCache: (seeds, requiring, module) => this.inModuleCache(seeds, requiring, module),
      resolveModule: (spec, file) => this.resolver.resolveModule(spec, file),
      rangeOf: (file, span) => this.lineIndexOf(file).rangeOf(span),
    });
  }

  // --- ModuleHost -----------------------------------------------------------

  hasFile(absPath: string): boolean {
    return this.models.has(absPath) && !this.skipped.has(absPath);
  }

  /**
   * Scan roots, the folders deployment puts on `sys.path` (src layouts,
   * PYTHONPATH, `--chdir`) and the folder above each top-level Python
   * package, as `sys.path` would hold them. Each file searches the roots of
   * its own app first (see python/resolve.ts).
   */
  get roots(): readonly string[] {
    if (!this.packageRoots) {
      const roots = new Set([...this.options.roots, ...this.importRoots]);
      for (const file of this.models.keys()) {
        if (!file.endsWith('.py')) continue;
        let dir = path.dirname(file);
        while (this.models.has(path.join(dir, '__init__.py'))) dir = path.dirname(dir);
        roots.add(dir);
      }
      this.packageRoots = [...roots];
    }
    return this.packageRoots;
  }

  /** The folder of the one package.json named `name` above a project file (node_modules aside); undefined when none or several. */
  packageDir(name: string): string | undefined {
    if (!this.packagesByName) {
      const byName = new Map<string, string | null>();
      const seen = new Set<string>();
      for (const file of this.models.keys()) {
        for (let dir = path.dirname(file); !seen.has(dir); dir = path.dirname(dir)) {
          seen.add(dir);
          const named = dir.split(path.sep).includes('node_modules') ? undefined : packageName(this.readConfig(path.join(dir, 'package.json')));
          if (named !== undefined) byName.set(named, byName.has(named) ? null : dir);
          if (this.options.roots.includes(dir) || path.dirname(dir) === dir) break;
        }
      }
      this.packagesByName = byName;
    }
    return this.packagesByName.get(name) ?? undefined;
  }

  readConfig(absPath: string): string | undefined {
    // Resolution asks for the same few config files (mostly missing ones) once per module: logto, 18,710 reads of 3,506 paths.
    if (this.configTexts.has(absPath)) return this.configTexts.get(absPath);
    const text = readFromDisk(absPath);
    this.configTexts.set(absPath, text);
    // What resolution read decides findings too: the findings cache checks these files next time.
    if (this.options.findingsCache && !this.configReads.has(absPath)) this.configReads.set(absPath, textDigest(text));
    return text;
  }

  // --- files ------------------------------------------------------------------

  languageFor(file: string): LanguageSupport | undefined {
    const ext = path.extname(file).toLowerCase();
    return this.options.languages.find((l) => l.extensions.includes(ext));
  }

  /** How many files of `kind` were kept out as imported by nothing else (`AnalysisPlan.unimported`). */
  unimportedCount(kind: UnimportedKind): number {
    let n = 0;
    for (const k of this.unimported.values()) if (k === kind) n++;
    return n;
  }

  /** A migration (migrationCode.ts), judged below the scan root that holds `file`. */
  isMigration(file: string): boolean {
    return isMigration(file, this.rootFor(file));
  }

  /** Test, example or docs code, judged below the scan root that holds `file` (testCode.ts); a path's answer never changes. */
  isTestCode(file: string): boolean {
    let answer = this.testCodeByFile.get(file);
    if (answer === undefined) this.testCodeByFile.set(file, (answer = isTestCode(file, this.rootFor(file))));
    return answer;
  }

  /** A finding is test code when its call or the handler it is reached from is. */
  isTestFinding(finding: Finding): boolean {
    const start = finding.handler?.file ?? finding.chain[0]?.file;
    return this.isTestCode(finding.file) || (start !== undefined && this.isTestCode(start));
  }

  private rootFor(file: string): string {
    const containing = this.options.roots.filter((r) => isWithin(file, r));
    return containing.sort((a, b) => b.length - a.length)[0] ?? path.dirname(file);
  }

  /**
   * What adding `file` takes: a model ready without parsing (a skipped bundle,
   * a cached model), or the input for `language.analyze`, which the caller
   * may run here or in a worker thread. Undefined when no language handles it.
   * `unimported`: test code or a migration nothing imports, kept out (an empty model).
   */
  plan(file: string, text: string, keepWalk = false, unimported?: UnimportedKind): AnalysisPlan | undefined {
    const language = this.languageFor(file);
    if (!language) return undefined;
    const root = this.rootFor(file);
    const bundle = this.options.scanBundles ? undefined : bundleReason(file, text) ?? this.vendored.reason(file, root);
    if (bundle) return { language, model: emptyModel(file, language.id, `${BUNDLE_SKIP_PREFIX}${bundle}; ${BUNDLE_SKIP_HINT}`), skipped: true };
    if (unimported) {
      this.options.modelCache?.keep(language.id, { file, text, root });
      return { language, model: emptyModel(file, language.id), skipped: true, unimported };
    }
    const input = { file, text, root, ...(keepWalk ? { keepWalk } : {}) };
    const cached = this.options.modelCache?.get(language.id, input, () => language.analyze(input, this.options.rules));
    return cached ? { language, model: cached } : { language, input };
  }

  /** Adds or replaces one file. Returns false when no language handles it. */
  setFile(file: string, text: string, open = false): boolean {
    // An editor's open document: its analysis may keep what the next edit builds on (not every file a workspace load adds).
    const plan = this.plan(file, text, open && this.options.editing);
    if (!plan) return false;
    this.install(file, text, plan);
    return true;
  }

  /** Adds the file `plan` was made for, with `analyzed` as its model when it was analysed elsewhere (a worker thread). */
  install(file: string, text: string, plan: AnalysisPlan, analyzed?: EncodedModel): void {
    // Also what makes the model again should its body turn out unreadable (once placed in the cache's pack, it is read from there).
    const analyze = (): FileModel => {
      try {
        return plan.language.analyze(plan.input!, this.options.rules);
      } catch (error) {
        // A language binding should never throw; if it does, keep the file as an error entry.
        return emptyModel(file, plan.language.id, `analysis failed: ${(error as Error).message}`);
      }
    };
    if (analyzed) analyzed = inSlabs(analyzed, this.slabs);
    let model = plan.model ?? (analyzed && decodeModel(analyzed, analyze));
    if (!model) {
      model = analyze();
      // The cache encodes it anyway: kept encoded, with the body decoded on first read, the bodies no chain reaches stay bytes.
      if (this.options.modelCache) {
        try {
          analyzed = inSlabs(encodeModel(model), this.slabs);
          model = decodeModel(analyzed, analyze);
        } catch {
          // Not encodable: it stays whole, and the cache leaves it out when it saves, as before.
        }
      }
    }
    if (plan.input) {
      this.parses++;
      this.options.modelCache?.put(plan.language.id, plan.input, model, analyzed);
    }
    // A file that starts or stops being skipped changes what modules resolve to, like a new file.
    const isNew = !this.models.has(file) || this.skipped.has(file) !== !!plan.skipped;
    // An edit inside one function body of the text held here: what other functions' reads built may hold (readKeys.ts).
    const held = this.models.get(file);
    const heldText = this.texts.get(file);
    const edit = plan.language.editOf?.(model, held);
    let within = this.options.editing && edit && edit.file === file && heldText === edit.before ? edit : undefined;
    // How the edit moved positions, read once for both that ask (only when one does: most keystrokes are walked in one body).
    let readings: PositionShift[] | undefined;
    const shifts = this.options.editing && heldText !== undefined && heldText !== text ? () => (readings ??= positionShifts(heldText, text, plan.language.lineBreaks)) : undefined;
    // An edit outside every body that only moved things: what was built on the file moves, as after an edit in a body.
    if (shifts && !within && !isNew && held) {
      within = positionOnlyEdit(file, held, model, heldText!, shifts);
      if (within) this.positionOnlyEdits++;
    }
    if (plan.skipped) this.skipped.add(file);
    else this.skipped.delete(file);
    if (plan.unimported) this.unimported.set(file, plan.unimported);
    else this.unimported.delete(file);
    this.constructionsChanged(this.models.get(file), model);
    this.topLevelLoadsChanged(this.models.get(file), model);
    this.projectPasses.modelChanged(file, held, model, shifts);
    this.noteSuppressions(file);
    this.models.set(file, model);
    this.symbols.set(file, new FileSymbols(model));
    this.texts.set(file, text);
    this.changed(file, isNew || this.layoutChanged(file, model), within);
  }

  removeFile(file: string): void {
    this.noteSuppressions(file);
    this.constructionsChanged(this.models.get(file), undefined);
    this.topLevelLoadsChanged(this.models.get(file), undefined);
    this.skipped.delete(file);
    this.unimported.delete(file);
    if (!this.models.delete(file)) return;
    this.layouts.delete(file);
    this.lineIndexes.delete(file);
    this.symbols.delete(file);
    this.texts.delete(file);
    this.changed(file, true);
  }

  /**
   * Keeps the construction index in step with one file's model. Values read
   * off construction sites depend on every file's sites of that class name:
   * summaries that used a name whose sites changed start over.
   */
  private constructionsChanged(before: FileModel | undefined, after: FileModel | undefined): void {
    // A new or removed file resets every summary and this index anyway (`changed`); reading its sites would decode them.
    if (!before || !after) return;
    const old = sitesByName(before);
    const next = sitesByName(after);
    for (const name of new Set([...old.keys(), ...next.keys()])) {
      if (JSON.stringify(old.get(name)) === JSON.stringify(next.get(name))) continue;
      this.invalidate(constructionKey(name));
      this.constructions.delete(name);
    }
  }

  /**
   * Whether `module`, which `requiring` loads inside a function, is in Node's
   * module cache when a root of `seeds` runs that function: it is `requiring`
   * itself; it loads `requiring` at its top level (a circular import broken
   * lazily: it ran first); or the top-level code of one of `seeds` loads it,
   * itself or through the modules it loads at their top level
   * (`FileModel.startupImports`).
   */
  private inModuleCache(seeds: readonly string[], requiring: string, module: string): boolean {
    this.loadedKeysRead.add(loadedKey(seeds, requiring, module));
    if (module === requiring || this.loadsAtTopLevel(module).includes(requiring)) return true;
    return seeds.some((seed) => this.topLevelLoadsOf(seed).has(module));
  }

  /** The project files `file`'s top-level code loads. */
  private loadsAtTopLevel(file: string): string[] {
    return (this.models.get(file)?.startupImports ?? []).flatMap((spec) => this.resolver.resolveModule(spec, file) ?? []);
  }

  private topLevelLoadsOf(seed: string): Set<string> {
    let loads = this.topLevelLoads.get(seed);
    if (loads) return loads;
    loads = new Set();
    const queue = [seed];
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      for (const loaded of this.loadsAtTopLevel(file)) {
        if (loads.has(loaded)) continue;
        loads.add(loaded);
        queue.push(loaded);
      }
    }
    this.topLevelLoads.set(seed, loads);
    return loads;
  }

  /** A file's top-level loads changed (or the file came or went, which may change what a specifier names): the answers given go. */
  private topLevelLoadsChanged(before: FileModel | undefined, after: FileModel | undefined): void {
    if (before && after && sameList(before.startupImports, after.startupImports)) return;
    if (this.topLevelLoads.size === 0 && this.loadedKeysRead.size === 0) return;
    this.topLevelLoads.clear();
    for (const key of this.loadedKeysRead) this.invalidate(key);
    this.loadedKeysRead.clear();
  }

  private noteSuppressions(file: string): void {
    if (this.options.editing && !this.suppressionsBefore.has(file)) this.suppressionsBefore.set(file, this.models.get(file)?.suppressions);
  }

  private constructionsNamed(name: string): Array<{ file: string; site: ConstructionSite }> {
    let found = this.constructions.get(name);
    if (!found) {
      found = [];
      for (const [file, model] of this.models) {
        if (model.constructedNames && !model.constructedNames.includes(name)) continue;
        for (const site of model.constructions ?? []) if (siteName(site) === name) found.push({ file, site });
      }
      this.constructions.set(name, found);
    }
    return found;
  }

  /** True when the file's classes, bases or method names differ from before (its bodies may change freely). */
  private layoutChanged(file: string, model: FileModel): boolean {
    const layout = classLayoutOf(model);
    const before = this.layouts.get(file);
    this.layouts.set(file, layout);
    return before !== undefined && before !== layout;
  }

  /** Inheritance across the project, kept while the class layout stays the same. */
  private classHierarchy(): ClassHierarchy {
    if (!this.hierarchy) {
      const hierarchy = new ClassHierarchy(this.resolver, (file) => this.symbols.get(file), (file) => this.languageFor(file));
      this.hierarchy = hierarchy;
      this.overrides = new Overrides(hierarchy, () => this.models.values(), (file) => this.symbols.get(file));
    }
    return this.hierarchy;
  }

  /** What read `key` (a file or a construction key) is stale: summaries, and the findings built from them. */
  private invalidate(key: string): void {
    if (this.keptStartup?.files.has(key)) this.keptStartup.unsure = true;
    this.store.invalidate(key);
    this.rootFindings.invalidate(key);
    this.registrations.invalidate(key);
    this.projectPasses.invalidate(key);
  }

  private lineIndexOf(file: string): LineIndex {
    return this.linesOf(file, this.texts.get(file) ?? '');
  }

  /** `text`'s line starts: the kept ones when they are of that text (the text before an edit), else taken and kept. */
  private linesOf(file: string, text: string): LineIndex {
    const kept = this.lineIndexes.get(file);
    if (kept?.text === text) return kept.index;
    const index = lineIndexOf(text, this.languageFor(file)?.lineBreaks ?? ['\n']);
    this.lineIndexes.set(file, { text, index });
    return index;
  }

  private changed(file: string, fileSetChanged: boolean, within?: FunctionEdit): void {
    this.cache = undefined;
    this.configTexts = new Map();
    this.callers.markStale();
    this.resolver.forgetValues();
    if (fileSetChanged) {
      this.hierarchy = undefined;
      this.registrations.clear();
      this.projectPasses.clear();
      this.packageRoots = undefined;
      this.packagesByName = undefined;
      this.resolver.clearModuleCache();
      this.store.clear();
      this.rootFindings.clear();
      this.constructions.clear();
      this.keptStartup = undefined;
    } else if (within) {
      if (this.keptStartup && !readsUnedited(this.keptStartup.files, within)) this.keptStartup.unsure = true;
      this.store.afterEdit(within);
      // The line starts of the text before the edit are usually kept: the findings after the last edit needed them.
      const lines = lineMove(within, this.linesOf(file, within.before), this.lineIndexOf(file));
      this.rootFindings.afterEdit(within, lines && findingMove(within, lines));
      this.registrations.afterEdit(within, lines);
    } else {
      this.invalidate(file);
    }
  }

  /** Folders the deployment puts on `sys.path`; resolution starts over when they change. */
  setImportRoots(roots: readonly string[]): void {
    const next = [...new Set(roots)].sort();
    if (next.join('\0') === [...this.importRoots].join('\0')) return;
    this.importRoots = next;
    this.changed('', true);
  }

  /** Call after changing deployment facts or options that affect every root. */
  resetResults(): void {
    this.cache = undefined;
    // A deployment rediscovery follows any change on disk, config files included.
    this.configTexts = new Map();
    this.rootFindings.clear();
    this.registrations.forgetRoots();
    this.projectPasses.clear();
    this.keptStartup = undefined;
  }

  fileModel(file: string): FileModel | undefined {
    return this.models.get(file);
  }

  text(file: string): string | undefined {
    return this.texts.get(file);
  }

  files(): string[] {
    return [...this.models.keys()];
  }

  // --- results ------------------------------------------------------------------

  private compute(): { roots: Root[]; findings: Finding[]; testFindings: Finding[] } {
    if (this.cache) return this.cache;
    const hierarchy = this.classHierarchy();
    // By the model's language: a file's extension costs a string each, and a compute may go through every model.
    const inherited = (model: FileModel) => inheritedClassHandlers(model, hierarchy, this.options.languages.find((l) => l.id === model.language));
    const project = this.projectPasses.handlers((reads) => this.projectHandlers(reads));
    const changed = this.options.editing ? new Map([...this.suppressionsBefore.keys()].map((file) => [file, this.models.get(file)])) : undefined;
    const handlers = handlerRoots(this.models.values(), this.resolver, hierarchy, inherited, this.refiner, project, this.registrations, changed);
    const last = this.lastRoots;
    // An edit that moved registrations (the functions after it in its file) replaced their roots in place, with the same keys.
    const replaced = last && last.handlers !== handlers ? this.registrations.replacedIn(last.handlers, handlers) : undefined;
    if (replaced) for (const at of replaced) this.markTestHandler(handlers[at]);
    // The registrations' roots are those of the last compute (an edit that touched none of them), or keyed as those: marked and keyed then.
    const handlerKeys = last && (last.handlers === handlers || replaced) ? last.handlerKeys : this.keyHandlers(handlers);
    this.startup = { handlers: handlerKeys };
    const scoped = scopeRoots(this.models.values(), this.options.scope, handlerKeys);
    const roots = last?.handlers === handlers && scoped.length === 0 ? last.roots : [...handlers, ...scoped];
    this.openFindingsCache();
    // What startup code runs decides first-call-only findings anywhere: when it changed, no kept finding holds.
    if (this.lastStartup && !sameMembers(this.startupSet(), this.lastStartup)) this.rootFindings.clear();
    const inPlace = replaced && scoped.length === 0 && last!.roots.length === last!.handlers.length;
    const lists = this.rootLists(roots, last && (last.roots === roots || inPlace) ? { roots: last.roots, lists: last.lists, replaced } : undefined);
    this.lastStartup = this.startup.functions;
    this.cache = { roots, ...this.deduplicated(lists) };
    if (this.options.editing) this.lastRoots = { handlers, handlerKeys, roots, lists };
    this.suppressionsBefore.clear();
    return this.cache;
  }

  private keyHandlers(handlers: Root[]): Set<string> {
    for (const root of handlers) this.markTestHandler(root);
    return new Set(handlers.map((r) => this.rootKey(r)));
  }

  /** A test file's class served by an inherited production method is test code too: it is where the handler is declared. */
  private markTestHandler(root: Root): void {
    if (!this.options.includeTests && root.handler && (this.isTestCode(root.file) || this.isTestCode(root.handler.file))) root.handler.testCode = true;
  }

  /**
   * Each root's shown findings. When the roots are the last compute's, only
   * those whose findings an edit dropped or moved are asked again, and the
   * others keep their lists: in a 10,000-file workspace, asking each of
   * 17,710 roots was most of a keystroke.
   */
  private rootLists(roots: Root[], last: { roots: Root[]; lists: RootLists; replaced?: readonly number[] } | undefined): RootLists {
    const changed = this.rootFindings.takeChanged();
    if (last && changed && this.suppressionsHold()) {
      const kept = last.lists;
      const asked = new Set(last.replaced);
      // A replaced root's findings key is almost always the one it replaces; when not, the positions are found again.
      let positions = last.replaced?.some((at) => this.rootFindings.keyOf(roots[at]) !== this.rootFindings.keyOf(last.roots[at])) ? undefined : kept.positions;
      if (changed.size > 0) positions ??= groupBy(roots.keys(), (at) => this.rootFindings.keyOf(roots[at]));
      for (const key of changed) for (const at of positions!.get(key) ?? []) asked.add(at);
      const lists = { production: kept.production.slice(), test: kept.test.slice(), asked: { production: kept.production, test: kept.test, at: [...asked] } };
      for (const at of asked) {
        const shown = this.shownOf(this.findingsOfRoot(roots[at]));
        lists.production[at] = shown.production;
        lists.test[at] = shown.test;
      }
      return { ...lists, positions };
    }
    this.rootFindings.begin();
    const shown = roots.map((root) => this.shownOf(this.findingsOfRoot(root)));
    this.rootFindings.end();
    return { production: shown.map((l) => l.production), test: shown.map((l) => l.test) };
  }

  private findingsOfRoot(root: Root): Finding[] {
    return this.rootFindings.findingsOf(root, (files) => this.builder.findingsFor(root, files));
  }

  /** Whether the files changed since the last compute suppress on the same lines as then: the kept lists' findings are shown as they were. */
  private suppressionsHold(): boolean {
    for (const [file, before] of this.suppressionsBefore) if (!dequal(before, this.models.get(file)?.suppressions)) return false;
    return true;
  }

  /**
   * A root's findings without those suppressed where they are, and apart,
   * its production and its test ones: kept by list (a root whose findings
   * hold gives the same list) while the suppressions of their files stay.
   */
  private shownOf(findings: Finding[]): ShownFindings {
    if (findings.length === 0) return NO_FINDINGS;
    const kept = this.shown.get(findings);
    if (kept?.checked.every(([file, suppressions]) => this.models.get(file)?.suppressions === suppressions)) return kept;
    const all = findings.filter((f) => !isSuppressed(this.models.get(f.file), f, this.options.rules.get(f.rule)?.peerCodes));
    // A scan computes once: nothing to check again.
    const checked = this.options.editing ? [...new Set(findings.map((f) => f.file))].map((file) => [file, this.models.get(file)?.suppressions] as const) : [];
    const shown = this.options.includeTests
      ? { production: all, test: [], checked }
      : { production: all.filter((f) => !this.isTestFinding(f)), test: all.filter((f) => this.isTestFinding(f)), checked };
    if (this.options.editing) this.shown.set(findings, shown);
    return shown;
  }

  /**
   * One finding per call and rule (`dedupeFindings`): production ones, and
   * apart those only test code reaches. An editing engine keeps the last
   * deduplication and patches it with the roots whose findings changed.
   */
  private deduplicated(lists: RootLists): { findings: Finding[]; testFindings: Finding[] } {
    const kept = this.keptDedupe;
    if (!kept) {
      // A call reached from a production handler and a test one is production.
      const findings = dedupeFindings(lists.production.flat());
      const shown = new Set(findings.map(findingKey));
      return { findings, testFindings: dedupeFindings(lists.test.flat().filter((f) => !shown.has(findingKey(f)))) };
    }
    const asked = lists.asked;
    const findings = kept.production.update(lists.production, asked && { from: asked.production, at: asked.at });
    const test = kept.test.update(lists.test, asked && { from: asked.test, at: asked.at });
    if (kept.last?.findings !== findings || kept.last.test !== test) {
      kept.last = { findings, test, testFindings: test.filter((f) => !kept.production.has(findingKey(f))) };
    }
    return { findings, testFindings: kept.last.testFindings };
  }

  /** Each root's function key, made once: a kept registration's roots are the same objects from one compute to the next. */
  private readonly rootKeys = new WeakMap<Root, string>();

  private rootKey(root: Root): string {
    let key = this.rootKeys.get(root);
    if (key === undefined) this.rootKeys.set(root, (key = keyOf(root.file, root.fn)));
    return key;
  }

  /** Lets the findings cache give back stored roots whose reads are unchanged (none when the workspace's shape changed). */
  private openFindingsCache(): void {
    const cache = this.options.findingsCache;
    if (!cache) return;
    this.readDigests = new Map();
    const files = [...this.models.keys()].sort().map((file) => (this.skipped.has(file) ? `${file}\0skipped` : file));
    const layouts = new Map([...this.models].map(([file, model]) => [file, classLayoutOf(model)]));
    cache.begin({ files, layouts, importRoots: this.importRoots, configReads: this.configReads }, (key) => this.readDigest(key), (file) => textDigest(readFromDisk(file)));
    this.rootFindings.stored = cache;
  }

  /** What the read keys name now (readKeys.ts). */
  private readonly readSources: ReadSources = {
    text: (file) => this.texts.get(file),
    constructionsNamed: (name) => this.constructionsNamed(name),
    runsAtStartup: (fnKey) => this.startupSet().has(fnKey),
    inModuleCache: (seeds, requiring, module) => this.inModuleCache(seeds, requiring, module),
    cooperativeCall: (file, rule, call) => {
      const definition = this.options.rules.get(rule);
      return !!definition && !!this.refiner?.cooperativeCall?.(file, definition, call);
    },
  };

  private readDigest(key: string): string {
    let digest = this.readDigests.get(key);
    if (digest === undefined) this.readDigests.set(key, (digest = readDigest(key, this.readSources)));
    return digest;
  }

  /** Writes each root's findings of the last compute to the findings cache. */
  saveFindings(): boolean {
    // A finding left out because its check ran out of time may be decided next run.
    if (this.decidedByClock()) return false;
    return this.options.findingsCache?.save(this.rootFindings.kept()) ?? false;
  }

  /** Whether some result depends on a check that could not be decided in the time given (a regex's): not to be kept on disk. */
  decidedByClock(): boolean {
    return this.store.undecidedPatterns > 0;
  }

  /**
   * A workspace load is over (the language server's worker): its models and
   * findings go to the caches on disk, and from now on neither cache is read
   * or filled (encoding an edited file's model would only slow the keystroke path).
   */
  saveCaches(): void {
    this.options.modelCache?.save();
    this.options.modelCache?.release();
    if (this.options.findingsCache) {
      this.compute();
      this.saveFindings();
    }
    this.options.modelCache = undefined;
    this.options.findingsCache = undefined;
    this.rootFindings.stored = undefined;
  }

  private startupSet(): Set<string> {
    if (this.startup.functions) return this.startup.functions;
    const cache = this.options.findingsCache;
    const stored = cache?.storedStartup(this.startup.handlers);
    if (stored) return (this.startup.functions = stored);
    const kept = this.keptStartup;
    if (kept && sameMembers(kept.handlers, this.startup.handlers) && (!kept.unsure || this.startupHolds(kept))) return (this.startup.functions = kept.functions);
    const { functions, files, members } = startupFunctions({
      models: this.models.values(),
      store: this.store,
      handlers: this.startup.handlers,
      isTestCode: (file) => this.isTestCode(file),
      maxDepth: this.options.maxDepth,
    });
    cache?.noteStartup(this.startup.handlers, functions, files);
    this.keptStartup = { handlers: this.startup.handlers, functions, files, members };
    return (this.startup.functions = functions);
  }

  /**
   * Whether the kept startup set is still what following startup gives: each
   * member's facts are the ones it was followed through, or lead on to the
   * same functions (then they are the ones from now on). Startup starts from
   * every file's module code, members all: a new path needs a member's calls
   * to change, and a new file changes the file set, which drops the set.
   */
  private startupHolds(kept: NonNullable<WorkspaceIndex['keptStartup']>): boolean {
    for (const member of kept.members.values()) {
      const model = this.models.get(member.file);
      const symbols = this.symbols.get(member.file);
      // By name: a name two functions share could be either of them.
      const fn = model && (model.moduleCode.name === member.name ? model.moduleCode : symbols?.unique(member.name) ? symbols.function(member.name) : undefined);
      if (!fn) return false;
      const facts = this.store.factsOf(member.file, fn);
      if (facts === member.facts) continue;
      if (startupEdges(facts) !== member.edges) return false;
      member.facts = facts;
      for (const file of facts.files) kept.files.add(file);
    }
    kept.unsure = false;
    return true;
  }

  /** Handlers each language finds across files (a router passed into another module), by file; `reads` collects the files whose names they resolved. */
  private projectHandlers(reads: Set<string>): Map<string, HandlerInfo[]> {
    const into = new Map<string, HandlerInfo[]>();
    const lookup: ProjectLookup = {
      functionsOf: (file, target) => {
        const resolved = this.resolver.resolveCall(file, target, reads);
        return resolved.kind === 'functions' ? resolved.targets.map((t) => ({ file: t.file, name: t.fn.name })) : [];
      },
      resolveModule: (spec, fromFile) => this.resolver.resolveModule(spec, fromFile),
      externalBasesOf: (file, type) => {
        reads.add(file);
        const base = this.classHierarchy().baseClass(file, type);
        if (base === undefined) return new Set();
        return typeof base === 'string' ? new Set([base]) : this.classHierarchy().externalAncestors(base.file, base.cls);
      },
      variableOf: (file, name) => {
        const touched = new Set<string>();
        const at = this.resolver.resolveAssignment(file, name, touched);
        // Assigned where it is asked, the answer is the name itself: only an import (the exports the passes compare) changes it.
        if (at?.file !== file || at.name !== name) for (const key of touched) reads.add(key);
        return at;
      },
      libraryValuesOf: (file, ref, path) => this.resolver.values.evaluateRef(file, ref, path, reads).flatMap((value) => (value.kind === 'ext' ? [value.name] : [])),
    };
    for (const language of this.options.languages) {
      for (const [file, found] of language.projectHandlers?.(this.models.values(), lookup) ?? []) {
        into.set(file, [...(into.get(file) ?? []), ...found]);
      }
    }
    return into;
  }

  findings(): Finding[] {
    return this.compute().findings;
  }

  /** Findings only test, example or docs code reaches; empty with `includeTests`. */
  testFindings(): Finding[] {
    return this.compute().testFindings;
  }

  /** Every handler, by file and line: made once per set of roots (a keystroke that kept the roots keeps it). */
  handlers(): HandlerReport[] {
    return this.handlerReports().all;
  }

  /** The handlers declared in `file`. */
  handlersIn(file: string): HandlerReport[] {
    const reports = this.handlerReports();
    reports.byFile ??= groupBy(reports.all, (h) => h.file);
    return reports.byFile.get(file) ?? [];
  }

  private handlerReports(): NonNullable<WorkspaceIndex['reports']> {
    const { roots } = this.compute();
    if (this.reports?.roots !== roots) {
      const all = this.handlerOrder.sorted(roots.map((r) => r.handler));
      this.reports = { roots, all };
    }
    return this.reports;
  }

  /** Call sites in the project that reach `name` defined in `file` (for fixes that change its signature). */
  callersOf(file: string, name: string): CallerSite[] {
    const language = this.models.get(file)?.language;
    return language ? this.callers.callersOf(language, this.models.values(), `${file}#${name}`) : [];
  }

  /**
   * What the call at `span` in `file` resolves to, as the call graph sees it;
   * undefined when the analyzer recorded no call there.
   */
  resolvedCallAt(file: string, span: { start: number; end: number }): ResolvedTarget | undefined {
    const model = this.models.get(file);
    if (!model) return undefined;
    for (const fn of [...model.functions, model.moduleCode]) {
      const site = fn.calls.find((c) => c.span.start === span.start && c.span.end === span.end);
      if (site) return this.resolver.resolveCall(file, site.target, new Set());
    }
    return undefined;
  }

  errors(): AnalysisError[] {
    return [...this.models.values()].flatMap((m) => m.errors);
  }
}

export function emptyModel(file: string, language: LanguageId, error?: string): FileModel {
  const range = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return {
    file,
    language,
    functions: [],
    moduleCode: { name: '<module>', isAsync: false, range, span: { start: 0, end: 0 }, nameRange: range, calls: [], patterns: [] },
    handlers: [],
    exports: new Map(),
    suppressions: new Map(),
    errors: error ? [{ file, message: error }] : [],
  };
}

/** A model's construction sites by callee name. */
function sitesByName(model: FileModel): Map<string, ConstructionSite[]> {
  const sites = new Map<string, ConstructionSite[]>();
  for (const site of model.constructions ?? []) {
    const name = siteName(site);
    const list = sites.get(name);
    if (list) list.push(site);
    else sites.set(name, [site]);
  }
  return sites;
}

function sameMembers(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const key of a) if (!b.has(key)) return false;
  return true;
}

/** The `name` of a package.json's text, if it has one. */
function packageName(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const name = (JSON.parse(text) as { name?: unknown }).name;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Two optional lists with the same items in the same order. */
function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return (a?.length ?? 0) === 0 && (b?.length ?? 0) === 0;
  return a.every((item, i) => item === b[i]);
}
