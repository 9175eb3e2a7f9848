/**
 * What a language keeps of the documents an editor analysed last (their
 * trees, walks, models), for the next edit of each to start from: at most
 * `limit` documents, the one set last counting as the newest; past the
 * limit the oldest go, through `drop` (a tree in WASM memory must be freed).
 */
export class LatestDocuments<V> {
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly limit: number,
    private readonly drop: (value: V, file: string) => void = () => undefined,
  ) {}

  get(file: string): V | undefined {
    return this.entries.get(file);
  }

  /** The file's entry, no longer kept here (the caller keeps or frees it). */
  take(file: string): V | undefined {
    const value = this.entries.get(file);
    this.entries.delete(file);
    return value;
  }

  /** Keeps `value` as the file's entry, the newest; drops the oldest past the limit. */
  set(file: string, value: V): void {
    this.entries.delete(file);
    this.entries.set(file, value);
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.limit) break;
      this.entries.delete(oldest);
      this.drop(entry, oldest);
    }
  }

  values(): IterableIterator<V> {
    return this.entries.values();
  }

  /** The entries by file, oldest first (a copy: the caller may take some). */
  all(): Array<[string, V]> {
    return [...this.entries];
  }
}
