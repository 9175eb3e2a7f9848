import { propertyValue } from '../ast';
import { isHandlerLike, memberCall, pathText, receiverFramework, type CallContext, type CallMatcher, type Node, type Registration } from './types';

/** Restify: `server.get/post/put/patch/del/head/opts(path | options, ...handlers)`, and `server.use/pre(...handlers)` around every request. */
const METHODS: Record<string, string> = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', del: 'DELETE', head: 'HEAD', opts: 'OPTIONS' };

export const restify: CallMatcher = {
  framework: 'restify',
  match(call, ctx: CallContext): Registration | undefined {
    if (call.type !== 'CallExpression') return undefined;
    const member = memberCall(call);
    if (!member || !(member.method in METHODS || member.method === 'use' || member.method === 'pre')) return undefined;
    if (receiverFramework(member.object, ctx, undefined) !== 'restify') return undefined;
    if (member.method === 'use' || member.method === 'pre') {
      const handlers = call.arguments.filter(isHandlerLike);
      return handlers.length ? { framework: 'restify', handlers, route: member.method === 'pre' ? 'pre' : 'middleware', kind: 'middleware' } : undefined;
    }
    const [first, ...rest] = call.arguments;
    // The route is a path, or an options object holding it (`{ path: '/x', version: '1.0.0' }`).
    const route = pathText(first) ?? (first?.type === 'ObjectExpression' ? pathText(propertyValue(first, 'path') as Node | undefined) : undefined);
    const handlers = rest.filter(isHandlerLike);
    return handlers.length ? { framework: 'restify', handlers, route: route ?? null, methods: [METHODS[member.method]] } : undefined;
  },
};
