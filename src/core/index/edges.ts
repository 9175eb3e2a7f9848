import type { CallSite, CallTarget } from '../model';
import type { Overrides } from './overrides';
import type { FunctionKey, ResolvedTarget, Resolver } from './resolver';

/**
 * What a call site runs, for the edges that are not a plain call by name:
 * a decorator runs its wrappers (not its own body, which ran at import), an
 * attribute access runs only accessors (`@property`, getters), and a method
 * called on an instance also reaches every project override.
 */
const RUNS_LIBRARY_TARGET: ReadonlySet<string> = new Set(['callback', 'partial', 'task']);

export function resolveSite(
  resolver: Resolver,
  overrides: Overrides | undefined,
  file: string,
  site: CallSite,
  touched: Set<string>,
  target: CallTarget = site.target,
): ResolvedTarget {
  const resolved = resolver.resolveCall(file, target, touched);
  // An edge that reaches no project code is no call of a library API either (`resp.content` is no rule's call).
  // A library function handed over as a callback (or partial) still runs here: `loop.call_soon(time.sleep, 1)`.
  if (resolved.kind !== 'functions') return site.edge && !RUNS_LIBRARY_TARGET.has(site.edge.kind) ? { kind: 'unknown', name: site.text } : resolved;
  for (const t of resolved.targets) touched.add(t.file);
  // A method called on an instance may run a subclass's override; an abstract one always does, whatever the site knows of its receiver.
  const dispatched = (t: FunctionKey): boolean => site.dispatch === true || t.fn.abstract === true;
  if (!site.edge && !resolved.targets.some(dispatched)) return resolved;
  let targets = resolved.targets;
  switch (site.edge?.kind) {
    case 'decorator':
      targets = targets.flatMap((t) => wrappersOf(resolver, t, touched));
      break;
    case 'property':
      targets = targets.filter((t) => t.fn.accessor === 'getter');
      break;
    default:
      break;
  }
  if (overrides) targets = [...targets, ...targets.filter(dispatched).flatMap((t) => overrides.of(t))];
  for (const t of targets) touched.add(t.file);
  return { kind: 'functions', targets };
}

/** The functions a decorator puts in place of the one it decorates; a class used as a decorator runs its `__call__`. */
function wrappersOf(resolver: Resolver, decorator: FunctionKey, touched: Set<string>): FunctionKey[] {
  const { fn, file } = decorator;
  if (fn.className && fn.name === `${fn.className}.__init__`) return resolver.resolveSymbol(file, `${fn.className}.__call__`, touched);
  return (fn.wrappers ?? []).flatMap((name) => resolver.resolveSymbol(file, name, touched));
}
