import type { HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import {
  callName,
  dedupe,
  type FrameworkMatcher,
  referencedHandler,
  stringValue,
  classKindHandlers,
  VIEW_METHODS,
  LOOP_CONTEXT,
} from './common';

/** Tornado runs handlers on its IOLoop, `def` or `async def`; its own RequestHandler subclasses are bases too. */
const BASES = [
  'tornado.web.RequestHandler',
  'tornado.web.StaticFileHandler',
  'tornado.web.RedirectHandler',
  'tornado.web.ErrorHandler',
  'tornado.web.FallbackHandler',
  'tornado.websocket.WebSocketHandler',
];
const METHODS = [...VIEW_METHODS, 'prepare', 'on_message', 'open'];
const APPLICATIONS = new Set(['tornado.web.Application']);
const URL_SPECS = new Set(['tornado.web.url', 'tornado.routing.URLSpec', 'tornado.web.URLSpec']);

/** `Application([(r"/", MainHandler), url(r"/x", X)])`: the route table. */
function routeTable(facts: PyFileFacts): HandlerInfo[] {
  const handlers: HandlerInfo[] = [];
  for (const call of facts.calls) {
    const name = callName(call);
    if (!name || !APPLICATIONS.has(name)) continue;
    const table = call.positional[0]?.node ?? call.keywords.get('handlers')?.node;
    if (table?.type !== 'list') continue;
    for (const entry of table.namedChildren) {
      if (!entry) continue;
      let pattern = entry.type === 'tuple' ? entry.namedChildren[0] : null;
      let target = entry.type === 'tuple' ? entry.namedChildren[1] : null;
      if (entry.type === 'call') {
        const spec = facts.callAt(entry);
        const specName = spec ? callName(spec) : undefined;
        if (!spec || !specName || !URL_SPECS.has(specName)) continue;
        pattern = spec.positional[0]?.node ?? null;
        target = spec.positional[1]?.node ?? null;
      }
      if (!target) continue;
      const value = facts.resolveDotted(target.text);
      if (!value) continue;
      const handler = referencedHandler(value, target, facts, 'tornado', LOOP_CONTEXT, stringValue(pattern) ?? null, undefined, METHODS);
      if (handler) handlers.push({ ...handler, classMethods: METHODS });
    }
  }
  return handlers;
}

const CLASS_KINDS = [{ framework: 'tornado', bases: BASES, classMethods: METHODS, contextByKind: LOOP_CONTEXT }];

export const tornado: FrameworkMatcher = {
  framework: 'tornado',
  classKinds: CLASS_KINDS,
  match(facts: PyFileFacts): HandlerInfo[] {
    if (!facts.imports('tornado')) return [];
    return dedupe([...routeTable(facts), ...classKindHandlers(facts, CLASS_KINDS)]);
  },
};
