import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyValue } from '../ast';
import { isFunction, isHandlerLike, memberCall, pathText, receiverFramework, type CallContext, type CallMatcher, type Node, type Registration } from './types';

/**
 * Elysia (on Bun's event loop): `app.get/post/.../all(path, handler, hooks?)`
 * on an `Elysia` instance or a chain from one, the hook functions of the
 * options object (`beforeHandle`, `afterHandle`, `transform`...), and
 * `onRequest/onBeforeHandle/derive/resolve(fn)` lifecycle hooks.
 */
const METHODS: Record<string, string> = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE', head: 'HEAD', options: 'OPTIONS', all: '*' };
const LIFECYCLE = new Set(['onRequest', 'onParse', 'onTransform', 'onBeforeHandle', 'onAfterHandle', 'onMapResponse', 'onAfterResponse', 'onError', 'derive', 'resolve']);
const ROUTE_HOOKS = ['beforeHandle', 'afterHandle', 'transform', 'parse', 'mapResponse', 'afterResponse', 'error'];

/** The hook functions of a route's options object (a function or an array of them each). */
function hookFunctions(options: Node | undefined): Node[] {
  if (options?.type !== 'ObjectExpression') return [];
  return ROUTE_HOOKS.flatMap((key): Node[] => {
    const value = propertyValue(options as TSESTree.ObjectExpression, key);
    if (!value) return [];
    if (value.type !== 'ArrayExpression') return isHandlerLike(value) ? [value] : [];
    return value.elements.filter((e): e is TSESTree.Expression => !!e && e.type !== 'SpreadElement' && isHandlerLike(e));
  });
}

export const elysia: CallMatcher = {
  framework: 'elysia',
  match(call, ctx: CallContext): Registration | undefined {
    if (call.type !== 'CallExpression') return undefined;
    const member = memberCall(call);
    if (!member || !(member.method in METHODS || LIFECYCLE.has(member.method))) return undefined;
    if (receiverFramework(member.object, ctx, undefined) !== 'elysia') return undefined;
    const args = call.arguments;
    if (LIFECYCLE.has(member.method)) {
      const handlers = args.filter((a) => isFunction(a) || isHandlerLike(a));
      return handlers.length ? { framework: 'elysia', handlers, route: member.method, kind: 'hook' } : undefined;
    }
    const handler = args[1];
    if (!handler || !isHandlerLike(handler)) return undefined;
    return { framework: 'elysia', handlers: [handler, ...hookFunctions(args[2])], route: pathText(args[0]) ?? null, methods: [METHODS[member.method]] };
  },
};
