import type { HandlerInfo } from '../model';
import { memoizerLookup } from '../conditions/memoizers';
import type { NameResolver } from './names';
import type { FunctionSyntax } from './syntax';
import memoizers from './memoizers.json';

const memoizerOf = memoizerLookup(memoizers as Parameters<typeof memoizerLookup>[0]);

/** A development-only branch of the file (0-based rows, as tree-sitter counts). */
export interface DevRegion {
  from: { row: number; column: number };
  to: { row: number; column: number };
  reason: string;
}

/**
 * `@lru_cache`, `@functools.cache`, `@cachetools.cached(...)`: decorators are
 * matched by what their name is bound to (`memoizers.json`), so
 * `from functools import lru_cache as memo` counts and a project `cache` does not.
 */
export function markMemoized(functions: readonly FunctionSyntax[], names: NameResolver): void {
  for (const fn of functions) {
    for (const d of fn.decorators) {
      const memoized = memoizerOf(names.nameForMatching(d.value, d.call ? d.call.site.text : d.node.text));
      if (memoized) {
        fn.info.memoized = memoized;
        break;
      }
    }
  }
}

function before(a: { row: number; column: number }, b: { row: number; column: number }): boolean {
  return a.row < b.row || (a.row === b.row && a.column <= b.column);
}

/** Handlers registered inside a development-only branch (`if settings.DEBUG: urlpatterns += [...]`). */
export function markDevHandlers(handlers: HandlerInfo[], regions: readonly DevRegion[]): void {
  if (regions.length === 0) return;
  for (const handler of handlers) {
    const at = { row: handler.location.line - 1, column: handler.location.column - 1 };
    const region = regions.find((r) => before(r.from, at) && before(at, r.to));
    if (region) handler.devOnly = region.reason;
  }
}
