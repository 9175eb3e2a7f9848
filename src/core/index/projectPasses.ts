import { dequal } from 'dequal';
import type { FileModel, HandlerInfo } from '../model';
import { compareMoved, movedIn, positionShift } from '../positionShift';

/** The texts of one file's edit, to tell whether the new model only moved (a line added above everything a pass reads). */
export interface EditedText {
  before: string;
  after: string;
  lineBreaks: readonly string[];
}

/**
 * What the languages' project passes found (handlers joined across files: a
 * URLconf's include prefixes, a router mounted in another module), with every
 * key they read through the resolver, kept while no change touches what they
 * read. Without it each edit ran every pass over every model again (saleor:
 * about 4 ms of each edit).
 */
export class ProjectPasses {
  private kept: { handlers: ReadonlyMap<string, HandlerInfo[]>; reads: ReadonlySet<string> } | undefined;
  private ran = 0;

  /** How often the passes ran (not kept from before). */
  get runs(): number {
    return this.ran;
  }

  /** The kept result, or what `run` finds, noting in `reads` every file (or read key) it consulted. */
  handlers(run: (reads: Set<string>) => Map<string, HandlerInfo[]>): ReadonlyMap<string, HandlerInfo[]> {
    if (!this.kept) {
      const reads = new Set<string>();
      this.ran++;
      this.kept = { handlers: run(reads), reads };
    }
    return this.kept.handlers;
  }

  /**
   * One file's model is replaced: the kept result goes when a pass resolved a
   * name through the file, or when the file's own part of a pass's input (its
   * facts, handlers, exports, functions' places) changed in more than where
   * the edit moved it. Moved only (Enter above a class in netbox's views,
   * whose URLconfs' passes take 150 ms): the result's positions in the file
   * move with it.
   */
  modelChanged(file: string, before: FileModel | undefined, after: FileModel, edited?: EditedText): void {
    if (!this.kept) return;
    if (!before || this.kept.reads.has(file)) this.kept = undefined;
    else if (!sameProjectInputs(before, after)) this.kept = edited && this.movedBy(file, before, after, edited);
  }

  /** The kept result with `file`'s positions moved, when the edit only moved the file's inputs; else undefined. */
  private movedBy(file: string, before: FileModel, after: FileModel, { before: old, after: now, lineBreaks }: EditedText): ProjectPasses['kept'] {
    const kept = this.kept!;
    if (before.language !== after.language || before.functions.length !== after.functions.length) return undefined;
    // A function whose name holds its line (JS/TS `<handler:L12>`) renamed by the edit may be named in another file's result.
    if (before.functions.some((fn, i) => fn.name !== after.functions[i].name)) return undefined;
    const [then, next] = [projectInputs(before), projectInputs(after)];
    // As `positionOnlyEdit` reads an edit: the standard shift, or the one where text typed at a statement's end goes after it.
    const shift = [false, true].map((endsStay) => positionShift(old, now, lineBreaks, endsStay)).find((s) => compareMoved(then, next, s) !== undefined);
    if (!shift) return undefined;
    let handlers: Map<string, HandlerInfo[]> | undefined;
    for (const [owner, list] of kept.handlers) {
      const moved = movedIn(list, file, shift, owner);
      if (moved !== list) (handlers ??= new Map(kept.handlers)).set(owner, moved);
    }
    return handlers ? { handlers, reads: kept.reads } : kept;
  }

  /** `key` (a file, or a construction key) changed. */
  invalidate(key: string): void {
    if (this.kept?.reads.has(key)) this.kept = undefined;
  }

  clear(): void {
    this.kept = undefined;
  }
}

/**
 * Everything of a model a project pass reads without the resolver (the passes
 * read nothing else of a model). Asked on every edit: `dequal` compares the
 * 5,000-line file's facts, handlers and exports in about a third of
 * `util.isDeepStrictEqual`'s time.
 */
function sameProjectInputs(a: FileModel, b: FileModel): boolean {
  return (
    a.language === b.language &&
    dequal(a.facts, b.facts) &&
    dequal(a.handlers, b.handlers) &&
    dequal(a.exports, b.exports) &&
    dequal(a.starExports, b.starExports) &&
    a.functions.length === b.functions.length &&
    a.functions.every((fn, i) => fn.name === b.functions[i].name && dequal(fn.range, b.functions[i].range))
  );
}

/** The same inputs as one value, for comparing them moved. */
function projectInputs(model: FileModel): unknown {
  return {
    facts: model.facts,
    handlers: model.handlers,
    exports: model.exports,
    starExports: model.starExports,
    functions: model.functions.map((fn) => ({ name: fn.name, range: fn.range })),
  };
}
