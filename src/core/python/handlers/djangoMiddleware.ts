import type { Node } from 'web-tree-sitter';
import type { HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import { locationOf, stringValue, WORKER_CONTEXT } from './common';

/**
 * The middleware a Django settings module lists (`MIDDLEWARE = ['app.middleware.Timing', …]`):
 * every request goes through each. A class serves through `__call__` and
 * the `process_*` hooks; a function is a factory (`def timing(get_response):
 * … return middleware`) whose result serves. Settings modules often import
 * nothing of Django, so the list itself is what says so; a dotted name
 * outside the project (Django's own middleware) leads nowhere.
 */
const SETTINGS_NAMES = ['MIDDLEWARE', 'MIDDLEWARE_CLASSES'];
const METHODS = ['__call__', '__acall__', 'process_request', 'process_view', 'process_response', 'process_exception', 'process_template_response'];
const DOTTED = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.([A-Za-z_]\w*)$/;

export function settingsMiddleware(facts: PyFileFacts): HandlerInfo[] {
  if (!SETTINGS_NAMES.some((name) => facts.moduleAssigns.has(name))) return [];
  const handlers: HandlerInfo[] = [];
  for (const statement of facts.root.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : null;
    if (!assignment || (assignment.type !== 'assignment' && assignment.type !== 'augmented_assignment')) continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (!left || !right || left.type !== 'identifier' || !SETTINGS_NAMES.includes(left.text)) continue;
    for (const item of listedStrings(right)) {
      const dotted = DOTTED.exec(stringValue(item) ?? '');
      if (!dotted) continue;
      const [, module, name] = dotted;
      const handler: HandlerInfo = { ref: { module, name }, location: locationOf(facts, item), framework: 'django', route: 'middleware', kind: 'middleware', contextByKind: WORKER_CONTEXT };
      // A class (by Python's naming) serves through its hooks; a function through what it returns.
      handlers.push(/^[A-Z]/.test(name) ? { ...handler, classMethods: METHODS, exactClassMethods: true } : { ...handler, valuePath: '()' });
    }
  }
  return handlers;
}

/** The string items of a list or tuple, also of `[...] + [...]` and a parenthesised one. */
function listedStrings(node: Node): Node[] {
  if (node.type === 'parenthesized_expression' || node.type === 'binary_operator') return node.namedChildren.flatMap((c) => (c ? listedStrings(c) : []));
  if (node.type !== 'list' && node.type !== 'tuple') return [];
  return node.namedChildren.filter((c): c is Node => c !== null && c.type === 'string');
}
