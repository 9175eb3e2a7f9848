import type { ClassHandlerKind, HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import {
  arg,
  callName,
  callParts,
  classKindHandlers,
  type ContextByKind,
  decoratorParts,
  dedupe,
  functionHandler,
  type FrameworkMatcher,
  owned,
  ownership,
  referencedHandler,
  stringValue,
  LOOP_CONTEXT,
  WORKER_CONTEXT,
} from './common';

/**
 * python-socketio and Flask-SocketIO event handlers: each event a client
 * emits runs one.
 * - `socketio.AsyncServer` awaits async handlers and calls sync ones inline:
 *   both on the shared event loop.
 * - `socketio.Server` and Flask-SocketIO run a handler per event in the
 *   server's `async_mode`: `gevent`/`eventlet` greenlets (cooperative), else a
 *   thread held for the call (a worker; the deployment pass still lifts it to
 *   cooperative when the process is gevent-patched).
 */
const COOPERATIVE: ContextByKind = { sync: 'cooperative', async: 'private-loop' };

const ASYNC_SERVERS = ['socketio.AsyncServer()', 'socketio.asyncio_server.AsyncServer()', 'socketio.async_server.AsyncServer()'];
const SYNC_SERVERS = ['socketio.Server()', 'socketio.server.Server()', 'flask_socketio.SocketIO()'];
const SERVER_CALLS = new Set(SYNC_SERVERS.map((s) => s.slice(0, -2)));

const CLASS_KINDS: ClassHandlerKind[] = [
  { framework: 'socketio', bases: ['socketio.AsyncNamespace', 'socketio.asyncio_namespace.AsyncNamespace', 'socketio.async_namespace.AsyncNamespace'], classMethods: ['on_*'], contextByKind: LOOP_CONTEXT, route: 'namespace', kind: 'socketio-event' },
  { framework: 'socketio', bases: ['socketio.Namespace', 'socketio.namespace.Namespace', 'flask_socketio.Namespace'], classMethods: ['on_*'], contextByKind: WORKER_CONTEXT, route: 'namespace', kind: 'socketio-event' },
];

/** A sync server's handlers: cooperative when the file creates it with `async_mode="gevent"|"eventlet"`. */
function syncContext(facts: PyFileFacts): ContextByKind {
  for (const call of facts.calls) {
    const name = callName(call);
    const mode = name && SERVER_CALLS.has(name) ? stringValue(call.keywords.get('async_mode')?.node) : undefined;
    if (mode && /^(gevent|eventlet|gevent_uwsgi)$/.test(mode)) return COOPERATIVE;
  }
  return WORKER_CONTEXT;
}

export const socketio: FrameworkMatcher = {
  framework: 'socketio',
  classKinds: CLASS_KINDS,
  match(facts: PyFileFacts): HandlerInfo[] {
    const importsSocketio = facts.imports('socketio') || facts.imports('flask_socketio');
    const handlers: HandlerInfo[] = [];
    const servers = [
      { owners: ASYNC_SERVERS, context: LOOP_CONTEXT },
      { owners: SYNC_SERVERS, context: importsSocketio ? syncContext(facts) : WORKER_CONTEXT },
    ];
    for (const fn of facts.functions) {
      for (const dec of fn.decorators) {
        const parts = decoratorParts(dec);
        if (!parts || !['event', 'on'].includes(parts.attr) || (parts.attr === 'on' && !dec.call)) continue;
        // `@sio.event` is named by the function; `@sio.on("chat")` by its first argument.
        const event = parts.attr === 'on' && dec.call ? stringValue(arg(dec.call, 0, 'event')?.node) : fn.info.name.split('.').pop();
        for (const server of servers) {
          const own = ownership(parts, server.owners, facts, [], true);
          if (own) handlers.push(owned(functionHandler(fn, dec.node, facts, 'socketio', server.context, event ?? null), own));
        }
      }
    }
    // `sio.on("chat", handler)`
    for (const call of facts.calls) {
      const parts = callParts(call);
      const handlerArg = parts?.attr === 'on' ? arg(call, 1, 'handler') : undefined;
      if (!parts || !handlerArg || handlerArg.node.type === 'call') continue;
      for (const server of servers) {
        const own = ownership(parts, server.owners, facts, [], true);
        if (!own) continue;
        const handler = referencedHandler(handlerArg.value, handlerArg.node, facts, 'socketio', server.context, stringValue(arg(call, 0, 'event')?.node) ?? null, undefined, []);
        if (handler && !handler.classMethods) handlers.push(owned(handler, own));
      }
    }
    if (importsSocketio) handlers.push(...classKindHandlers(facts, CLASS_KINDS));
    return dedupe(handlers).map((h) => ({ ...h, kind: 'socketio-event' as const }));
  },
};
