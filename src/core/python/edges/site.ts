import type { Node } from 'web-tree-sitter';
import type { CallEdgeKind, CallSite, SymbolRef } from '../../model';
import type { NameResolver } from '../names';
import { spanOf } from '../ranges';
import type { ClassSyntax } from '../syntax';
import type { Value } from '../types';
import { callFlags } from '../../callFlags';

/**
 * A call-graph edge that is no call by name: code at `node` runs the project
 * function `ref` another way (a callback handed over, a property read, a
 * `with`). Recorded like a call so the index follows it; `edge` names it in chains.
 */
export function edgeSite(node: Node, ref: SymbolRef, edge: CallEdgeKind, flags: { offloaded: boolean; dispatch?: boolean }): CallSite {
  const site: CallSite = {
    span: spanOf(node),
    text: node.text.length > 80 ? `${node.text.slice(0, 77)}...` : node.text,
    target: { kind: 'project', ref },
    ...callFlags(false, flags.offloaded),
    edge,
  };
  if (flags.dispatch) site.dispatch = true;
  return site;
}

/** Whether a method run on `object` can be followed: it is an instance of a project class (or of the class being defined). */
export function runsProjectMethods(object: Value, names: NameResolver): boolean {
  return names.isOwnInstance(object) || (object.kind === 'proj' && !!object.instance);
}

/**
 * The edge to `method` of the object's project class (`__enter__`, `__eq__`):
 * decided here for a class of this file, otherwise recorded for the index,
 * which keeps it only when the method exists (inherited ones included).
 */
export function instanceMethodEdge(node: Node, object: Value, method: string, edge: CallEdgeKind, names: NameResolver, offloaded: boolean): CallSite[] {
  if (names.isOwnInstance(object)) {
    const site = edgeSite(node, { module: null, name: method }, edge, { offloaded, dispatch: true });
    site.target = { kind: 'external', name: `${object.name}.${method}` };
    return [site];
  }
  if (object.kind !== 'proj' || !object.instance) return [];
  const { ref } = object;
  const cls = ref.module === null ? names.classes.get(ref.name) : undefined;
  if (!cls) return ref.module === null ? [] : [edgeSite(node, { module: ref.module, name: `${ref.name}.${method}` }, edge, { offloaded, dispatch: true })];
  const owner = names.methodOwner(cls, method);
  if (owner) return [edgeSite(node, { module: null, name: `${owner}.${method}` }, edge, { offloaded, dispatch: true })];
  return hasForeignBase(cls, names) ? [edgeSite(node, { module: null, name: `${cls.name}.${method}` }, edge, { offloaded, dispatch: true })] : [];
}

/** A base not defined in this file (a project base may come from another module). */
export function hasForeignBase(cls: ClassSyntax, names: NameResolver): boolean {
  return cls.bases.some((b) => b.value.kind === 'proj' && b.value.ref.module !== null) || names.ancestry(cls).some((n) => n.includes('.') && !n.startsWith('builtins.'));
}
