import type { Memoized } from '../model';

/** The shape of `<language>/memoizers.json`: data, so adding a memoizing library is one line. */
export interface MemoizerTable {
  memoizers: Array<{ name: string; scope: Memoized['scope'] }>;
}

/** A lookup from a resolved decorator or wrapper name to what it caches. */
export function memoizerLookup(table: MemoizerTable): (name: string | undefined) => Memoized | undefined {
  const byName = new Map(table.memoizers.map((m) => [m.name, m.scope]));
  return (name) => {
    if (name === undefined) return undefined;
    const scope = byName.get(name);
    return scope ? { by: name, scope } : undefined;
  };
}

/** Words for a message: what a cache in front of `fn` means for its calls. */
export function memoizedNote(memoized: Memoized): string {
  switch (memoized.scope) {
    case 'process':
      return `cached by ${memoized.by}`;
    case 'ttl':
      return `cached for a period by ${memoized.by}`;
    case 'instance':
      return `cached per object by ${memoized.by}`;
  }
}
