import type { HandlerInfo } from '../../model';
import type { ClassSyntax, PyFileFacts } from '../syntax';
import { externalName } from '../types';
import { arg, functionHandler, type FrameworkMatcher, stringList, stringValue, WORKER_CONTEXT } from './common';

/**
 * Flask-AppBuilder (Superset, Airflow's UI and plugins) and Flask-Admin: a
 * view class's methods decorated `@expose("/path", methods=[...])` serve
 * requests, as Flask views do, under the app's prefix for the class
 * (`route_base = "/myview"`, when the class says it).
 */
const EXPOSE = new Set([
  'flask_appbuilder.expose',
  'flask_appbuilder.baseviews.expose',
  'flask_appbuilder.api.expose',
  'flask_appbuilder.views.expose',
  'flask_admin.expose',
  'flask_admin.base.expose',
]);

/** `route_base = "/myview"` in the class body. */
function routeBase(cls: ClassSyntax): string | undefined {
  for (const statement of cls.node.childForFieldName('body')?.namedChildren ?? []) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== 'route_base') continue;
    return stringValue(assignment.childForFieldName('right'));
  }
  return undefined;
}

export const exposedViews: FrameworkMatcher = {
  framework: 'flask',
  match(facts: PyFileFacts): HandlerInfo[] {
    const handlers: HandlerInfo[] = [];
    for (const fn of facts.functions) {
      if (!fn.cls) continue;
      for (const dec of fn.decorators) {
        const name = externalName(dec.value);
        if (!dec.call || name === undefined || !EXPOSE.has(name)) continue;
        const path = stringValue(arg(dec.call, 0, 'url')?.node) ?? '/';
        const base = routeBase(fn.cls)?.replace(/\/$/, '');
        const methods = stringList(dec.call.keywords.get('methods')?.node) ?? ['GET'];
        handlers.push(functionHandler(fn, dec.node, facts, 'flask', WORKER_CONTEXT, base !== undefined ? `${base}${path}` : path, methods));
      }
    }
    return handlers;
  },
};
