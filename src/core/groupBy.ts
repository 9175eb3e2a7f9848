/** `items` grouped by `keyOf`, each group in the items' order. */
export function groupBy<K, T>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** A grouping with the items it was made of, for `regroup`. */
export interface Grouped<K, T> {
  items: readonly T[];
  groups: Map<K, T[]>;
}

/** Past this many groups with a replaced item, grouping again from scratch is cheaper. */
const MAX_REGROUPED = 8;

/**
 * `groupBy(items, keyOf)`, made from `last` when `items` is `last.items`
 * with some items replaced in place under the same key (an edit moves the
 * findings of its file and keeps every other file's objects): the other
 * groups are the same arrays, and nothing at all is made when nothing was
 * replaced (`last` itself for the very same list).
 */
export function regroup<K, T>(last: Grouped<K, T> | undefined, items: readonly T[], keyOf: (item: T) => K): Grouped<K, T> {
  if (last?.items === items) return last;
  if (!last || last.items.length !== items.length) return { items, groups: groupBy(items, keyOf) };
  const replaced = new Set<K>();
  for (let i = 0; i < items.length; i++) {
    if (items[i] === last.items[i]) continue;
    const key = keyOf(items[i]);
    if (key !== keyOf(last.items[i]) || (replaced.add(key), replaced.size > MAX_REGROUPED)) return { items, groups: groupBy(items, keyOf) };
  }
  if (replaced.size === 0) return { items, groups: last.groups };
  const groups = new Map(last.groups);
  for (const key of replaced) groups.set(key, items.filter((item) => keyOf(item) === key));
  return { items, groups };
}
