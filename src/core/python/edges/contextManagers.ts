import type { Node } from 'web-tree-sitter';
import type { CallEdgeKind, CallSite } from '../../model';
import type { NameResolver } from '../names';
import type { CallRecord } from '../syntax';
import type { Value } from '../types';
import { instanceMethodEdge } from './site';

const WITH: CallEdgeKind = { kind: 'with', label: 'via `with`' };
const ASYNC_WITH: CallEdgeKind = { kind: 'with', label: 'via `async with`' };

/**
 * `with x:` runs x's `__enter__` and `__exit__` (`__aenter__`/`__aexit__`
 * for `async with`) at the statement. A `@contextmanager` function's body
 * already runs through its call; the chain names the `with` for it too.
 */
export function withEdges(expr: Node, value: Value, isAsync: boolean, call: CallRecord | undefined, names: NameResolver, offloaded: boolean): CallSite[] {
  const edge = isAsync ? ASYNC_WITH : WITH;
  if (call && call.site.target.kind === 'project' && !call.site.edge && !(value.kind === 'proj' && value.instance)) call.site.edge = edge;
  const [enter, exit] = isAsync ? ['__aenter__', '__aexit__'] : ['__enter__', '__exit__'];
  return [...instanceMethodEdge(expr, value, enter, edge, names, offloaded), ...instanceMethodEdge(expr, value, exit, edge, names, offloaded)];
}
