import { lineIndexOf } from './lines';
import { changeBetween, type TextChange } from './textChange';

/**
 * What an edit does to the positions a model holds (`Span` offsets, `Range`
 * and `Location` lines and columns, names that hold a line): the edited
 * function's comparison (`editedFunction.ts`) checks a model against it, and
 * a replayed function body (`bodyMemo.ts`) is moved by it.
 */
export interface PositionShift {
  change: TextChange;
  delta: number;
  offset(offset: number): number;
  /** A 1-based line after the edit, given its column (the line of the edit's end moves only from its end on). */
  line(line: number, column: number): number;
  column(line: number, column: number): number;
}

/**
 * How positions move from `before` to `after` (their one change): offsets by
 * its length, lines and columns as its end moved (as Python's re-walk moves
 * its nodes).
 */
export function positionShift(before: string, after: string, lineBreaks: readonly string[]): PositionShift {
  return positionShifts(before, after, lineBreaks)[0];
}

/**
 * The ways to read the change from `before` to `after`, to try in turn: as
 * `positionShift` does, then, when text was only inserted, with a position
 * where it went in staying (the text went after what ends there: a space
 * typed at the end of a line). One change and one pair of line indexes for
 * both.
 */
export function positionShifts(before: string, after: string, lineBreaks: readonly string[]): PositionShift[] {
  const change = changeBetween(before, after);
  const oldEnd = lineIndexOf(before, lineBreaks).positionOf(change.oldEnd);
  const newEnd = lineIndexOf(after, lineBreaks).positionOf(change.newEnd);
  const delta = change.newEnd - change.oldEnd;
  const reading = (stays: boolean): PositionShift => {
    const beforeEnd = (line: number, column: number): boolean => line < oldEnd.line || (line === oldEnd.line && (column < oldEnd.column || (stays && column === oldEnd.column)));
    return {
      change,
      delta,
      offset: (offset) => (offset > change.oldEnd || (offset === change.oldEnd && !stays) ? offset + delta : offset),
      line: (line, column) => (beforeEnd(line, column) ? line : line + newEnd.line - oldEnd.line),
      column: (line, column) => (beforeEnd(line, column) || line !== oldEnd.line ? column : column - oldEnd.column + newEnd.column),
    };
  };
  return change.start === change.oldEnd ? [reading(false), reading(true)] : [reading(false)];
}

/**
 * Whether `after` is `before` moved by the edit: equal in shape and value,
 * with the positions it holds where the edit moved them. (Every edit of a
 * large file compares its whole model: loops, no closures.)
 */
export function same(before: unknown, after: unknown, shift: PositionShift): boolean {
  if (before === after) return true;
  if (typeof before === 'string') {
    if (typeof after !== 'string') return false;
    const name = movedName(before, shift);
    if (name !== before) positionsMoved = true;
    return name === after;
  }
  if (typeof before !== 'object' || typeof after !== 'object' || before === null || after === null) return false;
  const kind = Object.getPrototypeOf(before) as unknown;
  if (kind !== Object.getPrototypeOf(after)) return false;
  // Plain objects first: nearly every value of a model is one (dictionaries keyed by names have no prototype: `namedEntries`).
  if (kind === Object.prototype || kind === null) {
    const a = before as Record<string, unknown>;
    const b = after as Record<string, unknown>;
    // The same own keys (models are plain data: no inherited enumerable ones), without listing them.
    let count = 0;
    for (const key in a) {
      count++;
      if (!Object.prototype.hasOwnProperty.call(b, key)) return false;
      const value = a[key];
      if (typeof value === 'number') {
        const position = movedNumber(a, key, value, shift);
        if (position !== value) positionsMoved = true;
        if (position !== b[key]) return false;
      } else if (!same(value, b[key], shift)) return false;
    }
    for (const _key in b) count--;
    return count === 0;
  }
  if (kind === Array.prototype) {
    const a = before as unknown[];
    const b = after as unknown[];
    // A copy `moved` made of it for this edit (a replayed function body's calls).
    const origin = movedFrom.get(b);
    if (origin?.from === a && origin.shift === shift) return (positionsMoved = true);
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i], shift)) return false;
    return true;
  }
  if (kind === Map.prototype || kind === Set.prototype) {
    const a = before as Map<unknown, unknown>;
    const b = after as Map<unknown, unknown>;
    if (a.size !== b.size) return false;
    const later = b.entries();
    for (const entry of a.entries()) if (!same(entry, later.next().value, shift)) return false;
    return true;
  }
  return false;
}

/** Set by `same` when a position it compared moved. */
let positionsMoved = false;

/** How `after` compares with `before`: equal as it is, equal once moved by the edit, or not equal (undefined). */
export function compareMoved(before: unknown, after: unknown, shift: PositionShift): 'unmoved' | 'moved' | undefined {
  positionsMoved = false;
  if (!same(before, after, shift)) return undefined;
  return positionsMoved ? 'moved' : 'unmoved';
}

/** The arrays `moved` copied, with what they were copied from and for which edit: `same` takes them as they are. */
const movedFrom = new WeakMap<object, { from: object; shift: PositionShift }>();

/**
 * `value` moved by the edit: what `same` takes as its moved copy. Plain
 * objects and arrays are copied where something in them moved and shared
 * where nothing did; other objects are shared as they are.
 */
export function moved<T>(value: T, shift: PositionShift): T {
  return copyMoved(value, shift, undefined);
}

/**
 * `value` with the positions of `file` moved by its edit, those of other
 * files as they are: an object naming its `file` holds positions of that file
 * (a `Location`, a finding), and so does what it contains; `owner` is the
 * file of the positions outside any such object. Copied as `moved` copies.
 */
export function movedIn<T>(value: T, file: string, shift: PositionShift, owner: string): T {
  return copyMoved(value, shift, { file, owner });
}

/** `moved`, or with `only` `movedIn`: the positions of `only.owner` move when it is the edited file. */
function copyMoved<T>(value: T, shift: PositionShift, only: { file: string; owner: string } | undefined): T {
  const moves = !only || only.owner === only.file;
  if (typeof value === 'string') return (moves ? movedName(value, shift) : value) as T;
  if (typeof value !== 'object' || value === null) return value;
  const kind = Object.getPrototypeOf(value) as unknown;
  if (kind === Array.prototype) {
    const items = value as unknown[];
    let copy: unknown[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const item = copyMoved(items[i], shift, only);
      if (item !== items[i]) (copy ??= items.slice())[i] = item;
    }
    // Only a whole copy is the moved original (`movedIn` leaves other files' positions).
    if (copy && !only) movedFrom.set(copy, { from: items, shift });
    return (copy ?? items) as T;
  }
  if (kind !== Object.prototype) return value;
  const object = value as Record<string, unknown>;
  const inner = only && typeof object.file === 'string' && object.file !== only.owner ? { file: only.file, owner: object.file } : only;
  const movesHere = !inner || inner.owner === inner.file;
  let copy: Record<string, unknown> | undefined;
  for (const key in object) {
    const field = object[key];
    const next = typeof field !== 'number' ? copyMoved(field, shift, inner) : movesHere ? movedNumber(object, key, field, shift) : field;
    if (next !== field) (copy ??= { ...object })[key] = next;
  }
  return (copy ?? object) as T;
}

/**
 * A name that holds a position (a URLconf's inline list, `inline:L12:C5`),
 * as the edit moved it: a line added above renames it.
 */
export function movedName(name: string, shift: PositionShift): string {
  if (!name.includes(':L')) return name;
  return name.replace(/:L(\d+)(?::C(\d+))?/g, (_, line: string, column: string | undefined) => {
    const at = Number(line);
    if (column === undefined) return `:L${shift.line(at, 1)}`;
    return `:L${shift.line(at, Number(column))}:C${shift.column(at, Number(column))}`;
  });
}

/** `object[key]` (a number) after the edit: moved when it is a position of a `Span`, `Range` or `Location` (a line alone, of a handler reference, moves as its first column would). */
function movedNumber(object: Record<string, unknown>, key: string, value: number, shift: PositionShift): number {
  switch (key) {
    case 'start':
      return typeof object.end === 'number' ? shift.offset(value) : value;
    case 'end':
      return typeof object.start === 'number' ? shift.offset(value) : value;
    case 'line':
      return shift.line(value, typeof object.column === 'number' ? object.column : 1);
    case 'column':
      return typeof object.line === 'number' ? shift.column(object.line, value) : value;
    case 'endLine':
      return typeof object.endColumn === 'number' ? shift.line(value, object.endColumn) : value;
    case 'endColumn':
      return typeof object.endLine === 'number' ? shift.column(object.endLine, value) : value;
    default:
      return value;
  }
}
