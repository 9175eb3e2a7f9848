import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ArgumentFact, ArgumentFacts } from '../model';
import { unwrap } from './ast';
import type { Value } from './values';

type Node = TSESTree.Node;

/**
 * What the cost model (`rules/cost.ts`) needs to know of a call's arguments:
 * number and string literals (module `const`s too), request data with the
 * part it came through (`ctx.cookies.get(...)`, `req.headers[...]`), a file
 * read in the function, and nothing else.
 */
export function argumentFact(raw: Node, valueOf: (node: Node) => Value | undefined, constant: (name: string) => number | string | undefined): ArgumentFact {
  const node = unwrap(raw);
  if (node.type === 'Literal') {
    if (typeof node.value === 'number') return { kind: 'number', value: node.value };
    if (typeof node.value === 'string') return { kind: 'string', length: node.value.length };
  }
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) {
    return { kind: 'string', length: node.quasis.reduce((sum, q) => sum + (q.value.cooked ?? q.value.raw).length, 0) };
  }
  if (node.type === 'Identifier') {
    const value = constant(node.name);
    if (typeof value === 'number') return { kind: 'number', value };
    if (typeof value === 'string') return { kind: 'string', length: value.length };
  }
  const value = valueOf(node);
  if (value?.kind === 'input') return value.part ? { kind: 'request', part: value.part } : { kind: 'request' };
  if (value?.kind === 'file-content') return { kind: 'file' };
  return { kind: 'unknown' };
}

/** Positional facts up to the first spread (after it, positions are unknown). */
export function argumentFacts(
  args: readonly TSESTree.CallExpressionArgument[],
  valueOf: (node: Node) => Value | undefined,
  constant: (name: string) => number | string | undefined,
): ArgumentFacts {
  const positional: ArgumentFact[] = [];
  for (const arg of args) {
    if (arg.type === 'SpreadElement') {
      positional.push({ kind: 'unknown' }, { kind: 'unknown' }, { kind: 'unknown' }, { kind: 'unknown' });
      break;
    }
    positional.push(argumentFact(arg, valueOf, constant));
  }
  return { positional };
}
