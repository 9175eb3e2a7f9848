import type { SymbolRef, ValueSpec } from '../model';

/**
 * What an expression denotes, as far as one file can tell. Bindings map
 * identifiers to these; member access and calls derive new ones.
 */
export type Value =
  /** A library module or something derived from it: `fs`, `fs.promises`, `better-sqlite3()`, `express().route()`. */
  | { kind: 'external'; name: string }
  /** A project symbol (function, class, namespace of a relative import). `name` '' is the module itself. */
  | { kind: 'project'; ref: SymbolRef }
  /** An instance of a project class: member access names `Class.method` in its module. */
  | { kind: 'instance'; ref: SymbolRef }
  /**
   * What a call of a project function gives (`const r = createRouter()`): the index evaluates it through the function's
   * returns. `path`: steps taken from there (`getDb().prepare('q')` is `.prepare()`); none for the call's result itself.
   */
  | { kind: 'returned'; ref: SymbolRef; path?: string }
  /** A function nested in another one: its calls already count for the enclosing function. */
  | { kind: 'inline-function' }
  /** Data from the request (`req.body`, `await request.json()`, handler parameters); `part` once read through cookies, headers or the body (`body-field`: one field of the parsed body). */
  /** Request data; `byName`: only a parameter's name (`body`, `payload`) says so, outside a handler. */
  | { kind: 'input'; part?: 'cookie' | 'header' | 'body' | 'body-field'; byName?: true }
  /** A function parameter of unknown provenance (may carry request input from a caller); `slot` names it in a named function. */
  /** `rest`: a rest parameter (`...args`), whose element `i` is the argument at `slot.index + i`. */
  /**
   * `field`: a constructor parameter kept on the instance (`this.db = db`), read in any method as `this.db`: `path` goes
   * on from an instance of class `cls` of this file (`.db.prepare`), so the index can take it from what the class's
   * construction sites pass.
   */
  | { kind: 'param'; slot?: ParamSlot; rest?: true; field?: { cls: string; path: string } }
  /** The content of a file read in this function. */
  | { kind: 'file-content' }
  /** A regular expression literal or `new RegExp('literal')`. */
  | { kind: 'regex'; pattern: string; flags: string };

/** Parameter `index` of the named function `fn` of this file; `path` reaches into it (`args.app` → `app`). */
export interface ParamSlot {
  fn: string;
  index: number;
  path: string;
}

export const external = (name: string): Value => ({ kind: 'external', name });
export const project = (module: string | null, name: string): Value => ({ kind: 'project', ref: { module, name } });

/** Joins dotted name parts, skipping empty ones (`''` is a module itself). */
export function joinName(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('.');
}

/** The result of calling a project function itself, no step taken from it: what registrations on a factory's router read. */
export function isCallResult(value: Value | undefined): value is Extract<Value, { kind: 'returned' }> {
  return value?.kind === 'returned' && !value.path;
}

/** How the index names a value across files (`FunctionInfo.returns`): library names, project symbols and what calling them gives. */
export function specOf(value: Value | undefined): ValueSpec | undefined {
  switch (value?.kind) {
    case 'external':
      return { kind: 'external', name: value.name };
    case 'project':
      return { kind: 'symbol', ref: defaultRef(value.ref), path: '' };
    case 'instance':
      return { kind: 'symbol', ref: defaultRef(value.ref), path: '()' };
    case 'returned':
      return { kind: 'symbol', ref: defaultRef(value.ref), path: `()${value.path ?? ''}` };
    case 'param':
      return value.field ? { kind: 'symbol', ref: { module: null, name: value.field.cls }, path: `()${value.field.path}` } : undefined;
    default:
      return undefined;
  }
}

/** A module itself (name '') is its default export when called or constructed. */
export function defaultRef(ref: SymbolRef): SymbolRef {
  return ref.name === '' ? { module: ref.module, name: 'default' } : ref;
}
