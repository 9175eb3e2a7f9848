import type { HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import { externalName } from '../types';
import { arg, callParts, decoratorParts, dedupe, functionHandler, type FrameworkMatcher, HTTP_VERBS, ownedBy, referencedHandler, stringList, stringValue, WORKER_CONTEXT } from './common';

/**
 * Bottle: `@route("/x")`, `@get/post/put/delete/patch("/x")` (the module's
 * default app), the same on a `Bottle()` object, `app.route("/x", callback=fn)`,
 * error pages and `@hook("before_request")`. A WSGI app: views run in a worker.
 */
const OWNERS = ['bottle.Bottle()', 'bottle.app()', 'bottle.default_app()'];
const ROUTE_METHODS = new Set(['route', ...HTTP_VERBS.filter((v) => v !== 'head' && v !== 'options')]);
const REQUEST_HOOKS = new Set(['before_request', 'after_request']);

/** `route`, `get`... on the default app (`from bottle import route`) or on an app object; undefined for anything else. */
function registrationVerb(name: string | undefined, attr: string | undefined, owner: string | undefined, facts: PyFileFacts): string | undefined {
  if (name !== undefined) {
    const [module, verb] = [name.slice(0, name.lastIndexOf('.')), name.slice(name.lastIndexOf('.') + 1)];
    if (module === 'bottle' && (ROUTE_METHODS.has(verb) || verb === 'error' || verb === 'hook')) return verb;
  }
  return attr !== undefined && ownedBy(owner, OWNERS, facts, 'bottle') ? attr : undefined;
}

export const bottle: FrameworkMatcher = {
  framework: 'bottle',
  match(facts: PyFileFacts): HandlerInfo[] {
    if (!facts.imports('bottle')) return [];
    const handlers: HandlerInfo[] = [];
    for (const fn of facts.functions) {
      for (const dec of fn.decorators) {
        if (!dec.call) continue;
        const parts = decoratorParts(dec);
        const verb = registrationVerb(externalName(dec.value), parts?.attr, parts?.owner, facts);
        if (verb === undefined) continue;
        if (ROUTE_METHODS.has(verb)) {
          const path = stringValue(arg(dec.call, 0, 'path')?.node) ?? null;
          const methods = verb === 'route' ? stringList(arg(dec.call, 1, 'method')?.node) ?? [stringValue(arg(dec.call, 1, 'method')?.node)?.toUpperCase() ?? 'GET'] : [verb.toUpperCase()];
          handlers.push(functionHandler(fn, dec.node, facts, 'bottle', WORKER_CONTEXT, path, methods));
        } else if (verb === 'error') {
          handlers.push({ ...functionHandler(fn, dec.node, facts, 'bottle', WORKER_CONTEXT, 'error'), kind: 'hook' });
        } else if (verb === 'hook' && REQUEST_HOOKS.has(stringValue(dec.call.positional[0]?.node) ?? '')) {
          handlers.push({ ...functionHandler(fn, dec.node, facts, 'bottle', WORKER_CONTEXT, stringValue(dec.call.positional[0]?.node)!), kind: 'hook' });
        }
      }
    }
    // `app.route("/x", callback=view)`, `app.get("/x", callback=view)`
    for (const call of facts.calls) {
      const parts = callParts(call);
      const callback = call.keywords.get('callback');
      if (!callback || !parts || !ROUTE_METHODS.has(parts.attr) || !ownedBy(parts.owner, OWNERS, facts, 'bottle')) continue;
      const path = stringValue(arg(call, 0, 'path')?.node) ?? null;
      const handler = referencedHandler(callback.value, callback.node, facts, 'bottle', WORKER_CONTEXT, path, parts.attr === 'route' ? undefined : [parts.attr.toUpperCase()], []);
      if (handler) handlers.push(handler);
    }
    return dedupe(handlers);
  },
};
