/**
 * A constant table looked up by names taken from the analysed code. It has
 * no prototype, so `table['toString']` is undefined and `'constructor' in
 * table` is false instead of finding Object.prototype's members (logto's
 * `body.toString()` made `Object.prototype.toString` a request part, and
 * its file model could no longer be cached).
 */
export function lookupTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/** An empty object to fill with names taken from the analysed code (see `lookupTable`). */
export function namedEntries<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * `record[name]` for a record read back from a model (decoded ones have a
 * prototype again): never one of `Object.prototype`'s members.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  return record && Object.hasOwn(record, name) ? record[name] : undefined;
}
