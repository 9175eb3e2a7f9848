import { dequal } from 'dequal';
import type { ClassHandlerKind, ClassInfo, DeploymentRef, ExecutionContext, FileModel, Finding, Fix, FunctionInfo, HandlerInfo, HandlerReport, RunCondition, Scope, SymbolRef } from '../model';
import type { FunctionKey, Resolver } from './resolver';
import { handlerKindOf } from '../handlerKind';
import type { ClassHierarchy } from './classes';
import { Readers } from './readers';
import type { RuleDefinition } from '../rules/types';
import type { FunctionEdit } from '../language';
import { isEdited, movedItems, movedKey } from './readKeys';
import type { LineMove } from './movedFindings';
import { groupBy } from '../groupBy';

/** A function whose calls are on a request path (or in scope), with where it runs. */
export interface Root {
  file: string;
  fn: FunctionInfo;
  context: ExecutionContext;
  handler: HandlerReport | null;
  deployment?: DeploymentRef;
  /** Extra words from deployment (e.g. "4 workers × 2 threads = 8 requests at once"). */
  note?: string;
  /** Registered under a development-only condition (`settings.DEBUG`): its findings are info. */
  devOnly?: string;
  /** Not run on every request (a statically rendered route): its findings are info. */
  runCondition?: RunCondition;
  /** An inherited method run for a subclass: its `self.m()` calls reach these overrides (`keyOf` of the base method → override). */
  dispatch?: ReadonlyMap<string, FunctionKey>;
  /** The context its blocking calls are weighed in when not `context`: an unpatched gevent server's hub is an event loop (nothing yields). */
  weighedAs?: ExecutionContext;
  /** The file that registers it, when not `file` (a routes module naming a controller): loaded before it serves. */
  registeredIn?: string;
}

/** Deployment facts refine a framework's context (gevent, ASGI server...). */
export interface ContextRefiner {
  refineContext(
    file: string,
    framework: string,
    context: ExecutionContext,
  ): { context: ExecutionContext; deployment?: DeploymentRef; note?: string; weighedAs?: ExecutionContext };
  /** Under a cooperative runtime: whether this call yields (psycopg2 once psycogreen is patched). */
  cooperativeCall?(file: string, rule: RuleDefinition, call: string): boolean;
  /** Deployment cures for a finding (gevent or threaded workers); the first may be preferred over code rewrites. */
  fixesFor?(finding: Finding): Fix[];
}

/** Inline handlers have synthetic names (`<handler:2>`): show the route instead. */
function displayName(fn: FunctionInfo, handler: HandlerInfo): string {
  if (!fn.name.startsWith('<')) return fn.name;
  const label = [handler.methods?.join('|'), handler.route].filter(Boolean).join(' ');
  return label ? `${handler.framework} ${label}` : fn.name;
}

/** Handler methods a request names: what a rebinding without a literal name replaces. */
const HTTP_METHODS = new Set(['get', 'post', 'put', 'delete', 'patch', 'head', 'options']);

/**
 * A class whose objects replace their handler methods before the framework
 * calls them, with a wrapper that runs them in a thread: those methods run
 * off the loop (Medusa's API: `initialize` wraps each in `run_in_executor`).
 */
function offloadingRebinding(file: string, handler: HandlerInfo, hierarchy: ClassHierarchy): ReturnType<ClassHierarchy['rebinding']> {
  if (!handler.classMethods) return undefined;
  const located = hierarchy.locate(file, handler.ref);
  const found = located && hierarchy.rebinding(located.file, located.cls);
  return found?.rebound.offloaded ? found : undefined;
}

/** The note for a method such a rebinding replaces, else undefined. */
function offloadedNote(found: ReturnType<ClassHierarchy['rebinding']>, method: string): string | undefined {
  if (!found) return undefined;
  const replaced = found.rebound.methods ? found.rebound.methods.includes(method) : HTTP_METHODS.has(method);
  return replaced ? `run in a thread by \`${found.rebound.wrapper}\`, which \`${found.cls}\` installs over it` : undefined;
}

function contextOf(handler: HandlerInfo, fn: FunctionInfo): ExecutionContext {
  if (handler.context) return handler.context;
  if (handler.contextByKind) return fn.isAsync ? handler.contextByKind.async : handler.contextByKind.sync;
  return fn.isAsync ? 'event-loop' : 'sync-worker';
}

/** A function serving a handler; an inherited method also names the class it serves for. */
interface HandlerTarget extends FunctionKey {
  /** The registered class, when the method is inherited from a base: one handler per class, not per base method. */
  servedBy?: { file: string; line: number; cls: string; overrides: Map<string, FunctionKey> };
}

/**
 * What the factories `ref` names return: they serve; a factory returning nothing of its own (a library's middleware) serves nothing we follow.
 * `configured`: only a function that does not call what the factory was given (`validate(schema)`'s middleware, not `asyncHandler(fn)`'s
 * wrapper, which serves the function it was handed, whatever the index made of it).
 */
function madeBy(file: string, ref: SymbolRef, resolver: Resolver, touched: Set<string>, factoryNames: FactoryName[], configured = false): HandlerTarget[] {
  const factories = resolver.resolveRef(file, ref, touched) ?? [];
  for (const factory of factories) factoryNames.push({ file: factory.file, name: factory.fn.name });
  return factories.flatMap((t) =>
    (t.fn.returnedFunctions ?? [])
      .flatMap((name) => resolver.resolveSymbol(t.file, name, touched))
      .filter((made) => !configured || !made.fn.calls.some((c) => c.target.kind === 'value' && c.target.of.module === null && c.target.of.name === t.fn.name && /^\.@\d+$/.test(c.target.path))),
  );
}

/** The functions serving a handler: the function, or the class's wanted methods, inherited ones included. */
function handlerTargets(file: string, handler: HandlerInfo, resolver: Resolver, hierarchy: ClassHierarchy, touched: Set<string>, factoryNames: FactoryName[]): HandlerTarget[] {
  if (handler.factory) return madeBy(file, handler.ref, resolver, touched, factoryNames);
  if (handler.valuePath !== undefined) {
    // A parameter's member: the functions the callers pass there.
    return resolver.values.evaluateRef(file, handler.ref, handler.valuePath, touched).flatMap((value) => (value.kind === 'fn' ? [value.key] : []));
  }
  if (!handler.classMethods) {
    const found = resolver.resolveRef(file, handler.ref, touched) ?? [];
    return found.length === 0 && handler.orMadeBy ? madeBy(file, handler.orMadeBy, resolver, touched, factoryNames, true) : found;
  }
  const located = hierarchy.locate(file, handler.ref);
  if (!located) {
    const own = resolver.resolveRef(file, handler.ref, touched, true) ?? [];
    return own.filter((t) => methodWanted(t.fn.name.slice(t.fn.name.lastIndexOf('.') + 1), handler.classMethods!));
  }
  touched.add(located.file);
  // A view registered by name (`path("x", V.as_view())`) also gets the methods its kind of base calls.
  const kind = hierarchy.kindOf(located.file, located.cls);
  const wanted = handler.exactClassMethods ? handler.classMethods : [...handler.classMethods, ...(kind?.classMethods ?? [])];
  const methods = hierarchy.methods(located.file, located.cls);
  const { file: at, cls } = located;
  const own = methods
    .filter((t) => methodWanted(t.fn.name.slice(t.fn.name.lastIndexOf('.') + 1), wanted))
    .map((t) =>
      (t.fn.className === cls.name && t.file === at) || methodWanted(t.fn.name.slice(t.fn.name.lastIndexOf('.') + 1), kind?.hooks ?? [])
        ? t
        : { ...t, servedBy: { file: at, line: cls.location.line, cls: cls.name, overrides: hierarchy.overrides(at, cls) } },
    );
  return [...own, ...attributeHookTargets(at, cls, kind, resolver, hierarchy, touched)];
}

/**
 * The methods of the classes a handler class names in its attributes that
 * the framework calls per request (`ClassHandlerKind.attributeHooks`: a DRF
 * viewset's `serializer_class` validates, creates and renders through them).
 */
function attributeHookTargets(file: string, cls: ClassInfo, kind: ClassHandlerKind | undefined, resolver: Resolver, hierarchy: ClassHierarchy, touched: Set<string>): HandlerTarget[] {
  const targets: HandlerTarget[] = [];
  for (const [attribute, hooks] of Object.entries(kind?.attributeHooks ?? {})) {
    for (const value of resolver.values.evaluate(file, cls.name, [`.${attribute}`], touched)) {
      if (value.kind !== 'class') continue;
      touched.add(value.file);
      // Each under its own name (`UserSerializer.create`) and the route of the first class naming it.
      targets.push(...hierarchy.methods(value.file, value.cls).filter((t) => methodWanted(t.fn.name.slice(t.fn.name.lastIndexOf('.') + 1), hooks)));
    }
  }
  return targets;
}

/** `name` is one of `wanted`: a name, a prefix ending in `*` (`resolve_*`), or `+` for any public name (not `_x`, `__init__`). */
export function methodWanted(name: string, wanted: readonly string[]): boolean {
  return wanted.some((w) => (w === '+' ? !name.startsWith('_') : w.endsWith('*') ? name.startsWith(w.slice(0, -1)) : name === w));
}

/** What one registration comes to: whether its owner is the framework's, the thread wrapper, its functions, and every file read to say so. */
interface ResolvedRegistration {
  owned: boolean;
  /** The handler is what a factory returns (`HandlerInfo.factory`): the factory functions, whose bodies say what they return. */
  factory?: FactoryName[];
  rebinding: ReturnType<ClassHierarchy['rebinding']>;
  targets: HandlerTarget[];
  files: Set<string>;
  /** Its roots, as refined by the deployment of that generation (`RegistrationCache.rootsOf`). */
  roots?: { generation: number; built: KeyedRoot[] };
}

interface KeyedRoot {
  key: string;
  root: Root;
}

/** A `roots.generation` that no deployment has: roots an edit moved, kept to compare their rebuilt copies with. */
const MOVED_GENERATION = -1;

/** Where the last full `handlerRoots` placed each root: the registration it came from and the root's index among that registration's roots. */
interface Placement {
  handlers: HandlerInfo[];
  indexes: number[];
  /** The positions of each registration's roots, made when an edit first moves one. */
  positionsOf?: Map<HandlerInfo, number[]>;
}

/** A factory function, by name: what its registrations keep of it (an edit makes its function info anew). */
interface FactoryName {
  file: string;
  name: string;
}

/** The roots of a compute made from the last one's by replacing those of registrations an edit moved, at `at`. */
interface ReplacedRoots {
  from: Root[];
  to: Root[];
  at: number[];
}

function resolveRegistration(file: string, handler: HandlerInfo, resolver: Resolver, hierarchy: ClassHierarchy): ResolvedRegistration {
  const files = new Set<string>([file]);
  const owner = handler.ownerClass;
  if (owner && !hierarchy.typeDerivesFrom(file, owner.type, owner.bases, owner.variable, files)) return { owned: false, rebinding: undefined, targets: [], files };
  const rebinding = offloadingRebinding(file, handler, hierarchy);
  const factories: FactoryName[] = [];
  const targets = handlerTargets(file, handler, resolver, hierarchy, files, factories);
  // Targets and overrides hold FunctionInfo objects: an edit of their files replaces those.
  for (const target of targets) {
    files.add(target.file);
    for (const override of target.servedBy?.overrides.values() ?? []) files.add(override.file);
  }
  return { owned: true, rebinding, targets, files, ...(handler.factory ? { factory: factories } : {}) };
}

/**
 * Registrations resolved by an earlier compute, kept while nothing they read
 * changes: after an edit, only the edited file's handlers and those that read
 * it resolve again (in a 1,600-handler project, most of an edit's work).
 * Keyed by the handler object: a file's handlers that equal the last
 * compute's are given as those objects (`sameAsBefore`), so an edit that
 * makes them anew keeps what they resolved to (netbox's URLconfs register
 * 1,800 views, resolved again on every keystroke before). The
 * class hierarchy's answers are part of what is kept: clear this with it, and
 * when the import roots change. The roots built from each registration are
 * kept too, until the deployment that refined their contexts changes.
 */
export class RegistrationCache {
  private readonly entries = new Map<HandlerInfo, ResolvedRegistration>();
  private readonly readers = new Readers<HandlerInfo>();
  /** Handlers asked for since the last `forgetUnused`. */
  private readonly used = new Set<HandlerInfo>();
  /** Each list of handlers `sameAsBefore` was given (`input`) and gave the last compute, and this one's so far. */
  private lastLists = new Map<string, { input: HandlerInfo[]; same: HandlerInfo[] }>();
  private lists = new Map<string, { input: HandlerInfo[]; same: HandlerInfo[] }>();
  private rootsGeneration = 0;
  /** Counts every change of what a registration's roots are (resolved, dropped, refined, rebuilt): equal counts, equal roots but for `moved`. */
  private changes = 0;
  /** Registrations whose functions an edit moved since the last `handlerRoots` (`afterEdit`): their roots are built again on the moved functions. */
  private readonly moved = new Set<HandlerInfo>();
  /** The last `handlerRoots`: what it read, the registrations it went through, in order, the roots they came to, and where each root came from (an editing index's). */
  private last:
    | { changes: number; hierarchy: ClassHierarchy; project: ReadonlyMap<string, HandlerInfo[]>; handlers: HandlerInfo[]; roots: Root[]; placement?: Placement }
    | undefined;
  /** The last `unchangedSince` that replaced moved registrations' roots (the workspace asks only those positions again). */
  private replaced: ReplacedRoots | undefined;
  /** Registrations resolved here (not kept from before). */
  resolved = 0;
  /** Registrations whose roots a compute asked for (every one, unless an edit left the last roots or moved only some). */
  visited = 0;

  /** The registration's roots, built once per resolution and deployment (refining a context asks the deployment per root); `forgetRoots` when `refiner` changes. */
  rootsOf(file: string, handler: HandlerInfo, resolver: Resolver, hierarchy: ClassHierarchy, refiner: ContextRefiner | undefined): KeyedRoot[] {
    this.used.add(handler);
    this.visited++;
    let resolved = this.entries.get(handler);
    if (!resolved) {
      this.resolved++;
      resolved = resolveRegistration(file, handler, resolver, hierarchy);
      this.entries.set(handler, resolved);
      this.readers.note(handler, resolved.files);
    }
    if (resolved.roots?.generation !== this.rootsGeneration) {
      this.changes++;
      resolved.roots = { generation: this.rootsGeneration, built: registrationRoots(handler, resolved, refiner) };
    }
    return resolved.roots.built;
  }

  /**
   * The last roots, when `handlers` are the registrations that compute went
   * through, in the same order, and none of them changed since: a keystroke
   * that touched no registration (most of them, in a large workspace) goes
   * through no registration again. Otherwise undefined, and `remember`
   * takes this compute's.
   */
  unchangedRoots(handlers: readonly HandlerInfo[]): Root[] | undefined {
    const last = this.last;
    if (!last || last.changes !== this.changes || this.moved.size > 0 || last.handlers.length !== handlers.length) return undefined;
    for (let i = 0; i < handlers.length; i++) if (handlers[i] !== last.handlers[i]) return undefined;
    // What `forgetUnused` does besides forgetting: every registration is still in use.
    this.used.clear();
    this.rollLists();
    return last.roots;
  }

  /** Keeps this compute's registrations and roots; `placement` when they were built here (the last one's holds when they are its roots). */
  remember(hierarchy: ClassHierarchy, project: ReadonlyMap<string, HandlerInfo[]>, handlers: HandlerInfo[], roots: Root[], placement?: Placement): void {
    const placed = placement ?? (this.last?.roots === roots ? this.last.placement : undefined);
    this.last = { changes: this.changes, hierarchy, project, handlers, roots, placement: placed };
    this.moved.clear();
  }

  /** The positions at which `to` replaced roots of `from`, when the last `unchangedSince` made it so. */
  replacedIn(from: Root[], to: Root[]): number[] | undefined {
    const replaced = this.replaced;
    return replaced?.from === from && replaced.to === to ? replaced.at : undefined;
  }

  /**
   * The last roots when only the `changed` files' models are new since the
   * last `handlerRoots`, and each registers what it registered then: the
   * other files' registrations, and what each resolved to, are as they were,
   * so the last roots hold without going through every file (a keystroke in
   * a 10,000-file workspace), but for those of registrations an edit moved,
   * built again in place (`withMovedRoots`). Undefined otherwise.
   */
  unchangedSince(
    hierarchy: ClassHierarchy,
    project: ReadonlyMap<string, HandlerInfo[]>,
    changed: ReadonlyMap<string, FileModel | undefined>,
    own: (model: FileModel) => HandlerInfo[],
    refiner: ContextRefiner | undefined,
  ): Root[] | undefined {
    const last = this.last;
    if (!last || last.changes !== this.changes || last.hierarchy !== hierarchy || last.project !== project) return undefined;
    const lists = new Map<string, { input: HandlerInfo[]; same: HandlerInfo[] }>();
    for (const [file, model] of changed) {
      // A file added or removed changes the file set, which drops every registration (`changes`).
      if (!model) return undefined;
      const handlers = own(model);
      const before = this.lastLists.get(file)?.same ?? [];
      if (handlers.length !== before.length) return undefined;
      if (handlers.length === 0) continue;
      const same = this.sameAsBefore(file, handlers);
      if (same.some((handler, i) => handler !== before[i])) return undefined;
      lists.set(file, this.lists.get(file)!);
    }
    const roots = this.moved.size > 0 ? this.withMovedRoots(last, refiner) : last.roots;
    if (!roots) return undefined;
    // The changed files' lists become the last ones; the others' stay.
    for (const [file, list] of lists) this.lastLists.set(file, list);
    this.lists = new Map();
    return roots;
  }

  /**
   * The last roots with those of the registrations an edit moved built again
   * on the moved functions, in their places: an edit inside one function of
   * a large file moves every function after it, and with them the
   * registrations of half its handlers, which otherwise sent the compute
   * through every registration and root of the workspace. Undefined, and
   * nothing changed, unless each moved registration's roots are the ones it
   * had (the same keys, files and function names), so that the last
   * compute's deduplication of roots holds.
   */
  private withMovedRoots(last: NonNullable<RegistrationCache['last']>, refiner: ContextRefiner | undefined): Root[] | undefined {
    const placement = last.placement;
    if (!placement) return undefined;
    placement.positionsOf ??= groupBy(placement.handlers.keys(), (at) => placement.handlers[at]);
    const rebuilt: Array<{ resolved: ResolvedRegistration; built: KeyedRoot[] }> = [];
    const roots = last.roots.slice();
    const at: number[] = [];
    for (const handler of this.moved) {
      const resolved = this.entries.get(handler);
      const before = resolved?.roots;
      if (!resolved || before?.generation !== MOVED_GENERATION) return undefined;
      this.visited++;
      const built = registrationRoots(handler, resolved, refiner);
      if (built.length !== before.built.length || built.some((root, i) => root.key !== before.built[i].key)) return undefined;
      for (const position of placement.positionsOf.get(handler) ?? []) {
        const root = built[placement.indexes[position]].root;
        const old = roots[position];
        if (root.file !== old.file || root.fn.name !== old.fn.name) return undefined;
        roots[position] = root;
        at.push(position);
      }
      rebuilt.push({ resolved, built });
    }
    for (const { resolved, built } of rebuilt) resolved.roots = { generation: this.rootsGeneration, built };
    this.replaced = { from: last.roots, to: roots, at };
    this.last = { ...last, roots };
    this.moved.clear();
    return roots;
  }

  /**
   * `handlers` (a file's, listed under `key` each compute) with each one
   * equal to the one at its place last time replaced by that object: a file
   * analysed again, or a project pass run again, makes its handlers anew,
   * and registrations are kept by handler object. Where a handler was seen
   * is not compared (`sameRegistration`): a line added above it keeps it.
   */
  sameAsBefore(key: string, handlers: HandlerInfo[]): HandlerInfo[] {
    if (handlers.length === 0) return handlers;
    const last = this.lastLists.get(key);
    const before = last?.same;
    const same =
      last?.input === handlers
        ? last.same
        : before?.length === handlers.length
          ? handlers.map((handler, i) => (handler === before[i] || sameRegistration(handler, before[i]) ? before[i] : handler))
          : handlers;
    this.lists.set(key, { input: handlers, same });
    return same;
  }

  /**
   * Drops the registrations no compute asked for since the last call: those
   * of handlers that are gone (a class stopped inheriting a handler, a file
   * was analysed again), which no file's change would otherwise drop.
   */
  forgetUnused(): void {
    for (const [handler, resolved] of this.entries) {
      if (this.used.has(handler)) continue;
      this.entries.delete(handler);
      this.readers.forget(handler, resolved.files);
      this.changes++;
    }
    this.used.clear();
    this.rollLists();
  }

  private rollLists(): void {
    this.lastLists = this.lists;
    this.lists = new Map();
  }

  /** The deployment changed: contexts are refined again (resolutions stay). */
  forgetRoots(): void {
    this.rootsGeneration++;
    this.changes++;
  }

  /** `key` (a file, or a construction key) changed. */
  invalidate(key: string): void {
    const before = this.entries.size;
    this.readers.drop(key, [this.entries]);
    if (this.entries.size !== before) this.changes++;
  }

  /**
   * After an edit inside one function body (or one that only moved the
   * file's functions): when the lines outside the edit have a place after it
   * (`lines`), the registrations that read the file hold (names, classes,
   * their methods and bases are outside the body, and the class facts a body
   * sets did not change, or the edit would not have been walked alone), on
   * the new model's copies of the functions the edit moved, with the line of
   * a class they serve moved; that of a factory the edit is in goes, since
   * what it returns is in its body (another factory, `auth()` registered
   * here, holds), and so does one whose class's line the edit touched.
   */
  afterEdit(edit: FunctionEdit, lines: LineMove | undefined): void {
    if (!lines) {
      this.invalidate(edit.file);
      return;
    }
    const objects = edit.moved.objects;
    const anyMoved = (overrides: ReadonlyMap<string, FunctionKey>): boolean => {
      // A loop, not a spread: an edit in netbox's views goes through the overrides of 1,800 registrations.
      for (const override of overrides.values()) if (objects.has(override.fn)) return true;
      return false;
    };
    const movedServed = (served: NonNullable<HandlerTarget['servedBy']>): HandlerTarget['servedBy'] | undefined => {
      const line = served.file === edit.file ? lines(served.line) : served.line;
      if (line === undefined) return undefined;
      const overrides = anyMoved(served.overrides) ? new Map([...served.overrides].map(([k, o]) => [k, movedKey(edit, o)])) : served.overrides;
      return line === served.line && overrides === served.overrides ? served : { ...served, line, overrides };
    };
    const movedTarget = (target: HandlerTarget): HandlerTarget | undefined => {
      const served = target.servedBy && movedServed(target.servedBy);
      if (target.servedBy && !served) return undefined;
      if (!objects.has(target.fn) && served === target.servedBy) return target;
      return { ...movedKey(edit, target), ...(served ? { servedBy: served } : {}) };
    };
    const next = (resolved: ResolvedRegistration): ResolvedRegistration | undefined => {
      if (resolved.factory?.some((factory) => factory.file === edit.file && isEdited(factory.name, edit))) return undefined;
      const targets = movedItems(resolved.targets, movedTarget);
      if (!targets) return undefined;
      // The roots built before stay, marked moved: `unchangedSince` compares them with those built on the moved functions.
      return targets === resolved.targets ? resolved : { ...resolved, targets, roots: resolved.roots && { generation: MOVED_GENERATION, built: resolved.roots.built } };
    };
    this.readers.sweep(edit.file, [
      {
        cache: this.entries,
        next: (value, handler) => {
          const moved = next(value as ResolvedRegistration);
          if (!moved) this.changes++;
          else if (moved !== value) this.moved.add(handler);
          return moved;
        },
      },
    ]);
  }

  clear(): void {
    this.entries.clear();
    this.readers.clear();
    this.lastLists.clear();
    this.moved.clear();
    this.changes++;
  }
}

/**
 * Whether two registrations are the same but for where they were seen:
 * nothing a registration resolves to or builds reads its `location` (the
 * model's handlers, which fixes read for it, are the new ones).
 */
function sameRegistration(a: HandlerInfo, b: HandlerInfo): boolean {
  // Field by field, without copying either (every handler of an edited file, every keystroke).
  let fields = 0;
  for (const key in a) {
    if (key === 'location' || !Object.hasOwn(a, key)) continue;
    fields++;
    if (!Object.hasOwn(b, key) || !dequal(a[key as keyof HandlerInfo], b[key as keyof HandlerInfo])) return false;
  }
  for (const key in b) if (key !== 'location' && Object.hasOwn(b, key)) fields--;
  return fields === 0;
}

/** The roots one registration serves, each with the key that makes it the same handler as another registration's. */
function registrationRoots(handler: HandlerInfo, { owned, rebinding, targets }: ResolvedRegistration, refiner: ContextRefiner | undefined): KeyedRoot[] {
  if (!owned) return [];
  return targets.map((target) => {
    const served = target.servedBy;
    const short = target.fn.name.slice(target.fn.name.lastIndexOf('.') + 1);
    let context = contextOf(handler, target.fn);
    const offloaded = offloadedNote(rebinding, short);
    const refined = offloaded ? undefined : refiner?.refineContext(served?.file ?? target.file, handler.framework, context);
    if (offloaded) context = 'threadpool';
    if (refined) context = refined.context;
    const root: Root = {
      file: target.file,
      fn: target.fn,
      context,
      deployment: refined?.deployment,
      note: offloaded ?? refined?.note,
      ...(served ? { dispatch: served.overrides } : {}),
      ...(refined?.weighedAs ? { weighedAs: refined.weighedAs } : {}),
      ...(handler.devOnly ? { devOnly: handler.devOnly } : {}),
      ...(handler.runCondition ? { runCondition: handler.runCondition } : {}),
      ...(handler.location.file !== target.file ? { registeredIn: handler.location.file } : {}),
      handler: {
        file: served?.file ?? target.file,
        line: served?.line ?? target.fn.nameRange.line,
        name: served ? `${served.cls}.${short}` : displayName(target.fn, handler),
        framework: handler.framework,
        kind: target.fn.isAsync ? 'async' : 'sync',
        handlerKind: handlerKindOf(handler),
        route: handler.route,
        methods: handler.methods,
        context,
      },
    };
    return { key: served ? `${served.file}#${served.cls}.${short}` : `${target.file}#${target.fn.name}`, root };
  });
}

/**
 * Resolves every registered handler to its functions. Registration may live
 * in another file (urls.py); `inherited` adds classes whose framework base
 * only shows through a project base in another file.
 */
export function handlerRoots(
  models: Iterable<FileModel>,
  resolver: Resolver,
  hierarchy: ClassHierarchy,
  /** The classes a file inherits a framework base for (classes.ts). */
  inherited: (model: FileModel) => HandlerInfo[],
  refiner: ContextRefiner | undefined,
  /** What the languages' project passes found; a route they joined (a URLconf under its include prefix) wins over the file's own. */
  project: ReadonlyMap<string, HandlerInfo[]> = new Map(),
  kept?: RegistrationCache,
  /** An editing index's models changed since the last call, by file: the others' registrations are as they were then. */
  changed?: ReadonlyMap<string, FileModel | undefined>,
): Root[] {
  const same = (key: string, handlers: HandlerInfo[]): HandlerInfo[] => kept?.sameAsBefore(key, handlers) ?? handlers;
  const unchanged = changed && kept?.unchangedSince(hierarchy, project, changed, (model) => ownHandlers(model, inherited), refiner);
  if (unchanged) return unchanged;
  // Parallel lists, not an object per registration: a compute on each keystroke goes through every one.
  const registered = { files: [] as string[], handlers: [] as HandlerInfo[] };
  const own = { files: [] as string[], handlers: [] as HandlerInfo[] };
  // Most files register nothing: they cost no list and no key.
  for (const model of models) {
    const passed = project.get(model.file);
    if (passed?.length) for (const handler of same(`${model.file}\0project`, passed)) add(registered, model.file, handler);
    const handlers = ownHandlers(model, inherited);
    if (handlers.length > 0) for (const handler of same(model.file, handlers)) add(own, model.file, handler);
  }
  for (let i = 0; i < own.handlers.length; i++) add(registered, own.files[i], own.handlers[i]);
  // A registration with a route (`api.add_resource(R, "/x")` in another file) wins over the bare class found by its base.
  const ordered = { files: [] as string[], handlers: [] as HandlerInfo[] };
  for (const routed of [true, false]) {
    for (let i = 0; i < registered.handlers.length; i++) if ((registered.handlers[i].route !== null) === routed) add(ordered, registered.files[i], registered.handlers[i]);
  }
  const asBefore = kept?.unchangedRoots(ordered.handlers);
  if (asBefore) {
    kept!.remember(hierarchy, project, ordered.handlers, asBefore);
    return asBefore;
  }
  const roots: Root[] = [];
  const seen = new Set<string>();
  // An editing index's: where each root came from, for an edit that moves registrations (`unchangedSince`).
  const placement: Placement | undefined = changed && { handlers: [], indexes: [] };
  for (let i = 0; i < ordered.handlers.length; i++) {
    const [file, handler] = [ordered.files[i], ordered.handlers[i]];
    const built = kept ? kept.rootsOf(file, handler, resolver, hierarchy, refiner) : registrationRoots(handler, resolveRegistration(file, handler, resolver, hierarchy), refiner);
    for (let index = 0; index < built.length; index++) {
      const { key, root } = built[index];
      if (seen.has(key)) continue;
      seen.add(key);
      roots.push(root);
      placement?.handlers.push(handler);
      placement?.indexes.push(index);
    }
  }
  kept?.forgetUnused();
  kept?.remember(hierarchy, project, ordered.handlers, roots, placement);
  return roots;
}

/** A file's own registrations with the classes it inherits a framework base for. */
function ownHandlers(model: FileModel, inherited: (model: FileModel) => HandlerInfo[]): HandlerInfo[] {
  const inheritedHere = inherited(model);
  return inheritedHere.length > 0 ? [...model.handlers, ...inheritedHere] : model.handlers;
}

function add(into: { files: string[]; handlers: HandlerInfo[] }, file: string, handler: HandlerInfo): void {
  into.files.push(file);
  into.handlers.push(handler);
}

/** `--scope async|all`: every (async) function that is not already a handler. */
export function scopeRoots(models: Iterable<FileModel>, scope: Scope, handlerKeys: Set<string>): Root[] {
  if (scope === 'handlers') return [];
  const roots: Root[] = [];
  for (const model of models) {
    for (const fn of model.functions) {
      if (handlerKeys.has(`${model.file}#${fn.name}`)) continue;
      if (scope === 'async' && !fn.isAsync) continue;
      roots.push({ file: model.file, fn, context: fn.isAsync ? 'event-loop' : 'unknown', handler: null });
    }
  }
  return roots;
}
