import type { HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import { arg, callName, type ContextByKind, functionHandler, HTTP_VERBS, type FrameworkMatcher, stringList, stringValue } from './common';

/** `@get("/")` and friends from `litestar` (or `litestar.handlers...`). */
const DECORATOR = /^litestar(?:\.handlers(?:\.\w+)*)?\.(get|post|put|patch|delete|head|route|websocket|websocket_listener)$/;

/** Litestar runs sync handlers on the loop unless `sync_to_thread=True`. */
function contextFor(syncToThread: boolean): ContextByKind {
  return { sync: syncToThread ? 'threadpool' : 'event-loop', async: 'event-loop' };
}

export const litestar: FrameworkMatcher = {
  framework: 'litestar',
  match(facts: PyFileFacts): HandlerInfo[] {
    if (!facts.imports('litestar')) return [];
    const handlers: HandlerInfo[] = [];
    for (const fn of facts.functions) {
      for (const dec of fn.decorators) {
        const name = dec.call ? callName(dec.call) : undefined;
        const kind = name ? DECORATOR.exec(name)?.[1] : undefined;
        if (!dec.call || !kind) continue;
        const pathArg = arg(dec.call, 0, 'path');
        const route = stringValue(pathArg?.node) ?? stringList(pathArg?.node)?.[0] ?? null;
        const syncToThread = dec.call.keywords.get('sync_to_thread')?.node.type === 'true';
        const methods = HTTP_VERBS.includes(kind)
          ? [kind.toUpperCase()]
          : kind === 'route'
            ? stringList(dec.call.keywords.get('http_method')?.node)
            : undefined;
        handlers.push(functionHandler(fn, dec.node, facts, 'litestar', contextFor(syncToThread), route, methods));
      }
    }
    return handlers;
  },
};
