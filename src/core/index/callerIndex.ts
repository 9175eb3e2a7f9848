import type { FileModel, FunctionInfo } from '../model';
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
