import type { ArgumentFact, ArgumentFacts } from '../model';
import { patternToRegExp } from './catalog';
import type { ArgumentCondition, RuleDefinition } from './types';

/**
 * The cost model: a rule's `argumentCost` says which arguments make its calls
 * cheap (`crypto.randomBytes(32)`, `JSON.parse` of a cookie, compressing a
 * short literal) and which make them expensive (request data, a file read).
 * The language bindings record what they know of the arguments
 * (`CallSite.args`) for the calls such a rule matches; this decides.
 */
export type CostVerdict = 'cheap' | 'expensive';

const DEFAULT_MAX = 1024;
const compiled = new Map<string, RegExp>();

function appliesTo(condition: ArgumentCondition, call: string): boolean {
  if (!condition.calls) return true;
  return condition.calls.some((pattern) => {
    let re = compiled.get(pattern);
    if (!re) compiled.set(pattern, (re = patternToRegExp(pattern)));
    return re.test(call);
  });
}

function argumentOf(condition: ArgumentCondition, args: ArgumentFacts | undefined): ArgumentFact | 'absent' | undefined {
  if (!args || condition.argument === undefined) return undefined;
  const byKeyword = condition.keyword !== undefined ? args.keywords?.[condition.keyword] : undefined;
  return byKeyword ?? args.positional[condition.argument] ?? 'absent';
}

function holds(condition: ArgumentCondition, call: string, args: ArgumentFacts | undefined): boolean {
  if (!appliesTo(condition, call)) return false;
  if (condition.is === 'any') return true;
  const arg = argumentOf(condition, args);
  if (arg === undefined) return false;
  if (condition.is === 'absent') return arg === 'absent';
  if (arg === 'absent') return false;
  const max = condition.max ?? DEFAULT_MAX;
  switch (condition.is) {
    case 'small-number':
      return arg.kind === 'number' && arg.value <= max;
    case 'short-literal':
      return arg.kind === 'string' && arg.length <= max;
    case 'request-cookie':
      return arg.kind === 'request' && arg.part === 'cookie';
    case 'request-header':
      return arg.kind === 'request' && arg.part === 'header';
    case 'request-body-field':
      return arg.kind === 'request' && arg.part === 'body-field';
    case 'request-data':
      return arg.kind === 'request';
    case 'file-content':
      return arg.kind === 'file';
    case 'instance':
      return arg.kind === 'instance' && (condition.of ?? []).includes(arg.type);
  }
}

/** What the arguments make of this call under the rule's cost model; undefined when the rule has none or nothing holds. */
export function argumentVerdict(rule: RuleDefinition, call: string, args: ArgumentFacts | undefined): CostVerdict | undefined {
  const cost = rule.argumentCost;
  if (!cost) return undefined;
  if (cost.expensive?.some((c) => holds(c, call, args))) return 'expensive';
  return cost.cheap.some((c) => holds(c, call, args)) ? 'cheap' : undefined;
}

/** Whether a binding should record the arguments of calls `rule` matches. */
export function readsArguments(rule: RuleDefinition | undefined): boolean {
  return !!rule?.argumentCost;
}
