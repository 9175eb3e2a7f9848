import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ConstArgs, ConstValue, ParamGuard, ParamInfo } from '../model';
import { propertyName, unwrap } from './ast';
import { staticString } from './imports';

type Node = TSESTree.Node;

/**
 * Branches decided by a parameter (`if (!options?.skipAuth)`, `if (!reset)
 * return cached;`) and constant arguments at calls, so the index can drop a
 * callee's branch a call's constants never take (umami's
 * `parseRequest(request, schema, { skipAuth: true })`).
 */

/** `reset`, `options?.skipAuth`: the parameter index and the property path. */
function paramPath(raw: Node, params: readonly string[]): { index: number; path: string[] } | undefined {
  const node = unwrap(raw);
  if (node.type === 'Identifier') {
    const index = params.indexOf(node.name);
    return index >= 0 ? { index, path: [] } : undefined;
  }
  if (node.type === 'MemberExpression') {
    const prop = propertyName(node);
    const inner = prop !== undefined ? paramPath(node.object, params) : undefined;
    return inner && { ...inner, path: [...inner.path, prop!] };
  }
  return undefined;
}

function isPlainTest(raw: Node): boolean {
  const node = unwrap(raw);
  return node.type === 'Identifier' || node.type === 'MemberExpression' || (node.type === 'UnaryExpression' && node.operator === '!');
}

/** When the test holds, the parameter's truthiness it implies (the first such conjunct of `a && b`). */
function impliedByTest(raw: Node, params: readonly string[]): ParamGuard | undefined {
  const node = unwrap(raw);
  if (node.type === 'UnaryExpression' && node.operator === '!') {
    if (!isPlainTest(node.argument)) return undefined;
    const inner = impliedByTest(node.argument, params);
    return inner && { ...inner, runsWhen: !inner.runsWhen };
  }
  if (node.type === 'LogicalExpression' && node.operator === '&&') return impliedByTest(node.left, params) ?? impliedByTest(node.right, params);
  const at = paramPath(node, params);
  return at && { ...at, runsWhen: true };
}

export function consequenceGuard(test: Node, params: readonly string[]): ParamGuard | undefined {
  return impliedByTest(test, params);
}

/** After `if (test) return;`: the test was false, which only a plain test turns into a fact. */
export function afterExitGuard(test: Node, params: readonly string[]): ParamGuard | undefined {
  if (!isPlainTest(test)) return undefined;
  const implied = impliedByTest(test, params);
  return implied && { ...implied, runsWhen: !implied.runsWhen };
}

/** What a name (or `NAME.key`) stands for when it is a constant: a module `const` of this file, or one another project module exports. */
export type NamedConstant = (node: Node) => ConstValue | null;

export function constValue(raw: Node | null | undefined, named: NamedConstant = () => null): ConstValue | null {
  if (!raw) return null;
  const node = unwrap(raw);
  if (node.type === 'Literal') {
    const value = node.value;
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? { kind: 'literal', value } : null;
  }
  const text = staticString(node);
  if (text !== undefined) return { kind: 'literal', value: text };
  if (node.type === 'ObjectExpression') {
    const props: Record<string, ConstValue> = {};
    const unknown: string[] = [];
    for (const prop of node.properties) {
      // A spread may bring any key: the object is no longer known.
      if (prop.type !== 'Property') return null;
      const key = propertyName(prop);
      if (key === undefined) return null;
      const value = constValue(prop.value, named);
      if (value) props[key] = value;
      else unknown.push(key);
    }
    if (unknown.length === 0) return { kind: 'object', props };
    // Nothing known of it: say so in one word (most object arguments; the model is cached).
    return Object.keys(props).length > 0 ? { kind: 'object', props, unknown } : null;
  }
  if (node.type === 'Identifier' || node.type === 'MemberExpression') return named(node);
  return null;
}

export function constArgsOf(args: readonly Node[], named?: NamedConstant): ConstArgs {
  const out: ConstArgs = { positional: [] };
  for (const arg of args) {
    if (arg.type === 'SpreadElement') out.spread = true;
    else out.positional.push(constValue(arg, named));
  }
  return out;
}

/** A parameter not passed is `undefined`, or its default when that is a constant. */
export function paramInfos(params: readonly TSESTree.Parameter[]): ParamInfo[] {
  return params.map((param) => {
    const target = param.type === 'TSParameterProperty' ? param.parameter : param;
    if (target.type === 'Identifier') return { name: target.name, default: { kind: 'undefined' } };
    if (target.type === 'AssignmentPattern' && target.left.type === 'Identifier') return { name: target.left.name, default: constValue(target.right) };
    return { name: '' };
  });
}

