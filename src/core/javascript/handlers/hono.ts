import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { guessFramework, isHandlerLike, memberCall, pathText, receiverFramework, type CallContext, type CallMatcher, type Registration } from './types';

const METHODS = new Set(['get', 'post', 'put', 'delete', 'patch', 'options', 'all', 'use', 'on']);

/** Hono: `app.get/post/.../all/use(path?, ...handlers)` and `app.on(method(s), path(s), ...handlers)`. */
export const hono: CallMatcher = {
  framework: 'hono',
  match(call: TSESTree.CallExpression | TSESTree.NewExpression, ctx: CallContext): Registration | undefined {
    if (call.type !== 'CallExpression') return undefined;
    const member = memberCall(call);
    if (!member || !METHODS.has(member.method)) return undefined;
    const fallback = guessFramework(ctx.imports) === 'hono' ? 'hono' : undefined;
    if (receiverFramework(member.object, ctx, fallback) !== 'hono') return undefined;
    const args = call.arguments;
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
