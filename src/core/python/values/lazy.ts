import type { Node } from 'web-tree-sitter';
import type { CallSite, CallTarget } from '../../model';
import { spanOf } from '../analyze';
import type { NameResolver } from '../names';
import type { Value } from '../types';
import { lookupTable } from '../../lookup';
import { callFlags } from '../../callFlags';

/**
 * Lazy values run their query where they are evaluated, not where they are
 * built: `qs = Order.objects.filter(...)` costs nothing, `list(qs)`, `for o in
 * qs`, `len(qs)`, `if qs:` and `qs[0]` each hit the database. An evaluation is
 * recorded as a call of the protocol method on the value
 * (`django.db.models.QuerySet.__iter__`,
 * `sqlalchemy.orm.Session().query().__iter__`), so the rules decide which
 * values are lazy and the report points at the line that evaluates.
 */
export type Protocol = '__iter__' | '__len__' | '__bool__' | '__getitem__';

/** Builtins that consume their first argument whole. */
const EVALUATING_BUILTINS = lookupTable<Protocol>({
  'builtins.list': '__iter__',
  'builtins.tuple': '__iter__',
  'builtins.set': '__iter__',
  'builtins.frozenset': '__iter__',
  'builtins.sorted': '__iter__',
  'builtins.sum': '__iter__',
  'builtins.any': '__iter__',
  'builtins.all': '__iter__',
  'builtins.max': '__iter__',
  'builtins.min': '__iter__',
  'builtins.len': '__len__',
  'builtins.bool': '__bool__',
});

export function protocolOfBuiltin(callee: Value): Protocol | undefined {
  return callee.kind === 'ext' ? EVALUATING_BUILTINS[callee.name] : undefined;
}

/** Which values can be lazy: library values and what project functions return; the rules decide the rest. */
function evaluationTarget(names: NameResolver, value: Value, protocol: Protocol, text: string): CallTarget | undefined {
  const member = value.kind === 'union' ? value.members[0] : value;
  if (!member || !['django-qs', 'ext', 'returned'].includes(member.kind)) return undefined;
  const target = names.targetOf(names.member(member, protocol, undefined), text);
  return target.kind === 'unknown' ? undefined : target;
}

/**
 * The evaluation of `value` by `protocol`, as a call at `node` (the call
 * `list(qs)`, or the iterable of a `for`), or undefined when nothing lazy is known.
 */
export function evaluationSite(
  names: NameResolver,
  node: Node,
  value: Value,
  protocol: Protocol,
  offloaded: boolean,
): CallSite | undefined {
  const target = evaluationTarget(names, value, protocol, node.text);
  if (!target) return undefined;
  return {
    span: spanOf(node),
    text: node.text.length > 80 ? `${node.text.slice(0, 77)}...` : node.text,
    target,
    ...callFlags(false, offloaded),
  };
}

/** `qs[0]` and `qs[::2]` evaluate; `qs[:10]` stays lazy (it adds a LIMIT). */
export function subscriptEvaluates(subscript: Node): boolean {
  const index = subscript.childForFieldName('subscript');
  if (!index) return false;
  if (index.type !== 'slice') return true;
  // A slice's children: start `:` stop `:` step; a step is whatever follows the second colon.
  const colons = index.children.filter((c) => c?.type === ':');
  return colons.length >= 2 && index.lastChild?.type !== ':';
}
