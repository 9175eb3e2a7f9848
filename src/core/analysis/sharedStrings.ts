/**
 * One copy of each string a decoded model body holds. `v8.deserialize`
 * makes a fresh string for every occurrence: on a 10,000-file tree the
 * decoded bodies held 1,022,000 strings of 94,000 distinct values (callee
 * texts, target names, `kind` tags), 29 MB where one copy each is 3.
 * Objects keep their identity, except the `{kind, name}` leaves below.
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

/**
 * `{kind, name}` objects of strings (a call's library or unknown target, a
 * library value) by kind and name: the 10,000-file tree's calls hold 248,649
 * of them, of 14,729 values. Nothing changes them after analysis: a call is given a new
 * target, never an edited one.
 */
const namedKinds = new Map<string, { kind: string; name: string }>();

function pooledNamedKind(value: object): { kind: string; name: string } | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 2 || keys[0] !== 'kind' || keys[1] !== 'name') return undefined;
  const { kind, name } = value as { kind: unknown; name: unknown };
  if (typeof kind !== 'string' || typeof name !== 'string') return undefined;
  const key = `${kind}\0${name}`;
  const known = namedKinds.get(key);
  if (known) return known;
  if (namedKinds.size >= MAX_POOLED) namedKinds.clear();
  // Frozen: one of them is many calls' target, so a write would be a bug, and should be a loud one.
  const pooledValue = Object.freeze({ kind: pooled(kind), name: pooled(name) });
  namedKinds.set(key, pooledValue);
  return pooledValue;
}

/** What `item` becomes in its container: the pooled string or `{kind, name}`, or itself with its contents shared. */
function shared(item: unknown, depth: number): unknown {
  if (typeof item === 'string') return pooled(item);
  if (typeof item !== 'object' || item === null) return item;
  const named = pooledNamedKind(item);
  if (named) return named;
  shareStrings(item, depth + 1);
  return item;
}

/** Replaces, in place, every string in `value`'s plain objects and arrays by the pooled copy of it, and every `{kind, name}` of strings by a pooled one. */
export function shareStrings(value: unknown, depth = 0): void {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = shared(value[i], depth);
    return;
  }
  // Maps, Sets and typed arrays keep their own contents: only plain data objects are rewritten.
  if (Object.getPrototypeOf(value) !== Object.prototype) return;
  const record = value as Record<string, unknown>;
  for (const key in record) record[key] = shared(record[key], depth);
}
