import type { Node } from 'web-tree-sitter';
import type { CallEdgeKind, CallSite, FunctionInfo } from '../../model';
import type { NameResolver } from '../names';
import type { DecoratorRecord } from '../syntax';
import type { Value } from '../types';
import { edgeSite, hasForeignBase } from './site';

/** Decorators that make a method run on attribute access (framework facts). */
const GETTERS = /^(property|cached_property|functools\.cached_property|\w+\.getter|(django\.utils\.functional\.)?cached_property)$/;
const SETTERS = /^\w+\.(setter|deleter)$/;

/** `getter` for `@property`/`@cached_property` (runs on read; a cached one on first read), `setter` for `@x.setter`. */
export function accessorOf(decorators: readonly DecoratorRecord[]): FunctionInfo['accessor'] {
  for (const d of decorators) {
    const text = d.node.text.replace(/\s+/g, '');
    if (GETTERS.test(text)) return 'getter';
    if (SETTERS.test(text)) return 'setter';
  }
  return undefined;
}

const PROPERTY: CallEdgeKind = { kind: 'property', label: 'property' };
const DESCRIPTOR: CallEdgeKind = { kind: 'descriptor', label: 'descriptor' };
/**
 * Reading `obj.attr` runs code when `attr` is a property of obj's project
 * class, or a descriptor object with `__get__` stored on the class. A class
 * of this file is decided here; for one defined elsewhere (or a base
 * elsewhere) the edge is recorded and the index keeps it only if it reaches
 * a getter.
 */
export function accessEdges(node: Node, object: Value, attr: string, names: NameResolver, offloaded: boolean): CallSite[] {
  if (names.isOwnInstance(object)) {
    const site = edgeSite(node, { module: null, name: attr }, PROPERTY, { offloaded });
    site.target = { kind: 'external', name: `${object.name}.${attr}` };
    return [site];
  }
  if (object.kind !== 'proj' || !object.instance) return [];
  const { ref } = object;
  const cls = ref.module === null ? names.classes.get(ref.name) : undefined;
  if (!cls) return ref.module === null ? [] : [edgeSite(node, { module: ref.module, name: `${ref.name}.${attr}` }, PROPERTY, { offloaded })];
  const owner = names.methodOwner(cls, attr);
  if (owner) {
    const method = names.classes.get(owner)?.methods.get(attr);
    return method && accessorOf(method.decorators) === 'getter'
      ? [edgeSite(node, { module: null, name: `${owner}.${attr}` }, PROPERTY, { offloaded, dispatch: true })]
      : [];
  }
  names.readAttr(cls, attr);
  const stored = cls.attrs.get(attr);
  if (stored?.kind === 'proj' && stored.instance) {
    return [edgeSite(node, { module: stored.ref.module, name: `${stored.ref.name}.__get__` }, DESCRIPTOR, { offloaded })];
  }
  // Not defined in this file: a base from another module may define it as a property.
  return !stored && hasForeignBase(cls, names) ? [edgeSite(node, { module: null, name: `${cls.name}.${attr}` }, PROPERTY, { offloaded, dispatch: true })] : [];
}
