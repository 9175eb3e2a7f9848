import { isHandlerLike, memberCall, type CallMatcher } from './types';
import { familyOf } from './objects';

/**
 * tRPC procedures: `t.procedure.input(schema).query(({ input, ctx }) => …)`,
 * and the middleware a procedure runs first (`t.procedure.use(isAuthed)`);
 * each serves a request on the server's event loop.
 */
const RESOLVERS = new Set(['query', 'mutation', 'subscription']);

export const trpc: CallMatcher = {
  framework: 'trpc',
  match(call, ctx) {
    const member = call.type === 'CallExpression' ? memberCall(call) : undefined;
    const resolver = call.arguments[0];
    const middleware = member?.method === 'use';
    if (!member || !(RESOLVERS.has(member.method) || middleware) || call.arguments.length !== 1 || !isHandlerLike(resolver)) return undefined;
    if (familyOf(ctx.externalName(member.object)) !== 'trpc') return undefined;
    if (middleware) return { framework: 'trpc', handlers: [resolver], route: 'middleware' };
    // The procedure's name in its router (`greeting: publicProcedure.query(fn)`), or the constant holding it.
    return { framework: 'trpc', handlers: [resolver], route: ctx.boundName?.(call) ?? null, methods: [member.method.toUpperCase()], kind: 'route' };
  },
};
