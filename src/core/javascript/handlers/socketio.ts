import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { staticString } from '../imports';
import { external } from '../values';
import { isHandlerLike, memberCall, receiverFramework, type CallContext, type CallMatcher, type Registration } from './types';

const LISTEN = new Set(['on', 'once', 'addListener', 'prependListener']);
/** What a connection handler and a server middleware get first: the client's socket. */
const SOCKET = external('socket.io.Socket()');

/**
 * socket.io: `io.on('connection', (socket) => …)` (also `io.of('/x')`,
 * `io.sockets`), server middleware `io.use((socket, next) => …)`, and each
 * `socket.on('event', handler)` / `socket.use(…)` on the socket it hands over.
 * Every one of them runs on the process's event loop.
 */
export const socketio: CallMatcher = {
  framework: 'socket.io',
  match(call: TSESTree.CallExpression | TSESTree.NewExpression, ctx: CallContext): Registration | undefined {
    if (call.type !== 'CallExpression') return undefined;
    const member = memberCall(call);
    if (!member) return undefined;
    const family = receiverFramework(member.object, ctx, undefined);
    if (family !== 'socket.io' && family !== 'socket.io-socket') return undefined;
    const args = call.arguments;
    if (member.method === 'use') {
      const handlers = args.filter(isHandlerLike);
      return handlers.length ? { framework: 'socket.io', handlers, route: 'middleware', params: family === 'socket.io' ? [SOCKET] : undefined } : undefined;
    }
    if (!LISTEN.has(member.method)) return undefined;
    const event = staticString(args[0]);
    const handlers = args.slice(1).filter(isHandlerLike);
    if (handlers.length === 0) return undefined;
    if (family === 'socket.io') {
      if (event !== 'connection' && event !== 'connect') return undefined;
      return { framework: 'socket.io', handlers, route: 'connection', params: [SOCKET], kind: 'socketio-event' };
    }
    return { framework: 'socket.io', handlers, route: `on:${event ?? '?'}`, kind: 'socketio-event' };
  },
};
