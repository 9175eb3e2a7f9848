import { sha1 } from '../analysis/fingerprint';
import type { ConstructionSite } from '../model';
import type { FunctionEdit } from '../language';

/**
 * What a root's findings read besides files: keys noted next to the file
 * paths (`RootFindings`, `SummaryStore`), so the findings cache can tell
 * whether a stored root still holds. A file path is itself a key.
 */
const CONSTRUCTION = 'construction:';
const STARTUP = 'startup:';
const COOPERATIVE = 'cooperative:';
const LOADED = 'loaded:';
const FUNCTION = '\u0001fn:';

/** The dependency a value read off construction sites records: any file's sites of that class name may change it. */
export function constructionKey(className: string): string {
  return `${CONSTRUCTION}${className}`;
}

/** Findings that asked whether startup code runs the function `fnKey` (`keyOf`). */
export function startupKey(fnKey: string): string {
  return `${STARTUP}${fnKey}`;
}

/** Findings that asked whether `module`, which `requiring` loads inside a function, is in Node's cache by then for a root of `seeds`. */
export function loadedKey(seeds: readonly string[], requiring: string, module: string): string {
  return `${LOADED}${[requiring, module, ...seeds].join('\0')}`;
}

/** Findings that asked whether the deployment makes `call` cooperative in `file`. */
export function cooperativeKey(file: string, rule: string, call: string): string {
  return `${COOPERATIVE}${file}\0${rule}\0${call}`;
}

/**
 * What a summary or a root read of one function (its calls, what it returns,
 * its parameters), named as the index names functions (`keyOf`: file and
 * name), not by position: an edit inside one function body moves the
 * functions after it but renames none, so what read the others still holds
 * with the same keys. In memory only: the findings cache keeps file keys.
 */
export function functionReadKey(file: string, fn: { name: string }): string {
  // One string per function info: thousands of entries hold the same keys.
  let key = functionKeys.get(fn);
  if (key === undefined) functionKeys.set(fn, (key = `${FUNCTION}${fn.name}\0${file}`));
  return key;
}

const functionKeys = new WeakMap<object, string>();

export function isFunctionReadKey(key: string): boolean {
  return key.startsWith(FUNCTION);
}

/** `name` is the edited function or one nested in it (its content changed, not only its place). */
export function isEdited(name: string, edit: Pick<FunctionEdit, 'fn'>): boolean {
  return name === edit.fn || name.startsWith(`${edit.fn}.`);
}

/** What the index holds of the model before `edit` (a function info, a call site), as the new model has it: its moved copy, or itself. */
export function movedObject<T extends object>(edit: Pick<FunctionEdit, 'moved'>, value: T): T {
  return (edit.moved.objects.get(value) as T | undefined) ?? value;
}

/**
 * `items` with each one replaced by what `move` makes of it: the same array
 * when every item stayed itself (what points at nothing the edit moved stays
 * as it is), undefined when one cannot move.
 */
export function movedItems<T>(items: T[], move: (item: T) => T | undefined): T[] | undefined {
  let out: T[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const moved = move(items[i]);
    if (moved === undefined) return undefined;
    if (moved !== items[i]) (out ??= items.slice())[i] = moved;
  }
  return out ?? items;
}

/** A function key (or anything that names a function by `fn`) on the new model's function. */
export function movedKey<T extends { fn: object }>(edit: Pick<FunctionEdit, 'moved'>, key: T): T {
  return edit.moved.objects.has(key.fn) ? { ...key, fn: movedObject(edit, key.fn) } : key;
}

/**
 * Whether what read `reads` still holds after `edit` (moved where the edit
 * moved what it read): it read no edited function. Looked up key by key: an
 * edit in netbox's views goes through the reads of 1,800 roots.
 */
export function readsUnedited(reads: ReadonlySet<string>, edit: Pick<FunctionEdit, 'file' | 'fn' | 'namesBefore'>): boolean {
  for (const key of editedKeys(edit)) if (reads.has(key)) return false;
  return true;
}

const editedKeysOf = new WeakMap<object, string[]>();

/** The read keys of the edited function and of those nested in it, as the file had them before the edit (a function the edit made, nothing kept has read). */
function editedKeys(edit: Pick<FunctionEdit, 'file' | 'fn' | 'namesBefore'>): string[] {
  let keys = editedKeysOf.get(edit);
  if (!keys) {
    keys = [];
    for (const name of edit.namesBefore) if (isEdited(name, edit)) keys.push(`${FUNCTION}${name}\0${edit.file}`);
    editedKeysOf.set(edit, keys);
  }
  return keys;
}

/** Where a key's current value comes from. */
export interface ReadSources {
  text(file: string): string | undefined;
  constructionsNamed(name: string): Array<{ file: string; site: ConstructionSite }>;
  runsAtStartup(fnKey: string): boolean;
  inModuleCache(seeds: readonly string[], requiring: string, module: string): boolean;
  cooperativeCall(file: string, rule: string, call: string): boolean;
}

/** A digest of what `key` names now: equal digests, equal reads. */
export function readDigest(key: string, sources: ReadSources): string {
  if (key.startsWith(CONSTRUCTION)) return sha1(JSON.stringify(sources.constructionsNamed(key.slice(CONSTRUCTION.length))));
  if (key.startsWith(STARTUP)) return sources.runsAtStartup(key.slice(STARTUP.length)) ? 'yes' : 'no';
  if (key.startsWith(LOADED)) {
    const [requiring, module, ...seeds] = key.slice(LOADED.length).split('\0');
    return sources.inModuleCache(seeds, requiring, module) ? 'yes' : 'no';
  }
  if (key.startsWith(COOPERATIVE)) {
    const [file, rule, call] = key.slice(COOPERATIVE.length).split('\0');
    return sources.cooperativeCall(file, rule, call) ? 'yes' : 'no';
  }
  return textDigest(sources.text(key));
}

export function textDigest(text: string | undefined): string {
  return text === undefined ? 'absent' : sha1(text);
}
