import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { CallEdgeKind, CallSite, ClassInfo, FunctionInfo, Location, SymbolRef, TypeRef } from '../../model';
import { propertyName, unwrap } from '../ast';
import { spanOf } from '../location';
import type { Scope } from '../scope';
import type { Value } from '../values';
import { callFlags } from '../../callFlags';

type Node = TSESTree.Node;

const GETTER: CallEdgeKind = { kind: 'property', label: 'getter' };

function edgeSite(node: Node, ref: SymbolRef, edge: CallEdgeKind, offloaded: boolean, text: string, dispatch: boolean): CallSite {
  const site: CallSite = {
    span: spanOf(node),
    text: text.length > 80 ? `${text.slice(0, 77)}...` : text,
    target: { kind: 'project', ref: ref.name === '' ? { module: ref.module, name: 'default' } : ref },
    ...callFlags(false, offloaded),
    edge,
  };
  if (dispatch) site.dispatch = true;
  return site;
}

/** `get total() {}` runs on a read; `set total(v)` on a store. */
export function accessorOf(member: TSESTree.MethodDefinition | TSESTree.TSAbstractMethodDefinition): FunctionInfo['accessor'] {
  return member.kind === 'get' ? 'getter' : member.kind === 'set' ? 'setter' : undefined;
}

/** The project method a member expression names on `this` or on a project instance. */
function methodRef(member: TSESTree.MemberExpression, scope: Scope): SymbolRef | undefined {
  const prop = propertyName(member);
  if (prop === undefined) return undefined;
  if (member.object.type === 'ThisExpression') {
    const name = scope.thisMethod(prop);
    return name === undefined ? undefined : { module: null, name };
  }
  const object = scope.valueOf(member.object);
  return object?.kind === 'instance' ? { module: object.ref.module, name: object.ref.name ? `${object.ref.name}.${prop}` : prop } : undefined;
}

/** A method called on `this` or an instance: a subclass may override it. */
export function isDispatch(callee: TSESTree.MemberExpression, scope: Scope): boolean {
  return methodRef(callee, scope) !== undefined;
}

/** Reading `this.total` or `order.total` runs a getter of the project class (the index keeps only getters). */
export function getterEdge(member: TSESTree.MemberExpression, scope: Scope, offloaded: boolean, source: (n: Node) => string): CallSite | undefined {
  const ref = methodRef(member, scope);
  return ref && edgeSite(member, ref, GETTER, offloaded, source(member), true);
}

/**
 * A project function handed by name to a call that runs it on the loop
 * (`setImmediate(flush)`, `p.then(this.save.bind(this))`, `items.map(toRow)`).
 */
export function callbackEdge(arg: Node, api: string, scope: Scope, offloaded: boolean, source: (n: Node) => string): CallSite | undefined {
  let node = unwrap(arg);
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && propertyName(node.callee) === 'bind') node = unwrap(node.callee.object);
  if (node.type !== 'Identifier' && node.type !== 'MemberExpression') return undefined;
  const method = node.type === 'MemberExpression' ? methodRef(node, scope) : undefined;
  const value: Value | undefined = method ? { kind: 'project', ref: method } : scope.valueOf(node);
  if (value?.kind !== 'project') return undefined;
  return edgeSite(node, value.ref, { kind: 'callback', label: `callback passed to ${api}` }, offloaded, source(node), method !== undefined);
}

/** A class and its base, for inheritance and overrides across files. */
export function classInfoOf(name: string, base: Value | undefined, location: Location): ClassInfo {
  const bases: TypeRef[] = [];
  if (base?.kind === 'project') bases.push({ kind: 'project', ref: base.ref.name === '' ? { module: base.ref.module, name: 'default' } : base.ref });
  else if (base?.kind === 'external') bases.push({ kind: 'external', name: base.name });
  return { name, location, bases };
}
