import type { FileModel, FunctionInfo } from '../model';
import { NO_FUNCTION, type FunctionEdit } from '../language';
import { compareMoved, type PositionShift } from '../positionShift';

/**
 * An edit outside every function body (a blank line or a comment between
 * two classes, spaces after a class attribute) is analysed whole, and would
 * drop all the index built on the file: in netbox's 5,000-line
 * `dcim/views.py`, the findings of its 1,806 roots, about 250 ms a
 * keystroke. When the new model is the one held, moved by the edit and
 * changed in nothing else (every field compared, the class facts, handlers
 * and module code among them), it is an edit of no function: the index moves
 * what it holds to the new model's functions, call sites and patterns, as it
 * does after an edit inside a body. Anything else changed, or a model not
 * wholly in hand (one the cache decodes lazily): undefined, the whole path.
 */
export function positionOnlyEdit(file: string, held: FileModel, model: FileModel, before: string, shifts: () => readonly PositionShift[]): FunctionEdit | undefined {
  if (!plain(held) || !plain(model)) return undefined;
  const keys = [...new Set([...Object.keys(held), ...Object.keys(model)])];
  // The module code spans the file, from its start: text typed before the first statement moves every other thing only.
  const heldFields: Record<string, unknown> = { ...held, moduleCode: withoutPlace(held.moduleCode) };
  const modelFields: Record<string, unknown> = { ...model, moduleCode: withoutPlace(model.moduleCode) };
  const movedOnly = (shift: PositionShift): boolean => keys.every((key) => compareMoved(heldFields[key], modelFields[key], shift) !== undefined);
  // Text typed at the end of a statement goes after it: what ends there stays, which the second reading allows.
  const shift = shifts().find(movedOnly);
  if (!shift) return undefined;
  // What read a function reads it by name: a name the edit changed is not a move.
  if (held.functions.some((fn, i) => fn.name !== model.functions[i].name)) return undefined;
  const objects = new Map<object, object>();
  const pair = (then: FunctionInfo, now: FunctionInfo): void => {
    objects.set(then, now);
    then.calls.forEach((site, i) => objects.set(site, now.calls[i]));
    then.patterns.forEach((pattern, i) => objects.set(pattern, now.patterns[i]));
  };
  held.functions.forEach((fn, i) => pair(fn, model.functions[i]));
  pair(held.moduleCode, model.moduleCode);
  return {
    file,
    before,
    start: shift.change.start,
    fn: NO_FUNCTION,
    namesBefore: new Set(held.functions.map((fn) => fn.name)),
    moved: { from: shift.change.oldEnd, delta: shift.delta, objects },
  };
}

function withoutPlace(code: FunctionInfo): Omit<FunctionInfo, 'range' | 'span' | 'nameRange'> {
  const { range: _range, span: _span, nameRange: _nameRange, ...rest } = code;
  return rest;
}

/** A model whose fields are all its own (a cached one decodes its body on first read, from its prototype's getters). */
function plain(model: FileModel): boolean {
  return Object.getPrototypeOf(model) === Object.prototype;
}
