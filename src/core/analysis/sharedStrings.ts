/**
 * One copy of each string a decoded model body holds. `v8.deserialize`
 * makes a fresh string for every occurrence: on a 10,000-file tree the
 * decoded bodies held 1,022,000 strings of 94,000 distinct values (callee
 * texts, target names, `kind` tags), 29 MB where one copy each is 3.
 * Strings only: objects keep their identity, so nothing that holds them
 * can tell.
 */
const pool = new Map<string, string>();

/** Past this many distinct values the pool starts over: a long-lived language server keeps a bounded pool. */
const MAX_POOLED = 500_000;

/** Models are shallow trees (functions → calls → target → ref); deeper data is left as decoded. */
const MAX_DEPTH = 12;

function pooled(value: string): string {
  const known = pool.get(value);
  if (known !== undefined) return known;
  if (pool.size >= MAX_POOLED) pool.clear();
  pool.set(value, value);
  return value;
}

/** Replaces, in place, every string in `value`'s plain objects and arrays by the pooled copy of it. */
export function shareStrings(value: unknown, depth = 0): void {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'string') value[i] = pooled(item);
      else if (typeof item === 'object' && item !== null) shareStrings(item, depth + 1);
    }
    return;
  }
  // Maps, Sets and typed arrays keep their own contents: only plain data objects are rewritten.
  if (Object.getPrototypeOf(value) !== Object.prototype) return;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const item = record[key];
    if (typeof item === 'string') record[key] = pooled(item);
    else if (typeof item === 'object' && item !== null) shareStrings(item, depth + 1);
  }
}
