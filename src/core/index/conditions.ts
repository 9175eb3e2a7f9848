import type { CallSite, FunctionInfo, PatternMatch, RunCondition, Severity } from '../model';
import { memoizedNote } from '../conditions/memoizers';
import type { FunctionKey } from './resolver';

/**
 * "Runs once" and "development only" along a chain: a blocking call reached
 * through a memoized function (`@lru_cache`), a lazy-initialisation guard
 * (`if _x is None:`) or a development-only branch does not run on every
 * request in production. Such a reach is reported at info with the reason,
 * and a path without one always wins over a path with one.
 */
export interface ReachCondition extends RunCondition {
  /**
   * The functions whose first call passes a process-wide guard or memoizer
   * on this path. When startup code calls one of them too, that first call
   * happened before any request (see `startup.ts`).
   */
  guardedIn?: FunctionKey[];
}

/** The condition a call from `caller` to `callee` adds: the call's own guard, or the callee's memoizer. */
export function edgeCondition(site: CallSite, callee: FunctionKey, caller: FunctionKey): ReachCondition | undefined {
  if (site.condition) return withGuard(site.condition, caller);
  const memoized = callee.fn.memoized;
  if (!memoized || memoized.scope === 'instance') return undefined;
  const condition: ReachCondition = { kind: 'once', reason: `\`${callee.fn.name}\` is ${memoizedNote(memoized)}`, scope: memoized.scope };
  return withGuard(condition, callee);
}

export function leafCondition(site: CallSite | PatternMatch, holder: FunctionKey): ReachCondition | undefined {
  return site.condition && withGuard(site.condition, holder);
}

function withGuard(condition: RunCondition, holder: FunctionKey): ReachCondition {
  const processWide = condition.kind === 'once' && condition.scope !== 'ttl';
  return processWide ? { ...condition, guardedIn: [{ file: holder.file, fn: holder.fn }] } : condition;
}

/** Paths keep the outermost condition for their words, and every first-call guard on them. */
const MAX_GUARDS = 8;

/** The condition of a step (`outer`) followed by the rest of a path (`inner`). */
export function joinConditions(outer: ReachCondition | undefined, inner: ReachCondition | undefined): ReachCondition | undefined {
  if (!outer || !inner?.guardedIn) return outer ?? inner;
  const guardedIn = [...(outer.guardedIn ?? []), ...inner.guardedIn].slice(0, MAX_GUARDS);
  return { ...outer, guardedIn };
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
