import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { guessFramework, isHandlerLike, memberCall, pathText, receiverFramework, type CallContext, type CallMatcher, type Registration } from './types';

const ROUTER_METHODS = new Set(['get', 'post', 'put', 'del', 'delete', 'patch', 'head', 'options', 'all', 'use']);

/** Koa `app.use(async (ctx, next) => …)` and `@koa/router` / `koa-router` routes (optionally named). */
export const koa: CallMatcher = {
  framework: 'koa',
  match(call: TSESTree.CallExpression | TSESTree.NewExpression, ctx: CallContext): Registration | undefined {
    if (call.type !== 'CallExpression') return undefined;
    const member = memberCall(call);
    if (!member || !ROUTER_METHODS.has(member.method)) return undefined;
    const fallback = guessFramework(ctx.imports) === 'koa' ? 'koa-router' : undefined;
    const owner = receiverFramework(member.object, ctx, fallback);
    if (owner !== 'koa' && owner !== 'koa-router') return undefined;
    const args = call.arguments;
    if (owner === 'koa') {
      if (member.method !== 'use') return undefined;
      const handlers = args.filter(isHandlerLike);
      return handlers.length ? { framework: 'koa', handlers, route: 'middleware' } : undefined;
    }
    // router.get([name,] path, ...middleware)
    let index = 0;
    const first = pathText(args[0]);
    const second = pathText(args[1]);
    if (first !== undefined && second !== undefined) index = 2;
    else if (first !== undefined) index = 1;
    const path = index === 2 ? second : first;
    const handlers = args.slice(index).filter(isHandlerLike);
    if (handlers.length === 0) return undefined;
    const verb = member.method === 'del' ? 'DELETE' : member.method.toUpperCase();
    if (member.method === 'use') return { framework: 'koa', handlers, route: path ?? 'middleware' };
    return { framework: 'koa', handlers, route: path ?? null, methods: [verb === 'ALL' ? '*' : verb] };
  },
};
