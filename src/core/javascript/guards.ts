import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { RunCondition } from '../model';
import { environmentOf, type Condition } from '../conditions/environment';
import { staticString } from './imports';
import { chainRoot, propertyName, pushChildren, unwrap, type FunctionNode } from './ast';

type Node = TSESTree.Node;

/**
 * Branches that do not run on every request in production, read from the
 * syntax the analyzer is at (see `src/core/conditions/`):
 *
 * - lazy initialisation of a store that outlives the request (a module-level
 *   `let`/`const`, `this.x` in a static method, `Class.x`):
 *   `if (!p) p = load()`, `p ??= load()`, `p ||= load()`, `p || (p = load())`,
 *   `if (!cache.has(k)) cache.set(k, load())`, `if (cache[k] === undefined)`,
 *   and the early exit `if (p) return p;` / `if (this.loaded) return;` before
 *   the code that fills it;
 * - development-only branches: a test `environmentOf` calls `dev`
 *   (`if (isDev)`, `process.env.NODE_ENV !== 'production'`, `module.hot`),
 *   the `else` of a `prod` one, `isDev && setup()`, and the rest of a block
 *   after `if (process.env.NODE_ENV === 'production') return`.
 */

export interface GuardScope {
  /** The store an expression names when it outlives the request (`cache`, `Class.x`, static `this.x`). */
  store(node: Node): string | undefined;
  /** What a module-level `const` a name refers to was initialised with (`shouldCache = process.env.NODE_ENV === 'production'`). */
  constInit?(node: Node): Node | undefined;
  /** The body of a module-level function of this file called by its bare name, and the names it declares (its own locals). */
  calleeBody?(name: string): { body: Node; locals: ReadonlySet<string> } | undefined;
  /**
   * Whether a tested name is the caller's choice, not the environment's: request data (`req` of
   * `req.query.debug`), or, `whole` (the name itself is tested), a parameter of the function.
   */
  fromCaller?(identifier: TSESTree.Identifier, whole: boolean): boolean;
}

const MAX_WRITE_SCAN = 4000;
const MUTATORS = new Set(['set', 'add', 'push']);

function text(node: Node, source: string): string {
  return source.slice(node.range[0], node.range[1]).replace(/\s+/g, '');
}

/** Whether the chain `node` starts from (`req` of `req.query.debug`) is the caller's value (`GuardScope.fromCaller`). */
function fromCaller(node: Node, scope: GuardScope | undefined): boolean {
  const root = chainRoot(node);
  return root.type === 'Identifier' && !!scope?.fromCaller?.(root, root === unwrap(node));
}

/** `settings.debug`, `config['debug']`, `this.isDev` → the name; `config.get('debug')` → the key. Undefined for the caller's values. */
function testedName(raw: Node, source: string, scope: GuardScope | undefined): string | undefined {
  const node = unwrap(raw);
  if (node.type !== 'MetaProperty' && fromCaller(node, scope)) return undefined;
  switch (node.type) {
    case 'Identifier':
      return node.name;
    case 'MemberExpression': {
      const prop = propertyName(node);
      return prop === undefined ? undefined : `${text(node.object, source)}.${prop}`;
    }
    case 'MetaProperty':
      return text(node, source);
    case 'CallExpression': {
      const key = node.arguments[0] ? staticString(node.arguments[0]) : undefined;
      return key;
    }
    default:
      return undefined;
  }
}

function literalStrings(raw: Node): string[] | undefined {
  const node = unwrap(raw);
  const single = staticString(node);
  if (single !== undefined) return [single];
  if (node.type !== 'ArrayExpression') return undefined;
  const values = node.elements.map((e) => (e && e.type !== 'SpreadElement' ? staticString(e) : undefined));
  return values.every((v): v is string => v !== undefined) ? values : undefined;
}

/** JS condition syntax → the language-neutral form `environmentOf` reads. */
export function conditionOf(raw: Node | null | undefined, source: string, scope?: GuardScope): Condition {
  if (!raw) return { kind: 'other' };
  const node = unwrap(raw);
  switch (node.type) {
    case 'UnaryExpression':
      return node.operator === '!' ? { kind: 'not', operand: conditionOf(node.argument, source, scope) } : { kind: 'other' };
    case 'LogicalExpression':
      if (node.operator === '??') return { kind: 'other' };
      return { kind: node.operator === '&&' ? 'and' : 'or', operands: [conditionOf(node.left, source, scope), conditionOf(node.right, source, scope)] };
    case 'BinaryExpression': {
      const ops: Record<string, 'eq' | 'ne'> = { '===': 'eq', '==': 'eq', '!==': 'ne', '!=': 'ne' };
      const op = ops[node.operator];
      if (!op || node.left.type === 'PrivateIdentifier') return { kind: 'other' };
      const value = staticString(node.right) ?? staticString(node.left);
      const subject = staticString(node.right) !== undefined ? testedName(node.left, source, scope) : testedName(node.right, source, scope);
      if (value !== undefined && subject !== undefined) return { kind: 'compare', subject, op, values: [value] };
      if (node.right.type === 'Literal' && typeof node.right.value === 'boolean') {
        const name = testedName(node.left, source, scope);
        if (!name) return { kind: 'other' };
        const truthy = (node.right.value === true) === (op === 'eq');
        return truthy ? { kind: 'name', name } : { kind: 'not', operand: { kind: 'name', name } };
      }
      return { kind: 'other' };
    }
    case 'CallExpression': {
      // `['development', 'test'].includes(process.env.NODE_ENV)`
      const callee = node.callee.type === 'MemberExpression' ? node.callee : undefined;
      if (callee && propertyName(callee) === 'includes' && node.arguments[0]) {
        const values = literalStrings(callee.object);
        const subject = testedName(node.arguments[0], source, scope);
        if (values && subject) return { kind: 'compare', subject, op: 'in', values };
      }
      const name = testedName(node, source, scope);
      return name ? { kind: 'name', name } : { kind: 'other' };
    }
    default: {
      const name = testedName(node, source, scope);
      return name ? { kind: 'name', name } : { kind: 'other' };
    }
  }
}

function conditionText(node: Node, source: string): string {
  const written = source.slice(node.range[0], node.range[1]).replace(/\s+/g, ' ').trim();
  return written.length > 80 ? `${written.slice(0, 77)}...` : written;
}

/** `dev-only` for the branch of `test` that runs only outside production. */
export function devCondition(test: Node | null | undefined, branch: 'then' | 'else', source: string, scope?: GuardScope): RunCondition | undefined {
  if (!test) return undefined;
  const env = environmentOf(conditionOf(test, source, scope));
  if (env !== (branch === 'then' ? 'dev' : 'prod')) return undefined;
  if (branch === 'then') return { kind: 'dev-only', reason: conditionText(test, source) };
  const inner = unwrap(test);
  if (inner.type === 'UnaryExpression' && inner.operator === '!') return { kind: 'dev-only', reason: conditionText(inner.argument, source) };
  return { kind: 'dev-only', reason: `!(${conditionText(test, source)})` };
}

// ---------------------------------------------------------------------------
// Lazy initialisation
// ---------------------------------------------------------------------------

/** The store a tested expression reads (`p`, `cache[k]`, `cache.get(k)`, `cache.has(k)`). */
function storeRead(raw: Node, scope: GuardScope): string | undefined {
  const node = unwrap(raw);
  if (node.type === 'MemberExpression' && node.computed) return scope.store(node.object);
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression') {
    const method = propertyName(node.callee);
    if (method === 'get' || method === 'has') return scope.store(node.callee.object);
    return undefined;
  }
  return scope.store(node);
}

const NULLISH = (n: Node) => (n.type === 'Literal' && n.value === null) || (n.type === 'Identifier' && n.name === 'undefined');

/** `{store, empty}`: `empty` when the test holds while the store is unfilled (`!p`, `p === undefined`, `!cache.has(k)`). */
function storeTest(raw: Node, scope: GuardScope): { store: string; empty: boolean } | undefined {
  const node = unwrap(raw);
  switch (node.type) {
    case 'UnaryExpression': {
      if (node.operator !== '!') return undefined;
      const inner = storeTest(node.argument, scope);
      return inner && { store: inner.store, empty: !inner.empty };
    }
    case 'LogicalExpression':
      return storeTest(node.left, scope) ?? storeTest(node.right, scope);
    case 'BinaryExpression': {
      if (node.left.type === 'PrivateIdentifier') return undefined;
      if (node.operator === 'in') {
        const store = storeRead(node.right, scope);
        return store ? { store, empty: false } : undefined;
      }
      const eq = node.operator === '===' || node.operator === '==';
      const ne = node.operator === '!==' || node.operator === '!=';
      if (!eq && !ne) return undefined;
      const subject = NULLISH(node.right) ? node.left : NULLISH(node.left) ? node.right : undefined;
      const store = subject && storeRead(subject, scope);
      return store ? { store, empty: eq } : undefined;
    }
    default: {
      const store = storeRead(node, scope);
      return store ? { store, empty: false } : undefined;
    }
  }
}

/**
 * True when one of `nodes` assigns the store or an item of it, or fills it
 * (`cache.set(k, v)`), also inside a module-level function of this file they
 * call by name that does not declare a local of the store's name
 * (`if (!ragFolderReady) prepareRagFolder();`, which sets it: hackathon-starter).
 */
export function writesStore(nodes: readonly Node[], store: string, source: string, scope?: GuardScope): boolean {
  const stack: Node[] = [...nodes];
  const entered = new Set<string>();
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_WRITE_SCAN) {
    const node = stack.pop()!;
    if (node.type === 'AssignmentExpression') {
      const left = unwrap(node.left);
      if (text(left, source) === store) return true;
      if (left.type === 'MemberExpression' && left.computed && text(left.object, source) === store) return true;
    } else if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression') {
      if (MUTATORS.has(propertyName(node.callee) ?? '') && text(node.callee.object, source) === store) return true;
    } else if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && !entered.has(node.callee.name)) {
      entered.add(node.callee.name);
      const callee = scope?.calleeBody?.(node.callee.name);
      if (callee && !callee.locals.has(store.split('.')[0])) stack.push(callee.body);
    }
    pushChildren(node, stack);
  }
  return false;
}

function onceReason(test: Node, source: string): RunCondition {
  return { kind: 'once', reason: `if (${conditionText(test, source)})` };
}

/**
 * `if (!p) p = load()`: the consequent runs until the store is filled, in
 * practice on the first request. Under `a && b` it runs only while every
 * operand holds, so any one that tests an unfilled store the consequent
 * fills will do (`if (activeTheme && !activeThemeInitialised)`: node-red).
 */
export function lazyInitGuard(node: TSESTree.IfStatement, scope: GuardScope, source: string): RunCondition | undefined {
  const fills = (operand: Node): boolean => {
    const test = storeTest(operand, scope);
    return !!test?.empty && writesStore([node.consequent], test.store, source, scope);
  };
  return conjuncts(node.test).some(fills) ? onceReason(node.test, source) : undefined;
}

/** The operands of `a && b && c` (one, for any other test). */
function conjuncts(raw: Node): Node[] {
  const node = unwrap(raw);
  return node.type === 'LogicalExpression' && node.operator === '&&' ? [...conjuncts(node.left), ...conjuncts(node.right)] : [node];
}

function exits(stmt: Node): boolean {
  if (stmt.type === 'ReturnStatement' || stmt.type === 'ThrowStatement') return true;
  if (stmt.type !== 'BlockStatement') return false;
  const last = stmt.body[stmt.body.length - 1];
  return !!last && (last.type === 'ReturnStatement' || last.type === 'ThrowStatement');
}

/** `if (test) return;` (or throw) with no `else`: code after it runs only when the test was false. */
export function exitsWithoutElse(node: TSESTree.IfStatement): boolean {
  return !node.alternate && exits(node.consequent);
}

/** True in production: `process.env.NODE_ENV === 'production'`, `isProd`, or a module constant set to one. */
function productionTrue(raw: Node, scope: GuardScope, source: string): boolean {
  if (environmentOf(conditionOf(raw, source)) === 'prod') return true;
  const init = scope.constInit?.(unwrap(raw));
  return init !== undefined && environmentOf(conditionOf(init, source)) === 'prod';
}

/**
 * The store an early exit tests: `if (p) return p`, or in production
 * `if (shouldCache && cache.has(k)) return cache.get(k)` when the other
 * conjunct holds there.
 */
function exitStoreTest(test: Node, scope: GuardScope, source: string): { store: string; empty: boolean } | undefined {
  const node = unwrap(test);
  if (node.type === 'LogicalExpression' && node.operator === '&&') {
    for (const [flag, rest] of [[node.left, node.right], [node.right, node.left]]) {
      if (productionTrue(flag, scope, source)) return storeTest(rest, scope);
    }
  }
  return storeTest(test, scope);
}

/** `if (p) return p;` before the code filling `p`, or `if (isProduction) return next();`: the rest of the block is guarded. */
export function earlyExitGuard(node: TSESTree.IfStatement, rest: readonly Node[], scope: GuardScope, source: string): RunCondition | undefined {
  if (!exitsWithoutElse(node)) return undefined;
  const test = exitStoreTest(node.test, scope, source);
  if (test && !test.empty && writesStore(rest, test.store, source, scope)) return { kind: 'once', reason: `${onceReason(node.test, source).reason} return` };
  return devCondition(node.test, 'else', source);
}

/** `p ??= load()`, `p ||= load()`: the right side runs while `p` is unfilled. */
export function lazyAssignment(node: TSESTree.AssignmentExpression, scope: GuardScope, source: string): RunCondition | undefined {
  if (node.operator !== '??=' && node.operator !== '||=') return undefined;
  const store = storeRead(node.left, scope);
  return store ? { kind: 'once', reason: `${conditionText(node.left, source)} ${node.operator} ...` } : undefined;
}

/** `p || (p = load())`, `p ?? (p = load())`: the right side fills the store the left side tested. */
export function lazyLogical(node: TSESTree.LogicalExpression, scope: GuardScope, source: string): RunCondition | undefined {
  if (node.operator === '&&') return undefined;
  const store = storeRead(node.left, scope);
  if (!store || !writesStore([node.right], store, source, scope)) return undefined;
  return { kind: 'once', reason: `${conditionText(node.left, source)} ${node.operator} (...)` };
}

/**
 * `const t = useCache && templates.get(name) || compile(read(name))` with
 * `templates.set(name, t)` later in the block: the right side runs once per
 * key, as for `p || (p = load())` (Etherpad's eejs template cache).
 */
export function fillLaterGuard(stmt: Node, rest: readonly Node[], scope: GuardScope, source: string): RunCondition | undefined {
  if (stmt.type !== 'VariableDeclaration' || stmt.declarations.length !== 1) return undefined;
  const init = stmt.declarations[0].init && unwrap(stmt.declarations[0].init);
  if (init?.type !== 'LogicalExpression' || init.operator === '&&') return undefined;
  const read = conjuncts(init.left).at(-1);
  const store = read && storeRead(read, scope);
  if (!store || !writesStore(rest, store, source, scope)) return undefined;
  return { kind: 'once', reason: `${conditionText(init.left, source)} ${init.operator} (...)` };
}

/** A file's module-level `function f() {}` and `const f = () => {}` (exported or not), for `GuardScope.calleeBody`. */
export class ModuleFunctions {
  private readonly byName = new Map<string, FunctionNode>();

  constructor(program: TSESTree.Program | undefined) {
    for (const raw of program?.body ?? []) {
      const stmt = raw.type === 'ExportNamedDeclaration' && raw.declaration ? raw.declaration : raw;
      if (stmt.type === 'FunctionDeclaration' && stmt.id) this.byName.set(stmt.id.name, stmt);
      if (stmt.type !== 'VariableDeclaration') continue;
      for (const d of stmt.declarations) {
        const init = d.init && unwrap(d.init);
        if (d.id.type === 'Identifier' && (init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression')) this.byName.set(d.id.name, init);
      }
    }
  }

  /** The body of the function `name` and the names it declares for itself (read only for the function asked about). */
  body(name: string): { body: Node; locals: ReadonlySet<string> } | undefined {
    const fn = this.byName.get(name);
    return fn?.body ? { body: fn.body, locals: declaredNames(fn) } : undefined;
  }
}

/** Names a function declares for itself: its plain parameters and its `var`/`let`/`const` names, at any depth. */
function declaredNames(fn: FunctionNode): Set<string> {
  const names = new Set<string>();
  for (const p of fn.params) if (p.type === 'Identifier') names.add(p.name);
  const stack: Node[] = fn.body ? [fn.body] : [];
  for (let visited = 0; stack.length > 0 && visited < MAX_WRITE_SCAN; visited++) {
    const node = stack.pop()!;
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') names.add(node.id.name);
    pushChildren(node, stack);
  }
  return names;
}
