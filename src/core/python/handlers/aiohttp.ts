import type { HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import {
  arg,
  callName,
  callParts,
  classHandler,
  decoratorParts,
  dedupe,
  functionHandler,
  HTTP_VERBS,
  type FrameworkMatcher,
  ownedBy,
  referencedHandler,
  stringValue,
  classKindHandlers,
  VIEW_METHODS,
  LOOP_CONTEXT,
} from './common';

/** aiohttp runs every handler on the loop, `def` or `async def`. */

const TABLE_OWNERS = ['aiohttp.web.RouteTableDef()'];
const ROUTER_OWNERS = ['aiohttp.web.Application().router', 'aiohttp.web.UrlDispatcher()'];
const VIEW_BASES = ['aiohttp.web.View', 'aiohttp.web_urldispatcher.View'];
/** `router.add_get(path, handler)`; `add_route(method, path, handler)` shifts by one. */
const ROUTER_METHODS = new Set([...HTTP_VERBS.map((v) => `add_${v}`), 'add_route', 'add_view']);
/** `web.get(path, handler)` route definitions inside `add_routes([...])`. */
const ROUTE_DEFS = new Set([...HTTP_VERBS, 'route', 'view'].map((v) => `aiohttp.web.${v}`));

function verbOf(attr: string): string[] | undefined {
  const verb = attr.replace(/^add_/, '');
  return HTTP_VERBS.includes(verb) ? [verb.toUpperCase()] : undefined;
}

const AIOHTTP_MODULES = ['aiohttp', 'aiohttp_jinja2', 'aiohttp_session', 'aiohttp_security', 'aiohttp_cors', 'aiohttp_apispec'];

const CLASS_KINDS = [{ framework: 'aiohttp', bases: VIEW_BASES, classMethods: VIEW_METHODS, contextByKind: LOOP_CONTEXT }];

export const aiohttp: FrameworkMatcher = {
  framework: 'aiohttp',
  classKinds: CLASS_KINDS,
  match(facts: PyFileFacts): HandlerInfo[] {
    // aiohttp's own extensions say the file serves aiohttp too (caldera's packs import only aiohttp_jinja2).
    if (!AIOHTTP_MODULES.some((m) => facts.imports(m))) return [];
    const handlers: HandlerInfo[] = [];
    for (const fn of facts.functions) {
      for (const dec of fn.decorators) {
        if (!dec.call && (dec.value.kind === 'ext' && dec.value.name === 'aiohttp.web.middleware')) {
          handlers.push(functionHandler(fn, dec.node, facts, 'aiohttp', LOOP_CONTEXT, 'middleware'));
          continue;
        }
        const parts = decoratorParts(dec);
        if (!dec.call || !parts || !ownedBy(parts.owner, TABLE_OWNERS, facts, 'aiohttp')) continue;
        if (!HTTP_VERBS.includes(parts.attr) && parts.attr !== 'route') continue;
        const shift = parts.attr === 'route' ? 1 : 0;
        const route = stringValue(arg(dec.call, shift, 'path')?.node) ?? null;
        const methods = parts.attr === 'route' ? [stringValue(dec.call.positional[0]?.node)?.toUpperCase() ?? '*'] : verbOf(parts.attr);
        handlers.push(functionHandler(fn, dec.node, facts, 'aiohttp', LOOP_CONTEXT, route, methods));
      }
    }
    for (const cls of facts.classes.values()) {
      for (const dec of cls.decorators) {
        const parts = decoratorParts(dec);
        if (!dec.call || parts?.attr !== 'view' || !ownedBy(parts.owner, TABLE_OWNERS, facts, 'aiohttp')) continue;
        handlers.push(classHandler(cls, facts, 'aiohttp', LOOP_CONTEXT, VIEW_METHODS, stringValue(arg(dec.call, 0, 'path')?.node) ?? null));
      }
    }
    for (const call of facts.calls) {
      const name = callName(call);
      let shift: number | undefined;
      let methods: string[] | undefined;
      if (name && ROUTE_DEFS.has(name)) {
        const verb = name.slice('aiohttp.web.'.length);
        shift = verb === 'route' ? 1 : 0;
        methods = verb === 'route' ? [stringValue(call.positional[0]?.node)?.toUpperCase() ?? '*'] : verbOf(verb);
      } else {
        const parts = callParts(call);
        const isRouter = parts && ROUTER_METHODS.has(parts.attr) && (parts.owner ? ownedBy(parts.owner, ROUTER_OWNERS, facts, 'aiohttp') : /\.router$/.test(call.node.childForFieldName('function')?.childForFieldName('object')?.text ?? ''));
        if (!parts || !isRouter) continue;
        shift = parts.attr === 'add_route' ? 1 : 0;
        methods = parts.attr === 'add_route' ? [stringValue(call.positional[0]?.node)?.toUpperCase() ?? '*'] : verbOf(parts.attr);
      }
      const handlerArg = arg(call, shift + 1, 'handler');
      if (!handlerArg) continue;
      const route = stringValue(arg(call, shift, 'path')?.node) ?? null;
      const handler = referencedHandler(handlerArg.value, handlerArg.node, facts, 'aiohttp', LOOP_CONTEXT, route, methods, VIEW_METHODS);
      if (handler) handlers.push(handler);
    }
    handlers.push(...classKindHandlers(facts, CLASS_KINDS));
    return dedupe(handlers);
  },
};
