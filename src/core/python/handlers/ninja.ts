import type { HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import { arg, decoratorParts, dedupe, functionHandler, HTTP_VERBS, ownedBy, stringList, stringValue, WORKER_CONTEXT, type FrameworkMatcher } from './common';

/**
 * Django Ninja: `@api.get("/items")` on a `NinjaAPI` or a ninja `Router`.
 * Its operations are Django views: a `def` one runs where Django runs sync
 * views (a worker, or a thread under ASGI), an `async def` one on the event
 * loop under ASGI; the deployment refines both as for Django.
 */
const OWNERS = ['ninja.NinjaAPI()', 'ninja.Router()'];
const OPERATION_DECORATORS = new Set([...HTTP_VERBS, 'api_operation']);

export const ninja: FrameworkMatcher = {
  framework: 'django-ninja',
  match(facts: PyFileFacts): HandlerInfo[] {
    if (!facts.imports('ninja')) return [];
    const handlers: HandlerInfo[] = [];
    for (const fn of facts.functions) {
      for (const dec of fn.decorators) {
        const parts = decoratorParts(dec);
        if (!parts || !dec.call || !OPERATION_DECORATORS.has(parts.attr) || !ownedBy(parts.owner, OWNERS, facts, 'ninja')) continue;
        // `@api.api_operation(["GET", "POST"], "/path")` names the methods first.
        const operation = parts.attr === 'api_operation';
        const route = stringValue(arg(dec.call, operation ? 1 : 0, 'path')?.node) ?? null;
        const methods = operation ? stringList(arg(dec.call, 0, 'methods')?.node)?.map((m) => m.toUpperCase()) : [parts.attr.toUpperCase()];
        handlers.push(functionHandler(fn, dec.node, facts, 'django-ninja', WORKER_CONTEXT, route, methods));
      }
    }
    return dedupe(handlers);
  },
};
