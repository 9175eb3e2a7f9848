import type { Node } from 'web-tree-sitter';
import type { RunCondition } from '../model';
import { environmentOf, type Condition } from '../conditions/environment';

/**
 * Branches that do not run on every request in production, read from the
 * syntax the walker is at (see `src/core/conditions/`):
 *
 * - lazy initialisation: `if _client is None: _client = make()`,
 *   `if not _loaded: ...; _loaded = True`, `if key not in _cache: _cache[key] = ...`
 *   (or its `else` form: `if key in _cache: ... else: _cache[key] = ...`),
 *   `cached = _cache.get(key)` then `if cached is None:`, and the early-exit
 *   form `if _x is not None: return _x` before the code that fills `_x`. The
 *   store must outlive the request: a module global (`global _x`, or a module
 *   dict written through), a class attribute (`cls._x`, `Cls._x`) or a module
 *   attribute; `self._x` is per object and does not count;
 * - development-only branches: a condition `environmentOf` calls `dev`
 *   (`if settings.DEBUG:`), the `else` of a `prod` one, and the rest of a
 *   block after `if not settings.DEBUG: return`.
 */

/** What the walker knows about names at the branch. */
export interface GuardScope {
  /** `_cache`, `cls._x`: a store that outlives the request, or undefined. `rebindable`: assignments to the bare name reach it (`global`). */
  store(node: Node): { name: string; rebindable: boolean } | undefined;
  /** The body of a module-level function of this file called by its bare name, and the names it declares `global`. */
  calleeBody?(name: string): { body: Node; globals: ReadonlySet<string> } | undefined;
}

const MAX_WRITE_SCAN = 4000;

export function unwrapParens(node: Node | null): Node | null {
  while (node?.type === 'parenthesized_expression') node = node.namedChildren.find((c) => c?.type !== 'comment') ?? null;
  return node;
}

function operandsOf(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => {
    const type = c?.type;
    return type !== undefined && type !== 'comment' && type !== 'is not' && type !== 'not in';
  });
}

/** The operator between the first two operands of a comparison (`is not`, `not in`, `==`). */
function operatorOf(node: Node, left: Node, right: Node): string {
  return node.text.slice(left.endIndex - node.startIndex, right.startIndex - node.startIndex).trim().replace(/\s+/g, ' ');
}

/** A plain string literal's text; undefined for f-strings with holes and anything else. */
export function stringValue(node: Node | null): string | undefined {
  if (node?.type !== 'string') return undefined;
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  return node.namedChildren.find((c) => c?.type === 'string_content')?.text ?? '';
}

function stringValues(node: Node): string[] | undefined {
  const single = stringValue(node);
  if (single !== undefined) return [single];
  if (node.type !== 'tuple' && node.type !== 'list' && node.type !== 'set') return undefined;
  const values = node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map(stringValue);
  return values.every((v): v is string => v !== undefined) ? values : undefined;
}

/** `app.config["DEBUG"]`, `os.environ.get("FLASK_ENV")`, `getattr(settings, "DEBUG", False)` → the name tested. */
function testedName(node: Node): string | undefined {
  switch (node.type) {
    case 'identifier':
    case 'attribute':
      return node.text.replace(/\s+/g, '');
    case 'subscript': {
      const key = stringValue(node.childForFieldName('subscript'));
      const value = node.childForFieldName('value');
      return key !== undefined && value ? `${value.text.replace(/\s+/g, '')}.${key}` : undefined;
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      const args = node.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') ?? [];
      if (!fn) return undefined;
      if (fn.text === 'getattr' && args.length >= 2) {
        const key = stringValue(args[1]);
        return key !== undefined ? `${args[0].text}.${key}` : undefined;
      }
      const key = stringValue(args[0] ?? null);
      return key !== undefined ? key : undefined;
    }
    default:
      return undefined;
  }
}

/** Python condition syntax → the language-neutral form `environmentOf` reads. */
export function conditionOf(raw: Node | null): Condition {
  const node = unwrapParens(raw);
  if (!node) return { kind: 'other' };
  switch (node.type) {
    case 'not_operator':
      return { kind: 'not', operand: conditionOf(node.childForFieldName('argument')) };
    case 'boolean_operator': {
      const op = node.childForFieldName('operator')?.type;
      const left = conditionOf(node.childForFieldName('left'));
      const right = conditionOf(node.childForFieldName('right'));
      return op === 'and' || op === 'or' ? { kind: op, operands: [left, right] } : { kind: 'other' };
    }
    case 'comparison_operator': {
      const [left, right] = operandsOf(node);
      if (!left || !right || operandsOf(node).length !== 2) return { kind: 'other' };
      const op = operatorOf(node, left, right);
      if ((op === 'is' || op === '==') && (right.type === 'true' || right.type === 'false')) {
        const name = testedName(left);
        if (!name) return { kind: 'other' };
        return right.type === 'true' ? { kind: 'name', name } : { kind: 'not', operand: { kind: 'name', name } };
      }
      const kinds: Record<string, 'eq' | 'ne' | 'in' | 'not-in'> = { '==': 'eq', '!=': 'ne', in: 'in', 'not in': 'not-in' };
      const kind = kinds[op];
      if (!kind) return { kind: 'other' };
      let subject = testedName(left);
      let values = stringValues(right);
      if ((subject === undefined || values === undefined) && (kind === 'eq' || kind === 'ne')) {
        subject = testedName(right);
        values = stringValues(left);
      }
      // `os.environ.get("FLASK_ENV") == "development"`: the subject is the variable's name.
      return subject !== undefined && values !== undefined ? { kind: 'compare', subject, op: kind, values } : { kind: 'other' };
    }
    default: {
      const name = testedName(node);
      return name ? { kind: 'name', name } : { kind: 'other' };
    }
  }
}

/**
 * `condition` with each test of a bare parameter made unknown. An attribute of
 * one still counts: a factory's `config.DEBUG` is the environment's setting.
 */
function withoutParameters(condition: Condition, parameters: readonly string[]): Condition {
  if (parameters.length === 0) return condition;
  switch (condition.kind) {
    case 'name':
      return parameters.includes(condition.name) ? { kind: 'other' } : condition;
    case 'compare':
      return parameters.includes(condition.subject) ? { kind: 'other' } : condition;
    case 'not':
      return { kind: 'not', operand: withoutParameters(condition.operand, parameters) };
    case 'and':
    case 'or':
      return { kind: condition.kind, operands: condition.operands.map((c) => withoutParameters(c, parameters)) };
    default:
      return condition;
  }
}

/** The condition's text for messages, on one line and bounded. */
export function conditionText(node: Node): string {
  const text = node.text.replace(/\s+/g, ' ').trim();
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * `dev-only` when the branch runs only outside production: the condition, as
 * written, names it. A parameter of the function is its caller's value, not
 * the environment's (frigate's `test: bool = Query(False)`): its name says nothing.
 */
export function devCondition(condition: Node | null, branch: 'then' | 'else', parameters: readonly string[] = []): RunCondition | undefined {
  if (!condition) return undefined;
  const env = environmentOf(withoutParameters(conditionOf(condition), parameters));
  const wanted = branch === 'then' ? 'dev' : 'prod';
  if (env !== wanted) return undefined;
  if (branch === 'then') return { kind: 'dev-only', reason: conditionText(condition) };
  const negated = unwrapParens(condition);
  const operand = negated?.type === 'not_operator' ? negated.childForFieldName('argument') : null;
  return { kind: 'dev-only', reason: operand ? conditionText(operand) : `not (${conditionText(condition)})` };
}

// ---------------------------------------------------------------------------
// Lazy initialisation
// ---------------------------------------------------------------------------

interface StoreTest {
  /**
   * `key`: read with `.get(key)`, so only `.set(key, ...)` with the same key fills it.
   * `via`: a local bound to an item of the store (`domain_cache = _CACHE[domain]`), whose items fill it too.
   */
  store: { name: string; rebindable: boolean; key?: string; via?: string };
  /** True when the test holds while the store is still empty (`is None`, `not x`, `not in`). */
  empty: boolean;
}

/** Locals standing for a store, read only when a test names a local (walking back over siblings is not free). */
type Aliases = () => Map<string, StoreTest['store']>;

const NO_ALIASES: Aliases = () => new Map();

/** The store a tested expression reads: `_x`, `cls._x`, `_cache[k]`, `_cache.get(k)`; an alias assigned just before. */
function storeRead(node: Node, scope: GuardScope, aliases: Aliases): StoreTest['store'] | undefined {
  const inner = unwrapParens(node);
  if (!inner) return undefined;
  const alias = inner.type === 'identifier' ? aliases().get(inner.text) : undefined;
  if (alias) return alias;
  if (inner.type === 'subscript') {
    const value = inner.childForFieldName('value');
    const alias = value?.type === 'identifier' ? aliases().get(value.text) : undefined;
    if (alias) return { ...alias, via: value!.text };
    return value ? scope.store(value) : undefined;
  }
  if (inner.type === 'call') {
    const fn = inner.childForFieldName('function');
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'get') {
      const object = fn.childForFieldName('object');
      const store = object ? scope.store(object) : undefined;
      const key = firstPositional(inner);
      return store && key ? { ...store, key: normalized(key) } : store;
    }
    return undefined;
  }
  if (inner.type === 'identifier' || inner.type === 'attribute') return scope.store(inner);
  return undefined;
}

/** `_x is None`, `not _loaded`, `k not in _cache` and their negations; inside `and`/`or`, the first such operand. */
function storeTest(raw: Node | null, scope: GuardScope, aliases: Aliases): StoreTest | undefined {
  const node = unwrapParens(raw);
  if (!node) return undefined;
  switch (node.type) {
    case 'not_operator': {
      const inner = storeTest(node.childForFieldName('argument'), scope, aliases);
      return inner && { store: inner.store, empty: !inner.empty };
    }
    case 'boolean_operator':
      return storeTest(node.childForFieldName('left'), scope, aliases) ?? storeTest(node.childForFieldName('right'), scope, aliases);
    case 'comparison_operator': {
      const operands = operandsOf(node);
      if (operands.length !== 2) return undefined;
      const [left, right] = operands;
      const op = operatorOf(node, left, right);
      if ((op === 'is' || op === '==' || op === 'is not' || op === '!=') && (right.type === 'none' || right.type === 'false')) {
        const store = storeRead(left, scope, aliases);
        return store && { store, empty: op === 'is' || op === '==' };
      }
      if (op === 'in' || op === 'not in') {
        const store = storeRead(right, scope, aliases);
        return store && { store, empty: op === 'not in' };
      }
      return undefined;
    }
    default: {
      const store = storeRead(node, scope, aliases);
      return store && { store, empty: false };
    }
  }
}

function normalized(node: Node): string {
  return node.text.replace(/\s+/g, '');
}

/** Methods that fill a store: dict and list ones, and a cache's `set` (`cache.set(key, value, timeout)`). */
const MUTATORS = new Set(['update', 'setdefault', '__setitem__', 'append', 'extend', 'add', 'set']);

/** How `nodes` fill the store, as the condition says it: through a cache's `set`, the store expires (once per cache period). */
function fillScope(nodes: readonly Node[], store: StoreTest['store'], scope: GuardScope): Pick<RunCondition, 'scope'> | undefined {
  const write = storeWrite(nodes, store, scope);
  return write === undefined ? undefined : write === 'cache-set' ? { scope: 'ttl' } : {};
}

/**
 * Whether one of `nodes` assigns the store, an item of it, or fills it through
 * a mutating method (a cache's `set`: `cache-set`), also inside a function of
 * this file they call by name (`if not network_dict: load_network_dict()`,
 * which sets the `global network_dict`: Medusa).
 */
function storeWrite(nodes: readonly Node[], store: StoreTest['store'], scope: GuardScope): 'fill' | 'cache-set' | undefined {
  // A cache fill counts when every miss makes it: `cache.set(key, ...)` under a further `if` fills only sometimes.
  const stack = nodes.map((node) => ({ node, conditional: false, rebinds: store.rebindable }));
  const entered = new Set<string>();
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_WRITE_SCAN) {
    const { node, conditional, rebinds } = stack.pop()!;
    if (node.type === 'assignment' || node.type === 'augmented_assignment') {
      const left = node.childForFieldName('left');
      const targets = left?.type === 'pattern_list' || left?.type === 'tuple_pattern' ? left.namedChildren : [left];
      for (const target of targets) {
        if (!target) continue;
        if (target.type === 'identifier' && rebinds && target.text === store.name) return 'fill';
        if (target.type === 'attribute' && normalized(target) === store.name) return 'fill';
        const value = target.type === 'subscript' ? target.childForFieldName('value') : null;
        if (value && isStoreOrItem(value, store)) return 'fill';
      }
    } else if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
      const method = fn?.childForFieldName('attribute')?.text ?? '';
      if (object && isStoreOrItem(object, store) && MUTATORS.has(method)) {
        if (method !== 'set') return 'fill';
        if (!conditional && sameKey(node, store)) return 'cache-set';
      }
      if (fn?.text === 'setattr') {
        const args = node.childForFieldName('arguments')?.namedChildren ?? [];
        const key = args[1] && stringValue(args[1]);
        if (args[0] && key !== undefined && `${normalized(args[0])}.${key}` === store.name) return 'fill';
      }
      const callee = fn?.type === 'identifier' && !entered.has(fn.text) ? scope.calleeBody?.(fn.text) : undefined;
      if (callee && fn) {
        entered.add(fn.text);
        stack.push({ node: callee.body, conditional, rebinds: callee.globals.has(store.name) });
      }
    }
    // Nested definitions run later, on their own terms.
    if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda') continue;
    const inner = conditional || node.type === 'if_statement';
    for (const child of node.namedChildren) if (child) stack.push({ node: child, conditional: inner, rebinds });
  }
  return undefined;
}

/** The store itself, or the local bound to an item of it (`via`). */
function isStoreOrItem(node: Node, store: StoreTest['store']): boolean {
  const text = normalized(node);
  return text === store.name || (store.via !== undefined && text === store.via);
}

function firstPositional(call: Node): Node | undefined {
  return call.childForFieldName('arguments')?.namedChildren.find((a) => a && a.type !== 'comment' && a.type !== 'keyword_argument') ?? undefined;
}

/** `cache.set(key, ...)` fills what `cache.get(key)` read: the same key, as written. */
function sameKey(call: Node, store: StoreTest['store']): boolean {
  if (store.key === undefined) return true;
  const first = firstPositional(call);
  return first !== undefined && normalized(first) === store.key;
}

/** `cached = _cache.get(key)` just before the `if` (or `try`): the local stands for the store. Computed on first use. */
function aliasesBefore(statement: Node, scope: GuardScope): Aliases {
  let known: Map<string, StoreTest['store']> | undefined;
  return () => (known ??= readAliases(statement, scope));
}

function readAliases(statement: Node, scope: GuardScope): Map<string, StoreTest['store']> {
  const aliases = new Map<string, StoreTest['store']>();
  let sibling = statement.previousNamedSibling;
  for (let i = 0; sibling && i < 3; i++, sibling = sibling.previousNamedSibling) {
    const assignment = sibling.type === 'expression_statement' ? sibling.namedChildren[0] : null;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'identifier' || !right || aliases.has(left.text)) continue;
    const store = storeRead(right, scope, NO_ALIASES);
    if (store) aliases.set(left.text, store);
  }
  return aliases;
}

function onceReason(ifNode: Node): RunCondition {
  const condition = ifNode.childForFieldName('condition');
  return { kind: 'once', reason: `if ${condition ? conditionText(condition) : '...'}` };
}

/**
 * `if _x is None: _x = make()`: the consequence runs until the store is
 * filled, in practice on the first request. Under `a and b` it runs only
 * while every operand holds, so any one that tests an unfilled store the
 * consequence fills will do (`if theme and not _initialised:`).
 */
export function lazyInitGuard(ifNode: Node, scope: GuardScope): RunCondition | undefined {
  const condition = ifNode.childForFieldName('condition');
  const body = ifNode.childForFieldName('consequence');
  if (!condition || !body) return undefined;
  const aliases = aliasesBefore(ifNode, scope);
  const fill = (operand: Node): Pick<RunCondition, 'scope'> | undefined => {
    const test = storeTest(operand, scope, aliases);
    return test?.empty ? fillScope([body], test.store, scope) : undefined;
  };
  for (const operand of conjuncts(condition)) {
    const filled = fill(operand);
    if (filled) return { ...onceReason(ifNode), ...filled };
  }
  return undefined;
}

/** The operands of `a and b and c` (the test itself for any other). */
function conjuncts(raw: Node): Node[] {
  const node = unwrapParens(raw);
  if (node?.type !== 'boolean_operator' || node.childForFieldName('operator')?.text !== 'and') return [raw];
  return [node.childForFieldName('left'), node.childForFieldName('right')].flatMap((side) => (side ? conjuncts(side) : []));
}

/** `if key in _cache: ... else: _cache[key] = make()`: the `else` runs until the store is filled. */
export function lazyInitElseGuard(ifNode: Node, scope: GuardScope): RunCondition | undefined {
  const alternatives = ifNode.childrenForFieldName('alternative');
  const only = alternatives.length === 1 ? alternatives[0] : null;
  const body = only?.type === 'else_clause' ? only.childForFieldName('body') : null;
  if (!body) return undefined;
  const test = storeTest(ifNode.childForFieldName('condition'), scope, aliasesBefore(ifNode, scope));
  const filled = test && !test.empty ? fillScope([body], test.store, scope) : undefined;
  return filled && { kind: 'once', reason: `else of ${onceReason(ifNode).reason}`, ...filled };
}

/** What a missing key raises (`dict[key]`): a handler of one of these runs on a miss. */
const MISSING_KEY = new Set(['KeyError', 'LookupError']);
/** Nodes of a `try` body looked at for the item it reads: the statements of a memo lookup are few. */
const MAX_READ_SCAN = 200;

/**
 * `try: return _cache[key]` then `except KeyError: _cache[key] = make()`
 * (memoisation asking forgiveness): the `except` runs until the store holds
 * the key, as the `if key not in _cache:` form does.
 */
export function lazyInitExceptGuard(tryNode: Node, clause: Node, scope: GuardScope): RunCondition | undefined {
  const body = clause.namedChildren.find((c) => c?.type === 'block');
  const tryBody = tryNode.childForFieldName('body');
  if (!body || !tryBody || !catchesMissingKey(clause)) return undefined;
  const read = itemRead(tryBody, scope, aliasesBefore(tryNode, scope));
  const filled = read ? fillScope([body], read.store, scope) : undefined;
  return filled && { kind: 'once', reason: `except KeyError of ${conditionText(read!.node)}`, ...filled };
}

function catchesMissingKey(clause: Node): boolean {
  let caught = clause.namedChildren.find((c) => c && c.type !== 'block' && c.type !== 'comment') ?? null;
  if (caught?.type === 'as_pattern') caught = caught.namedChildren[0] ?? null;
  const names = caught?.type === 'tuple' ? caught.namedChildren : [caught];
  return names.some((n) => n !== null && MISSING_KEY.has(n.text.slice(n.text.lastIndexOf('.') + 1)));
}

/** The first item of a store the block reads (`_cache[key]`), outside nested definitions. */
function itemRead(block: Node, scope: GuardScope, aliases: Aliases): { node: Node; store: StoreTest['store'] } | undefined {
  const stack = [block];
  for (let visited = 0; stack.length > 0 && visited < MAX_READ_SCAN; visited++) {
    const node = stack.pop()!;
    if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda') continue;
    if (node.type === 'subscript') {
      const store = storeRead(node, scope, aliases);
      if (store) return { node, store };
    }
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
  return undefined;
}

/** `if ...: return` (or raise) with no `else`: code after it runs only when the test was false. */
export function exitsWithoutElse(ifNode: Node): boolean {
  if (ifNode.childForFieldName('alternative')) return false;
  const last = ifNode.childForFieldName('consequence')?.namedChildren.filter((c) => c && c.type !== 'comment').pop();
  return last?.type === 'return_statement' || last?.type === 'raise_statement';
}

/**
 * `if _x is not None: return _x` (or a development test that returns) with no
 * `else`: what follows in the block runs only when the test was false.
 */
export function earlyExitGuard(ifNode: Node, rest: readonly Node[], scope: GuardScope): RunCondition | undefined {
  if (!exitsWithoutElse(ifNode)) return undefined;
  const condition = ifNode.childForFieldName('condition');
  const test = storeTest(condition, scope, aliasesBefore(ifNode, scope));
  const filled = test && !test.empty ? fillScope(rest, test.store, scope) : undefined;
  if (filled) return { kind: 'once', reason: `${onceReason(ifNode).reason}: return`, ...filled };
  // `if not settings.DEBUG: return`: the rest is development only.
  return devCondition(condition, 'else');
}
