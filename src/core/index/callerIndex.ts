import type { FileModel, FunctionInfo, LanguageId } from '../model';
import type { FunctionFacts } from './summaries';
import { keyOf } from './resolver';

/** A call site in the project that reaches a function (what fixes that change the function's signature must update). */
export interface CallerSite {
  file: string;
  caller: string;
  span: { start: number; end: number };
  awaited: boolean;
  /** Set when the caller runs it without calling it by name (a callback, a property read, an operator). */
  edge?: string;
}

/** One file's caller sites, by the key (`file#name`) of the function they reach, in the order of its functions and calls. */
type FileCallers = Map<string, CallerSite[]>;

/**
 * Reverse call edges of the whole project, kept between edits: after an
 * edit only the files whose model is new, or whose functions' facts were
 * made, moved or dropped since (`SummaryStore.takeChangedOwners`), are gone
 * through again. Built whole, it went through every function of the
 * workspace on the first code action after each keystroke (a 3,000-file
 * tree: 50 ms). A callee's sites come in the files' order, then their
 * functions' and calls' order, as building it whole gives them.
 */
export class CallerIndex {
  private readonly byFile = new Map<string, { model: FileModel; callers: FileCallers }>();
  private readonly byCallee = new Map<string, Map<string, CallerSite[]>>();
  private order = new Map<string, number>();
  /** Files whose caller sites were made (tests read this). */
  filesBuilt = 0;

  constructor(private readonly factsOf: (file: string, fn: FunctionInfo) => FunctionFacts) {}

  /** Brings the index up to `models`; `changed`: the files whose facts changed since the last call, undefined for all. */
  update(models: Iterable<FileModel>, changed: ReadonlySet<string> | undefined): void {
    const order = new Map<string, number>();
    for (const model of models) {
      order.set(model.file, order.size);
      const kept = this.byFile.get(model.file);
      if (kept?.model === model && changed && !changed.has(model.file)) continue;
      if (kept) this.remove(model.file, kept.callers);
      this.add(model);
    }
    for (const [file, { callers }] of this.byFile) if (!order.has(file)) this.remove(file, callers);
    this.order = order;
  }

  callersOf(key: string): CallerSite[] {
    const byFile = this.byCallee.get(key);
    if (!byFile) return [];
    if (byFile.size === 1) return [...byFile.values()][0];
    return [...byFile].sort((a, b) => this.order.get(a[0])! - this.order.get(b[0])!).flatMap(([, sites]) => sites);
  }

  private add(model: FileModel): void {
    this.filesBuilt++;
    const callers: FileCallers = new Map();
    for (const fn of [...model.functions, model.moduleCode]) {
      for (const edge of this.factsOf(model.file, fn).edges) {
        const site: CallerSite = { file: model.file, caller: fn.name, span: edge.site.span, awaited: edge.site.awaited === true, ...(edge.site.edge ? { edge: edge.site.edge.label } : {}) };
        for (const key of new Set(edge.targets.map((t) => keyOf(t.file, t.fn)))) {
          const list = callers.get(key);
          if (list) list.push(site);
          else callers.set(key, [site]);
        }
      }
    }
    this.byFile.set(model.file, { model, callers });
    for (const [key, sites] of callers) {
      let byFile = this.byCallee.get(key);
      if (!byFile) this.byCallee.set(key, (byFile = new Map()));
      byFile.set(model.file, sites);
    }
  }

  private remove(file: string, callers: FileCallers): void {
    this.byFile.delete(file);
    for (const key of callers.keys()) {
      const byFile = this.byCallee.get(key);
      byFile?.delete(file);
      if (byFile?.size === 0) this.byCallee.delete(key);
    }
  }
}

/** A language's index and what changed since it was brought up to date. */
interface LanguageCallers {
  index: CallerIndex;
  /** The files whose facts changed since (undefined: every file's may have). */
  pending: Set<string> | undefined;
  /** A file changed since. */
  stale: boolean;
}

/**
 * One caller index per language, since no call crosses languages: the first
 * fix planned in a TypeScript file goes through the project's JS/TS
 * functions only, not a large Python app's (all of netbox loaded, a
 * 5,000-line TypeScript file beside it: 1,641 → 91 ms).
 */
export class CallerIndexes {
  private readonly byLanguage = new Map<LanguageId, LanguageCallers>();

  constructor(
    private readonly factsOf: (file: string, fn: FunctionInfo) => FunctionFacts,
    /** The files whose facts changed since the last call (`SummaryStore.takeChangedOwners`). */
    private readonly takeChanged: () => ReadonlySet<string> | undefined,
  ) {}

  /** Files whose caller sites were made, over every language (tests read this). */
  get filesBuilt(): number {
    let built = 0;
    for (const { index } of this.byLanguage.values()) built += index.filesBuilt;
    return built;
  }

  /** A file changed: each index goes through the models again before it answers. */
  markStale(): void {
    for (const callers of this.byLanguage.values()) callers.stale = true;
  }

  /** The call sites that reach `key` (`file#name`), from `models` of `language`. */
  callersOf(language: LanguageId, models: Iterable<FileModel>, key: string): CallerSite[] {
    this.note(this.takeChanged());
    let callers = this.byLanguage.get(language);
    if (!callers) this.byLanguage.set(language, (callers = { index: new CallerIndex(this.factsOf), pending: undefined, stale: true }));
    // A fix's plan asks for the callers of each function it makes async: the index goes through the files only after a change.
    if (callers.stale || !callers.pending || callers.pending.size > 0) {
      callers.index.update(ofLanguage(models, language), callers.pending);
      // What the update itself made facts for is in this index already.
      this.note(this.takeChanged(), callers);
      callers.pending = new Set();
      callers.stale = false;
    }
    return callers.index.callersOf(key);
  }

  private note(changed: ReadonlySet<string> | undefined, except?: LanguageCallers): void {
    for (const callers of this.byLanguage.values()) {
      if (callers === except) continue;
      if (!changed) callers.pending = undefined;
      else if (callers.pending) for (const file of changed) callers.pending.add(file);
    }
  }
}

function* ofLanguage(models: Iterable<FileModel>, language: LanguageId): Iterable<FileModel> {
  for (const model of models) if (model.language === language) yield model;
}
