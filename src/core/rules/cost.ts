import type { ArgumentFact, ArgumentFacts, ConstValue } from '../model';
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
/** A condition's `pattern` (JavaScript regex syntax), compiled once. */
const conditionPatterns = new Map<string, RegExp>();

function conditionPattern(source: string): RegExp {
  let re = conditionPatterns.get(source);
  if (!re) conditionPatterns.set(source, (re = new RegExp(source)));
  return re;
}

/** Literals longer than this are data, not names: their text is not kept. */
const KEPT_LITERAL_LENGTH = 256;

/** The fact for a string literal: its length, and its text while short. */
export function stringFact(text: string): ArgumentFact {
  return text.length <= KEPT_LITERAL_LENGTH ? { kind: 'string', length: text.length, text } : { kind: 'string', length: text.length };
}

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
    case 'literal-matching':
      return arg.kind === 'string' && arg.text !== undefined && condition.pattern !== undefined && conditionPattern(condition.pattern).test(arg.text);
    case 'request-cookie':
      return arg.kind === 'request' && arg.part === 'cookie';
    case 'request-header':
      return arg.kind === 'request' && arg.part === 'header';
    case 'request-body-field':
      return arg.kind === 'request' && arg.part === 'body-field';
    case 'request-checked-by':
      if (arg.kind !== 'request' || condition.pattern === undefined) return false;
      return (arg.checkedBy ?? []).some((name) => conditionPattern(condition.pattern!).test(name));
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

/** Whether some rule's cost model has a condition of this kind (a binding notes the facts it reads only then). */
export function someRuleReads(rules: readonly RuleDefinition[], kind: ArgumentCondition['is']): boolean {
  return rules.some((r) => [...(r.argumentCost?.cheap ?? []), ...(r.argumentCost?.expensive ?? [])].some((c) => c.is === kind));
}

/** Whether a binding should record the arguments of calls `rule` matches. */
export function readsArguments(rule: RuleDefinition | undefined): boolean {
  return !!rule?.argumentCost;
}

/** Whether some argument is a parameter of the enclosing function passed on unchanged. */
export function hasParamFact(args: ArgumentFacts | undefined): boolean {
  return !!args && [...args.positional, ...Object.values(args.keywords ?? {})].some((a) => a.kind === 'param');
}

/** `a op b` on numbers; undefined when it is not a finite number. */
export function arithmetic(op: '+' | '-' | '*' | '/', a: number, b: number): number | undefined {
  const value = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a / b;
  return Number.isFinite(value) ? value : undefined;
}

/** A constant a caller passes, as the cost model sees it. */
function constantFact(value: ConstValue | { kind: 'undefined' } | undefined): ArgumentFact {
  if (value?.kind !== 'literal') return { kind: 'unknown' };
  if (typeof value.value === 'number') return { kind: 'number', value: value.value };
  if (typeof value.value === 'string') return stringFact(value.value);
  return { kind: 'unknown' };
}

/** `args` with each `param` fact replaced by what one caller passes for that parameter (`passed(index)`). */
export function withCallerArguments(args: ArgumentFacts, passed: (index: number, path: readonly string[]) => ConstValue | { kind: 'undefined' } | undefined): ArgumentFacts {
  const substitute = (fact: ArgumentFact): ArgumentFact => {
    if (fact.kind !== 'param') return fact;
    const given = constantFact(passed(fact.index, fact.path ?? []));
    if (!fact.apply) return given;
    if (given.kind !== 'number') return { kind: 'unknown' };
    const { op, operand, swap } = fact.apply;
    const value = swap ? arithmetic(op, operand, given.value) : arithmetic(op, given.value, operand);
    return value === undefined ? { kind: 'unknown' } : { kind: 'number', value };
  };
  const keywords = args.keywords && Object.fromEntries(Object.entries(args.keywords).map(([name, fact]) => [name, substitute(fact)]));
  return { positional: args.positional.map(substitute), ...(keywords ? { keywords } : {}) };
}
