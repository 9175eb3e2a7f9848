import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyValue } from '../ast';
import { staticString } from '../imports';
import { external } from '../values';
import { guessFramework, isFunction, isHandlerLike, memberCall, pathText, receiverFramework, type CallContext, type CallMatcher, type Node, type Registration } from './types';

const SHORTHAND = new Set(['get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'all']);
/** Route-level and instance hooks that run per request (not onReady/onClose/onRoute/onRegister). */
const REQUEST_HOOKS = new Set([
  'onRequest', 'preParsing', 'preValidation', 'preHandler', 'preSerialization',
  'onSend', 'onResponse', 'onError', 'onTimeout', 'onRequestAbort',
]);

/** The value a plugin's first parameter gets: a Fastify instance. */
const INSTANCE = external('fastify()');

function isFastifyReceiver(object: Node, ctx: CallContext): boolean {
  const fallback = guessFramework(ctx.imports) === 'fastify' ? 'fastify' : undefined;
  return receiverFramework(object, ctx, fallback) === 'fastify';
}

/** Handler and hook functions inside a route options object. */
function optionHandlers(options: Node | undefined): Node[] {
  if (options?.type !== 'ObjectExpression') return [];
  const out: Node[] = [];
  for (const prop of options.properties) {
    if (prop.type !== 'Property') continue;
    const key = prop.key.type === 'Identifier' ? prop.key.name : staticString(prop.key);
    if (key === undefined) continue;
    if ((key === 'handler' || REQUEST_HOOKS.has(key)) && isHandlerLike(prop.value)) out.push(prop.value);
  }
  return out;
}

/** Fastify: shorthand routes (with or without options), `route({...})`, request hooks, error handlers, plugins. */
export const fastify: CallMatcher = {
  framework: 'fastify',
  match(call: TSESTree.CallExpression | TSESTree.NewExpression, ctx: CallContext): Registration | undefined {
    if (call.type !== 'CallExpression') return undefined;
    const member = memberCall(call);
    if (!member || !isFastifyReceiver(member.object, ctx)) return undefined;
    const args = call.arguments;
    const { method } = member;
    if (SHORTHAND.has(method)) {
      const path = pathText(args[0]);
      if (path === undefined) return undefined;
      const handlers = [...optionHandlers(args[1]), ...args.slice(1).filter((a) => a.type !== 'ObjectExpression' && isHandlerLike(a))];
      return handlers.length ? { framework: 'fastify', handlers, route: path, methods: [method === 'all' ? '*' : method.toUpperCase()] } : undefined;
    }
    if (method === 'route' && args[0]?.type === 'ObjectExpression') {
      const options = args[0];
      const handlers = optionHandlers(options);
      const methodNode = propertyValue(options, 'method');
      const methods = methodNode ? (pathText(methodNode) ?? '').split(', ').filter(Boolean).map((m) => m.toUpperCase()) : undefined;
      const route = pathText(propertyValue(options, 'url') ?? propertyValue(options, 'path')) ?? null;
      return handlers.length ? { framework: 'fastify', handlers, route, methods } : undefined;
    }
    if (method === 'addHook') {
      const hook = staticString(args[0]);
      if (!hook || !REQUEST_HOOKS.has(hook)) return undefined;
      const handlers = args.slice(1).filter(isHandlerLike);
      return handlers.length ? { framework: 'fastify', handlers, route: `hook:${hook}` } : undefined;
    }
    if (method === 'setErrorHandler' || method === 'setNotFoundHandler') {
      const handlers = args.filter(isHandlerLike);
      return handlers.length ? { framework: 'fastify', handlers, route: method, kind: 'hook' } : undefined;
    }
    if (method === 'register' && args[0] && (isFunction(args[0]) || isHandlerLike(args[0]))) {
      // The plugin body runs once at startup; its instance registers routes.
      return { framework: 'fastify', handlers: [], route: null, startup: [{ fn: args[0], params: [INSTANCE] }] };
    }
    return undefined;
  },
};
