import type { Node } from 'web-tree-sitter';
import type { ProjectLookup } from '../../language';
import type { CallTarget, FileModel, HandlerInfo } from '../../model';
import type { ArgRecord, CallRecord, FunctionSyntax, PyFileFacts } from '../syntax';
import type { Value } from '../types';
import { arg, callName, enclosingFunction, frameworkFacts, keyOfNode, keyOfPosition, locationOf, positionOfKey, stringValue, type ContextByKind } from './common';

/**
 * Django URL configuration across modules: which module-level list each
 * `path()` entry sits in, what `include(...)` mounts where, and project
 * registries of views (a decorator storing the view in a container that a
 * function building `path()` entries reads). The file records these facts;
 * the project pass joins routes along include chains and finds views
 * registered through such a registry.
 */

export const URL_FUNCTIONS = new Set(['django.urls.path', 'django.urls.re_path', 'django.conf.urls.url']);
const INCLUDE_FUNCTIONS = new Set(['django.urls.include', 'django.conf.urls.include']);
/** Methods that put a value into a container (`registry[k].append(view)`). */
const STORING_METHODS = new Set(['append', 'add', 'update', 'setdefault', 'extend', 'insert', 'register']);
/** Text a body must hold to store into a container: a storing method called (`.append`), or `]` then `=` (`REGISTRY[name] = cls`). */
const MAY_CALL_STORING = new RegExp(`\\.(?:\\s|\\\\\\n|#[^\\n]*)*(?:${[...STORING_METHODS].join('|')})\\b`);
const MAY_ASSIGN_ITEM = /\](?:\s|\\\n)*(?::[^=\n]*)?=(?!=)/;
/** Prefixes one list may be mounted under before the rest are left out. */
const MAX_PREFIXES = 8;

/** A name as one file reaches it: `module` null for its own module level, else a module as written (`.urls`, `netbox.registry`); `name` '' is the module itself. */
export interface NameRef {
  module: string | null;
  name: string;
}

/** What `include(...)` mounts: a URLconf module by its dotted path, a list or module by name, or a list of this file. */
type IncludeTarget = { module: string } | { ref: NameRef } | { local: string };

interface UrlInclude {
  /** The list holding the `path(prefix, include(...))` entry. */
  list: string;
  /** The literal prefix; null when it is not a plain string (`settings.BASE_PATH`). */
  prefix: string | null;
  target: IncludeTarget;
}

interface DjangoProjectFacts {
  /** The list each routed handler's entry sits in, at the handler's line and column (positions an edit moves, not keys). */
  entries?: Array<{ line: number; column: number; list: string }>;
  includes?: UrlInclude[];
  /** Containers read by functions that build `path()` entries (netbox's `get_model_urls` reads `registry`). */
  builderReads?: NameRef[];
  /** Decorators (or decorator factories) storing what they decorate in a module-level container. */
  registrars?: Array<{ fn: string; stores: NameRef[] }>;
  /** DRF `@action` methods: a viewset registered on a router serves each at a route of its own. */
  actions?: Array<{ method: string; cls: string; detail: boolean; urlPath: string; methods: string[] }>;
  /** Module-level classes and functions decorated by a project decorator, with the decorator's callee. */
  decorated?: Array<{ name: string; decorator: CallTarget; text: string; line: number; column: number; isClass: boolean }>;
}

/**
 * The view a `path()` entry serves, through decorators applied by hand:
 * `login_required(views.index)`, `cache_page(60)(Schema.as_view())`.
 */
export function unwrappedView(view: ArgRecord, facts: PyFileFacts): ArgRecord {
  let at = view;
  for (let depth = 0; depth < 4 && at.node.type === 'call'; depth++) {
    const fn = at.node.childForFieldName('function');
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'as_view') break;
    const call = facts.callAt(at.node);
    const inner = call && !isInclude(call) ? call.positional[0] : undefined;
    if (!inner) break;
    at = inner;
  }
  return at;
}

function isInclude(call: CallRecord | undefined): boolean {
  const name = call && callName(call);
  return name !== undefined && INCLUDE_FUNCTIONS.has(name);
}

/**
 * The module-level list an entry belongs to: assigned (`urlpatterns = [...]`,
 * `+=`), appended (`_patterns.append(path(...))`), or given inline to an
 * `include([...])` (named after that call). Undefined inside functions.
 */
function containerOf(node: Node, facts: PyFileFacts): string | undefined {
  let child = node;
  for (let at = node.parent; at; child = at, at = at.parent) {
    switch (at.type) {
      case 'function_definition':
      case 'class_definition':
      case 'lambda':
        return undefined;
      case 'assignment':
      case 'augmented_assignment': {
        const left = at.childForFieldName('left');
        return left?.type === 'identifier' && left.id !== child.id ? left.text : undefined;
      }
      case 'call': {
        if (at.id === node.id) break;
        if (isInclude(facts.callAt(at))) return inlineList(at);
        const fn = at.childForFieldName('function');
        const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
        if (object?.type === 'identifier' && ['append', 'extend', 'insert'].includes(fn!.childForFieldName('attribute')?.text ?? '')) return object.text;
        break;
      }
    }
  }
  return undefined;
}

/** A name of this file's module level, or what an imported one is (`from netbox.registry import registry`). */
export function nameRefOf(text: string, facts: PyFileFacts): NameRef | undefined {
  if (facts.moduleAssigns.has(text)) return { module: null, name: text };
  return valueRef(facts.resolveDotted(text));
}

function valueRef(value: Value | undefined): NameRef | undefined {
  if (!value) return undefined;
  if (value.kind === 'projmod') return { module: value.module, name: '' };
  if (value.kind === 'proj' && !value.instance) return value.ref;
  if (value.kind === 'ext' && value.name.includes('.') && !value.name.includes('(')) {
    const dot = value.name.lastIndexOf('.');
    return { module: value.name.slice(0, dot), name: value.name.slice(dot + 1) };
  }
  return undefined;
}

/** `registry['views'][a].append`: the identifier at the root of subscripts and attributes. */
function rootIdentifier(node: Node | null | undefined): Node | undefined {
  let at = node;
  while (at && (at.type === 'subscript' || at.type === 'attribute')) at = at.childForFieldName(at.type === 'subscript' ? 'value' : 'object');
  return at?.type === 'identifier' ? at : undefined;
}

/** What `include(x)` names. */
function includeTarget(includeCall: CallRecord, facts: PyFileFacts, routers: ReadonlySet<string>): IncludeTarget | undefined {
  let node: Node | null | undefined = arg(includeCall, 0, 'arg')?.node;
  // `include((patterns, 'app'))`: the patterns and an app namespace.
  if (node?.type === 'tuple') node = node.namedChildren[0];
  if (!node) return undefined;
  const text = stringValue(node);
  if (text !== undefined) return { module: text };
  if (node.type === 'list') return { local: inlineList(includeCall.node) };
  if (node.type === 'attribute' && node.childForFieldName('attribute')?.text === 'urls') {
    const object = node.childForFieldName('object');
    if (object?.type === 'identifier' && routers.has(object.text)) return { local: `router:${object.text}` };
  }
  if (node.type === 'identifier' || node.type === 'attribute') {
    if (node.type === 'identifier' && facts.moduleAssigns.has(node.text)) return { local: node.text };
    const ref = valueRef(facts.resolveDotted(node.text));
    return ref ? { ref } : undefined;
  }
  return undefined;
}

/** The URL facts of one file: entries' lists and includes (URLconfs), builders, registrars and decorated definitions. */
export function urlFacts(
  facts: PyFileFacts,
  handlers: readonly HandlerInfo[],
  routers: ReadonlyMap<string, Set<string>>,
  actions: DjangoProjectFacts['actions'],
): DjangoProjectFacts | undefined {
  const out: DjangoProjectFacts = {};
  if (actions?.length) out.actions = actions;
  const routerNames = new Set(routers.keys());
  const entries = new Map<string, string>();
  const includes: UrlInclude[] = [];
  for (const call of facts.calls) {
    const name = callName(call);
    if (!name || !URL_FUNCTIONS.has(name)) continue;
    const list = containerOf(call.node, facts);
    if (!list) continue;
    const view = arg(call, 1, 'view');
    if (!view) continue;
    const included = view.node.type === 'call' ? facts.callAt(view.node) : undefined;
    if (included && isInclude(included)) {
      const target = includeTarget(included, facts, routerNames);
      if (target) includes.push({ list, prefix: stringValue(arg(call, 0, 'route')?.node) ?? null, target });
    } else {
      entries.set(keyOfNode(unwrappedView(view, facts).node), list);
    }
  }
  // Router registrations: in the router's own list, which `urlpatterns = router.urls` (or `+=`) mounts.
  for (const [router, locations] of routers) {
    for (const location of locations) entries.set(location, `router:${router}`);
  }
  if (routerNames.size > 0) {
    const root = facts.calls[0]?.node.tree.rootNode;
    for (const attr of root?.descendantsOfType('attribute') ?? []) {
      const object = attr?.childForFieldName('object');
      if (!attr || attr.childForFieldName('attribute')?.text !== 'urls' || object?.type !== 'identifier' || !routerNames.has(object.text)) continue;
      const list = containerOf(attr, facts);
      if (list && !list.startsWith('inline:')) includes.push({ list, prefix: '', target: { local: `router:${object.text}` } });
    }
  }
  const routed = handlers.filter((h) => h.route !== null && entries.has(keyOfPosition(h.location)));
  if (routed.length > 0) out.entries = [...entries].map(([at, list]) => ({ ...positionOfKey(at), list }));
  if (includes.length > 0) out.includes = includes;
  registryFacts(facts, out);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The name of a list written inside an `include()`, by where the call is (as names holding a position spell it: an edit moves it). */
function inlineList(node: Node): string {
  return `inline:L${node.startPosition.row + 1}:C${node.startPosition.column + 1}`;
}

/** Builders, registrars and project-decorated definitions of the file. */
function registryFacts(facts: PyFileFacts, out: DjangoProjectFacts): void {
  const reads: NameRef[] = [];
  const registrars: Array<{ fn: string; stores: NameRef[] }> = [];
  const builders = new Set<FunctionSyntax>();
  for (const call of facts.calls) {
    const name = callName(call);
    const builder = name && URL_FUNCTIONS.has(name) ? enclosingFunction(facts, call.node) : undefined;
    if (builder) builders.add(builder);
  }
  // The file's calls of a storing method (`x.append(...)`), found when a body may hold one.
  let storingCalls: CallRecord[] | undefined;
  for (const fn of facts.functions) {
    const body = fn.node.childForFieldName('body');
    if (!body) continue;
    if (builders.has(fn)) {
      for (const node of body.descendantsOfType(['subscript', 'attribute', 'for_in_clause', 'for_statement'])) {
        const base = node && rootIdentifier(node.type.startsWith('for') ? node.childForFieldName('right') : node);
        const ref = base && nameRefOf(base.text, facts);
        if (ref && !reads.some((r) => r.module === ref.module && r.name === ref.name)) reads.push(ref);
      }
    }
    // A decorator storing what it decorates: its first parameter goes into a module-level container
    // (`registry[k].append({"view": cls})`, `REGISTRY[name] = cls`).
    const param = fn.params[0];
    if (!param || fn.cls) continue;
    // Most bodies store nothing: a look at the text spares collecting their nodes.
    const text = body.text;
    if (!text.includes(param.name)) continue;
    storingCalls ??= facts.calls.filter((call) => call.member && STORING_METHODS.has(call.member.attr));
    const candidates = storingCandidates(storingCalls, body, text);
    if (candidates.length === 0) continue;
    const holdsParam = (node: Node | null | undefined): boolean =>
      !!node && (node.text === param.name || node.descendantsOfType('identifier').some((id) => id?.text === param.name));
    const stores: NameRef[] = [];
    for (const node of candidates) {
      const fnNode = node.type === 'call' ? node.childForFieldName('function') : undefined;
      let stored: Node | null | undefined;
      if (node.type === 'call') {
        stored = node.childForFieldName('arguments');
      } else {
        // The target of `container[...] = value`: the value is what is stored.
        const assignment = node.parent;
        if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.id !== node.id) continue;
        stored = assignment.childForFieldName('right');
      }
      if (!holdsParam(stored)) continue;
      const base = rootIdentifier(node.type === 'call' ? fnNode!.childForFieldName('object') : node);
      if (!base || fn.params.some((p) => p.name === base.text)) continue;
      const ref = nameRefOf(base.text, facts);
      if (ref && !stores.some((r) => r.module === ref.module && r.name === ref.name)) stores.push(ref);
    }
    if (stores.length === 0) continue;
    // A nested wrapper stands for the factory that returns it (`@register_model_view(Site)`).
    registrars.push({ fn: fn.nested && fn.info.parent ? fn.info.parent : fn.info.name, stores });
  }
  const decorated: NonNullable<DjangoProjectFacts['decorated']> = [];
  const definitions = [
    ...[...facts.classes.values()].filter((c) => !c.name.includes('.')).map((c) => ({ name: c.name, decorators: c.decorators, isClass: true })),
    ...facts.functions.filter((f) => !f.cls && !f.nested).map((f) => ({ name: f.info.name, decorators: f.decorators, isClass: false })),
  ];
  for (const def of definitions) {
    for (const dec of def.decorators) {
      const target = decoratorTarget(dec.value);
      if (!target) continue;
      const at = locationOf(facts, dec.node);
      decorated.push({ name: def.name, decorator: target, text: dec.node.text.replace(/\s+/g, ' '), line: at.line, column: at.column, isClass: def.isClass });
    }
  }
  if (reads.length > 0) out.builderReads = reads;
  if (registrars.length > 0) out.registrars = registrars;
  if (decorated.length > 0) out.decorated = decorated;
}

/**
 * In document order, the calls of a storing method (`x.append(...)`, from the
 * walk's records) and the subscripts (`x[k]`, collected only when the text
 * has an item assignment) inside `body`.
 */
function storingCandidates(storingCalls: readonly CallRecord[], body: Node, text: string): Node[] {
  const candidates: Node[] = [];
  if (MAY_CALL_STORING.test(text)) {
    const from = body.startIndex;
    const to = body.endIndex;
    for (const call of storingCalls) {
      const { start, end } = call.site.span;
      if (start >= from && end <= to) candidates.push(call.node);
    }
  }
  if (MAY_ASSIGN_ITEM.test(text)) for (const node of body.descendantsOfType('subscript')) if (node) candidates.push(node);
  // An enclosing node first when two start together (`x[0].append(v)`), as a walk meets them.
  return candidates.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
}

/** A decorator that may be project code: a project function, or an absolutely imported name. */
function decoratorTarget(value: Value): CallTarget | undefined {
  if (value.kind === 'proj' && !value.instance) return { kind: 'project', ref: value.ref };
  if (value.kind === 'ext' && value.name.includes('.') && !value.name.includes('(')) return { kind: 'external', name: value.name };
  return undefined;
}

/**
 * `@action` methods of registered viewsets (their own or inherited, in any file), each on its
 * route below the registration's prefix: `devices/<pk>/trace/` (detail) or `devices/bulk/`.
 */
function viewsetActions(withFacts: ReadonlyArray<{ model: FileModel; facts: DjangoProjectFacts }>, lookup: ProjectLookup): Map<string, HandlerInfo[]> {
  const byMethod = new Map<string, NonNullable<DjangoProjectFacts['actions']>[number]>();
  for (const { model, facts } of withFacts) for (const action of facts.actions ?? []) byMethod.set(`${model.file}#${action.cls}.${action.method}`, action);
  const names = new Set([...byMethod.values()].map((a) => a.method));
  const out = new Map<string, HandlerInfo[]>();
  if (names.size === 0) return out;
  for (const { model } of withFacts) {
    const found: HandlerInfo[] = [];
    for (const registration of model.handlers) {
      // The list route of a router registration (`devices/`) stands for the registration.
      if (!registration.exactClassMethods || !registration.classMethods?.includes('list') || !registration.route?.endsWith('/')) continue;
      const prefix = registration.route.slice(0, -1);
      for (const name of names) {
        const ref = { module: registration.ref.module, name: `${registration.ref.name}.${name}` };
        const action = lookup.functionsOf(model.file, { kind: 'project', ref }).map((t) => byMethod.get(`${t.file}#${t.name}`)).find(Boolean);
        if (!action) continue;
        found.push({
          ...registration,
          route: `${prefix}/${action.detail ? '<pk>/' : ''}${action.urlPath}/`,
          methods: action.methods,
          classMethods: [name],
        });
      }
    }
    if (found.length > 0) out.set(model.file, found);
  }
  return out;
}

/** Joins a prefix and a route as Django does (a regex route's `^` goes). */
function joinRoute(prefix: string, route: string): string {
  if (!prefix) return route;
  return prefix + (route.startsWith('^') ? route.slice(1) : route);
}

/** `file#name`: how the passes key a module-level name. */
export const nameKey = (file: string, name: string): string => `${file}#${name}`;

/**
 * Where a `NameRef` written in `file` lives: `keyOf(file, name)` of the
 * module that holds it (a module's `urlpatterns` when it names a module),
 * `ext:module.name` outside the project.
 */
export function resolveName(ref: NameRef, file: string, lookup: ProjectLookup, list = false, keyOf = nameKey): string | undefined {
  if (ref.module === null) return keyOf(file, ref.name);
  if (ref.name === '') {
    const at = lookup.resolveModule(ref.module, file);
    return at && keyOf(at, 'urlpatterns');
  }
  if (list) {
    const whole = lookup.resolveModule(ref.module.endsWith('.') ? ref.module + ref.name : `${ref.module}.${ref.name}`, file);
    if (whole) return keyOf(whole, 'urlpatterns');
  }
  const at = lookup.resolveModule(ref.module, file);
  return at ? keyOf(at, ref.name) : `ext:${ref.module}.${ref.name}`;
}

/**
 * Routes joined along include chains, and views registered through a project
 * registry; by the file whose model holds each registration.
 */
export function projectUrlHandlers(models: readonly FileModel[], lookup: ProjectLookup, framework: string, contextByKind: ContextByKind, classMethods: string[]): Map<string, HandlerInfo[]> {
  const out = new Map<string, HandlerInfo[]>();
  const withFacts = models.flatMap((model) => {
    const facts = frameworkFacts<DjangoProjectFacts>(model, framework);
    return facts ? [{ model, facts }] : [];
  });
  if (withFacts.length === 0) return out;

  // Include edges into each list, with their prefix.
  const incoming = new Map<string, Array<{ from: string; prefix: string }>>();
  for (const { model, facts } of withFacts) {
    for (const include of facts.includes ?? []) {
      const target = include.target;
      let to: string | undefined;
      if ('module' in target) {
        const at = lookup.resolveModule(target.module, model.file);
        to = at && `${at}#urlpatterns`;
      } else if ('local' in target) {
        to = `${model.file}#${target.local}`;
      } else {
        to = resolveName(target.ref, model.file, lookup, true);
      }
      if (!to) continue;
      const list = incoming.get(to) ?? [];
      list.push({ from: `${model.file}#${include.list}`, prefix: include.prefix ?? '' });
      incoming.set(to, list);
    }
  }
  const memo = new Map<string, string[]>();
  const prefixesOf = (key: string, visiting: Set<string>): string[] => {
    const known = memo.get(key);
    if (known) return known;
    const edges = incoming.get(key);
    if (!edges || visiting.has(key)) return [''];
    visiting.add(key);
    const found = new Set<string>();
    for (const edge of edges) {
      for (const above of prefixesOf(edge.from, visiting)) {
        if (found.size < MAX_PREFIXES) found.add(joinRoute(above, edge.prefix));
      }
    }
    visiting.delete(key);
    const result = found.size > 0 ? [...found] : [''];
    memo.set(key, result);
    return result;
  };
  const actions = viewsetActions(withFacts, lookup);
  for (const { model, facts } of withFacts) {
    const found: HandlerInfo[] = [];
    const own = model.handlers.filter((h) => h.framework === framework && h.route !== null);
    const lists = new Map(facts.entries?.map((entry) => [keyOfPosition(entry), entry.list]));
    for (const handler of [...own, ...(actions.get(model.file) ?? [])]) {
      const list = lists.get(keyOfPosition(handler.location));
      const isOwn = own.includes(handler);
      if (!list) {
        if (!isOwn) found.push(handler);
        continue;
      }
      for (const prefix of prefixesOf(`${model.file}#${list}`, new Set())) {
        if (prefix || !isOwn) found.push({ ...handler, route: joinRoute(prefix, handler.route!) });
      }
    }
    if (found.length > 0) out.set(model.file, found);
  }

  // Registries: a decorator storing into a container a path-building function reads.
  const read = new Set<string>();
  for (const { model, facts } of withFacts) {
    for (const ref of facts.builderReads ?? []) {
      const key = resolveName(ref, model.file, lookup);
      if (key) read.add(key);
    }
  }
  const registrars = new Set<string>();
  for (const { model, facts } of withFacts) {
    for (const registrar of facts.registrars ?? []) {
      if (registrar.stores.some((ref) => read.has(resolveName(ref, model.file, lookup) ?? ''))) registrars.add(`${model.file}#${registrar.fn}`);
    }
  }
  if (registrars.size === 0) return out;
  for (const { model, facts } of withFacts) {
    const found: HandlerInfo[] = [];
    for (const def of facts.decorated ?? []) {
      const reaches = lookup.functionsOf(model.file, def.decorator).some((t) => registrars.has(`${t.file}#${t.name}`));
      if (!reaches) continue;
      found.push({
        ref: { module: null, name: def.name },
        location: { file: model.file, line: def.line, column: def.column },
        framework,
        route: def.text.replace(/^@/, ''),
        contextByKind,
        ...(def.isClass ? { classMethods } : {}),
      });
    }
    if (found.length > 0) out.set(model.file, [...(out.get(model.file) ?? []), ...found]);
  }
  return out;
}
