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
  /** What a call of a project function gives (`const r = createRouter()`): the index evaluates it through the function's returns. */
  | { kind: 'returned'; ref: SymbolRef }
  /**
   * A project symbol followed by steps, as the index evaluates them (`ValueSpec` `symbol`): `getDb().prepare('q')` is
   * `getDb` then `().prepare()`; a parameter `conn` of `list`, called, is `list` then `.@0()` (what every call of `list`
   * passes there).
   */
  | { kind: 'derived'; of: SymbolRef; path: string }
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
   * `declared`: the object type the parameter is declared as (`{ app }: ArgsExpressType`, `args: LocalArgs`), whose
   * members' declared types the index reads when no caller says what reaches `slot` (a plugin hook called by name).
   */
  | { kind: 'param'; slot?: ParamSlot; rest?: true; field?: { cls: string; path: string }; declared?: SymbolRef }
  /** The content of a file read in this function. */
  | { kind: 'file-content' }
  /** A regular expression literal or `new RegExp('literal')`. */
  | { kind: 'regex'; pattern: string; flags: string };

/** `ParamSlot.index` of a call's last argument, wherever it falls (`args[args.length - 1]` of a rest parameter). */
export const LAST_ARGUMENT = -1;

/** Parameter `index` of the named function `fn` of this file (or `LAST_ARGUMENT`); `path` reaches into it (`args.app` → `app`). */
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
      return { kind: 'symbol', ref: defaultRef(value.ref), path: '()' };
    case 'derived':
      return { kind: 'symbol', ref: value.of, path: value.path };
    case 'param': {
      const named = namedParam(value);
      return named && { kind: 'symbol', ref: named.of, path: named.path };
    }
    default:
      return undefined;
  }
}

/** A step taken from a value: `.member`, or `()` for a call. Values the index can name become `derived`. */
export function derivedStep(value: Value | undefined, step: string): Value | undefined {
  switch (value?.kind) {
    case 'returned':
      return { kind: 'derived', of: defaultRef(value.ref), path: `()${step}` };
    case 'derived':
      return { kind: 'derived', of: value.of, path: `${value.path}${step}` };
    case 'param': {
      const named = namedParam(value);
      return named && { kind: 'derived', of: named.of, path: `${named.path}${step}` };
    }
    default:
      return undefined;
  }
}

/**
 * A parameter as the index can name it: a constructor parameter kept in a field (`this.db`: an instance of the class,
 * then `.db`), or a parameter of a named function of this file (`.@0`: what its callers pass there), with the members
 * read from it since.
 */
function namedParam(value: Extract<Value, { kind: 'param' }>): { of: SymbolRef; path: string } | undefined {
  if (value.field) return { of: { module: null, name: value.field.cls }, path: `()${value.field.path}` };
  const slot = value.slot;
  if (!slot || value.rest || slot.index === LAST_ARGUMENT) return undefined;
  return { of: { module: null, name: slot.fn }, path: parameterPath(slot) };
}

/** A parameter as steps from its function (`.@1.login`: what its calls pass as argument 1, then `.login`). */
export function parameterPath(slot: ParamSlot): string {
  return `.@${slot.index}${slot.path === '' ? '' : `.${slot.path}`}`;
}

/** A module itself (name '') is its default export when called or constructed. */
export function defaultRef(ref: SymbolRef): SymbolRef {
  return ref.name === '' ? { module: ref.module, name: 'default' } : ref;
}
