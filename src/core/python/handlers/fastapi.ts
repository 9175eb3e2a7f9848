import type { HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import type { Value } from '../types';
import {
  arg,
  callName,
  callParts,
  classHandler,
  type ContextByKind,
  decoratorParts,
  dedupe,
  functionHandler,
  HTTP_VERBS,
  type FrameworkMatcher,
  owned,
  ownership,
  referencedHandler,
  stringList,
  stringValue,
  classKindHandlers,
  locationOf,
  VIEW_METHODS,
} from './common';
import { mountedHandlers, mountFacts, type MountSyntax } from './mounts';
import { lookupTable } from '../../lookup';

/** `APIRouter(prefix="/users")`, `app.include_router(router, prefix="/api")`. */
const MOUNTS: MountSyntax = { ownPrefix: 'prefix', mounts: [{ method: 'include_router', keyword: 'prefix' }] };

/** FastAPI and Starlette: `def` endpoints and dependencies run in the threadpool, `async def` on the shared loop. */
const CONTEXT: ContextByKind = { sync: 'threadpool', async: 'event-loop' };

const OWNERS = [
  'fastapi.FastAPI()',
  'fastapi.APIRouter()',
  'starlette.Starlette()',
  'starlette.routing.Router()',
];
const ROUTE_DECORATORS = new Set([...HTTP_VERBS, 'trace', 'api_route', 'route', 'websocket', 'websocket_route']);
/** `app.add_api_route(path, endpoint)` and friends. */
const ROUTE_REGISTRATIONS = new Set(['add_api_route', 'add_route', 'add_websocket_route', 'add_api_websocket_route']);
const ROUTE_CLASSES = new Set([
  'starlette.routing.Route',
  'starlette.routing.WebSocketRoute',
  'fastapi.routing.APIRoute',
  'fastapi.routing.APIWebSocketRoute',
]);
const DEPENDS = new Set(['fastapi.Depends', 'fastapi.Security', 'fastapi.params.Depends', 'fastapi.params.Security']);
/** A class used as a dependency is instantiated per request: its constructor runs. */
const CLASS_DEPENDENCY = ['__init__'];
/** A middleware class runs per request through `dispatch` (`BaseHTTPMiddleware`) or `__call__` (a plain ASGI middleware). */
const MIDDLEWARE_METHODS = ['__call__', 'dispatch'];
const MIDDLEWARE_CLASSES = new Set(['starlette.middleware.Middleware', 'fastapi.middleware.Middleware']);
const HANDLER_REGISTRATIONS = lookupTable<{ index: number; keyword: string; route: string; classMethods?: string[] }>({
  add_middleware: { index: 0, keyword: 'middleware_class', route: 'middleware', classMethods: MIDDLEWARE_METHODS },
  add_exception_handler: { index: 1, keyword: 'handler', route: 'exception_handler' },
});
const ENDPOINT_METHODS = [...VIEW_METHODS, 'on_connect', 'on_receive', 'on_disconnect'];

function frameworkOf(facts: PyFileFacts, owner?: string): string {
  if (owner?.startsWith('fastapi')) return 'fastapi';
  if (owner?.startsWith('starlette')) return 'starlette';
  return facts.imports('starlette') && !facts.imports('fastapi') ? 'starlette' : 'fastapi';
}

function methodsFor(attr: string, methodsNode: Parameters<typeof stringList>[0]): string[] | undefined {
  if (HTTP_VERBS.includes(attr) || attr === 'trace') return [attr.toUpperCase()];
  if (attr.startsWith('websocket')) return undefined;
  return stringList(methodsNode) ?? ['GET'];
}

/** Starlette classes: their framework shows as `starlette` when only the base is known (another file). */
const CLASS_KINDS = [
  { framework: 'starlette', bases: ['starlette.middleware.base.BaseHTTPMiddleware'], classMethods: ['dispatch'], contextByKind: CONTEXT, route: 'middleware' },
  { framework: 'starlette', bases: ['starlette.endpoints.HTTPEndpoint', 'starlette.endpoints.WebSocketEndpoint'], classMethods: ENDPOINT_METHODS, contextByKind: CONTEXT },
];

/**
 * `Depends(PermissionsDependency([...]))`, `Depends(require_role("admin"))`: what the call makes is the dependency,
 * an instance FastAPI calls (its `__call__`) or the function a factory returns; the index evaluates which.
 */
function madeDependencies(value: Value, node: Parameters<typeof locationOf>[1], facts: PyFileFacts): HandlerInfo[] {
  const framework = frameworkOf(facts);
  const base = { location: locationOf(facts, node), framework, route: 'Depends', contextByKind: CONTEXT };
  if (value.kind === 'proj' && value.instance) return [{ ...base, ref: { module: value.ref.module, name: `${value.ref.name}.__call__` } }];
  // A project module imported by its absolute name reads as a library call (`dispatch.auth.permissions.PermissionsDependency()`).
  const absolute = value.kind === 'ext' ? /^([\w.]+)\.(\w+)\(\)$/.exec(value.name) : undefined;
  const made = value.kind === 'returned' ? { ref: value.ref, path: value.path } : absolute ? { ref: { module: absolute[1], name: absolute[2] }, path: '()' } : undefined;
  if (!made) return [];
  return [made.path, `${made.path}.__call__`].map((valuePath) => ({ ...base, ref: made.ref, valuePath }));
}

export const fastapi: FrameworkMatcher = {
  framework: 'fastapi',
  classKinds: CLASS_KINDS,
  match(facts: PyFileFacts): HandlerInfo[] {
    // A file importing neither can still route on a project subclass of `APIRouter` (`ownership` then asks the index).
    const importsFramework = facts.imports('fastapi') || facts.imports('starlette');
    const handlers: HandlerInfo[] = [];
    const module = facts.imports('fastapi') ? 'fastapi' : 'starlette';
    for (const fn of facts.functions) {
      for (const dec of fn.decorators) {
        const parts = decoratorParts(dec);
        const own = parts && ownership(parts, OWNERS, facts, module, true);
        if (!parts || !own) continue;
        const framework = frameworkOf(facts, parts.owner);
        if (ROUTE_DECORATORS.has(parts.attr) && dec.call) {
          const route = stringValue(arg(dec.call, 0, 'path')?.node) ?? null;
          const methods = methodsFor(parts.attr, dec.call.keywords.get('methods')?.node);
          const handler = owned(functionHandler(fn, dec.node, facts, framework, CONTEXT, route, methods), own);
          if (parts.attr.startsWith('websocket')) handler.kind = 'websocket';
          handlers.push(handler);
        } else if (parts.attr === 'middleware') {
          handlers.push(owned(functionHandler(fn, dec.node, facts, framework, CONTEXT, 'middleware'), own));
        } else if (parts.attr === 'exception_handler') {
          handlers.push(owned(functionHandler(fn, dec.node, facts, framework, CONTEXT, 'exception_handler'), own));
        }
      }
    }
    for (const call of facts.calls) {
      const name = callName(call);
      // Every `Depends(fn)` in the file feeds an endpoint or another dependency.
      const isDepends =
        (name !== undefined && DEPENDS.has(name)) ||
        (importsFramework && call.callee.kind === 'unbound' && /^(Depends|Security)$/.test(call.callee.name));
      if (isDepends) {
        const dependency = arg(call, 0, 'dependency');
        if (!dependency) continue;
        if (dependency.node.type === 'call') {
          handlers.push(...madeDependencies(dependency.value, dependency.node, facts));
          continue;
        }
        const handler = referencedHandler(dependency.value, dependency.node, facts, frameworkOf(facts), CONTEXT, 'Depends', undefined, CLASS_DEPENDENCY);
        if (handler) handlers.push(handler);
        continue;
      }
      if (name && ROUTE_CLASSES.has(name)) {
        const endpoint = arg(call, 1, 'endpoint');
        if (!endpoint) continue;
        const route = stringValue(arg(call, 0, 'path')?.node) ?? null;
        const methods = name.endsWith('WebSocketRoute') ? undefined : stringList(call.keywords.get('methods')?.node);
        const framework = name.startsWith('fastapi') ? 'fastapi' : frameworkOf(facts);
        const handler = referencedHandler(endpoint.value, endpoint.node, facts, framework, CONTEXT, route, methods, ENDPOINT_METHODS);
        if (handler) handlers.push(handler);
        continue;
      }
      if (name && MIDDLEWARE_CLASSES.has(name)) {
        // `FastAPI(middleware=[Middleware(CSRFMiddleware, …)])`.
        const cls = arg(call, 0, 'cls');
        const handler = cls && referencedHandler(cls.value, cls.node, facts, frameworkOf(facts), CONTEXT, 'middleware', undefined, MIDDLEWARE_METHODS);
        if (handler?.classMethods) handlers.push({ ...handler, exactClassMethods: true });
        continue;
      }
      const parts = callParts(call);
      const registration = parts ? HANDLER_REGISTRATIONS[parts.attr] : undefined;
      if (parts && registration) {
        // `app.add_middleware(CSRFMiddleware, …)`, `app.add_exception_handler(Exc, handler)`: a project class or function serves.
        const own = ownership(parts, OWNERS, facts, module, true);
        const target = own && arg(call, registration.index, registration.keyword);
        const handler = target && referencedHandler(target.value, target.node, facts, frameworkOf(facts, parts.owner), CONTEXT, registration.route, undefined, registration.classMethods ?? []);
        if (handler && (!registration.classMethods || handler.classMethods)) handlers.push(owned({ ...handler, ...(registration.classMethods ? { exactClassMethods: true } : {}) }, own));
        continue;
      }
      const own = parts && ROUTE_REGISTRATIONS.has(parts.attr) && ownership(parts, OWNERS, facts, module, true);
      if (parts && own) {
        const endpoint = arg(call, 1, 'endpoint');
        if (!endpoint) continue;
        const route = stringValue(arg(call, 0, 'path')?.node) ?? null;
        const methods = parts.attr.includes('websocket') ? undefined : stringList(call.keywords.get('methods')?.node);
        const handler = referencedHandler(endpoint.value, endpoint.node, facts, frameworkOf(facts, parts.owner), CONTEXT, route, methods, ENDPOINT_METHODS);
        if (handler) handlers.push(owned(handler, own));
      }
    }
    // `svc: ReportService = Depends()`: FastAPI builds the annotated class per request.
    for (const fn of facts.functions) {
      for (const param of fn.params) {
        const call = param.default ? facts.callAt(param.default) : undefined;
        const name = call ? callName(call) : undefined;
        if (!call || !name || !DEPENDS.has(name) || call.positional.length > 0 || call.keywords.has('dependency')) continue;
        const annotation = param.annotation?.namedChildren[0];
        const value = annotation ? facts.resolveDotted(annotation.text) : undefined;
        if (!annotation || !value) continue;
        const handler = referencedHandler(value, annotation, facts, frameworkOf(facts), CONTEXT, 'Depends', undefined, CLASS_DEPENDENCY);
        if (handler?.classMethods) handlers.push(handler);
      }
    }
    const framework = frameworkOf(facts);
    if (importsFramework) handlers.push(...classKindHandlers(facts, CLASS_KINDS).map((h) => ({ ...h, framework })));
    return dedupe(handlers);
  },
  projectFacts(facts, handlers) {
    const mounts = mountFacts(facts, handlers, MOUNTS);
    return mounts && { mounts };
  },
  project: (models, lookup) => mountedHandlers(models, lookup, 'fastapi'),
};
