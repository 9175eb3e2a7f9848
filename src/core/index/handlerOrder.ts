import type { HandlerReport } from '../model';

interface Placed {
  /** The handler of each root, by the root's position (null: the root is no handler). */
  handlers: ReadonlyArray<HandlerReport | null>;
  /** Where each root's handler sits in `sorted`. */
  at: Int32Array;
  sorted: HandlerReport[];
}

/**
 * The roots' handlers in report order: by file (`localeCompare`), then line,
 * in the roots' order where those tie. The editor asks for them after every
 * keystroke (deployment findings read them), and sorting thousands of
 * handlers with a collation compare took a tenth of the keystroke. A
 * keystroke gives most roots their handler objects back and the rest new
 * ones in the same file and line: those take the old ones' places. Anything
 * else (a root added, a handler moved to another line) sorts again, files
 * ranked once and each handler put in its file's bucket.
 */
export class HandlerOrder {
  private ranks = new Map<string, number>();
  private last: Placed | undefined;

  /** `handlers`: one per root, in the roots' order, kept (not copied) until the next call. */
  sorted(handlers: ReadonlyArray<HandlerReport | null>): HandlerReport[] {
    return this.replaced(handlers) ?? this.sort(handlers);
  }

  private replaced(handlers: ReadonlyArray<HandlerReport | null>): HandlerReport[] | undefined {
    const last = this.last;
    if (!last || last.handlers.length !== handlers.length) return undefined;
    let sorted = last.sorted;
    for (let i = 0; i < handlers.length; i++) {
      const [now, before] = [handlers[i], last.handlers[i]];
      if (now === before) continue;
      if (!now || !before || now.file !== before.file || now.line !== before.line) return undefined;
      if (sorted === last.sorted) sorted = sorted.slice();
      sorted[last.at[i]] = now;
    }
    this.last = { handlers, at: last.at, sorted };
    return sorted;
  }

  private sort(handlers: ReadonlyArray<HandlerReport | null>): HandlerReport[] {
    if (handlers.some((h) => h && !this.ranks.has(h.file))) this.rank(handlers);
    const buckets: number[][] = [];
    handlers.forEach((h, i) => {
      if (h) (buckets[this.ranks.get(h.file)!] ??= []).push(i);
    });
    // flatMap skips the ranks of files without handlers now; sort is stable, as the single sort was.
    const order = buckets.flatMap((bucket) => (bucket.length > 1 ? bucket.sort((a, b) => handlers[a]!.line - handlers[b]!.line) : bucket));
    const at = new Int32Array(handlers.length).fill(-1);
    order.forEach((root, position) => (at[root] = position));
    const sorted = order.map((root) => handlers[root]!);
    this.last = { handlers, at, sorted };
    return sorted;
  }

  /** Files that collate equal share a rank, so their handlers interleave by line as one sort would have them. */
  private rank(handlers: ReadonlyArray<HandlerReport | null>): void {
    const files = [...new Set(handlers.flatMap((h) => (h ? [h.file] : [])))].sort((a, b) => a.localeCompare(b));
    this.ranks = new Map();
    let rank = -1;
    files.forEach((file, i) => {
      if (i === 0 || files[i - 1].localeCompare(file) !== 0) rank++;
      this.ranks.set(file, rank);
    });
  }
}

/** The order `HandlerOrder.sorted` gives, for lists it did not sort (a scan's languages merged): by file as collated, then line. */
export function compareHandlers(a: HandlerReport, b: HandlerReport): number {
  return (a.file === b.file ? 0 : a.file.localeCompare(b.file)) || a.line - b.line;
}
