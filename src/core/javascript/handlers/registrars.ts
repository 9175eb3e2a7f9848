import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ProjectLookup } from '../../language';
import type { CallTarget, FileModel, HandlerInfo, Location, SymbolRef } from '../../model';
import { LAST_ARGUMENT, parameterPath, type ParamSlot } from '../values';
import { familyOf } from './objects';
import { EVENT_LOOP } from './types';
import { propertyName, unwrap } from '../ast';

/**
 * Project helpers that register what they are given (Unleash's
 * `Controller.route({ method, path, handler })` calling
 * `this.app[options.method](options.path, …, options.handler.bind(this))`,
 * and its `get(path, handler)` calling `this.route({ method: 'get', path, handler })`):
 * a call of such a helper anywhere registers its handler argument.
 */

/** Where a registrar takes a part of the registration: one of its parameters, or a constant. */
export type RegistrarPart = { slot: ParamSlot } | { value: string };

/** A function that registers its parameter as a route handler on a router of `framework`. */
export interface Registrar {
  fn: string;
  /** '' when the router is `router`, a parameter of unknown type: the framework of what each call passes there. */
  framework: string;
  router?: ParamSlot;
  method: RegistrarPart;
  path?: RegistrarPart;
  handler: ParamSlot;
}

/** One argument (or object-literal property, `path`) of a call that may be a registrar's. */
export interface RoutePart {
  index: number;
  path: string;
  literal?: string;
  ref?: SymbolRef;
  location?: Location;
  from?: ParamSlot;
  /** A framework object handed over (`express.Router()`): what a registrar's untyped router parameter gets. */
  family?: string;
}

/** A call of a project function handing it strings, functions or the caller's parameters. */
export interface RouteCall {
  target: CallTarget;
  /** How many arguments the call passes: which one is last (`LAST_ARGUMENT`). */
  arity: number;
  /** The calling function, when its own parameters are among the parts. */
  caller?: string;
  parts: RoutePart[];
}

/** Router families whose method calls register routes, and the framework they report. */
const ROUTER_FRAMEWORKS: Record<string, string> = { express: 'express', 'koa-router': 'koa', fastify: 'fastify', hono: 'hono' };
export const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all']);
/** Rounds of helpers calling helpers (`get` → `route` → the router). */
const MAX_ROUNDS = 6;

/** What the analyzer tells the detector about one call. */
export interface RegistrarSite {
  fn: string;
  /** The framework of the router the method is called on (`routerFramework`); '' when it is `router`, a parameter. */
  framework: string;
  router?: ParamSlot;
  /** The static method name, or the parameter a computed one comes from. */
  method: string | ParamSlot | undefined;
  args: readonly TSESTree.Node[];
  /** The parameter of `fn` (or a property path into it) an expression is. */
  slotOf(node: TSESTree.Node): ParamSlot | undefined;
  /** The call a local name of `fn` was initialised with (`const wrapped = exposeError(handler)`). */
  initOf?(node: TSESTree.Identifier): TSESTree.Node | undefined;
}

/** The caller's parameter a handler argument serves, through `.bind(this)` and wrapper calls. */
function handlerSlot(node: TSESTree.Node, site: RegistrarSite, depth = 0): ParamSlot | undefined {
  if (depth > 4) return undefined;
  if (node.type === 'Identifier') {
    const init = site.slotOf(node) ? undefined : site.initOf?.(node);
    return init ? handlerSlot(init, site, depth + 1) : site.slotOf(node);
  }
  if (node.type === 'MemberExpression') return site.slotOf(node);
  if (node.type !== 'CallExpression') return undefined;
  const callee = node.callee;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && callee.property.name === 'bind') return handlerSlot(callee.object, site, depth + 1);
  for (const arg of node.arguments) {
    const found = handlerSlot(arg, site, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function part(node: TSESTree.Node, site: RegistrarSite): RegistrarPart | undefined {
  const slot = site.slotOf(node);
  if (slot) return { slot };
  return node.type === 'Literal' && typeof node.value === 'string' ? { value: node.value } : undefined;
}

/** The framework whose routers a receiver's library name makes (`express.Router()` → express), if any. */
export function routerFramework(receiver: string | undefined): string | undefined {
  return ROUTER_FRAMEWORKS[familyOf(receiver) ?? ''];
}

/** A router method call inside `site.fn` whose handler (its last argument) is one of the function's parameters. */
export function registrarAt(site: RegistrarSite): Registrar | undefined {
  const { framework } = site;
  const last = site.args[site.args.length - 1];
  if (!last || site.args.length < 2) return undefined;
  const method = typeof site.method === 'string' ? (HTTP_METHODS.has(site.method) ? { value: site.method } : undefined) : site.method ? { slot: site.method } : undefined;
  const handler = handlerSlot(last, site);
  if (!method || !handler) return undefined;
  const path = part(site.args[0], site);
  return { fn: site.fn, framework, ...(site.router ? { router: site.router } : {}), method, ...(path ? { path } : {}), handler };
}

/** What the analyzer tells `routeCallAt` about the calling function. */
export interface RouteCallSite {
  caller: string | undefined;
  slotOf(node: TSESTree.Node): ParamSlot | undefined;
  refOf(node: TSESTree.Node): SymbolRef | undefined;
  locationOf(node: TSESTree.Node): Location;
  /** The library name of a framework object an argument is (`express.Router()`). */
  familyOf(node: TSESTree.Node): string | undefined;
}

/**
 * The parts of a call that may be a registrar's: string literals, named
 * functions and the caller's parameters, positionally or as properties of an
 * object literal (`{ method, path, handler }`). Kept when it hands over a
 * function or a parameter next to something else.
 */
export function routeCallAt(args: readonly TSESTree.CallExpressionArgument[], target: CallTarget, site: RouteCallSite): RouteCall | undefined {
  // One argument gives at most one part, unless it is an object literal.
  if (args.length === 0 || (args.length === 1 && unwrap(args[0]).type !== 'ObjectExpression')) return undefined;
  const parts: RoutePart[] = [];
  args.forEach((raw, index) => {
    const arg = unwrap(raw);
    const pieces: Array<[string, TSESTree.Node]> = arg.type === 'ObjectExpression'
      ? arg.properties.flatMap((p): Array<[string, TSESTree.Node]> => {
          const key = p.type === 'Property' ? propertyName(p) : undefined;
          return key !== undefined && p.type === 'Property' ? [[key, unwrap(p.value)]] : [];
        })
      : [['', arg]];
    for (const [path, piece] of pieces) {
      if (piece.type === 'Literal' && typeof piece.value === 'string') {
        parts.push({ index, path, literal: piece.value });
        continue;
      }
      const from = site.slotOf(piece);
      if (from) {
        parts.push({ index, path, from, location: site.locationOf(piece) });
        continue;
      }
      const ref = piece.type === 'Identifier' || piece.type === 'MemberExpression' ? site.refOf(piece) : undefined;
      if (ref) parts.push({ index, path, ref, location: site.locationOf(piece) });
      else if (path === '') {
        const family = site.familyOf(piece);
        if (family !== undefined) parts.push({ index, path, family });
      }
    }
  });
  if (parts.length < 2 || !parts.some((p) => p.ref || p.from)) return undefined;
  return { target, arity: args.length, ...(site.caller !== undefined ? { caller: site.caller } : {}), parts };
}

/** The framework of the router a function's callers pass as its parameter `slot`, evaluated across files. */
function passedFramework(lookup: ProjectLookup, file: string, slot: ParamSlot): string | undefined {
  for (const name of lookup.libraryValuesOf?.(file, { module: null, name: slot.fn }, parameterPath(slot)) ?? []) {
    const framework = routerFramework(name);
    if (framework) return framework;
  }
  return undefined;
}

/** Facts the analyzer leaves for this pass. */
export interface RegistrarFacts {
  registrars?: Registrar[];
  routeCalls?: RouteCall[];
}

function partAt(call: RouteCall, slot: ParamSlot): RoutePart | undefined {
  const index = slot.index === LAST_ARGUMENT ? call.arity - 1 : slot.index;
  return call.parts.find((p) => p.index === index && p.path === slot.path);
}

/**
 * Handlers registered through project helpers, per file of the call: each
 * call of a registrar (resolved across files and inherited methods) whose
 * handler part is a function; a call passing its own parameters on makes the
 * caller a registrar too.
 */
export function registrarHandlers(models: readonly FileModel[], lookup: ProjectLookup): Map<string, HandlerInfo[]> {
  const registrars = new Map<string, Registrar>();
  for (const model of models) {
    for (const r of (model.facts as RegistrarFacts | undefined)?.registrars ?? []) {
      // One registrar per function: one whose path the calls give rather than one they do not (NodeBB's `router.get(name, …)`
      // before its `router.get(`/api${name}`, …)`).
      const key = `${model.file}#${r.fn}`;
      if (!registrars.get(key)?.path || r.path) registrars.set(key, r);
    }
  }
  const out = new Map<string, HandlerInfo[]>();
  if (registrars.size === 0) return out;
  const calls = models.flatMap((m) => ((m.facts as RegistrarFacts | undefined)?.routeCalls ?? []).map((call) => ({ file: m.file, call })));
  const seen = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const names = new Set([...registrars.values()].map((r) => r.fn.split('.').pop()!));
    let grown = false;
    for (const [i, { file, call }] of calls.entries()) {
      const name = call.target.kind === 'project' ? call.target.ref.name : call.target.kind === 'unknown' ? call.target.name : '';
      if (!names.has(name.split('.').pop() ?? '')) continue;
      for (const target of lookup.functionsOf(file, call.target)) {
        const registrar = registrars.get(`${target.file}#${target.name}`);
        if (!registrar) continue;
        const key = `${i}#${target.file}#${target.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const handler = partAt(call, registrar.handler);
        const resolve = (p: RegistrarPart | undefined): RoutePart | { literal: string } | undefined => (p === undefined ? undefined : 'value' in p ? { literal: p.value } : partAt(call, p.slot));
        const method = resolve(registrar.method);
        const route = resolve(registrar.path);
        // A router parameter of unknown type serves the framework of what this call passes there, or its own caller's.
        const router = registrar.router ? partAt(call, registrar.router) : undefined;
        // Or, when the caller hands on a parameter of its own there, what its callers pass (NodeBB's `_mounts.main(router, …)`).
        const handsOnOwn = !registrar.framework && !router?.family && router?.from !== undefined;
        const passed = handsOnOwn ? passedFramework(lookup, file, router!.from!) : undefined;
        const framework = registrar.framework || routerFramework(router?.family) || passed;
        if (!framework && !router?.from) continue;
        const verb = method && 'literal' in method ? method.literal : undefined;
        const registered = (on: string, httpMethod: string, ref: SymbolRef, location: Location, valuePath?: string): void => {
          const path = route && 'literal' in route ? route.literal : undefined;
          const info: HandlerInfo = { ref, ...(valuePath !== undefined ? { valuePath } : {}), location, framework: on, route: path ?? null, methods: [httpMethod.toUpperCase()], contextByKind: { ...EVENT_LOOP } };
          out.set(file, [...(out.get(file) ?? []), info]);
        };
        if (passed && handler?.from && handler.location && verb) {
          // The handler is a member of the caller's parameter too (`controllers.login`): what its callers pass there serves.
          registered(passed, verb, { module: null, name: handler.from.fn }, handler.location, parameterPath(handler.from));
          continue;
        }
        if (framework && handler?.ref && handler.location && verb) {
          registered(framework, verb, handler.ref, handler.location);
        } else if (handler?.from && call.caller) {
          // The caller hands its own parameters on: it registers what it is given.
          const asPart = (p: RoutePart | { literal: string } | undefined): RegistrarPart | undefined =>
            p === undefined ? undefined : 'from' in p && p.from ? { slot: p.from } : p.literal !== undefined ? { value: p.literal } : undefined;
          const derivedMethod = asPart(method);
          if (!derivedMethod) continue;
          const derivedPath = asPart(route);
          const key2 = `${file}#${call.caller}`;
          if (!registrars.has(key2)) {
            const routerFrom = framework ? undefined : router?.from;
            registrars.set(key2, { fn: call.caller, framework: framework ?? '', ...(routerFrom ? { router: routerFrom } : {}), method: derivedMethod, ...(derivedPath ? { path: derivedPath } : {}), handler: handler.from });
            grown = true;
          }
        }
      }
    }
    if (!grown) break;
  }
  return out;
}
