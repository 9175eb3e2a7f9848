import type { FileModel, HandlerInfo } from '../../model';
import type { ArgRecord, ClassSyntax, PyFileFacts } from '../syntax';
import { externalName } from '../types';
import { arg, callParts, dedupe, frameworkFacts, functionHandler, type FrameworkMatcher, ownedBy, referencedHandler, stringList, stringValue, WORKER_CONTEXT } from './common';
import { namedEntries } from '../../lookup';

/**
 * Pyramid (PyPI's warehouse): views are functions or methods decorated
 * `@view_config(route_name=..., request_method=...)` (a class's
 * `@view_defaults` gives its methods' defaults), or callables handed to
 * `config.add_view(view, route_name=...)`. Exception, not-found and forbidden
 * views run while a failing request is answered. A WSGI app: views run in a
 * worker. Routes are named; the project pass puts the pattern of
 * `config.add_route(name, pattern)` (in any module) in their place.
 */
const VIEW_CONFIG = new Set(['pyramid.view.view_config', 'pyramid.view.exception_view_config', 'pyramid.view.notfound_view_config', 'pyramid.view.forbidden_view_config']);
const VIEW_DEFAULTS = 'pyramid.view.view_defaults';
const CONFIGURATORS = ['pyramid.config.Configurator()'];

/** The keywords of the class's `@view_defaults(...)`, if it has one. */
function viewDefaults(cls: ClassSyntax | undefined): Map<string, ArgRecord> | undefined {
  return cls?.decorators.find((d) => externalName(d.value) === VIEW_DEFAULTS)?.call?.keywords;
}

function methodsOf(value: ArgRecord | undefined): string[] | undefined {
  if (!value) return undefined;
  const single = stringValue(value.node);
  return single !== undefined ? [single.toUpperCase()] : stringList(value.node);
}

/** What the project pass reads: the routes this module adds (name → pattern), and whether it has named views. */
interface PyramidFacts {
  routes?: Record<string, string>;
  views?: true;
}

export const pyramid: FrameworkMatcher = {
  framework: 'pyramid',
  match(facts: PyFileFacts): HandlerInfo[] {
    if (!facts.imports('pyramid')) return [];
    const handlers: HandlerInfo[] = [];
    for (const fn of facts.functions) {
      for (const dec of fn.decorators) {
        const name = externalName(dec.value);
        if (name === undefined || !VIEW_CONFIG.has(name)) continue;
        const keyword = (key: string) => dec.call?.keywords.get(key) ?? viewDefaults(fn.cls)?.get(key);
        const routeName = stringValue(keyword('route_name')?.node);
        const failing = name !== 'pyramid.view.view_config' || keyword('context') !== undefined;
        const failure = name === 'pyramid.view.view_config' ? 'exception' : name.slice('pyramid.view.'.length).replace(/_view_config$/, '');
        const route = routeName ?? (failing ? `${failure} view` : null);
        const handler = functionHandler(fn, dec.node, facts, 'pyramid', WORKER_CONTEXT, route, methodsOf(keyword('request_method')));
        handlers.push(routeName === undefined && failing ? { ...handler, kind: 'hook' } : handler);
      }
    }
    for (const call of facts.calls) {
      const parts = callParts(call);
      if (parts?.attr !== 'add_view' || !ownedBy(parts.owner, CONFIGURATORS, facts, 'pyramid')) continue;
      const view = arg(call, 0, 'view');
      if (!view || view.node.type === 'call') continue;
      const route = stringValue(call.keywords.get('route_name')?.node) ?? null;
      const handler = referencedHandler(view.value, view.node, facts, 'pyramid', WORKER_CONTEXT, route, methodsOf(call.keywords.get('request_method')), ['__call__']);
      if (handler) handlers.push(handler);
    }
    return dedupe(handlers);
  },
  projectFacts(facts: PyFileFacts, handlers: readonly HandlerInfo[]): PyramidFacts | undefined {
    if (!facts.imports('pyramid')) return undefined;
    const routes = namedEntries<string>();
    for (const call of facts.calls) {
      const parts = callParts(call);
      if (parts?.attr !== 'add_route' || !ownedBy(parts.owner, CONFIGURATORS, facts, 'pyramid')) continue;
      const name = stringValue(arg(call, 0, 'name')?.node);
      const pattern = stringValue(arg(call, 1, 'pattern')?.node);
      if (name !== undefined && pattern !== undefined) routes[name] = pattern;
    }
    const out: PyramidFacts = { ...(Object.keys(routes).length > 0 ? { routes } : {}), ...(handlers.length > 0 ? { views: true as const } : {}) };
    return out.routes || out.views ? out : undefined;
  },
  project(models: readonly FileModel[]): Map<string, HandlerInfo[]> {
    const patterns = new Map<string, string>();
    for (const model of models) for (const [name, pattern] of Object.entries(frameworkFacts<PyramidFacts>(model, 'pyramid')?.routes ?? {})) patterns.set(name, pattern);
    const out = new Map<string, HandlerInfo[]>();
    if (patterns.size === 0) return out;
    for (const model of models) {
      if (!frameworkFacts<PyramidFacts>(model, 'pyramid')?.views) continue;
      const joined = model.handlers.filter((h) => h.framework === 'pyramid' && h.route !== null && patterns.has(h.route)).map((h) => ({ ...h, route: patterns.get(h.route!)! }));
      if (joined.length > 0) out.set(model.file, joined);
    }
    return out;
  },
};
