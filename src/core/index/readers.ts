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
      let entries = this.byFile.get(file);
      if (!entries) this.byFile.set(file, (entries = new Set()));
      entries.add(entry);
    }
  }

  /**
   * The entries noted as reading `file`, forgotten here. An entry computed
   * again since may read other files now: the caller drops only those that
   * still read `file`.
   */
  take(file: string): Iterable<K> {
    const entries = this.byFile.get(file);
    this.byFile.delete(file);
    return entries ?? [];
  }

  /** Drops from `caches` the entries that still read `file` (noted as reading it, and not computed again since without it). */
  drop(file: string, ...caches: Array<Map<K, { files: ReadonlySet<string> }>>): void {
    for (const entry of this.take(file)) for (const cache of caches) if (cache.get(entry)?.files.has(file)) cache.delete(entry);
  }

  clear(): void {
    this.byFile.clear();
  }
}
