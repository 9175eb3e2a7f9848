import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyValue } from '../ast';
import { guessFramework, isHandlerLike, memberCall, pathText, receiverFramework, type CallContext, type CallMatcher, type Registration } from './types';

const METHODS = new Set(['get', 'post', 'put', 'delete', 'patch', 'options', 'all', 'use', 'on', 'openapi']);

/**
 * Hono: `app.get/post/.../all/use(path?, ...handlers)`, `app.on(method(s), path(s), ...handlers)`,
 * and @hono/zod-openapi's `app.openapi(route, handler, hook?)`: the route is a `createRoute({ method, path })` config.
 */
export const hono: CallMatcher = {
  framework: 'hono',
  match(call: TSESTree.CallExpression | TSESTree.NewExpression, ctx: CallContext): Registration | undefined {
    if (call.type !== 'CallExpression') return undefined;
    const member = memberCall(call);
    if (!member || !METHODS.has(member.method)) return undefined;
    const fallback = guessFramework(ctx.imports) === 'hono' ? 'hono' : undefined;
    if (receiverFramework(member.object, ctx, fallback) !== 'hono') return undefined;
    const args = call.arguments;
    if (member.method === 'openapi') return openapiRoute(args);
    if (member.method === 'on') {
      const methods = (pathText(args[0]) ?? '').split(', ').filter(Boolean).map((m) => m.toUpperCase());
      const handlers = args.slice(2).filter(isHandlerLike);
      return handlers.length ? { framework: 'hono', handlers, route: pathText(args[1]) ?? null, methods } : undefined;
    }
    const path = pathText(args[0]);
    const handlers = (path === undefined ? args : args.slice(1)).filter(isHandlerLike);
    if (handlers.length === 0) return undefined;
    if (member.method === 'use') return { framework: 'hono', handlers, route: path ?? 'middleware' };
    return { framework: 'hono', handlers, route: path ?? null, methods: [member.method === 'all' ? '*' : member.method.toUpperCase()] };
  },
};

/** `app.openapi(route, handler, hook?)`: the handler serves the route; its method and path are read when the config is written in place. */
function openapiRoute(args: TSESTree.CallExpressionArgument[]): Registration | undefined {
  const handler = args[1];
  if (!handler || !isHandlerLike(handler)) return undefined;
  const config = routeConfig(args[0]);
  const method = config && pathText(propertyValue(config, 'method'));
  return { framework: 'hono', handlers: [handler], route: (config && pathText(propertyValue(config, 'path'))) ?? null, ...(method ? { methods: [method.toUpperCase()] } : {}) };
}

/** The object literal of `createRoute({...})` or `{...}`. */
function routeConfig(node: TSESTree.CallExpressionArgument | undefined): TSESTree.ObjectExpression | undefined {
  if (node?.type === 'CallExpression' && node.arguments[0]?.type === 'ObjectExpression') return node.arguments[0];
  return node?.type === 'ObjectExpression' ? node : undefined;
}
