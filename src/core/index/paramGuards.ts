import type { CallSite, ConstArgs, ConstValue, FunctionInfo, ParamGuard } from '../model';
import { argumentVerdict, hasParamFact, withCallerArguments } from '../rules/cost';
import type { Reach } from './summaries';

type Known = ConstValue | { kind: 'undefined' };

/** Python methods take `self`/`cls` first; a call through an object does not pass it. */
function receiverOffset(site: CallSite, callee: FunctionInfo): number {
  const first = callee.params?.[0]?.name;
  return callee.className && (first === 'self' || first === 'cls') && site.text.includes('.') ? 1 : 0;
}

/** What the call passes for parameter `index` of `callee`, when a constant (its default when not passed). */
function argumentFor(site: CallSite, callee: FunctionInfo, index: number): Known | undefined {
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
  return Boolean(value.value);
}

/**
 * Whether a call can never take the branch `guard` stands for in `callee`:
 * the constant it passes (or the parameter's default) has the other
 * truthiness (`manage_torrents_url()` with `reset=False`, `parseRequest(req,
 * schema, { skipAuth: true })` before `if (!options?.skipAuth)`).
 */
function callSkipsBranch(site: CallSite, callee: FunctionInfo, guard: ParamGuard): boolean {
  let value = argumentFor(site, callee, guard.index);
  for (const key of guard.path) {
    if (!value) return false;
    if (value.kind === 'object') value = value.props[key] ?? { kind: 'undefined' };
    else if (value.kind !== 'undefined') return false;
  }
  const is = value && truthy(value);
  return is !== undefined && is !== guard.runsWhen;
}

/**
 * Whether the call `site` into `callee` cannot lead to the reach's leaf: it
 * never takes the branch the first step in `callee` is under, or the leaf is
 * in `callee` and the constants the call passes make it cheap
 * (`generateId(8)` into `randomBytes(length)`).
 */
export function callPrunesReach(site: CallSite, callee: FunctionInfo, reach: Reach): boolean {
  const first = reach.path[0]?.site ?? reach.leaf.site;
  if (first.paramGuard && callSkipsBranch(site, callee, first.paramGuard)) return true;
  return reach.path.length === 0 && callMakesLeafCheap(site, callee, reach.leaf);
}

function callMakesLeafCheap(site: CallSite, callee: FunctionInfo, leaf: Reach['leaf']): boolean {
  const args = leaf.site.args;
  if (!hasParamFact(args) || leaf.rule.argumentCost?.whenCheap !== 'skip') return false;
  const passed = withCallerArguments(args!, (index) => argumentFor(site, callee, index));
  return argumentVerdict(leaf.rule, leaf.call, passed) === 'cheap';
}

/** Worth keeping on a call site: no spread, and a constant passed or nothing (the defaults apply). */
export function decidesBranches(args: ConstArgs): boolean {
  if (args.spread) return false;
  const values = [...args.positional, ...Object.values(args.keywords ?? {})];
  return values.length === 0 || values.some((v) => v !== null);
}
