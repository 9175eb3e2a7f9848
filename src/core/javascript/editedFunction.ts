import type { FunctionEdit } from '../language';
import type { FileModel, FunctionInfo } from '../model';
import type { TextChange } from '../textChange';
import { compareMoved, same, type PositionShift } from '../positionShift';

/**
 * A JS/TS edit as the index takes Python's function-level re-walks
 * (`FunctionEdit`): typescript-estree converts whole programs, so the file
 * is walked whole, and the new model is compared with the document's last
 * one. When they differ only inside one named function around the edit
 * (the innermost one that holds every difference, with the functions nested
 * in it), and everywhere else by where the edit moved them, the index keeps
 * what read nothing of that function, as it does for Python, instead of
 * building every root of the file again.
 *
 * The new model is made to share what the edit left in place: functions
 * that end before it, and call sites and patterns before it, become the
 * previous model's objects (equal in every field), so that what the index
 * holds of them stays valid as it is; what moved is paired with its copy in
 * `moved.objects`. Anything else that differs (a registration, a class, an
 * import, a suppression, the function's own header) declines, and the
 * caller treats the file as changed throughout.
 */
export function editedFunction(before: { text: string; model: FileModel }, after: { text: string; model: FileModel }, shift: PositionShift): FunctionEdit | undefined {
  const old = before.model;
  const next = after.model;
  if (old.errors.length > 0 || next.errors.length > 0 || old.file !== next.file) return undefined;
  const { change } = shift;
  const around = functionsAround(old.functions, change);
  if (around.length === 0) return undefined;
  // All but the functions, which are paired below.
  const unmoved = unmovedOutside(old, next, shift);
  if (!unmoved) return undefined;
  // The innermost function first (an inline handler a router factory registers); when the one around it changed too
  // (what it returns, a name it keeps), the next one out, which the inner one goes with.
  for (const fn of around) {
    const kept = keptPairs(old, next, fn, shift);
    if (!kept) continue;
    // What the edit left exactly as it was is the previous model's: the index finds it unchanged without comparing.
    for (const key of unmoved) (next as unknown as Record<string, unknown>)[key] = old[key];
    return functionEdit(before.text, old, next, fn, change, shift, kept);
  }
  return undefined;
}

/**
 * The fields of the model but its functions that the edit left exactly as
 * they were, when every such field is equal but for the edit's shift;
 * undefined when one is not.
 */
function unmovedOutside(old: FileModel, next: FileModel, shift: PositionShift): Array<keyof FileModel> | undefined {
  const keys = (Object.keys(old) as Array<keyof FileModel>).filter((key) => key !== 'functions');
  if (keys.length + 1 !== Object.keys(next).length || !('functions' in next)) return undefined;
  const unmoved: Array<keyof FileModel> = [];
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(next, key)) return undefined;
    const compared = compareMoved(old[key], next[key], shift);
    if (!compared) return undefined;
    if (compared === 'unmoved') unmoved.push(key);
  }
  return unmoved;
}

/** `name` is `fn` or a function nested in it (`fn.<locals>.inner`): what the edit may change freely. */
function isWithin(name: string, fn: FunctionInfo): boolean {
  return name === fn.name || name.startsWith(`${fn.name}.`);
}

/** The other functions' indexes in both models, paired, when each pair is equal but for the edit's shift, name included (and `fn`'s header stayed). */
function keptPairs(old: FileModel, next: FileModel, fn: FunctionInfo, shift: PositionShift): Array<[number, number]> | undefined {
  const edited = next.functions.find((f) => f.name === fn.name);
  if (!edited || !sameHeader(fn, edited, shift)) return undefined;
  const kept = (functions: FunctionInfo[]): number[] => functions.flatMap((f, i) => (isWithin(f.name, fn) ? [] : [i]));
  const oldKept = kept(old.functions);
  const newKept = kept(next.functions);
  if (oldKept.length !== newKept.length) return undefined;
  for (let i = 0; i < oldKept.length; i++) {
    const [then, now] = [old.functions[oldKept[i]], next.functions[newKept[i]]];
    // What read a function reads it by name: a name the edit changed is not a move.
    if (then.name !== now.name || !same(then, now, shift)) return undefined;
  }
  return oldKept.map((at, i) => [at, newKept[i]]);
}

/** The edit the index takes; the new model now shares the previous one's objects where nothing moved, and the rest is paired. */
function functionEdit(before: string, old: FileModel, next: FileModel, fn: FunctionInfo, change: TextChange, shift: PositionShift, kept: Array<[number, number]>): FunctionEdit {
  const moved = new Map<object, object>();
  for (const [at, to] of kept) {
    const info = old.functions[at];
    if (info.span.end < change.start) next.functions[to] = info;
    else shareUnmoved(info, next.functions[to], change.start, moved);
  }
  shareUnmoved(old.moduleCode, next.moduleCode, change.start, moved);
  const newByName = new Map(next.functions.filter((f) => isWithin(f.name, fn)).map((f) => [f.name, f] as const));
  for (const info of old.functions) {
    const copy = isWithin(info.name, fn) ? newByName.get(info.name) : undefined;
    if (copy) moved.set(info, copy);
  }
  const namesBefore = new Set(old.functions.map((info) => info.name));
  return { file: old.file, before, start: change.start, fn: fn.name, namesBefore, moved: { from: change.oldEnd, delta: shift.delta, objects: moved } };
}

/** The named functions whose text holds the whole change, strictly inside (their start and last character stay), innermost first. */
function functionsAround(functions: readonly FunctionInfo[], change: TextChange): FunctionInfo[] {
  return functions
    .filter((info) => info.span.start < change.start && change.oldEnd < info.span.end)
    .sort((a, b) => b.span.start - a.span.start || a.span.end - b.span.end);
}

/** The edited function's own facts outside its body: its name, kind and place did not change. */
function sameHeader(before: FunctionInfo, after: FunctionInfo, shift: PositionShift): boolean {
  return (
    before.isAsync === after.isAsync &&
    before.className === after.className &&
    before.accessor === after.accessor &&
    before.decorated === after.decorated &&
    before.parent === after.parent &&
    before.span.start === after.span.start &&
    same(before.nameRange, after.nameRange, shift)
  );
}

/** `copy` (a moved function) takes `info`'s call sites and patterns that end before the edit; the others, and itself, are paired in `moved`. */
function shareUnmoved(info: FunctionInfo, copy: FunctionInfo, editStart: number, moved: Map<object, object>): void {
  moved.set(info, copy);
  for (const [from, to] of [
    [info.calls, copy.calls],
    [info.patterns, copy.patterns],
  ] as Array<[Array<{ span: { end: number } }>, Array<{ span: { end: number } }>]>) {
    from.forEach((item, i) => {
      if (item.span.end < editStart) to[i] = item;
      else moved.set(item, to[i]);
    });
  }
}
