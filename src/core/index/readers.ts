import { isFunctionReadKey } from './readKeys';

/** One cache `Readers.sweep` goes through, and what an entry that holds becomes. */
export interface Sweep<K> {
  cache: Map<K, { files: ReadonlySet<string> }>;
  next(value: { files: ReadonlySet<string> }, entry: K): { files: ReadonlySet<string> } | undefined;
  /** Told of each entry `next` dropped or replaced, with the value it had (what the cache's owner keeps track of). */
  changed?(entry: K, value: { files: ReadonlySet<string> }): void;
}

/**
 * Which cached entries read each file (or construction key), so that an edit
 * drops what read the edited file without a pass over every entry. The
 * summaries, each root's findings and the resolved handler registrations all
 * keep one.
 */
export class Readers<K> {
  private readonly byFile = new Map<string, Set<K>>();

  note(entry: K, files: Iterable<string>): void {
    for (const file of files) {
      // A function read is checked on its entry when its file changes (readKeys.ts), never looked up by itself.
      if (isFunctionReadKey(file)) continue;
      let entries = this.byFile.get(file);
      if (!entries) this.byFile.set(file, (entries = new Set()));
      entries.add(entry);
    }
  }

  /** `entry` is gone: it no longer reads `files`. */
  forget(entry: K, files: Iterable<string>): void {
    for (const file of files) {
      const entries = this.byFile.get(file);
      if (!entries?.delete(entry) || entries.size > 0) continue;
      this.byFile.delete(file);
    }
  }

  /**
   * Drops from `caches` the entries that still read `file` (noted as reading
   * it, and not computed again since without it), except those `holds` keeps.
   */
  drop(file: string, caches: Array<Map<K, { files: ReadonlySet<string> }> | Omit<Sweep<K>, 'next'>>, holds?: (reads: ReadonlySet<string>) => boolean): void {
    this.sweep(
      file,
      caches.map((cache) => ({ ...(cache instanceof Map ? { cache } : cache), next: (value: { files: ReadonlySet<string> }) => (holds?.(value.files) ? value : undefined) })),
    );
  }

  /**
   * Replaces, in each cache, each entry that still reads `file` by what its
   * `next` makes of it (the entry moved after an edit), or drops it when
   * `next` gives nothing.
   */
  sweep(file: string, caches: ReadonlyArray<Sweep<K>>): void {
    const entries = this.byFile.get(file);
    if (!entries) return;
    // In place (a Set may lose the entry being visited): an edit of a large file keeps most of what read it, moved. An
    // entry computed again since it was noted may read other files now: only those that still read `file` are asked.
    for (const entry of entries) {
      let kept = false;
      for (const { cache, next, changed } of caches) {
        const found = cache.get(entry);
        if (!found?.files.has(file)) continue;
        const moved = next(found, entry);
        if (moved !== found) changed?.(entry, found);
        if (moved) {
          cache.set(entry, moved);
          kept = true;
        } else {
          cache.delete(entry);
        }
      }
      if (!kept) entries.delete(entry);
    }
    if (entries.size === 0) this.byFile.delete(file);
  }

  clear(): void {
    this.byFile.clear();
  }
}
