import type { HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import { classHandler, type ContextByKind, type FrameworkMatcher, subclassesOf, VIEW_METHODS } from './common';

/** Tornado runs handlers on its IOLoop, `def` or `async def`. */
const CONTEXT: ContextByKind = { sync: 'event-loop', async: 'event-loop' };
const BASES = ['tornado.web.RequestHandler', 'tornado.websocket.WebSocketHandler'];
const METHODS = [...VIEW_METHODS, 'prepare', 'on_message', 'open'];

export const tornado: FrameworkMatcher = {
  framework: 'tornado',
  match(facts: PyFileFacts): HandlerInfo[] {
    if (!facts.imports('tornado')) return [];
    return subclassesOf(facts, BASES).map((cls) => classHandler(cls, facts, 'tornado', CONTEXT, METHODS));
  },
};
