import type { HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import {
  arg,
  callParts,
  classHandler,
  decoratorParts,
  dedupe,
  functionHandler,
  HTTP_VERBS,
  type FrameworkMatcher,
  ownedBy,
  referencedHandler,
  stringList,
  stringValue,
  classKindHandlers,
  VIEW_METHODS,
  LOOP_CONTEXT,
} from './common';

/** Sanic runs every handler on the loop, `def` or `async def`. */

const OWNERS = ['sanic.Sanic()', 'sanic.Blueprint()', 'sanic.BlueprintGroup()'];
const ROUTE_DECORATORS = new Set(['route', 'websocket', ...HTTP_VERBS]);
const MIDDLEWARE_DECORATORS = new Set(['middleware', 'on_request', 'on_response', 'exception']);

const CLASS_KINDS = [{ framework: 'sanic', bases: ['sanic.views.HTTPMethodView'], classMethods: VIEW_METHODS, contextByKind: LOOP_CONTEXT }];

export const sanic: FrameworkMatcher = {
  framework: 'sanic',
  classKinds: CLASS_KINDS,
  match(facts: PyFileFacts): HandlerInfo[] {
    if (!facts.imports('sanic')) return [];
    const handlers: HandlerInfo[] = [];
    for (const fn of facts.functions) {
      for (const dec of fn.decorators) {
        const parts = decoratorParts(dec);
        if (!parts || !ownedBy(parts.owner, OWNERS, facts, 'sanic')) continue;
        if (ROUTE_DECORATORS.has(parts.attr) && dec.call) {
          const route = stringValue(arg(dec.call, 0, 'uri')?.node) ?? null;
          const methods =
            parts.attr === 'route'
              ? stringList(dec.call.keywords.get('methods')?.node) ?? ['GET']
              : parts.attr === 'websocket'
                ? undefined
                : [parts.attr.toUpperCase()];
          const handler = functionHandler(fn, dec.node, facts, 'sanic', LOOP_CONTEXT, route, methods);
          if (parts.attr === 'websocket') handler.kind = 'websocket';
          handlers.push(handler);
        } else if (MIDDLEWARE_DECORATORS.has(parts.attr)) {
          handlers.push(functionHandler(fn, dec.node, facts, 'sanic', LOOP_CONTEXT, parts.attr));
        }
      }
    }
    for (const call of facts.calls) {
      const parts = callParts(call);
      if (parts?.attr !== 'add_route' || !ownedBy(parts.owner, OWNERS, facts, 'sanic')) continue;
      // Sanic puts the handler first: `app.add_route(handler, "/path")`.
      const handlerArg = arg(call, 0, 'handler');
      if (!handlerArg) continue;
      const route = stringValue(arg(call, 1, 'uri')?.node) ?? null;
      const methods = stringList(call.keywords.get('methods')?.node);
      const handler = referencedHandler(handlerArg.value, handlerArg.node, facts, 'sanic', LOOP_CONTEXT, route, methods, VIEW_METHODS);
      if (handler) handlers.push(handler);
    }
    handlers.push(...classKindHandlers(facts, CLASS_KINDS));
    return dedupe(handlers);
  },
};
