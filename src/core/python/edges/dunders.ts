import type { Node } from 'web-tree-sitter';
import type { CallSite } from '../../model';
import type { NameResolver } from '../names';
import type { Value } from '../types';
import { instanceMethodEdge, runsProjectMethods } from './site';
import { lookupTable } from '../../lookup';

/** Comparison operators → the left operand's method (`in`: the right operand's `__contains__`). */
const COMPARISONS = lookupTable<string>({
  '==': '__eq__', '!=': '__ne__', '<': '__lt__', '<=': '__le__', '>': '__gt__', '>=': '__ge__',
});

/** Builtins that run a method of their argument. */
const BUILTINS = lookupTable<string>({
  'builtins.len': '__len__', 'builtins.bool': '__bool__', 'builtins.iter': '__iter__', 'builtins.next': '__next__',
  'builtins.list': '__iter__', 'builtins.tuple': '__iter__', 'builtins.set': '__iter__', 'builtins.sorted': '__iter__',
});

/**
 * Operators run the operand's project dunder: `a == b` → `a.__eq__`, `k in c`
 * → `c.__contains__`, `c[k]` → `__getitem__`, `for x in c` → `__iter__`,
 * `if c:`/`not c` → `__bool__`, `len(c)` → `__len__`. Only where the
 * operand's type is known (a project instance).
 */
function edge(node: Node, value: Value, method: string, how: string, names: NameResolver, offloaded: boolean): CallSite[] {
  return instanceMethodEdge(node, value, method, { kind: 'operator', label: `via ${how}` }, names, offloaded);
}

/** `a OP b [OP c]`: the operands' values, in order; the operator tokens are read from the node. */
export function comparisonEdges(node: Node, operands: Value[], names: NameResolver, offloaded: boolean): CallSite[] {
  // Most comparisons are of strings, numbers and library values: the operator tokens are read only when a method may run.
  if (!operands.some((operand) => operand && runsProjectMethods(operand, names))) return [];
  const tokens = node.children.filter((c) => c && !c.isNamed).map((c) => c!.text);
  const ops: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    // `not in` and `is not` are two tokens.
    const pair = `${tokens[i]} ${tokens[i + 1]}`;
    if (pair === 'not in' || pair === 'is not') {
      ops.push(pair);
      i++;
    } else ops.push(tokens[i]);
  }
  return ops.flatMap((op, i) => {
    const left = operands[i];
    const right = operands[i + 1];
    if (!left || !right) return [];
    if (op === 'in' || op === 'not in') return edge(node, right, '__contains__', `\`${op}\``, names, offloaded);
    return COMPARISONS[op] ? edge(node, left, COMPARISONS[op], `\`${op}\``, names, offloaded) : [];
  });
}

export function subscriptEdges(node: Node, object: Value, names: NameResolver, offloaded: boolean): CallSite[] {
  return edge(node, object, '__getitem__', '`[]`', names, offloaded);
}

/** `if x:`, `while x:`, `not x`. */
export function truthEdges(node: Node, value: Value, names: NameResolver, offloaded: boolean): CallSite[] {
  return edge(node, value, '__bool__', 'truth test', names, offloaded);
}

export function iterationEdges(node: Node, value: Value, isAsync: boolean, names: NameResolver, offloaded: boolean): CallSite[] {
  return edge(node, value, isAsync ? '__aiter__' : '__iter__', isAsync ? '`async for`' : '`for`', names, offloaded);
}

/** `len(x)`, `bool(x)`, `list(x)`... on a project instance. */
export function builtinEdges(node: Node, name: string | undefined, argument: Value | undefined, names: NameResolver, offloaded: boolean): CallSite[] {
  const method = name === undefined ? undefined : BUILTINS[name];
  return method && argument ? edge(node, argument, method, `\`${name!.slice('builtins.'.length)}()\``, names, offloaded) : [];
}
