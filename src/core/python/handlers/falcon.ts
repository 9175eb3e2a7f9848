import type { HandlerInfo } from '../../model';
import type { CallRecord, PyFileFacts } from '../syntax';
import { externalName, type Value } from '../types';
import { arg, callParts, type ContextByKind, dedupe, type FrameworkMatcher, HTTP_VERBS, locationOf, LOOP_CONTEXT, ownedBy, referencedHandler, refOf, stringValue, WORKER_CONTEXT } from './common';

/**
 * Falcon: `app.add_route(path, ThingsResource())` routes each request to the
 * resource's `on_get`/`on_post`/... responder (`on_get_<suffix>` with
 * `suffix=`); middleware objects (`App(middleware=[...])`, `add_middleware`)
 * run their `process_*` methods around every request; `@falcon.before/after`
 * hooks run around a responder. `falcon.App` (WSGI) runs responders in a
 * worker; `falcon.asgi.App` on the server's event loop.
 */
const ASGI_APPS = ['falcon.asgi.App', 'falcon.asgi.app.App'];
const WSGI_APPS = ['falcon.App', 'falcon.API', 'falcon.app.App'];
/** What a middleware object runs around each request (`process_startup/shutdown` run once). */
const MIDDLEWARE_METHODS = ['process_request', 'process_resource', 'process_response'].flatMap((m) => [m, `${m}_async`]);
const HOOKS = new Set(['falcon.before', 'falcon.after', 'falcon.hooks.before', 'falcon.hooks.after']);

function responders(suffix: string | undefined): string[] {
  return [...HTTP_VERBS, 'websocket'].map((verb) => (suffix ? `on_${verb}_${suffix}` : `on_${verb}`));
}

/** The context of the app a registration is made on, when it is a Falcon app (an untyped `app` in a module importing Falcon counts). */
function appContext(owner: string | undefined, facts: PyFileFacts): ContextByKind | undefined {
  const asgi = ASGI_APPS.map((a) => `${a}()`);
  const wsgi = WSGI_APPS.map((a) => `${a}()`);
  if (owner !== undefined) return ownedBy(owner, asgi, facts, 'falcon') ? LOOP_CONTEXT : ownedBy(owner, wsgi, facts, 'falcon') ? WORKER_CONTEXT : undefined;
  return facts.imports('falcon.asgi') ? LOOP_CONTEXT : WORKER_CONTEXT;
}

/** A resource or middleware handed over as an instance (`ThingsResource()`, or a name bound to one): its class. */
function classOf(value: Value, facts: PyFileFacts): HandlerInfo['ref'] | undefined {
  if (value.kind === 'proj' && value.instance) return value.ref;
  const resolved = refOf(value, facts);
  return resolved?.isClass ? resolved.ref : undefined;
}

function objectHandler(call: CallRecord, index: number, facts: PyFileFacts, context: ContextByKind, route: string, classMethods: string[]): HandlerInfo | undefined {
  const given = call.positional[index];
  if (!given) return undefined;
  const ref = classOf(given.value, facts);
  if (!ref) return undefined;
  return { ref, location: locationOf(facts, given.node), framework: 'falcon', route, contextByKind: context, classMethods };
}

export const falcon: FrameworkMatcher = {
  framework: 'falcon',
  match(facts: PyFileFacts): HandlerInfo[] {
    if (!facts.imports('falcon')) return [];
    const handlers: HandlerInfo[] = [];
    for (const call of facts.calls) {
      const name = externalName(call.callee);
      // `falcon.App(middleware=[Auth(), Log()])`
      if (name !== undefined && [...ASGI_APPS, ...WSGI_APPS].includes(name)) {
        const context = ASGI_APPS.includes(name) ? LOOP_CONTEXT : WORKER_CONTEXT;
        const middleware = call.keywords.get('middleware');
        const items = middleware?.node.type === 'list' || middleware?.node.type === 'tuple' ? middleware.node.namedChildren : middleware ? [middleware.node] : [];
        for (const item of items) {
          const record = item?.type === 'call' ? facts.callAt(item) : undefined;
          if (record && record.callee.kind === 'proj' && !record.callee.instance) {
            handlers.push({ ref: record.callee.ref, location: locationOf(facts, item!), framework: 'falcon', route: 'middleware', kind: 'middleware', contextByKind: context, classMethods: MIDDLEWARE_METHODS });
          }
        }
        continue;
      }
      const parts = callParts(call);
      if (parts?.attr !== 'add_route' && parts?.attr !== 'add_middleware') continue;
      const context = appContext(parts.owner, facts);
      if (!context) continue;
      if (parts.attr === 'add_middleware') {
        const handler = objectHandler(call, 0, facts, context, 'middleware', MIDDLEWARE_METHODS);
        if (handler) handlers.push({ ...handler, kind: 'middleware' });
        continue;
      }
      const route = stringValue(arg(call, 0, 'uri_template')?.node) ?? '?';
      const suffix = stringValue(call.keywords.get('suffix')?.node);
      const handler = objectHandler(call, 1, facts, context, route, responders(suffix));
      if (handler) handlers.push(handler);
    }
    // `@falcon.before(validate)` on a responder: `validate` runs before it, on every request it serves.
    for (const fn of facts.functions) {
      for (const dec of fn.decorators) {
        const name = externalName(dec.value);
        const hook = dec.call?.positional[0];
        if (!name || !HOOKS.has(name) || !hook) continue;
        const context = fn.info.isAsync ? LOOP_CONTEXT : WORKER_CONTEXT;
        const handler = referencedHandler(hook.value, hook.node, facts, 'falcon', context, `hook:${name.split('.').pop()}`, undefined, ['__call__']);
        if (handler) handlers.push({ ...handler, kind: 'hook' });
      }
    }
    return dedupe(handlers);
  },
};
