import type { CallSite, FunctionInfo, PatternMatch, RunCondition, Severity } from '../model';
import { memoizedNote } from '../conditions/memoizers';

/**
 * "Runs once" and "development only" along a chain: a blocking call reached
 * through a memoized function (`@lru_cache`), a lazy-initialisation guard
 * (`if _x is None:`) or a development-only branch does not run on every
 * request in production. Such a reach is reported at info with the reason,
 * and a path without one always wins over a path with one.
 */
export type ReachCondition = RunCondition;

/** The condition a call from a function to `callee` adds: the call's own guard, or the callee's memoizer. */
export function edgeCondition(site: CallSite, callee: FunctionInfo): ReachCondition | undefined {
  if (site.condition) return site.condition;
  const memoized = callee.memoized;
  if (!memoized || memoized.scope === 'instance') return undefined;
  return { kind: 'once', reason: `\`${callee.name}\` is ${memoizedNote(memoized)}`, scope: memoized.scope };
}

export function leafCondition(site: CallSite | PatternMatch): ReachCondition | undefined {
  return site.condition;
}

/** Words for the chain hop: why the step does not run per request. */
export function hopNote(site: CallSite, callee: FunctionInfo): string | undefined {
  if (site.condition) return siteNote(site);
  return callee.memoized ? memoizedNote(callee.memoized) : undefined;
}

export function siteNote(site: CallSite | PatternMatch): string | undefined {
  const c = site.condition;
  if (!c) return undefined;
  if (c.kind === 'dev-only') return `development only: ${c.reason}`;
  return c.scope === 'ttl' ? `on a cache miss only: ${c.reason}` : `first call only: ${c.reason}`;
}

/** A conditioned reach is reported at info at most; not reported stays not reported. */
export function conditionedSeverity(severity: Severity | null, condition: ReachCondition | undefined): Severity | null {
  return severity && condition ? 'info' : severity;
}

/** `on the first request only (...)` / `in development only (...)`: goes before "where it blocks...". */
export function conditionPhrase(condition: ReachCondition): string {
  if (condition.kind === 'dev-only') return `in development only (under \`${condition.reason}\`)`;
  // A memoizer's reason already reads as a clause (`\`get_settings\` is cached by ...`); a guard is quoted.
  const detail = condition.reason.startsWith('`') ? condition.reason : `behind \`${condition.reason}\``;
  return condition.scope === 'ttl' ? `on the first request of each cache period only (${detail})` : `on the first request only (${detail})`;
}
