import type { SymbolRef } from '../model';

/**
 * What the analyzer knows about the value of an expression. Deliberately
 * small: library values are a qualified path string (`requests.Session()`),
 * project values a symbol reference, and Django's ORM gets its own kinds
 * because `Model.objects` is the one idiom worth special-casing.
 */
export type Value =
  /** A library module, symbol or instance: `requests`, `requests.get`, `requests.Session()`. */
  | { kind: 'ext'; name: string }
  /** A project symbol (function, class, member) or, with `instance`, an instance of a project class. */
  | { kind: 'proj'; ref: SymbolRef; instance: boolean; djangoModel?: boolean }
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
  | { kind: 'unknown' };

export const UNKNOWN: Value = { kind: 'unknown' };

/** Qualified names that are spelled several ways; keys are exact whole names. */
const CANONICAL_NAMES: Record<string, string> = {
  'sqlalchemy.orm.sessionmaker()()': 'sqlalchemy.orm.Session()',
  'sqlalchemy.orm.session.sessionmaker': 'sqlalchemy.orm.sessionmaker',
  'sqlalchemy.orm.session.Session': 'sqlalchemy.orm.Session',
  'sqlalchemy.orm.scoped_session()': 'sqlalchemy.orm.Session()',
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
};

export function ext(name: string): Value {
  return { kind: 'ext', name: CANONICAL_NAMES[name] ?? name };
}

/** Manager/QuerySet methods returning one model instance (the rest of the chain then acts on it). */
const DJANGO_INSTANCE_METHODS = new Set(['get', 'first', 'last', 'earliest', 'latest', 'create', 'get_or_create', 'update_or_create']);
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
  constructor(readonly parent?: Scope) {}

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
