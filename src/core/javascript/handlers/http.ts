import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { staticString } from '../imports';
import { isHandlerLike, memberCall, type CallContext, type CallMatcher, type Registration } from './types';

const FACTORY = /^(http|https|http2)\.(createServer|createSecureServer)$/;
const SERVER = /^(http|https|http2)\.(createServer|createSecureServer)\(\)$/;

/** Node core servers: `http.createServer(cb)`, `server.on('request', cb)`, http2 `server.on('stream', cb)`. */
export const http: CallMatcher = {
  framework: 'http',
  match(call: TSESTree.CallExpression | TSESTree.NewExpression, ctx: CallContext): Registration | undefined {
    if (call.type !== 'CallExpression') return undefined;
    const callee = ctx.externalName(call.callee);
    if (callee && FACTORY.test(callee)) {
      const handlers = call.arguments.filter((a) => a.type !== 'ObjectExpression' && isHandlerLike(a));
      return handlers.length ? { framework: 'http', handlers, route: null } : undefined;
    }
    const member = memberCall(call);
    if (!member || (member.method !== 'on' && member.method !== 'addListener')) return undefined;
    const event = staticString(call.arguments[0]);
    if (event !== 'request' && event !== 'stream') return undefined;
    const server = ctx.externalName(member.object);
    if (!server || !SERVER.test(server)) return undefined;
    const handlers = call.arguments.slice(1).filter(isHandlerLike);
    return handlers.length ? { framework: 'http', handlers, route: `on:${event}` } : undefined;
  },
};
