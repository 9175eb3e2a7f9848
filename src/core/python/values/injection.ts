import type { NameResolver } from '../names';
import type { CallRecord } from '../syntax';
import { UNKNOWN, type Value } from '../types';

/**
 * Dependency injection as data flow: a parameter declared with
 * `Depends(get_db)` (FastAPI; `Security` too) or `Provide(get_repo)`
 * (Litestar) receives what the dependency gives: its return value, or for a
 * generator dependency (`def get_db(): with Session(engine) as s: yield s`)
 * what it yields, which the workspace summarises per function.
 */
const INJECTORS: ReadonlySet<string> = new Set([
  'fastapi.Depends',
  'fastapi.Security',
  'fastapi.params.Depends',
  'fastapi.params.Security',
  'litestar.di.Provide',
  'litestar.Provide',
]);

export function isInjector(callee: Value): boolean {
  return callee.kind === 'ext' && INJECTORS.has(callee.name);
}

/** The value `Depends(dep)` injects, or unknown (`Depends()` leaves it to the annotation). */
export function injectedValue(call: CallRecord | undefined, names: NameResolver): Value {
  if (!call || !isInjector(call.callee)) return UNKNOWN;
  const dependency = call.positional[0]?.value ?? call.keywords.get('dependency')?.value;
  return dependency ? names.resultOf(dependency) : UNKNOWN;
}
