import type { ProjectLookup } from '../../language';
import type { CallTarget, FileModel, HandlerInfo, SymbolRef, TypeRef } from '../../model';
import type { ParamSlot } from '../values';
import { familyOf } from './objects';
import { FASTIFY_INSTANCE, withAutoloadPrefix, type AutoloadedPlugin } from './fastifyAutoload';

/**
 * A call handing something to a project function: a framework object
 * (`routes(app)` with `app = express()`), or one of the caller's own
 * parameters (`mount(router)` inside `function routes(router)`).
 */
export interface Feed {
  target: CallTarget;
  index: number;
  /** Where in the argument: `setup({ app })` feeds `app` of parameter 0. */
  path: string;
  object?: string;
  from?: ParamSlot;
  /** `f(...args)`: argument `index + i` is element `i` of the rest parameter `from`. */
  spread?: true;
}

/**
 * A registration on a parameter (`slot`) or on what a project function returns (`returnedBy`):
 * a handler once the index sees an object of `family` reach that parameter, or that function return one.
 */
export interface PendingHandler {
  slot?: ParamSlot;
  returnedBy?: SymbolRef;
  /**
   * On an instance of a class the file cannot place (a project class, or one
   * imported through a path alias: `class SchemaRouter extends Router`): a
   * handler when the class derives from `family`.
   */
  instanceOf?: TypeRef;
  /** With `instanceOf`: the method called on the instance, which a project route table may answer (`routeTables.ts`). */
  member?: string;
  /** On a project symbol followed by steps (`App.getInstance` then `().io`): a handler when that evaluates to an object of `family`. */
  derived?: { of: SymbolRef; path: string };
  /** On another module's exported value (or a method chain on it): a handler when that export holds an object of `family`. */
  exportedValue?: SymbolRef;
  /**
   * On a member of a value declared as a project object type (`ArgsExpressType.app`): a handler when that type
   * declares the member as an object of `family` (`BindingFacts.typeMembers`).
   */
  declaredMember?: SymbolRef;
  family: string;
  handler: HandlerInfo;
}

/** What the JavaScript analyzer leaves in `FileModel.facts` for the project pass. */
export interface BindingFacts {
  feeds?: Feed[];
  pendingHandlers?: PendingHandler[];
  /** Framework objects each named function returns (`return router` with `router = express.Router()`), by function. */
  returnedObjects?: Record<string, string[]>;
  /** Exported constants: a framework object (`object`), or another module's export they are made from (`from`). */
  exportedObjects?: Record<string, { object?: string; from?: SymbolRef }>;
  /** Folders @fastify/autoload loads: each module's exported function there gets a Fastify instance first. */
  autoloadDirs?: string[];
  /** The file's object types (`type ArgsExpressType = { app: Express }`, interfaces) and their members declared as framework objects. */
  typeMembers?: Record<string, Record<string, string>>;
}

/** Rounds of propagation through parameters passed on (a router handed down five modules deep needs five). */
const MAX_ROUNDS = 12;

function joinPath(a: string, b: string): string {
  return a && b ? `${a}.${b}` : a || b;
}

/** The rest of `path` below `prefix`, or undefined when `path` is not at or under it. */
function below(path: string, prefix: string): string | undefined {
  if (prefix === '') return path;
  if (path === prefix) return '';
  return path.startsWith(`${prefix}.`) ? path.slice(prefix.length + 1) : undefined;
}

/**
 * Handlers registered on parameters: which framework objects reach each
 * parameter of each function, across files, through the calls the index can
 * resolve (and parameters passed on), and the pending registrations that
 * therefore hold.
 */
export function parameterHandlers(
  models: Iterable<FileModel>,
  lookup: ProjectLookup,
  /** Modules @fastify/autoload loads (`autoloadedPlugins`): their first parameter is a Fastify instance. */
  plugins: ReadonlyMap<string, AutoloadedPlugin> = new Map(),
): Map<string, HandlerInfo[]> {
  const list = [...models].filter((m) => m.language === 'javascript');
  /** `file#fn#index` → path → object names. */
  const values = new Map<string, Map<string, Set<string>>>();
  const edges: Array<{ from: string; fromPath: string; to: string; toPath: string }> = [];
  const add = (base: string, path: string, names: Iterable<string>): boolean => {
    let paths = values.get(base);
    if (!paths) values.set(base, (paths = new Map()));
    let set = paths.get(path);
    if (!set) paths.set(path, (set = new Set()));
    let changed = false;
    for (const name of names) {
      if (!set.has(name)) {
        set.add(name);
        changed = true;
      }
    }
    return changed;
  };
  const pendingAnywhere = list.some((m) => ((m.facts as BindingFacts | undefined)?.pendingHandlers?.length ?? 0) > 0);
  if (!pendingAnywhere) return new Map();
  // Nothing calls the modules @fastify/autoload loads: it hands each plugin a Fastify instance.
  for (const key of plugins.keys()) add(`${key}#0`, '', [FASTIFY_INSTANCE]);

  // A spread forwards as many positions as any function here has parameters that matter.
  let positions = 1;
  for (const model of list) {
    const facts = model.facts as BindingFacts | undefined;
    for (const f of facts?.feeds ?? []) positions = Math.max(positions, f.index + 1, (f.from?.index ?? 0) + 1);
    for (const p of facts?.pendingHandlers ?? []) positions = Math.max(positions, (p.slot?.index ?? 0) + 1);
  }
  for (const model of list) {
    for (const feed of (model.facts as BindingFacts | undefined)?.feeds ?? []) {
      for (const target of lookup.functionsOf(model.file, feed.target)) {
        const to = `${target.file}#${target.name}#${feed.index}`;
        if (feed.object) add(to, feed.path, [feed.object]);
        if (feed.from && feed.spread) {
          for (let i = 0; i < positions; i++) edges.push({ from: `${model.file}#${feed.from.fn}#${feed.from.index + i}`, fromPath: '', to: `${target.file}#${target.name}#${feed.index + i}`, toPath: '' });
        } else if (feed.from) edges.push({ from: `${model.file}#${feed.from.fn}#${feed.from.index}`, fromPath: feed.from.path, to, toPath: feed.path });
      }
    }
  }
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    for (const edge of edges) {
      const paths = values.get(edge.from);
      if (!paths) continue;
      for (const [path, names] of [...paths]) {
        const rest = below(path, edge.fromPath);
        if (rest !== undefined && add(edge.to, joinPath(edge.toPath, rest), names)) changed = true;
      }
    }
    if (!changed) break;
  }

  const byFile = new Map(list.map((m) => [m.file, m]));
  /** The module a reference names, seen from `file` (`module: null`: `file` itself), and its facts. */
  const moduleOf = (file: string, ref: SymbolRef): { target: string; facts: BindingFacts | undefined } | undefined => {
    const target = ref.module === null ? file : lookup.resolveModule(ref.module, file);
    return target === undefined ? undefined : { target, facts: byFile.get(target)?.facts as BindingFacts | undefined };
  };
  /** The families of what a factory returns, wherever the call resolves. */
  const returnedFamilies = (file: string, ref: SymbolRef): string[] =>
    lookup.functionsOf(file, { kind: 'project', ref }).flatMap((t) => ((byFile.get(t.file)?.facts as BindingFacts | undefined)?.returnedObjects?.[t.name] ?? []).map((n) => familyOf(n) ?? ''));
  /** The family of what another module exports under `ref.name`, through exports made from other modules' exports. */
  const exportedFamily = (file: string, ref: SymbolRef, depth = 0): string | undefined => {
    const module = depth > MAX_ROUNDS ? undefined : moduleOf(file, ref);
    const entry = module?.facts?.exportedObjects?.[ref.name];
    if (entry?.object) return familyOf(entry.object);
    return entry?.from && module ? exportedFamily(module.target, entry.from, depth + 1) : undefined;
  };
  /** The family of the object a project type declares a member as (`ArgsExpressType.app` → `app: Express`). */
  const declaredFamily = (file: string, ref: SymbolRef): string | undefined => {
    const dot = ref.name.indexOf('.');
    const member = dot < 0 ? undefined : moduleOf(file, ref)?.facts?.typeMembers?.[ref.name.slice(0, dot)]?.[ref.name.slice(dot + 1)];
    return member === undefined ? undefined : familyOf(member);
  };
  const out = new Map<string, HandlerInfo[]>();
  for (const model of list) {
    const found: HandlerInfo[] = [];
    for (const pending of (model.facts as BindingFacts | undefined)?.pendingHandlers ?? []) {
      // A type says it (a plugin hook nothing in the project calls: `({ app }: ArgsExpressType) => app.get(…)`).
      if (pending.declaredMember && declaredFamily(model.file, pending.declaredMember) === pending.family) {
        found.push(pending.handler);
        continue;
      }
      if (pending.instanceOf) {
        // An instance of the subclass is an instance of its library base: `koa-router` → `koa-router()`.
        if ([...lookup.externalBasesOf(model.file, pending.instanceOf)].some((base) => familyOf(`${base}()`) === pending.family)) found.push(pending.handler);
        continue;
      }
      if (pending.derived) {
        if ((lookup.libraryValuesOf?.(model.file, pending.derived.of, pending.derived.path) ?? []).some((name) => familyOf(name) === pending.family)) found.push(pending.handler);
        continue;
      }
      if (pending.exportedValue && exportedFamily(model.file, pending.exportedValue) === pending.family) {
        found.push(pending.handler);
        continue;
      }
      if (pending.returnedBy) {
        if (returnedFamilies(model.file, pending.returnedBy).includes(pending.family)) found.push(pending.handler);
        continue;
      }
      if (!pending.slot) continue;
      const names = values.get(`${model.file}#${pending.slot.fn}#${pending.slot.index}`)?.get(pending.slot.path);
      if (names && [...names].some((n) => familyOf(n) === pending.family)) found.push(withAutoloadPrefix(plugins.get(`${model.file}#${pending.slot.fn}`)?.prefix, pending.handler));
    }
    if (found.length > 0) out.set(model.file, found);
  }
  return out;
}
