import type { FixContext } from './types';
import type { Memo } from '../language';

/**
 * How many findings of a batch a per-text value outlives its last use by.
 * The batch's findings come file by file, so a file's tree is used by the
 * next few findings and then not again: a whole-workspace batch (`--format
 * json` on 10,000 files) held every tree to the end, 2 GB.
 */
const KEEP_FOR_ITEMS = 8;

const CLOCK_KEY = 'per-text\0clock';

/** Which item of the batch is being computed, and the tables holding values. */
interface BatchClock {
  item: number;
  tables: Set<TextTable<unknown>>;
}

/** Values per file text, each stamped with the item that last used it. */
class TextTable<T> {
  private readonly entries = new Map<string, { value: T; usedAt: number }>();

  constructor(private readonly release: ((value: T) => void) | undefined) {}

  get(text: string, clock: BatchClock, create: () => T): T {
    let entry = this.entries.get(text);
    if (entry) entry.usedAt = clock.item;
    else {
      entry = { value: create(), usedAt: clock.item };
      this.entries.set(text, entry);
      clock.tables.add(this as TextTable<unknown>);
    }
    return entry.value;
  }

  /** Releases the values no item since `item` used; true when none is left. */
  dropUnusedSince(item: number): boolean {
    for (const [text, entry] of this.entries) {
      if (entry.usedAt >= item) continue;
      this.entries.delete(text);
      this.release?.(entry.value);
    }
    return this.entries.size === 0;
  }

  clear(): void {
    for (const entry of this.entries.values()) this.release?.(entry.value);
    this.entries.clear();
  }
}

/**
 * Memoizes per file text for one batch of fixes. The text itself is the map
 * key: the engine hands out the same string each time, so V8 hashes it once,
 * where a key built by concatenation would be re-hashed (O(length)) on every
 * lookup, once per fix.
 */
export function perText<T>(context: Pick<FixContext, 'memo'>, kind: string, text: string, create: () => T, release?: (value: T) => void): T {
  const clock = context.memo(CLOCK_KEY, (): BatchClock => ({ item: 0, tables: new Set() }));
  const table = context.memo(`per-text\0${kind}`, () => new TextTable<T>(release), (t) => t.clear());
  return table.get(text, clock, create);
}

/** Memoizes a value computed from an object (a parse tree) for as long as the object lives. */
export function perObject<K extends object, T>(cache: WeakMap<K, T>, key: K, create: (key: K) => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = create(key);
    cache.set(key, value);
  }
  return value;
}

/** A memo for one batch of work and the release of what it holds (parse trees live in WASM memory). */
export function memoScope(releases: Array<() => void> = []): { memo: Memo; itemDone(): void; release(): void } {
  const values = new Map<string, unknown>();
  return {
    memo: <T>(key: string, create: () => T, release?: (value: T) => void): T => {
      if (values.has(key)) return values.get(key) as T;
      const value = create();
      values.set(key, value);
      if (release) releases.push(() => release(value));
      return value;
    },
    /**
     * One item of the batch (a finding's fixes) is done: per-text values the
     * last few items did not use are released. Only between items, so no
     * computation still holds a tree being freed.
     */
    itemDone: () => {
      const clock = values.get(CLOCK_KEY) as BatchClock | undefined;
      if (!clock) return;
      clock.item++;
      for (const table of clock.tables) if (table.dropUnusedSince(clock.item - KEEP_FOR_ITEMS)) clock.tables.delete(table);
    },
    release: () => releases.splice(0).forEach((r) => r()),
  };
}
