import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { guessFramework, isFunction, isHandlerLike, memberCall, pathText, receiverFramework, type CallContext, type CallMatcher, type Node, type Registration } from './types';

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'delete', 'patch', 'options', 'head', 'all', 'use']);

function isExpressReceiver(object: Node, ctx: CallContext): boolean {
  const fallback = guessFramework(ctx.imports) === 'express' ? 'express' : undefined;
  return receiverFramework(object, ctx, fallback) === 'express';
}

/** `app.route('/x').get(a).post(b)`: the path of the `route()` call under a chain, and its receiver. */
function routeChain(object: Node): { path: string | null; receiver: Node } | undefined {
  let node: Node = object;
  while (node.type === 'CallExpression') {
    const member = memberCall(node);
    if (!member) return undefined;
    if (member.method === 'route') return { path: pathText(node.arguments[0]) ?? null, receiver: member.object };
    if (!ROUTE_METHODS.has(member.method)) return undefined;
    node = member.object;
  }
  return undefined;
}

/** A 4-parameter function is Express error middleware. */
function isErrorMiddleware(handlers: Node[]): boolean {
  return handlers.some((h) => isFunction(h) && h.params.length === 4);
}

/** Express 4/5: `app|router.METHOD(path?, ...handlers)`, `app.route(p).get(...)`, `router.param(name, fn)`. */
export const express: CallMatcher = {
  framework: 'express',
  match(call: TSESTree.CallExpression | TSESTree.NewExpression, ctx: CallContext): Registration | undefined {
    if (call.type !== 'CallExpression') return undefined;
    const member = memberCall(call);
    if (!member) return undefined;
    const { method, object } = member;
    if (method === 'param') {
      if (!isExpressReceiver(object, ctx)) return undefined;
      const handlers = call.arguments.slice(1).filter(isHandlerLike);
      return handlers.length ? { framework: 'express', handlers, route: `param:${pathText(call.arguments[0]) ?? '?'}` } : undefined;
    }
    if (!ROUTE_METHODS.has(method)) return undefined;
    const chain = routeChain(object);
    if (chain) {
      if (!isExpressReceiver(chain.receiver, ctx)) return undefined;
      const handlers = call.arguments.filter(isHandlerLike);
      return handlers.length ? { framework: 'express', handlers, route: chain.path, methods: [method.toUpperCase()] } : undefined;
    }
    if (!isExpressReceiver(object, ctx)) return undefined;
    const path = pathText(call.arguments[0]);
    const rest = path === undefined ? call.arguments : call.arguments.slice(1);
    // `app.get('env')` is a settings getter, not a route.
    const handlers = rest.filter(isHandlerLike);
    if (handlers.length === 0) return undefined;
    if (method === 'use') {
      return { framework: 'express', handlers, route: isErrorMiddleware(handlers) ? 'error middleware' : path ?? 'middleware' };
    }
    return { framework: 'express', handlers, route: path ?? null, methods: [method === 'all' ? '*' : method.toUpperCase()] };
  },
};
