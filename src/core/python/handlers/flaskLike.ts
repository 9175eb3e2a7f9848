import type { ProjectLookup } from '../../language';
import type { CallTarget, FileModel, HandlerInfo, SymbolRef } from '../../model';
import { derivesFrom } from '../../classBases';
import type { CallRecord, PyFileFacts } from '../syntax';
import {
  arg,
  callParts,
  classHandler,
  type ContextByKind,
  decoratorParts,
  dedupe,
  functionHandler,
  HTTP_VERBS,
  type FrameworkMatcher,
  enclosingFunction,
  frameworkFacts,
  locationOf,
  owned,
  ownership,
  referencedHandler,
  refOf,
  stringList,
  stringValue,
  classKindHandlers,
  VIEW_METHODS,
} from './common';
import { mountedHandlers, mountFacts, type MountSyntax } from './mounts';
import { lookupTable } from '../../lookup';

/** Flask and Quart share their routing API; each gets its own matcher module built from this. */
export interface FlaskLikeOptions {
  framework: string;
  /** The framework's package; its import makes an untyped `app`/`bp` belong to it. */
  module: string;
  /** Extension packages whose classes count too (`flask_restful`). */
  extensionModules?: string[];
  /** Qualified names of app/blueprint instances. */
  owners: string[];
  /** Qualified names of flask-restful style API objects (`api.add_resource(Resource, "/x")`). */
  apiOwners?: string[];
  /** Class-based view bases. */
  viewBases: string[];
  contextByKind: ContextByKind;
}

const ROUTE_DECORATORS = new Set(['route', ...HTTP_VERBS.filter((v) => v !== 'head' && v !== 'options')]);
/** Functions that run for every request (or every failing one). */
const HOOKS = new Set([
  'before_request',
  'after_request',
  'teardown_request',
  'before_app_request',
  'after_app_request',
  'teardown_app_request',
  'errorhandler',
  'app_errorhandler',
  // Called while rendering or routing a request.
  'context_processor',
  'app_context_processor',
  'template_filter',
  'app_template_filter',
  'template_global',
  'app_template_global',
  'template_test',
  'app_template_test',
  'url_value_preprocessor',
  'app_url_value_preprocessor',
  'url_defaults',
  'app_url_defaults',
]);
const HOOK_REGISTRATIONS = lookupTable<number>({
  register_error_handler: 1,
  before_request: 0,
  after_request: 0,
  teardown_request: 0,
  add_template_filter: 0,
  add_template_global: 0,
  add_template_test: 0,
});
const CLASS_VIEW_METHODS = [...VIEW_METHODS, 'dispatch_request'];
/** `Blueprint(..., url_prefix="/admin")`, `app.register_blueprint(bp, url_prefix="/api")`, flask-restx `api.add_namespace(ns, "/x")` on `Api(blueprint)`. */
const MOUNTS: MountSyntax = {
  ownPrefix: 'url_prefix',
  mounts: [
    { method: 'register_blueprint', keyword: 'url_prefix' },
    { method: 'add_namespace', keyword: 'path', index: 1 },
  ],
  attachedBy: ['flask_restx.Api', 'flask_restful.Api', 'flask_smorest.Api'],
};
/** Hooks the app calls back while rendering or building URLs (not around the request): callbacks. */
const CALLBACK_HOOK = /^(app_|add_)?(template_(filter|global|test)|url_defaults)$/;
/** `url_value_preprocessor` runs before every request, as `before_request` does. */
const REQUEST_HOOK = /^(app_)?url_value_preprocessor$/;

/** The kind of a hook registration, when its name alone does not say (`handlerKindOf` reads the rest). */
function hookKind(attr: string): Pick<HandlerInfo, 'kind'> {
  if (CALLBACK_HOOK.test(attr)) return { kind: 'callback' };
  return REQUEST_HOOK.test(attr) ? { kind: 'hook' } : {};
}

export function flaskLike(options: FlaskLikeOptions): FrameworkMatcher {
  const { framework, module, owners, viewBases, contextByKind } = options;
  const apiOwners = options.apiOwners ?? [];
  const modules = [module, ...(options.extensionModules ?? [])];
  const routeOwners = [...owners, ...apiOwners];
  const classKinds = [{ framework, bases: viewBases, classMethods: CLASS_VIEW_METHODS, contextByKind }];
  return {
    framework,
    classKinds,
    match(facts: PyFileFacts): HandlerInfo[] {
      // A file importing none of them can still register on a project subclass of `Blueprint`/`Api` (`ownership` asks the index).
      const importsFramework = modules.some((m) => facts.imports(m));
      const handlers: HandlerInfo[] = [];
      for (const fn of facts.functions) {
        for (const dec of fn.decorators) {
          const parts = decoratorParts(dec);
          const own = parts && ownership(parts, owners, facts, module, true);
          if (!parts || !own) continue;
          if (ROUTE_DECORATORS.has(parts.attr) && dec.call) {
            const rule = stringValue(arg(dec.call, 0, 'rule')?.node) ?? null;
            const methods =
              parts.attr === 'route' ? stringList(dec.call.keywords.get('methods')?.node) ?? ['GET'] : [parts.attr.toUpperCase()];
            handlers.push(owned(functionHandler(fn, dec.node, facts, framework, contextByKind, rule, methods), own));
          } else if (HOOKS.has(parts.attr)) {
            handlers.push(owned({ ...functionHandler(fn, dec.node, facts, framework, contextByKind, parts.attr), ...hookKind(parts.attr) }, own));
          }
        }
      }
      for (const call of facts.calls) {
        const parts = callParts(call);
        if (!parts) continue;
        if (parts.attr === 'add_resource') {
          const own = ownership(parts, apiOwners, facts, modules);
          if (!own) continue;
          const handler = resourceHandler(call, 0, facts, framework, contextByKind);
          if (handler) handlers.push(owned(handler, own));
          continue;
        }
        // Whose object it is matters only for the registering methods (and costs a lookup per call).
        if (parts.attr !== 'add_url_rule' && !(parts.attr in HOOK_REGISTRATIONS)) continue;
        const own = ownership(parts, owners, facts, module);
        if (!own) continue;
        if (parts.attr === 'add_url_rule') {
          const rule = stringValue(arg(call, 0, 'rule')?.node) ?? null;
          const view = arg(call, 2, 'view_func');
          if (!view) continue;
          const methods = stringList(call.keywords.get('methods')?.node);
          const handler = referencedHandler(view.value, view.node, facts, framework, contextByKind, rule, methods, CLASS_VIEW_METHODS);
          if (handler) handlers.push(owned(handler, own));
        } else if (parts.attr in HOOK_REGISTRATIONS) {
          const view = call.positional[HOOK_REGISTRATIONS[parts.attr]];
          if (!view || view.node.type === 'call') continue;
          const handler = referencedHandler(view.value, view.node, facts, framework, contextByKind, parts.attr, undefined, CLASS_VIEW_METHODS);
          if (handler) handlers.push({ ...handler, ...hookKind(parts.attr) });
        }
      }
      // flask-smorest / flask-restx style: `@blp.route("/pets")`, `@ns.route("/users")` on a class.
      for (const cls of facts.classes.values()) {
        for (const dec of cls.decorators) {
          const parts = decoratorParts(dec);
          const own = dec.call && parts?.attr === 'route' && ownership(parts, routeOwners, facts, modules);
          if (!dec.call || !own) continue;
          const rule = stringValue(arg(dec.call, 0, 'rule')?.node) ?? null;
          handlers.push(owned(classHandler(cls, facts, framework, contextByKind, CLASS_VIEW_METHODS, rule), own));
        }
      }
      handlers.push(...wrapperRegistrations(facts, owners, apiOwners, modules, framework, contextByKind));
      if (importsFramework) handlers.push(...classKindHandlers(facts, classKinds));
      return dedupe(handlers);
    },
    projectFacts(facts: PyFileFacts, handlers: readonly HandlerInfo[]) {
      const wrappers = wrapperFacts(facts, owners, apiOwners, modules);
      const mounts = mountFacts(facts, handlers, MOUNTS);
      return wrappers || mounts ? { ...wrappers, ...(mounts ? { mounts } : {}) } : undefined;
    },
    project(models: readonly FileModel[], lookup: ProjectLookup) {
      const out = mountedHandlers(models, lookup, framework);
      for (const [file, found] of wrapperCallsAcrossFiles(models, lookup, framework, contextByKind)) out.set(file, [...(out.get(file) ?? []), ...found]);
      return out;
    },
  };
}

/**
 * A project function registering what it is given: a resource class (its
 * parameter at `index` handed to `add_resource`, routed by the URL after it)
 * or a view function (handed to `add_url_rule` as `view_func`, routed by its
 * parameter at `rule`).
 */
type Wrapper = { kind: 'resource'; index: number } | { kind: 'view'; index: number; rule?: number };

/** What the project pass needs: this file's wrappers, and its calls that may be calls of another file's wrapper. */
interface WrapperFacts {
  wrappers?: Array<{ fn: string } & Wrapper>;
  calls?: Array<{ target: CallTarget; index: number; resource: SymbolRef; isClass: boolean; literals: Record<number, string>; line: number; column: number }>;
}

function wrapperFacts(facts: PyFileFacts, owners: readonly string[], apiOwners: readonly string[], modules: readonly string[]): WrapperFacts | undefined {
  const out: WrapperFacts = {};
  const wrappers = registrationWrappers(facts, owners, apiOwners, modules);
  if (wrappers.size > 0) out.wrappers = [...wrappers].map(([fn, wrapper]) => ({ fn, ...wrapper }));
  const calls = wrapperCallCandidates(facts);
  if (calls.length > 0) out.calls = calls;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Each file's candidates, read once for Flask and Quart alike. */
const candidatesByFile = new WeakMap<PyFileFacts, NonNullable<WrapperFacts['calls']>>();

/** Calls of another module's function handing it a class or function and a URL (`add_org_resource(AlertResource, "/api/alerts")`, `add_route("/x", view)`). */
function wrapperCallCandidates(facts: PyFileFacts): NonNullable<WrapperFacts['calls']> {
  const known = candidatesByFile.get(facts);
  if (known) return known;
  const calls: NonNullable<WrapperFacts['calls']> = [];
  for (const call of facts.calls) {
    // A candidate hands over a string and something to route: two positional arguments at least.
    if (call.positional.length < 2) continue;
    const target = call.site.target;
    if (target.kind === 'unknown' || (target.kind === 'project' && target.ref.module === null)) continue;
    const literals: Record<number, string> = {};
    let found: { index: number; resolved: NonNullable<ReturnType<typeof refOf>>; node: CallRecord['positional'][number]['node'] } | undefined;
    for (const [index, argument] of call.positional.entries()) {
      const literal = stringValue(argument.node);
      if (literal !== undefined) literals[index] = literal;
      else if (!found && argument.node.type !== 'call') {
        const resolved = refOf(argument.value, facts);
        if (resolved) found = { index, resolved, node: argument.node };
      }
    }
    if (!found || Object.keys(literals).length === 0) continue;
    const at = locationOf(facts, found.node);
    calls.push({ target, index: found.index, resource: found.resolved.ref, isClass: found.resolved.isClass, literals, line: at.line, column: at.column });
  }
  candidatesByFile.set(facts, calls);
  return calls;
}

/** Calls of a wrapper defined in another module: the class or function they hand over serves the URL they give. */
function wrapperCallsAcrossFiles(models: readonly FileModel[], lookup: ProjectLookup, framework: string, contextByKind: ContextByKind): Map<string, HandlerInfo[]> {
  const out = new Map<string, HandlerInfo[]>();
  const wrappers = new Map<string, Wrapper>();
  for (const model of models) {
    for (const { fn, ...wrapper } of frameworkFacts<WrapperFacts>(model, framework)?.wrappers ?? []) wrappers.set(`${model.file}#${fn}`, wrapper);
  }
  if (wrappers.size === 0) return out;
  for (const model of models) {
    const found: HandlerInfo[] = [];
    for (const call of frameworkFacts<WrapperFacts>(model, framework)?.calls ?? []) {
      const wrapper = lookup
        .functionsOf(model.file, call.target)
        .filter((t) => t.file !== model.file)
        .map((t) => wrappers.get(`${t.file}#${t.name}`))
        .find((w) => w?.index === call.index && (w.kind === 'resource') === call.isClass);
      if (!wrapper) continue;
      const route = wrapper.kind === 'resource' ? call.literals[call.index + 1] : wrapper.rule !== undefined ? call.literals[wrapper.rule] : undefined;
      if (wrapper.kind === 'resource' && route === undefined) continue;
      found.push({
        ref: call.resource,
        location: { file: model.file, line: call.line, column: call.column },
        framework,
        route: route ?? null,
        contextByKind,
        ...(call.isClass ? { classMethods: CLASS_VIEW_METHODS } : {}),
      });
    }
    if (found.length > 0) out.set(model.file, found);
  }
  return out;
}

/** `api.add_resource(Resource, "/a", "/b")`: the class at `index`, routed by the first URL after it. */
function resourceHandler(call: CallRecord, index: number, facts: PyFileFacts, framework: string, contextByKind: ContextByKind): HandlerInfo | undefined {
  const resource = arg(call, index, 'resource');
  if (!resource) return undefined;
  const route = stringValue(call.positional[index + 1]?.node) ?? null;
  const handler = referencedHandler(resource.value, resource.node, facts, framework, contextByKind, route, undefined, CLASS_VIEW_METHODS);
  return handler && { ...handler, classMethods: CLASS_VIEW_METHODS };
}

/**
 * A project's own registration helper: redash's `ApiExt.add_org_resource(self, resource, *urls)`
 * passing a parameter on to `add_resource`, or `add_route(rule, view)` passing its parameters on
 * to `app.add_url_rule`. Each call of the wrapper in this file registers the class or view it is given.
 */
function wrapperRegistrations(
  facts: PyFileFacts,
  owners: readonly string[],
  apiOwners: readonly string[],
  modules: readonly string[],
  framework: string,
  contextByKind: ContextByKind,
): HandlerInfo[] {
  const wrappers = registrationWrappers(facts, owners, apiOwners, modules);
  if (wrappers.size === 0) return [];
  const handlers: HandlerInfo[] = [];
  for (const call of facts.calls) {
    const callee = call.callee;
    const wrapper = callee.kind === 'proj' && callee.ref.module === null ? wrappers.get(callee.ref.name) : undefined;
    if (!wrapper) continue;
    if (wrapper.kind === 'resource') {
      const handler = resourceHandler(call, wrapper.index, facts, framework, contextByKind);
      if (handler) handlers.push(handler);
      continue;
    }
    const view = call.positional[wrapper.index];
    if (!view) continue;
    const rule = wrapper.rule !== undefined ? stringValue(call.positional[wrapper.rule]?.node) ?? null : null;
    const handler = referencedHandler(view.value, view.node, facts, framework, contextByKind, rule, undefined, CLASS_VIEW_METHODS);
    if (handler) handlers.push(handler);
  }
  return handlers;
}

/**
 * Functions and methods of this file passing one of their parameters on to `add_resource`
 * (on an API object) or as the view of `add_url_rule` (on an app or blueprint): name → what they register.
 */
function registrationWrappers(facts: PyFileFacts, owners: readonly string[], apiOwners: readonly string[], modules: readonly string[]): Map<string, Wrapper> {
  const wrappers = new Map<string, Wrapper>();
  for (const call of facts.calls) {
    const parts = callParts(call);
    const kind = parts?.attr === 'add_resource' ? 'resource' : parts?.attr === 'add_url_rule' ? 'view' : undefined;
    if (!kind || !parts?.object) continue;
    const fn = enclosingFunction(facts, call.node);
    const handed = kind === 'resource' ? call.positional[0]?.node : arg(call, 2, 'view_func')?.node;
    if (!fn || handed?.type !== 'identifier') continue;
    const on = kind === 'resource' ? apiOwners : owners;
    if (on.length === 0) continue;
    const self = parts.object.text === 'self' || parts.object.text === 'super()';
    const owned = self ? fn.cls !== undefined && derivesFrom(facts.ancestry(fn.cls), on.map((o) => o.replace(/\(\)$/, ''))) : ownership(parts, on, facts, kind === 'resource' ? modules : modules[0]) === true;
    if (!owned) continue;
    const params = fn.params.filter((p, i) => !(fn.cls && i === 0 && (p.name === 'self' || p.name === 'cls')));
    const index = params.findIndex((p) => p.name === handed.text);
    if (index < 0) continue;
    if (kind === 'resource') {
      wrappers.set(fn.info.name, { kind, index });
      continue;
    }
    const ruleNode = arg(call, 0, 'rule')?.node;
    const rule = ruleNode?.type === 'identifier' ? params.findIndex((p) => p.name === ruleNode.text) : -1;
    wrappers.set(fn.info.name, { kind, index, ...(rule >= 0 ? { rule } : {}) });
  }
  return wrappers;
}
