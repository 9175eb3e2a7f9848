import type { CallSite, ConstArgs, ConstValue, FunctionInfo, ParamGuard } from '../model';
import { argumentVerdict, hasParamFact, withCallerArguments } from '../rules/cost';
import type { Reach } from './summaries';
import { constantKey } from '../constValues';

type Known = ConstValue | { kind: 'undefined' };

/**
 * The value of another module's constant a caller passes (`ConstValue` ref),
 * with no ref left inside it (`SummaryStore.constantsFrom`); undefined when
 * unknown.
 */
export type ConstantOf = (ref: Extract<ConstValue, { kind: 'ref' }>) => ConstValue | undefined;

/**
 * The value at `path` inside `value` (a caller's argument, whose refs name
 * constants from the caller's file): a missing key, or any key of
 * `undefined`, is `undefined`; a key whose value is not a constant is unknown.
 */
function valueAt(value: Known | undefined, path: readonly string[], constantOf: ConstantOf): Known | undefined {
  let at = value?.kind === 'ref' ? constantOf(value) : value;
  for (const key of path) {
    if (at?.kind === 'undefined') continue;
    const next = at?.kind === 'object' ? constantKey(at, key) : undefined;
    at = next === 'absent' ? { kind: 'undefined' } : next?.kind === 'ref' ? constantOf(next) : next;
  }
  return at;
}

/** Python methods take `self`/`cls` first; a call through an object does not pass it. */
function receiverOffset(site: CallSite, callee: FunctionInfo): number {
  const first = callee.params?.[0]?.name;
  return callee.className && (first === 'self' || first === 'cls') && site.text.includes('.') ? 1 : 0;
}

/** What the call passes for parameter `index` of `callee`, when a constant (its default when not passed), and `path` into it. */
function argumentFor(site: CallSite, callee: FunctionInfo, index: number, path: readonly string[], constantOf: ConstantOf): Known | undefined {
  return valueAt(passedFor(site, callee, index), path, constantOf);
}

function passedFor(site: CallSite, callee: FunctionInfo, index: number): Known | undefined {
  const args = site.constArgs;
  const param = callee.params?.[index];
  if (!args || args.spread || !param) return undefined;
  const position = index - receiverOffset(site, callee);
  if (position < 0) return undefined;
  if (position < args.positional.length) return args.positional[position] ?? undefined;
  if (args.keywords && param.name in args.keywords) return args.keywords[param.name] ?? undefined;
  return param.default ?? undefined;
}

function truthy(value: Known): boolean | undefined {
  if (value.kind === 'undefined') return false;
  if (value.kind === 'object') return Object.keys(value.props).length > 0 ? true : undefined;
  if (value.kind === 'ref') return undefined;
  return Boolean(value.value);
}

/**
 * Whether a call can never take the branch `guard` stands for in `callee`:
 * the constant it passes (or the parameter's default) has the other
 * truthiness (`manage_torrents_url()` with `reset=False`, `parseRequest(req,
 * schema, { skipAuth: true })` before `if (!options?.skipAuth)`).
 */
function callSkipsBranch(site: CallSite, callee: FunctionInfo, guard: ParamGuard, constantOf: ConstantOf): boolean {
  const value = argumentFor(site, callee, guard.index, guard.path, constantOf);
  const is = value && truthy(value);
  return is !== undefined && is !== guard.runsWhen;
}

/**
 * Whether the call `site` into `callee` cannot lead to the reach's leaf: it
 * never takes the branch the first step in `callee` is under, or the leaf is
 * in `callee` and the constants the call passes make it cheap
 * (`generateId(8)` into `randomBytes(length)`).
 */
export function callPrunesReach(site: CallSite, callee: FunctionInfo, reach: Reach, constantOf: ConstantOf): boolean {
  const first = reach.path[0]?.site ?? reach.leaf.site;
  if (first.paramGuard && callSkipsBranch(site, callee, first.paramGuard, constantOf)) return true;
  return reach.path.length === 0 && callMakesLeafCheap(site, callee, reach.leaf, constantOf);
}

function callMakesLeafCheap(site: CallSite, callee: FunctionInfo, leaf: Reach['leaf'], constantOf: ConstantOf): boolean {
  const args = leaf.site.args;
  if (!hasParamFact(args) || leaf.rule.argumentCost?.whenCheap !== 'skip') return false;
  const passed = withCallerArguments(args!, (index, path) => argumentFor(site, callee, index, path, constantOf));
  return argumentVerdict(leaf.rule, leaf.call, passed) === 'cheap';
}

/** Worth keeping on a call site: no spread, and a constant passed or nothing (the defaults apply). */
export function decidesBranches(args: ConstArgs): boolean {
  if (args.spread) return false;
  const values = [...args.positional, ...Object.values(args.keywords ?? {})];
  return values.length === 0 || values.some((v) => v !== null);
}
