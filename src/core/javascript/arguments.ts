import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ArgumentFact, ArgumentFacts } from '../model';
import { arithmetic, stringFact } from '../rules/cost';
import { unwrap } from './ast';
import { numberRange } from './bounds';
import type { Value } from './values';

type Node = TSESTree.Node;

/**
 * What the cost model (`rules/cost.ts`) needs to know of a call's arguments:
 * number and string literals (module `const`s too), request data with the
 * part it came through (`ctx.cookies.get(...)`, `req.headers[...]`), a file
 * read in the function, and nothing else.
 */
export function argumentFact(
  raw: Node,
  valueOf: (node: Node) => Value | undefined,
  constant: (name: string) => number | string | undefined,
  /** The parameter of the enclosing function a name or `name.key` reads, with the property path into it. */
  param: (node: Node) => { index: number; path: string[] } | undefined = () => undefined,
  checkedBy: (name: string) => string[] | undefined = () => undefined,
  /** The initialiser of a local of the enclosing function. */
  initOf: (name: string) => Node | undefined = () => undefined,
): ArgumentFact {
  const node = unwrap(raw);
  if (node.type === 'Literal') {
    if (typeof node.value === 'number') return { kind: 'number', value: node.value };
    if (typeof node.value === 'string') return stringFact(node.value);
  }
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) {
    return stringFact(node.quasis.map((q) => q.value.cooked ?? q.value.raw).join(''));
  }
  // `bitLength / 8`, `size * 2`: a parameter with a constant on the way; the caller's number goes through the same arithmetic.
  if (node.type === 'BinaryExpression' && ARITHMETIC.has(node.operator) && node.left.type !== 'PrivateIdentifier') {
    const [left, right] = [node.left, node.right].map((side) => argumentFact(side, valueOf, constant, param, checkedBy, initOf));
    const op = node.operator as '+' | '-' | '*' | '/';
    if (left.kind === 'param' && !left.apply && right.kind === 'number') return { ...left, apply: { op, operand: right.value } };
    if (right.kind === 'param' && !right.apply && left.kind === 'number') return { ...right, apply: { op, operand: left.value, swap: true } };
    if (left.kind === 'number' && right.kind === 'number') {
      const value = arithmetic(op, left.value, right.value);
      if (value !== undefined) return { kind: 'number', value };
    }
  }
  // A number drawn from a bounded range (`Math.floor(Math.random() * 41) + 24`): the most it can be is what it costs.
  const range = node.type === 'Literal' ? undefined : numberRange(node, initOf);
  if (range && Number.isFinite(range[1])) return { kind: 'number', value: range[1] };
  // A member of request data (`req.body.field`) is that data, whichever parameter holds the request.
  const member = node.type === 'MemberExpression' && !['input', 'file-content'].includes(valueOf(node)?.kind ?? '');
  if (node.type === 'Identifier' || member) {
    const slot = param(node);
    if (slot) return slot.path.length > 0 ? { kind: 'param', index: slot.index, path: slot.path } : { kind: 'param', index: slot.index };
  }
  if (node.type === 'Identifier') {
    const value = constant(node.name);
    if (typeof value === 'number') return { kind: 'number', value };
    if (typeof value === 'string') return stringFact(value);
  }
  const value = valueOf(node);
  if (value?.kind === 'input') {
    const checks = node.type === 'Identifier' ? checkedBy(node.name) : undefined;
    return { kind: 'request', ...(value.part ? { part: value.part } : {}), ...(checks ? { checkedBy: checks } : {}) };
  }
  if (value?.kind === 'file-content') return { kind: 'file' };
  return { kind: 'unknown' };
}

const ARITHMETIC = new Set(['+', '-', '*', '/']);

/** Positional facts up to the first spread (after it, positions are unknown). */
export function argumentFacts(
  args: readonly TSESTree.CallExpressionArgument[],
  valueOf: (node: Node) => Value | undefined,
  constant: (name: string) => number | string | undefined,
  /** The parameter of the enclosing function a name or `name.key` reads. */
  param?: (node: Node) => { index: number; path: string[] } | undefined,
  /** The calls a local holding request data was handed to earlier in the function. */
  checkedBy?: (name: string) => string[] | undefined,
  initOf?: (name: string) => Node | undefined,
): ArgumentFacts {
  const positional: ArgumentFact[] = [];
  for (const arg of args) {
    if (arg.type === 'SpreadElement') {
      positional.push({ kind: 'unknown' }, { kind: 'unknown' }, { kind: 'unknown' }, { kind: 'unknown' });
      break;
    }
    positional.push(argumentFact(arg, valueOf, constant, param, checkedBy, initOf));
  }
  return { positional };
}
