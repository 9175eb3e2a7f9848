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
const FUNCTION = '\u0001fn:';

/** The dependency a value read off construction sites records: any file's sites of that class name may change it. */
export function constructionKey(className: string): string {
  return `${CONSTRUCTION}${className}`;
}

/** Findings that asked whether startup code runs the function `fnKey` (`keyOf`). */
export function startupKey(fnKey: string): string {
  return `${STARTUP}${fnKey}`;
}

/** Findings that asked whether the deployment makes `call` cooperative in `file`. */
export function cooperativeKey(file: string, rule: string, call: string): string {
  return `${COOPERATIVE}${file}\0${rule}\0${call}`;
}

/**
 * What a summary or a root read of one function (its calls, what it returns,
 * its parameters), and where the function ends: after an edit inside
 * another function of the file, what read only functions that end before
 * the edit still holds (`holdsAfter`), and the rest moves (`readsAfterEdit`).
 * In memory only: the findings cache keeps file keys.
 */
export function functionReadKey(file: string, fn: { name: string; span: { end: number } }): string {
  // One string per function info (an info never changes its file, name or end): thousands of entries hold the same keys.
  let key = functionKeys.get(fn);
  if (key === undefined) functionKeys.set(fn, (key = `${FUNCTION}${fn.span.end}\0${fn.name}\0${file}`));
  return key;
}

const functionKeys = new WeakMap<object, string>();

export function isFunctionReadKey(key: string): boolean {
  return key.startsWith(FUNCTION);
}

/**
 * Calls `visit` with each function read of `file` among `reads`: its key,
 * where its function ends, and its name; stops at the first `false`. (A loop,
 * not a generator: an edit in a large file goes through thousands of sets.)
 */
function eachFunctionRead(reads: ReadonlySet<string>, file: string, visit: (key: string, end: number, name: string) => boolean): boolean {
  const suffix = `\0${file}`;
  for (const key of reads) {
    if (!isFunctionReadKey(key) || !key.endsWith(suffix)) continue;
    const cut = key.indexOf('\0', FUNCTION.length);
    if (!visit(key, Number(key.slice(FUNCTION.length, cut)), key.slice(cut + 1, key.length - suffix.length))) return false;
  }
  return true;
}

/** `name` is the edited function or one nested in it: its content changed, not only its place. */
function isEdited(name: string, edit: Pick<FunctionEdit, 'fn'>): boolean {
  return name === edit.fn || name.startsWith(`${edit.fn}.`);
}

/** Whether what read `reads` still holds, unmoved, after `edit` (its other reads of the file are the same: the edit stayed in one body). */
export function holdsAfter(reads: ReadonlySet<string>, edit: Pick<FunctionEdit, 'file' | 'start' | 'fn'>): boolean {
  return eachFunctionRead(reads, edit.file, (_key, end, name) => end < edit.start && !isEdited(name, edit));
}

/** What the index holds of the model before `edit` (a function info, a call site), as the new model has it: its moved copy, or itself. */
export function movedObject<T extends object>(edit: Pick<FunctionEdit, 'moved'>, value: T): T {
  return (edit.moved.objects.get(value) as T | undefined) ?? value;
}

/** A function key (or anything that names a function by `fn`) on the new model's function. */
export function movedKey<T extends { fn: object }>(edit: Pick<FunctionEdit, 'moved'>, key: T): T {
  return edit.moved.objects.has(key.fn) ? { ...key, fn: movedObject(edit, key.fn) } : key;
}

/** The keys of `reads` that `edit` moves, each with its key after the edit; undefined when they read the edited function. */
function movedReads(reads: ReadonlySet<string>, edit: Pick<FunctionEdit, 'file' | 'fn' | 'moved'>): Array<[string, string]> | undefined {
  const moved: Array<[string, string]> = [];
  const readsEdited = !eachFunctionRead(reads, edit.file, (key, end, name) => {
    if (isEdited(name, edit)) return false;
    if (end >= edit.moved.from) moved.push([key, `${FUNCTION}${end + edit.moved.delta}\0${name}\0${edit.file}`]);
    return true;
  });
  return readsEdited ? undefined : moved;
}

/** `reads` after `edit`: undefined when they read the edited function, else the same reads with the file's functions where they end now. */
export function readsAfterEdit(reads: ReadonlySet<string>, edit: Pick<FunctionEdit, 'file' | 'fn' | 'moved'>): ReadonlySet<string> | undefined {
  const moved = movedReads(reads, edit);
  if (!moved || moved.length === 0) return moved && reads;
  return applyMoves(new Set(reads), moved);
}

/**
 * As `readsAfterEdit`, changing `reads` itself (false: they read the edited
 * function, and are left as they were). Only for a set no other entry shares
 * (a component's summaries share theirs).
 */
export function moveReads(reads: Set<string>, edit: Pick<FunctionEdit, 'file' | 'fn' | 'moved'>): boolean {
  const moved = movedReads(reads, edit);
  if (moved) applyMoves(reads, moved);
  return moved !== undefined;
}

/** All old keys out first: a moved key may be another's old one. */
function applyMoves(reads: Set<string>, moved: ReadonlyArray<[string, string]>): Set<string> {
  for (const [key] of moved) reads.delete(key);
  for (const [, to] of moved) reads.add(to);
  return reads;
}

/** Where a key's current value comes from. */
export interface ReadSources {
  text(file: string): string | undefined;
  constructionsNamed(name: string): Array<{ file: string; site: ConstructionSite }>;
  runsAtStartup(fnKey: string): boolean;
  cooperativeCall(file: string, rule: string, call: string): boolean;
}

/** A digest of what `key` names now: equal digests, equal reads. */
export function readDigest(key: string, sources: ReadSources): string {
  if (key.startsWith(CONSTRUCTION)) return sha1(JSON.stringify(sources.constructionsNamed(key.slice(CONSTRUCTION.length))));
  if (key.startsWith(STARTUP)) return sources.runsAtStartup(key.slice(STARTUP.length)) ? 'yes' : 'no';
  if (key.startsWith(COOPERATIVE)) {
    const [file, rule, call] = key.slice(COOPERATIVE.length).split('\0');
    return sources.cooperativeCall(file, rule, call) ? 'yes' : 'no';
  }
  return textDigest(sources.text(key));
}

export function textDigest(text: string | undefined): string {
  return text === undefined ? 'absent' : sha1(text);
}
