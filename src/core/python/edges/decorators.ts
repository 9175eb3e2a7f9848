import type { CallSite } from '../../model';
import type { DecoratorRecord, FunctionSyntax } from '../syntax';
import { isOffloadHelper } from '../offload';
import { edgeSite } from './site';

/**
 * A project decorator whose inner function calls the function it decorates
 * (`def timed(fn): def wrapper(*a): ...; return fn(*a)`) puts that inner
 * function in its place: every call of the decorated function runs the
 * wrapper's body too.
 */

/** Marks, on each function, the nested functions (any depth) that call one of its parameters or an inner function's: its wrappers. */
export function markWrappers(functions: readonly FunctionSyntax[]): void {
  const byName = new Map(functions.map((f) => [f.info.name, f]));
  const wrappers = new Map<FunctionSyntax, string[]>();
  for (const inner of functions) {
    if (!inner.nested) continue;
    const called = new Set(inner.info.calls.filter((c) => c.target.kind === 'unknown').map((c) => c.text));
    if (called.size === 0) continue;
    const chain: FunctionSyntax[] = [];
    let wraps = false;
    for (let parent = byName.get(inner.info.parent ?? ''); parent; parent = byName.get(parent.info.parent ?? '')) {
      chain.push(parent);
      if (parent.params.some((p) => called.has(p.name))) wraps = true;
    }
    if (!wraps) continue;
    // The outermost function is what `@name` or `@name(...)` names; every level in between too.
    for (const outer of chain) wrappers.set(outer, [...(wrappers.get(outer) ?? []), inner.info.name]);
  }
  // Set anew on every function, so marking again after an incremental re-walk gives what a fresh walk gives.
  for (const fn of functions) {
    const found = wrappers.get(fn);
    if (found) fn.info.wrappers = found;
    else delete fn.info.wrappers;
  }
}

/**
 * Edges from a decorated function to its project decorators: the index
 * replaces each by the decorator's wrappers (or a decorator class's `__call__`).
 */
/** `ownPackage`: this file's top package; decorators imported absolutely from it may be project code. */
export function decoratorEdges(decorators: readonly DecoratorRecord[], ownPackage: string | undefined): CallSite[] {
  const sites: CallSite[] = [];
  for (const d of decorators) {
    const value = d.value;
    const text = (d.call ? d.call.node.childForFieldName('function')?.text : d.node.text) ?? d.node.text;
    const label = { kind: 'decorator' as const, label: `via decorator \`@${text}\`` };
    if (value.kind === 'proj' && !value.instance) {
      sites.push(edgeSite(d.node, value.ref, label, { offloaded: false }));
    } else if (value.kind === 'ext' && ownPackage && value.name.startsWith(`${ownPackage}.`) && !value.name.includes('(') && !isOffloadHelper(value.name)) {
      const site = edgeSite(d.node, { module: null, name: value.name }, label, { offloaded: false });
      site.target = { kind: 'external', name: value.name };
      sites.push(site);
    }
  }
  return sites;
}
