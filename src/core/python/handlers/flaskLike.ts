import type { HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import {
  arg,
  callParts,
  classHandler,
  type ContextByKind,
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
} from './common';

/** Flask and Quart share their routing API; each gets its own matcher module built from this. */
export interface FlaskLikeOptions {
  framework: string;
  /** The framework's package; its import makes an untyped `app`/`bp` belong to it. */
  module: string;
  /** Extension packages whose classes count too (`flask_restful`). */
  extensionModules?: string[];
  /** Qualified names of app/blueprint instances. */
  owners: string[];
  /** Class-based view bases. */
  viewBases: string[];
  contextByKind: ContextByKind;
}

const ROUTE_DECORATORS = new Set(['route', ...HTTP_VERBS.filter((v) => v !== 'head' && v !== 'options')]);
/** Functions that run for every request (or every failing one). */
const HOOKS = new Set([
  'before_request',
  'after_request',
  'teardown_request',
  'before_app_request',
  'after_app_request',
  'teardown_app_request',
  'errorhandler',
  'app_errorhandler',
]);
const HOOK_REGISTRATIONS: Record<string, number> = { register_error_handler: 1, before_request: 0, after_request: 0, teardown_request: 0 };
const CLASS_VIEW_METHODS = [...VIEW_METHODS, 'dispatch_request'];

export function flaskLike(options: FlaskLikeOptions): FrameworkMatcher {
  const { framework, module, owners, viewBases, contextByKind } = options;
  const modules = [module, ...(options.extensionModules ?? [])];
  const classKinds = [{ framework, bases: viewBases, classMethods: CLASS_VIEW_METHODS, contextByKind }];
  return {
    framework,
    classKinds,
    match(facts: PyFileFacts): HandlerInfo[] {
      if (!modules.some((m) => facts.imports(m))) return [];
      const handlers: HandlerInfo[] = [];
      for (const fn of facts.functions) {
        for (const dec of fn.decorators) {
          const parts = decoratorParts(dec);
          if (!parts || !ownedBy(parts.owner, owners, facts, module)) continue;
          if (ROUTE_DECORATORS.has(parts.attr) && dec.call) {
            const rule = stringValue(arg(dec.call, 0, 'rule')?.node) ?? null;
            const methods =
              parts.attr === 'route' ? stringList(dec.call.keywords.get('methods')?.node) ?? ['GET'] : [parts.attr.toUpperCase()];
            handlers.push(functionHandler(fn, dec.node, facts, framework, contextByKind, rule, methods));
          } else if (HOOKS.has(parts.attr)) {
            handlers.push(functionHandler(fn, dec.node, facts, framework, contextByKind, parts.attr));
          }
        }
      }
      for (const call of facts.calls) {
        const parts = callParts(call);
        if (!parts || !ownedBy(parts.owner, owners, facts, module)) continue;
        if (parts.attr === 'add_url_rule') {
          const rule = stringValue(arg(call, 0, 'rule')?.node) ?? null;
          const view = arg(call, 2, 'view_func');
          if (!view) continue;
          const methods = stringList(call.keywords.get('methods')?.node);
          const handler = referencedHandler(view.value, view.node, facts, framework, contextByKind, rule, methods, CLASS_VIEW_METHODS);
          if (handler) handlers.push(handler);
        } else if (parts.attr in HOOK_REGISTRATIONS) {
          const view = call.positional[HOOK_REGISTRATIONS[parts.attr]];
          if (!view || view.node.type === 'call') continue;
          const handler = referencedHandler(view.value, view.node, facts, framework, contextByKind, parts.attr, undefined, CLASS_VIEW_METHODS);
          if (handler) handlers.push(handler);
        }
      }
      // flask-smorest style: `@blp.route("/pets")` on a MethodView class.
      for (const cls of facts.classes.values()) {
        for (const dec of cls.decorators) {
          const parts = decoratorParts(dec);
          if (!dec.call || parts?.attr !== 'route' || !ownedBy(parts.owner, owners, facts, module)) continue;
          const rule = stringValue(arg(dec.call, 0, 'rule')?.node) ?? null;
          handlers.push(classHandler(cls, facts, framework, contextByKind, CLASS_VIEW_METHODS, rule));
        }
      }
      handlers.push(...classKindHandlers(facts, classKinds));
      return dedupe(handlers);
    },
  };
}
