import type { CallEdgeKind, SymbolRef } from '../model';
import { canonicalPathlib } from './values/pathlib';
import { lookupTable } from '../lookup';

/**
 * What the analyzer knows about the value of an expression. Deliberately
 * small: library values are a qualified path string (`requests.Session()`),
 * project values a symbol reference, and Django's ORM gets its own kinds
 * because `Model.objects` is the one idiom worth special-casing.
 */
export type Value =
  /** A library module, symbol or instance: `requests`, `requests.get`, `requests.Session()` (`edge`: as for `proj`). */
  | { kind: 'ext'; name: string; edge?: CallEdgeKind }
  /**
   * A project symbol (function, class, member) or, with `instance`, an instance of a project class.
   * `bound`: a method read from an instance (calling it may reach a subclass override);
   * `edge`: a callable that runs the function another way (`functools.partial(f, ...)`).
   */
  | { kind: 'proj'; ref: SymbolRef; instance: boolean; djangoModel?: boolean; bound?: boolean; edge?: CallEdgeKind }
  /** A project module imported relatively (`from . import services` → `.services`). */
  | { kind: 'projmod'; module: string }
  /**
   * A name bound nowhere in the file: dotted uses are matched by their text.
   * `star` is the one relative `from .x import *` it may come from: a bare
   * call of it is then a project call into that module.
   */
  | { kind: 'unbound'; name: string; star?: string }
  | { kind: 'django-manager' }
  | { kind: 'django-qs' }
  | { kind: 'django-method'; owner: 'Manager' | 'QuerySet'; method: string }
  /**
   * What a project function returns (`ref` = the function, `path` = `()`),
   * or what follows from it (`().query`): the workspace finishes it, across files.
   */
  | { kind: 'returned'; ref: SymbolRef; path: string }
  /** One of several values (`x: A | B`): every member is followed. */
  | { kind: 'union'; members: Value[] }
  /**
   * A list, set or tuple built in this function whose items are known:
   * `[pool.submit(f, x) for x in xs]`, `[a, b]`, `threads = []` then
   * `threads.append(t)`. Iterating or indexing it gives `element`.
   */
  | { kind: 'items'; element: Value }
  /** A type alias (`SessionDep = Annotated[Session, Depends(get_db)]`): annotating with it gives `instance`. */
  | { kind: 'alias'; instance: Value }
  | { kind: 'unknown' };

export const UNKNOWN: Value = { kind: 'unknown' };

/** Qualified names that are spelled several ways; keys are exact whole names. */
const CANONICAL_NAMES = lookupTable<string>({
  'sqlalchemy.orm.sessionmaker()()': 'sqlalchemy.orm.Session()',
  'sqlalchemy.orm.session.sessionmaker': 'sqlalchemy.orm.sessionmaker',
  'sqlalchemy.orm.session.Session': 'sqlalchemy.orm.Session',
  'sqlalchemy.orm.scoped_session()': 'sqlalchemy.orm.Session()',
  // A scoped_session registry (read as a Session: it proxies one) called gives the session itself.
  'sqlalchemy.orm.Session()()': 'sqlalchemy.orm.Session()',
  'sqlalchemy.orm.scoping.scoped_session': 'sqlalchemy.orm.scoped_session',
  'requests.sessions.Session': 'requests.Session',
  'requests.session': 'requests.Session',
  'requests.sessions.session': 'requests.Session',
  'flask.blueprints.Blueprint': 'flask.Blueprint',
  'flask.app.Flask': 'flask.Flask',
  'fastapi.routing.APIRouter': 'fastapi.APIRouter',
  'fastapi.applications.FastAPI': 'fastapi.FastAPI',
  'starlette.applications.Starlette': 'starlette.Starlette',
  'aiohttp.web_app.Application': 'aiohttp.web.Application',
  'aiohttp.web_routedef.RouteTableDef': 'aiohttp.web.RouteTableDef',
  'sanic.app.Sanic': 'sanic.Sanic',
  'sanic.blueprints.Blueprint': 'sanic.Blueprint',
  'quart.app.Quart': 'quart.Quart',
  'quart.blueprints.Blueprint': 'quart.Blueprint',
  'django.db.models.base.Model': 'django.db.models.Model',
  'urllib3.connectionpool.HTTPConnectionPool': 'urllib3.HTTPConnectionPool',
  'urllib3.connectionpool.HTTPSConnectionPool': 'urllib3.HTTPSConnectionPool',
  'urllib3.poolmanager.PoolManager': 'urllib3.PoolManager',
  'urllib3.poolmanager.ProxyManager': 'urllib3.ProxyManager',
});

/** Django's lazy values spelled as names (what other files see): `QuerySet()` + `.filter()` is a QuerySet again. */
function canonicalDjango(name: string): string | undefined {
  // Asked for every name the walk makes: the prefix first, the patterns only for Django's.
  if (!name.startsWith('django.db.models.')) return undefined;
  const call = /^django\.db\.models\.(?:query\.)?(?:Manager|QuerySet)(?:\(\))?\.(\w+)\(\)$/.exec(name);
  if (call) {
    if (DJANGO_QS_METHODS.has(call[1])) return 'django.db.models.QuerySet()';
    if (DJANGO_INSTANCE_METHODS.has(call[1]) || call[1] === '__next__') return 'django.db.models.Model()';
    return undefined;
  }
  const member = /^django\.db\.models\.(?:query\.)?(Manager|QuerySet)\(\)\.(\w+)$/.exec(name);
  return member ? `django.db.models.${member[1]}.${member[2]}` : undefined;
}

/** The one spelling of a library name: exact aliases, pathlib results, Django's lazy values. */
export function canonicalName(name: string): string {
  return CANONICAL_NAMES[name] ?? canonicalPathlib(name) ?? canonicalDjango(name) ?? name;
}

export function ext(name: string): Value {
  const canonical = canonicalName(name);
  if (canonical === 'django.db.models.QuerySet()') return { kind: 'django-qs' };
  if (canonical === 'django.db.models.Manager()') return { kind: 'django-manager' };
  return { kind: 'ext', name: canonical };
}

/** A union of the known members; one member is itself, none is unknown. */
export function unionOf(members: Value[]): Value {
  const known = members.flatMap((m) => (m.kind === 'union' ? m.members : m.kind === 'unknown' ? [] : [m]));
  if (known.length === 0) return UNKNOWN;
  if (known.length === 1) return known[0];
  // Lists from either branch are one list of either's items: indexing and iterating read `items`.
  if (known.every((m) => m.kind === 'items')) return itemsOf(known.map((m) => (m as Extract<Value, { kind: 'items' }>).element));
  return { kind: 'union', members: known };
}

/** Items of a list, set or tuple: the known values among them, a few at most. */
export function itemsOf(elements: Value[]): Value {
  const element = unionOf(elements);
  return { kind: 'items', element: element.kind === 'union' && element.members.length > MAX_ITEM_KINDS ? UNKNOWN : element };
}

/** Past this many different items, a list's items say little. */
const MAX_ITEM_KINDS = 8;

/** Manager/QuerySet methods returning one model instance (the rest of the chain then acts on it); their async twins, awaited, too. */
const DJANGO_INSTANCE_METHODS = new Set(
  ['get', 'first', 'last', 'earliest', 'latest', 'create', 'get_or_create', 'update_or_create'].flatMap((method) => [method, `a${method}`]),
);
/** Methods returning another QuerySet. */
const DJANGO_QS_METHODS = new Set([
  'all', 'filter', 'exclude', 'order_by', 'select_related', 'prefetch_related', 'values', 'values_list',
  'annotate', 'alias', 'distinct', 'using', 'only', 'defer', 'none', 'reverse', 'select_for_update', 'extra',
  'union', 'intersection', 'difference', 'dates', 'datetimes',
]);

export const DJANGO_MODEL_INSTANCE: Value = ext('django.db.models.Model()');

/** Qualified library name of a value, if it names one (what a call target reports). */
export function externalName(value: Value): string | undefined {
  if (value.kind === 'ext') return value.name;
  if (value.kind === 'django-method') return `django.db.models.${value.owner}.${value.method}`;
  return undefined;
}

/** The value of an instance created from a type (annotations, constructor calls). */
export function instanceOf(type: Value): Value {
  if (type.kind === 'ext') return ext(`${type.name}()`);
  if (type.kind === 'proj' && !type.instance) return { ...type, instance: true };
  if (type.kind === 'alias') return type.instance;
  if (type.kind === 'union') return unionOf(type.members.map(instanceOf));
  return UNKNOWN;
}

export function djangoCallResult(method: string): Value {
  if (DJANGO_INSTANCE_METHODS.has(method)) return DJANGO_MODEL_INSTANCE;
  if (DJANGO_QS_METHODS.has(method)) return { kind: 'django-qs' };
  return UNKNOWN;
}

/** Lexical scope: function locals chained to the module. Class bodies are not in the chain of their methods. */
export class Scope {
  readonly vars = new Map<string, Value>();
  /** Names annotated in this scope (`f: TextIOWrapper = ...`): the type outlives untyped reassignments. */
  private readonly declarations = new Map<string, Value>();
  constructor(readonly parent?: Scope) {}

  declare(name: string, type: Value): void {
    this.declarations.set(name, type);
  }

  declared(name: string): Value | undefined {
    return this.declarations.get(name);
  }

  lookup(name: string): Value | undefined {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const found = scope.vars.get(name);
      if (found) return found;
    }
    return undefined;
  }

  bind(name: string, value: Value): void {
    this.vars.set(name, value);
  }
}
