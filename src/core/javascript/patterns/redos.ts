import type * as Recheck from 'recheck';
import { requireBundle } from '../../codeCache';

/** Each pattern's verdict in this process (`regexVerdict`); undefined: the checker could not decide it in time. */
const verdicts = new Map<string, boolean | undefined>();
/** Per-pattern budget for the checker (its first run also warms up the JIT); an undecided pattern stays silent. */
const TIMEOUT_MS = 3000;
/** Total checking time per process: past it, new patterns stay silent so a huge repository cannot stall a scan. */
const TOTAL_BUDGET_MS = 30_000;
let totalBudgetMs = TOTAL_BUDGET_MS;
let spent = 0;

/** Sets this process's total checking time (tests: 0 leaves every pattern not checked yet undecided); returns the previous one. */
export function setRegexCheckBudget(ms: number): number {
  const previous = totalBudgetMs;
  totalBudgetMs = ms;
  return previous;
}

let checker: typeof Recheck.checkSync | undefined;
function checkSync(): typeof Recheck.checkSync {
  // The pure-JS backend: no worker, no bundled binary or JVM, works offline and in a bundle.
  process.env.RECHECK_SYNC_BACKEND ??= 'pure';
  // Loaded lazily: it is large and only needed when a regex meets input.
  checker ??= (requireBundle('recheck.js', () => require('recheck')) as typeof Recheck).checkSync;
  return checker;
}

/**
 * Exponential backtracking needs a repeated group whose body can itself
 * repeat or branch (`(a+)+`, `(a|ab)*`): without a quantified group there is
 * nothing to ask the (slow) checker about.
 */
export function mayBacktrackExponentially(pattern: string): boolean {
  // The last repeated group's end: everything before it may be its body (over-approximation on purpose).
  let lastGroupEnd = -1;
  for (const match of pattern.matchAll(/\)(?:[*+]|\{\d*,)/g)) lastGroupEnd = match.index;
  return lastGroupEnd >= 0 && /[*+|]|\{\d*,/.test(pattern.slice(0, lastGroupEnd));
}

/**
 * True when recheck proves the pattern backtracks exponentially (a crafted
 * input of a few dozen characters stalls the loop), false when it proves it
 * does not; undefined when it could not decide in the time given (then the
 * caller stays silent and keeps no result that depends on it). Polynomial
 * cases such as `\s*,\s*` count as false: they need very long input and are
 * common. Cached per pattern and flags. Asked only for the patterns a
 * handler's chain reaches (`confirmPattern`): proving a pattern safe takes
 * recheck 0.3-2 s (dub: 5 patterns, 6 s of a 22 s scan when every file's were
 * checked), proving one exponential 10-200 ms.
 */
export function regexVerdict(pattern: string, flags: string): boolean | undefined {
  if (!mayBacktrackExponentially(pattern)) return false;
  const key = `${flags}/${pattern}`;
  if (verdicts.has(key)) return verdicts.get(key);
  // Out of budget: undecided, and asked again should the budget grow (tests).
  if (spent >= totalBudgetMs) return undefined;
  let verdict: boolean | undefined = false;
  const started = Date.now();
  try {
    const result = checkSync()(pattern, flags.replace(/[^dgimsuvy]/g, ''), { timeout: TIMEOUT_MS });
    verdict = result.status === 'unknown' ? undefined : result.status === 'vulnerable' && result.complexity.type === 'exponential';
  } catch {
    verdict = false; // syntax the checker does not support: stay silent
  }
  spent += Date.now() - started;
  verdicts.set(key, verdict);
  return verdict;
}

/** String methods that run a regex argument against their receiver. */
export const STRING_REGEX_METHODS = new Set(['match', 'matchAll', 'replace', 'replaceAll', 'search', 'split']);
/** RegExp methods that run the regex against their argument. */
export const REGEX_METHODS = new Set(['test', 'exec']);
