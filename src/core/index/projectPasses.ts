import { dequal } from 'dequal';
import type { FileModel, FunctionInfo, HandlerInfo, Range } from '../model';
import { compareMoved, movedIn, type PositionShift } from '../positionShift';

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
  modelChanged(file: string, before: FileModel | undefined, after: FileModel, shifts?: () => readonly PositionShift[]): void {
    if (!this.kept) return;
    if (!before || this.kept.reads.has(file) || before.language !== after.language) {
      this.kept = undefined;
      return;
    }
    if (!sameInputs(before, after)) this.kept = shifts && this.movedBy(file, projectInputs(before), projectInputs(after), shifts());
  }

  /** The kept result with `file`'s positions moved, when the edit only moved the file's inputs (`then` to `next`); else undefined. */
  private movedBy(file: string, then: ProjectInputs, next: ProjectInputs, shifts: readonly PositionShift[]): ProjectPasses['kept'] {
    const kept = this.kept!;
    // A function the edit renamed may be named in another file's result.
    if (then.functions.length !== next.functions.length || then.functions.some((fn, i) => fn.name !== next.functions[i].name)) return undefined;
    // As `positionOnlyEdit` reads an edit: the standard shift, or the one where text typed at a statement's end goes after it.
    const shift = shifts.find((s) => compareMoved(then, next, s) !== undefined);
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

/** Everything of a model a project pass reads without the resolver (the passes read nothing else of a model but its language). */
/** The fields of a model a project pass reads as they are; of its functions it reads their names and places. */
const MODEL_INPUTS = ['facts', 'handlers', 'exports', 'starExports'] as const;

type ProjectInputs = Pick<FileModel, (typeof MODEL_INPUTS)[number]> & { functions: Array<Pick<FunctionInfo, 'name' | 'range'>> };

/**
 * `projectInputs` of both models equal, without making them (a 5,000-line
 * file's 800 functions were copied twice on every keystroke); a function
 * the edit left as the same object compares by identity.
 */
function sameInputs(before: FileModel, after: FileModel): boolean {
  if (!MODEL_INPUTS.every((key) => dequal(before[key], after[key]))) return false;
  const [a, b] = [before.functions, after.functions];
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i] && (a[i].name !== b[i].name || !sameRange(a[i].range, b[i].range))) return false;
  }
  return true;
}

function sameRange(a: Range, b: Range): boolean {
  return a === b || (a.line === b.line && a.column === b.column && a.endLine === b.endLine && a.endColumn === b.endColumn);
}

function projectInputs(model: FileModel): ProjectInputs {
  const inputs = Object.fromEntries(MODEL_INPUTS.map((key) => [key, model[key]])) as Pick<FileModel, (typeof MODEL_INPUTS)[number]>;
  return { ...inputs, functions: model.functions.map((fn) => ({ name: fn.name, range: fn.range })) };
}
