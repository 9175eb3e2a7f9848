import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { staticString } from './imports';

type Node = TSESTree.Node;
export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** Pushes the child nodes of `node` onto `stack` (walks without recursion). */
export function pushChildren(node: Node, stack: Node[]): void {
  const record = node as unknown as Record<string, unknown>;
  for (const key of visitorKeys[node.type] ?? []) {
    const child = record[key];
    if (Array.isArray(child)) {
      for (const c of child) if (c && typeof c === 'object') stack.push(c as Node);
    } else if (child && typeof child === 'object') stack.push(child as Node);
  }
}

/** Unwraps TS-only wrappers and optional chains around an expression. */
export function unwrap(node: Node): Node {
  let n = node;
  for (;;) {
    switch (n.type) {
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
        n = n.expression;
        continue;
      case 'ChainExpression':
        n = n.expression;
        continue;
      default:
        return n;
    }
  }
}

/** The static name of a member or key (`a.b`, `a['b']`, `#p`), else undefined. */
export function propertyName(
  node: TSESTree.MemberExpression | TSESTree.Property | TSESTree.MethodDefinition | TSESTree.PropertyDefinition | TSESTree.TSAbstractMethodDefinition,
): string | undefined {
  const key = 'property' in node ? node.property : node.key;
  if (!node.computed && key.type === 'Identifier') return key.name;
  if (!node.computed && key.type === 'PrivateIdentifier') return `#${key.name}`;
  return staticString(key);
}

/** The value of an object literal's property `name` (`{ method: 'GET' }`), else undefined. */
export function propertyValue(object: TSESTree.ObjectExpression, name: string): TSESTree.Node | undefined {
  for (const prop of object.properties) if (prop.type === 'Property' && propertyName(prop) === name) return prop.value;
  return undefined;
}

/** Whether a function body starts with the directive (`'use server'`). */
export function hasDirective(fn: FunctionNode, directive: string): boolean {
  if (fn.body?.type !== 'BlockStatement') return false;
  for (const stmt of fn.body.body) {
    if (stmt.type !== 'ExpressionStatement' || stmt.directive === undefined) return false;
    if (stmt.directive === directive) return true;
  }
  return false;
}

/** `require('fs').promises` → the `require(...)` call under the member chain. */
export function unwrapRequire(node: Node): Node {
  let n = unwrap(node);
  while (n.type === 'MemberExpression') n = unwrap(n.object);
  return n;
}

/** The name a member and call chain starts from: `publicProcedure.meta(m).input(s)` → `publicProcedure`, `req.query.debug` → `req`. */
export function chainRoot(raw: Node): Node {
  let node = unwrap(raw);
  for (;;) {
    if (node.type === 'CallExpression') node = unwrap(node.callee);
    else if (node.type === 'MemberExpression') node = unwrap(node.object);
    else return node;
  }
}
