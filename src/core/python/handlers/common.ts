import type { Node } from 'web-tree-sitter';
import { derivesFrom } from '../../classBases';
import type { ProjectLookup } from '../../language';
import type { ClassHandlerKind, ExecutionContext, FileModel, HandlerInfo, Location, SymbolRef, TypeRef } from '../../model';
import type { ArgRecord, CallRecord, ClassSyntax, DecoratorRecord, FunctionSyntax, PyFileFacts } from '../syntax';
import { externalName, type Value } from '../types';

/** One framework: finds the handlers one file registers. Listed in `handlers/index.ts`. */
export interface FrameworkMatcher {
  framework: string;
  match(facts: PyFileFacts): HandlerInfo[];
  /** Base classes whose subclasses are handlers, in this file or (through the index) any other. */
  classKinds?: readonly ClassHandlerKind[];
  /** What the project pass (`project`) needs from this file, kept in `FileModel.facts.frameworks[framework]`; undefined when nothing. */
  projectFacts?(facts: PyFileFacts, handlers: readonly HandlerInfo[]): unknown;
  /**
   * Handlers only the whole project shows (a URLconf's routes under the prefix another module includes it at), by file.
   * `models`: the files this framework's `projectFacts` left facts in (`frameworkFacts`).
   */
  project?(models: readonly FileModel[], lookup: ProjectLookup): Map<string, HandlerInfo[]>;
}

/** The facts `framework`'s `projectFacts` left in a model. */
export function frameworkFacts<T>(model: FileModel, framework: string): T | undefined {
  return (model.facts?.frameworks as Record<string, T> | undefined)?.[framework];
}

export type ContextByKind = { sync: ExecutionContext; async: ExecutionContext };

/** ASGI and loop frameworks: sync handlers are called inline on the loop too. */
export const LOOP_CONTEXT: ContextByKind = { sync: 'event-loop', async: 'event-loop' };
/** WSGI-style frameworks: a worker per request; an async handler gets a private loop. */
export const WORKER_CONTEXT: ContextByKind = { sync: 'sync-worker', async: 'private-loop' };

export const HTTP_VERBS = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options'];
export const VIEW_METHODS = [...HTTP_VERBS];

/** Text of a plain string literal, or undefined for anything else (f-strings, names, concatenations). */
export function stringValue(node: Node | undefined | null): string | undefined {
  if (!node) return undefined;
  // Every matcher asks about the same arguments, and an edited file keeps its other nodes (incremental.ts): read each once.
  const known = stringValues.get(node);
  if (known !== undefined) return known ?? undefined;
  const value = readStringValue(node);
  stringValues.set(node, value ?? null);
  return value;
}

const stringValues = new WeakMap<Node, string | null>();

function readStringValue(node: Node): string | undefined {
  if (node.type !== 'string') return undefined;
  let text = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'interpolation') return undefined;
    if (child.type === 'string_content' || child.type === 'escape_sequence') text += child.text;
  }
  return text;
}

/** `['GET', 'POST']` / `('GET',)` / `{'GET'}` → upper-cased strings. */
export function stringList(node: Node | undefined | null): string[] | undefined {
  if (!node || !['list', 'tuple', 'set'].includes(node.type)) return undefined;
  const values = node.namedChildren.map((c) => stringValue(c)).filter((s): s is string => s !== undefined);
  return values.map((s) => s.toUpperCase());
}

/** Positional argument `index`, or the keyword `name`. */
export function arg(call: CallRecord, index: number, name?: string): ArgRecord | undefined {
  return (name ? call.keywords.get(name) : undefined) ?? call.positional[index];
}

export function callName(call: CallRecord): string | undefined {
  return externalName(call.callee);
}

export function locationOf(facts: PyFileFacts, node: Node): Location {
  return { file: facts.file, ...positionOfNode(node) };
}

/** Where a node starts, 1-based line and column. */
export function positionOfNode(node: Node): { line: number; column: number } {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

/** A node's `line:column` (1-based), the key handlers and their syntax are matched by. */
export function keyOfNode(node: Node): string {
  return keyOfPosition(positionOfNode(node));
}

/** The `line:column` key of a position (a handler's `location`, a fact's entry). */
export function keyOfPosition(at: { line: number; column: number }): string {
  return `${at.line}:${at.column}`;
}

/** The position a `line:column` key names. */
export function positionOfKey(key: string): { line: number; column: number } {
  const [line, column] = key.split(':').map(Number);
  return { line, column };
}

export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** `pkg.api.AccessApi().landing`: module, class, method. */
const INSTANCE_METHOD = /^([\w.]+)\.([A-Z]\w*)\(\)\.([A-Za-z_]\w*)$/;

/** A project symbol a registration names, and whether it looks like a class. */
export function refOf(value: Value, facts: PyFileFacts): { ref: SymbolRef; isClass: boolean } | undefined {
  if (value.kind === 'proj' && !value.instance) {
    const { ref } = value;
    const isClass = ref.module === null ? facts.classes.has(ref.name) : /^[A-Z]/.test(lastSegment(ref.name));
    return { ref, isClass };
  }
  if (value.kind === 'proj' && value.instance) {
    return { ref: { module: value.ref.module, name: `${value.ref.name}.__call__` }, isClass: false };
  }
  const name = externalName(value);
  if (name && value.kind === 'ext' && !name.includes('(') && name.includes('.')) {
    // Absolute import of project code: `myapp.views.index` → module `myapp.views`, symbol `index`.
    const dot = name.lastIndexOf('.');
    return { ref: { module: name.slice(0, dot), name: name.slice(dot + 1) }, isClass: /^[A-Z]/.test(name.slice(dot + 1)) };
  }
  // A method of an instance of a class imported absolutely (`api = AccessApi(services)`, then `api.landing`): that class's method.
  const method = name && value.kind === 'ext' ? INSTANCE_METHOD.exec(name) : null;
  if (method) return { ref: { module: method[1], name: `${method[2]}.${method[3]}` }, isClass: false };
  return undefined;
}

/**
 * `@owner.attr(...)` / `@owner.attr`: the attribute name, the owner's
 * qualified name when it is a known library instance (`flask.Flask()`), and
 * the owner expression (for `ownership`). `owner` is undefined when the
 * object is imported from the project or untyped.
 */
export interface AttributeParts {
  attr: string;
  owner?: string;
  object?: Node;
}

export function decoratorParts(dec: DecoratorRecord): AttributeParts | undefined {
  if (!('parts' in dec)) dec.parts = attributeParts(dec.call ? dec.call.node.childForFieldName('function') : dec.node, dec.value);
  return dec.parts;
}

export function callParts(call: CallRecord): AttributeParts | undefined {
  // Every framework's matcher asks for the parts of every call: made once, from what the walk read of the callee.
  if (!('parts' in call)) call.parts = call.member && memberParts(call.member.attr, call.member.object, call.callee);
  return call.parts;
}

function attributeParts(fnNode: Node | null | undefined, value: Value): AttributeParts | undefined {
  if (fnNode?.type !== 'attribute') return undefined;
  const attr = fnNode.childForFieldName('attribute')?.text;
  const object = fnNode.childForFieldName('object');
  return attr && object ? memberParts(attr, object, value) : undefined;
}

function memberParts(attr: string, object: Node, value: Value): AttributeParts {
  const name = externalName(value);
  const owner = name?.endsWith(`.${attr}`) ? name.slice(0, -attr.length - 1) : undefined;
  return { attr, owner: owner?.includes('()') ? owner : undefined, object };
}

/** Whether a decorator/call on `owner` belongs to this framework: by owner type, else by the file's imports. */
export function ownedBy(owner: string | undefined, owners: readonly string[], facts: PyFileFacts, module: string): boolean {
  if (owner !== undefined) return owners.some((o) => owner === o || owner.startsWith(`${o}.`));
  return facts.imports(module);
}

/** Packages whose classes are known to the matchers: an instance of one is never a project subclass. */
const WEB_LIBRARIES = new Set([
  'flask', 'quart', 'fastapi', 'starlette', 'aiohttp', 'sanic', 'litestar', 'tornado', 'django', 'rest_framework',
  'flask_restful', 'flask_restx', 'flask_smorest', 'flask_login', 'flask_httpauth', 'flask_socketio', 'socketio',
  'graphene', 'graphene_django', 'strawberry', 'strawberry_django', 'ariadne', 'falcon', 'bottle', 'pyramid',
]);

/** A registration made on an instance of a project class, valid when that class derives from `bases`. */
export type OwnerClass = NonNullable<HandlerInfo['ownerClass']>;

/**
 * Like `ownedBy`, but an owner that is an instance of a project class
 * (`router = UserAPIRouter()`) belongs to the framework when that class
 * derives from one of the owners' classes: decided here for a class of the
 * same file, else returned as a condition the index checks across files.
 */
export function ownership(
  parts: AttributeParts,
  owners: readonly string[],
  facts: PyFileFacts,
  modules: string | readonly string[],
  /** Also ask the index about a name imported from another project module (matchers whose objects are usually imported: `login`, `socketio`). */
  imported = false,
): boolean | OwnerClass {
  const bases = instanceClasses(owners);
  const type = ownerType(parts, facts);
  if (type?.kind === 'project' && type.ref.module === null && !type.returned) {
    const cls = facts.classes.get(type.ref.name);
    if (!cls) return false;
    if (derivesFrom(facts.ancestry(cls), bases)) return true;
    // `class DashboardModule(PgAdminModule)` with that base imported from another module: the index follows it there.
    return bases.length > 0 && derivesFromImportedClass(cls, facts) ? { type, bases } : false;
  }
  // Asked for every decorator and call of a file on each keystroke: no strings or arrays made to answer.
  if (parts.owner !== undefined && owners.some((o) => isOrWithin(parts.owner!, o))) return true;
  // A class of a web library (`socketio.AsyncServer()` for a `socketio.Server()` owner, `flask.Flask()` for Quart) is not a project class.
  const library = type?.kind === 'external' && WEB_LIBRARIES.has(firstPart(type.name));
  if (type && bases.length > 0 && !library) return { type, bases };
  if (parts.owner !== undefined) return false;
  if (typeof modules === 'string' ? facts.imports(modules) : modules.some((m) => facts.imports(m))) return true;
  // `from app import login` in a file not importing flask_login: what `login` is bound to in `app` decides.
  const variable = imported ? importedVariable(parts, facts) : undefined;
  return variable && bases.length > 0 ? { type: variable, bases, variable: true } : false;
}

/**
 * Whether a class, or a base of the same file, names a class of another
 * module as a base: a project one (`from app.utils import PgAdminModule`
 * reads as a library name until the index resolves it) may derive from the owners'.
 */
function derivesFromImportedClass(cls: ClassSyntax, facts: PyFileFacts, seen = new Set<string>()): boolean {
  seen.add(cls.name);
  return cls.bases.some(({ value }) => {
    if (value.kind === 'ext') return true;
    if (value.kind !== 'proj') return false;
    if (value.ref.module !== null) return true;
    const parent = facts.classes.get(value.ref.name);
    return parent !== undefined && !seen.has(parent.name) && derivesFromImportedClass(parent, facts, seen);
  });
}

/** `name` is `owner` or a dotted name under it (`app.router` under `app`). */
function isOrWithin(name: string, owner: string): boolean {
  return name.startsWith(owner) && (name.length === owner.length || name.charCodeAt(owner.length) === 46);
}

/** A dotted name's first part (`socketio` of `socketio.AsyncServer`). */
function firstPart(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

/** The classes of the `X()` owners (`fastapi.FastAPI()` → `fastapi.FastAPI`), once per owners list: asked for every decorator of a file. */
function instanceClasses(owners: readonly string[]): string[] {
  let classes = instanceClassesOf.get(owners);
  if (!classes) instanceClassesOf.set(owners, (classes = owners.filter((o) => /^[\w.]+\(\)$/.test(o)).map((o) => o.slice(0, -2))));
  return classes;
}

const instanceClassesOf = new WeakMap<readonly string[], string[]>();

/** The class of the object a registration is made on, when it is an instance of one (`X()` or a project class). */
function ownerType(parts: AttributeParts, facts: PyFileFacts): TypeRef | undefined {
  // `X()`: an instance of a class, or what a project factory returns (the index tells them apart).
  const instance = parts.owner && /^([\w.]+)\(\)$/.exec(parts.owner);
  if (instance) return { kind: 'external', name: instance[1], returned: true };
  if (parts.owner !== undefined || !parts.object || !['identifier', 'attribute'].includes(parts.object.type)) return undefined;
  const value = facts.resolveDotted(parts.object.text);
  if (value?.kind === 'proj' && value.instance) return { kind: 'project', ref: value.ref };
  // `router = make_router()`: what the factory returns decides, across files.
  if (value?.kind === 'returned' && value.path === '()') return { kind: 'project', ref: value.ref, returned: true };
  return undefined;
}

/** The object is a name imported from another module of the project (relatively, or absolutely: then a dotted library-looking name). */
function importedVariable(parts: AttributeParts, facts: PyFileFacts): TypeRef | undefined {
  if (parts.object?.type !== 'identifier') return undefined;
  const value = facts.resolveDotted(parts.object.text);
  if (value?.kind === 'proj' && !value.instance && value.ref.module !== null) return { kind: 'project', ref: value.ref };
  // `from ... import socketio`: a submodule, or a name the package's `__init__` binds (pgAdmin's tools register their events so).
  const packaged = value?.kind === 'projmod' ? /^(\.+)(\w+)$/.exec(value.module) : null;
  if (packaged) return { kind: 'project', ref: { module: packaged[1], name: packaged[2] } };
  if (value?.kind === 'ext' && value.name.includes('.') && !value.name.includes('(') && !WEB_LIBRARIES.has(value.name.split('.')[0])) return { kind: 'external', name: value.name };
  return undefined;
}

/** Attaches the owner condition `ownership` returned, if any. */
export function owned<T extends HandlerInfo>(handler: T, own: boolean | OwnerClass): T {
  return typeof own === 'object' ? { ...handler, ownerClass: own } : handler;
}

export function functionHandler(
  fn: FunctionSyntax,
  at: Node,
  facts: PyFileFacts,
  framework: string,
  contextByKind: ContextByKind,
  route: string | null,
  methods?: string[],
): HandlerInfo {
  const handler: HandlerInfo = {
    ref: { module: null, name: fn.info.name },
    location: locationOf(facts, at),
    framework,
    route,
    contextByKind,
  };
  if (methods) handler.methods = methods;
  return handler;
}

/** A handler for a registration that names a function or class by expression (`view_func=views.index`). */
export function referencedHandler(
  value: Value,
  valueNode: Node,
  facts: PyFileFacts,
  framework: string,
  contextByKind: ContextByKind,
  route: string | null,
  methods: string[] | undefined,
  classMethods: string[],
): HandlerInfo | undefined {
  // `View.as_view(...)` names the class.
  let target = value;
  if (valueNode.type === 'call') {
    const call = facts.callAt(valueNode);
    // `partial(api.logs, follow=True)`: the function it wraps serves, with some arguments bound.
    const wrapped = call?.callee.kind === 'ext' && call.callee.name === 'functools.partial' ? call.positional[0] : undefined;
    if (wrapped) return referencedHandler(wrapped.value, wrapped.node, facts, framework, contextByKind, route, methods, classMethods);
    const fnNode = valueNode.childForFieldName('function');
    if (!call || fnNode?.type !== 'attribute' || fnNode.childForFieldName('attribute')?.text !== 'as_view') return undefined;
    const owner = call.callee;
    if (owner.kind === 'proj' && owner.ref.name.endsWith('.as_view')) {
      target = { kind: 'proj', ref: { module: owner.ref.module, name: owner.ref.name.slice(0, -'.as_view'.length) }, instance: false };
    } else if (owner.kind === 'ext' && owner.name.endsWith('.as_view')) {
      target = { kind: 'ext', name: owner.name.slice(0, -'.as_view'.length) };
    } else {
      return undefined;
    }
    const resolved = refOf(target, facts);
    if (!resolved) return undefined;
    return withMethods({ ref: resolved.ref, location: locationOf(facts, valueNode), framework, route, contextByKind, classMethods }, methods);
  }
  // What a project call gives, then its steps (`api = APIHost()` from another module, then `api.info`): the index evaluates it.
  if (value.kind === 'returned') return withMethods({ ref: value.ref, valuePath: value.path, location: locationOf(facts, valueNode), framework, route, contextByKind }, methods);
  const resolved = refOf(target, facts);
  if (!resolved) return undefined;
  const handler: HandlerInfo = { ref: resolved.ref, location: locationOf(facts, valueNode), framework, route, contextByKind };
  if (resolved.isClass) handler.classMethods = classMethods;
  return withMethods(handler, methods);
}

function withMethods(handler: HandlerInfo, methods: string[] | undefined): HandlerInfo {
  if (methods) handler.methods = methods;
  return handler;
}

/** Classes of the file deriving (possibly through same-file bases) from one of `bases` (`pkg.mod.*` patterns allowed). */
export function subclassesOf(facts: PyFileFacts, bases: readonly string[]): ClassSyntax[] {
  return [...facts.classes.values()].filter((cls) => derivesFrom(facts.ancestry(cls), bases));
}

/** Class handlers of the file for each kind (the first kind a class derives from wins). */
export function classKindHandlers(facts: PyFileFacts, kinds: readonly ClassHandlerKind[]): HandlerInfo[] {
  const handlers: HandlerInfo[] = [];
  for (const cls of facts.classes.values()) {
    const ancestry = facts.ancestry(cls);
    const kind = kinds.find((k) => derivesFrom(ancestry, k.bases));
    if (kind) handlers.push({ ...classHandler(cls, facts, kind.framework, kind.contextByKind, kind.classMethods, kind.route ?? null), ...(kind.kind ? { kind: kind.kind } : {}) });
  }
  return handlers;
}

export function classHandler(
  cls: ClassSyntax,
  facts: PyFileFacts,
  framework: string,
  contextByKind: ContextByKind,
  classMethods: string[],
  route: string | null = null,
): HandlerInfo {
  return {
    ref: { module: null, name: cls.name },
    location: locationOf(facts, cls.node.childForFieldName('name') ?? cls.node),
    framework,
    route,
    contextByKind,
    classMethods,
  };
}

/** Drops class-only entries for classes also registered with a route in the same file (first wins in the index anyway). */
export function dedupe(handlers: HandlerInfo[]): HandlerInfo[] {
  const seen = new Set<string>();
  const ordered = [...handlers.filter((h) => h.route !== null), ...handlers.filter((h) => h.route === null)];
  return ordered.filter((h) => {
    // Registrations on an object of unknown class stay one per class they may be (`ownerClass`): the index keeps the right one.
    // What `ref` evaluates to through `valuePath` is another handler (a made dependency's `()` or `().__call__`).
    const key = `${h.ref.module ?? ''}:${h.ref.name}${h.valuePath ?? ''}:${h.route ?? ''}:${h.location.line}:${h.location.column}:${h.ownerClass?.bases.join() ?? ''}`;
    const classKey = `${h.ref.module ?? ''}:${h.ref.name}`;
    if (seen.has(key) || (h.route === null && h.classMethods && seen.has(classKey))) return false;
    seen.add(key);
    seen.add(classKey);
    return true;
  });
}

/** The innermost function of the file whose body holds `node`. */
export function enclosingFunction(facts: PyFileFacts, node: Node): FunctionSyntax | undefined {
  for (let at = node.parent; at; at = at.parent) {
    if (at.type === 'function_definition') return facts.functions.find((fn) => fn.node.id === at!.id);
  }
  return undefined;
}
