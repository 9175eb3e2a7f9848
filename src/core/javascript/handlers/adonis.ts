import * as path from 'path';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { SymbolRef } from '../../model';
import { memberCall, pathText, type CallContext, type CallMatcher, type Node, type Registration } from './types';
import { unwrap } from '../ast';

/**
 * AdonisJS 6: `router.get('users', [UsersController, 'index'])` on the
 * router service, the controller imported or lazily (`() =>
 * import('#controllers/users_controller')`), `[Controller]` alone serving
 * through `handle`; `router.resource('posts', PostsController)` (its seven
 * resourceful actions); middleware classes given to `server.use/router.use([() =>
 * import(...)])` or `router.named({...})` serve through their `handle`. The
 * analyzer turns a `[Controller, 'method']` pair into a reference to that
 * method. AdonisJS 5: `Route.get(path, 'UsersController.index')` strings,
 * resolved by convention below.
 */

/** The router service, and a parameter typed as the router (`router: HttpRouterService`). */
const ROUTER = new Set(['@adonisjs/core/services/router', '@adonisjs/core/services/router.default', '@adonisjs/core/types.HttpRouterService()', '@adonisjs/core/http.Router()', '@adonisjs/http-server.Router()']);
const SERVER = new Set(['@adonisjs/core/services/server', '@adonisjs/core/services/server.default']);
const VERBS: Record<string, string> = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE', any: '*' };
const RESOURCE_ACTIONS = ['index', 'create', 'store', 'show', 'edit', 'update', 'destroy'];

/** `[() => import('#middleware/auth')]`, a named map's values: each a middleware class's module. */
function middlewareModules(node: Node | undefined): Node[] {
  const value = node && unwrap(node);
  if (value?.type === 'ArrayExpression') return value.elements.filter((e): e is TSESTree.Expression => !!e && e.type !== 'SpreadElement');
  if (value?.type === 'ObjectExpression') return value.properties.flatMap((p) => (p.type === 'Property' ? [p.value as Node] : []));
  return [];
}

/** AdonisJS 5: `Route` from the IoC container, handlers named `'UsersController.index'` (`'Admin/UsersController.index'`). */
const ROUTE_V5 = '@ioc:Adonis/Core/Route';

/**
 * `'UsersController.index'` → that method of the default export of
 * `app/Controllers/Http/UsersController`, the app being the folder holding
 * the routes file's `start/`.
 */
function v5ControllerRef(name: string, file: string | undefined, method?: string): SymbolRef | undefined {
  const at = file?.split(path.sep).lastIndexOf('start') ?? -1;
  const dot = name.lastIndexOf('.');
  const controller = method === undefined ? name.slice(0, dot) : name;
  const action = method ?? name.slice(dot + 1);
  if (!file || at < 1 || !controller || !action || /[^\w/]/.test(controller)) return undefined;
  const app = file.split(path.sep).slice(0, at).join(path.sep);
  const target = path.join(app, 'app', 'Controllers', 'Http', ...controller.split('/'));
  let specifier = path.relative(path.dirname(file), target).split(path.sep).join('/');
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  return { module: specifier, name: `default.${action}` };
}

function v5Registration(call: TSESTree.CallExpression, method: string, ctx: CallContext): Registration | undefined {
  const last = call.arguments[call.arguments.length - 1];
  const route = pathText(call.arguments[0]) ?? null;
  const named = last?.type === 'Literal' && typeof last.value === 'string' ? last.value : undefined;
  if (method in VERBS && call.arguments.length >= 2) {
    const ref = named !== undefined ? v5ControllerRef(named, ctx.file) : undefined;
    return { framework: 'adonisjs', handlers: named === undefined ? [last] : [], route, methods: [VERBS[method]], ...(ref ? { refs: [{ node: last, ref }] } : {}) };
  }
  if (method === 'resource' && named !== undefined) {
    const refs = RESOURCE_ACTIONS.flatMap((action) => {
      const ref = v5ControllerRef(named, ctx.file, action);
      return ref ? [{ node: last as Node, ref }] : [];
    });
    return refs.length > 0 ? { framework: 'adonisjs', handlers: [], route, refs } : undefined;
  }
  return undefined;
}

export const adonis: CallMatcher = {
  framework: 'adonisjs',
  match(call, ctx: CallContext): Registration | undefined {
    if (call.type !== 'CallExpression') return undefined;
    const member = memberCall(call);
    const receiver = member && ctx.externalName(member.object);
    if (!member || receiver === undefined) return undefined;
    if (receiver === ROUTE_V5) return v5Registration(call, member.method, ctx);
    if (ROUTER.has(receiver) && member.method in VERBS && call.arguments.length >= 2) {
      const last = call.arguments[call.arguments.length - 1];
      const route = pathText(call.arguments[0]) ?? null;
      // `[HomeController]`: a controller alone serves through its `handle` method.
      const single = last.type === 'ArrayExpression' && last.elements.length === 1 ? last.elements[0] : undefined;
      if (single && single.type !== 'SpreadElement') return { framework: 'adonisjs', handlers: [single], route, methods: [VERBS[member.method]], controllerActions: ['handle'] };
      return { framework: 'adonisjs', handlers: [last], route, methods: [VERBS[member.method]] };
    }
    if (ROUTER.has(receiver) && member.method === 'route' && call.arguments.length >= 3) {
      return { framework: 'adonisjs', handlers: [call.arguments[2]], route: pathText(call.arguments[0]) ?? null };
    }
    if (ROUTER.has(receiver) && member.method === 'resource' && call.arguments.length >= 2) {
      // Each action is the controller class paired with the action's name, as the router calls it.
      const controller = call.arguments[1];
      const route = pathText(call.arguments[0]) ?? null;
      return { framework: 'adonisjs', handlers: [controller], route, controllerActions: RESOURCE_ACTIONS };
    }
    if ((ROUTER.has(receiver) || SERVER.has(receiver)) && (member.method === 'use' || member.method === 'named')) {
      const handlers = middlewareModules(call.arguments[0]);
      return handlers.length > 0 ? { framework: 'adonisjs', handlers, route: 'middleware', kind: 'middleware', controllerActions: ['handle'] } : undefined;
    }
    return undefined;
  },
};
