import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { SymbolRef } from '../model';
import { importValue, memberValue, PARSED_BODY_METHODS, patternBindings, requireSpecifier, staticString } from './imports';
import { propertyName, unwrap } from './ast';
import { derivedStep, external, LAST_ARGUMENT, type Value } from './values';

type Node = TSESTree.Node;
type Call = TSESTree.CallExpression | TSESTree.NewExpression;

/** Global objects whose members are library APIs (`JSON.parse`, `Atomics.wait`). */
const GLOBALS = new Set([
  'JSON', 'Atomics', 'Date', 'Math', 'process', 'Buffer', 'Promise', 'Object', 'Reflect', 'performance',
  'structuredClone', 'fetch', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'require', 'RegExp',
]);

/** Global functions whose result carries their argument's data. */
const PASS_THROUGH = new Set(['String', 'decodeURIComponent', 'decodeURI', 'unescape']);

const FILE_READ = /^fs(\.promises)?\.readFile(Sync)?$/;

/** A class being walked: what `this.<field>` holds (injected services, `this.db = new Database()`). */
export interface ClassContext {
  name: string;
  fields: Map<string, Value | undefined>;
}

/**
 * What the walk of one function asked of the frames around its own (those
 * below `base`) and of the class it is in, one answer per question: a replay
 * of that walk (`bodyMemo.ts`) holds while each question gets the same answer.
 */
export interface OuterReads {
  base: number;
  lookup: Map<string, Value | undefined>;
  bound: Map<string, boolean>;
  local: Map<string, boolean>;
  thisMember: Map<string, Value | undefined>;
  thisMethod: Map<string, string | undefined>;
  type: Map<string, Value | undefined>;
  /** Assignments to a name of an outer frame: what other code reads there changed. */
  writes: number;
}

export function outerReads(base: number): OuterReads {
  return { base, lookup: new Map(), bound: new Map(), local: new Map(), thisMember: new Map(), thisMethod: new Map(), type: new Map(), writes: 0 };
}

/**
 * Lexical bindings (one map per function; block scopes share it) and the
 * values expressions denote under them. Pure: nothing here records calls.
 */
export class Scope {
  private readonly scopes: Array<Map<string, Value | undefined>> = [new Map()];
  private readonly classes: ClassContext[] = [];
  /** Names imported with `import type`: they only ever appear in annotations. */
  private readonly types = new Map<string, Value>();
  /** Set while a function's walk is watched: what it reads outside its own frames goes here. */
  reads: OuterReads | undefined;

  /** The answer to one of the questions `OuterReads` keeps. */
  answer(question: Exclude<keyof OuterReads, 'base' | 'writes'>, name: string): unknown {
    switch (question) {
      case 'lookup':
        return this.lookup(name);
      case 'bound':
        return this.isBound(name);
      case 'local':
        return this.isLocal(name);
      case 'thisMember':
        return this.thisMember(name);
      case 'thisMethod':
        return this.thisMethod(name);
      case 'type':
        return this.typeNamed(name);
    }
  }

  /** How many frames are open (the module's included). */
  get frames(): number {
    return this.scopes.length;
  }

  push(): void {
    this.scopes.push(new Map());
  }

  pop(): void {
    this.scopes.pop();
  }

  pushClass(ctx: ClassContext): void {
    this.classes.push(ctx);
  }

  popClass(): void {
    this.classes.pop();
  }

  currentClass(): ClassContext | undefined {
    return this.classes[this.classes.length - 1];
  }

  /** Re-binds an existing name where it was declared (`x = require('fs')`). */
  assign(name: string, value: Value | undefined): void {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      if (this.scopes[i].has(name)) {
        this.scopes[i].set(name, value);
        if (this.reads && i < this.reads.base) this.reads.writes++;
        return;
      }
    }
  }

  bindType(name: string, value: Value): void {
    this.types.set(name, value);
  }

  bind(name: string, value: Value | undefined): void {
    this.scopes[this.scopes.length - 1].set(name, value);
  }

  lookup(name: string): Value | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const scope = this.scopes[i];
      if (scope.has(name)) {
        const value = scope.get(name);
        if (this.reads && i < this.reads.base) this.reads.lookup.set(name, value);
        return value;
      }
    }
    const value = GLOBALS.has(name) ? external(name) : undefined;
    this.reads?.lookup.set(name, value);
    return value;
  }

  isBound(name: string): boolean {
    return this.boundDownTo(name, 0, 'bound');
  }

  /** Bound inside a function (a local or parameter), not at module level. */
  isLocal(name: string): boolean {
    return this.boundDownTo(name, 1, 'local');
  }

  /** Whether a frame from the innermost down to `lowest` binds `name` (noted as `question` when the answer comes from outside the watched function). */
  private boundDownTo(name: string, lowest: number, question: 'bound' | 'local'): boolean {
    for (let i = this.scopes.length - 1; i >= lowest; i--) {
      if (!this.scopes[i].has(name)) continue;
      if (this.reads && i < this.reads.base) this.reads[question].set(name, true);
      return true;
    }
    this.reads?.[question].set(name, false);
    return false;
  }

  bindPattern(pattern: Node, value: Value | undefined): void {
    const out: Array<[string, Value | undefined]> = [];
    patternBindings(pattern, value, out);
    for (const [name, v] of out) this.bind(name, v);
  }

  /** What an expression denotes. */
  valueOf(raw: Node | null | undefined): Value | undefined {
    if (!raw) return undefined;
    const node = unwrap(raw);
    switch (node.type) {
      case 'Identifier':
        return this.lookup(node.name);
      case 'ThisExpression':
        return undefined;
      case 'MemberExpression': {
        const prop = propertyName(node);
        if (prop === undefined) return this.lastOfRest(node);
        if (node.object.type === 'ThisExpression') return this.thisMember(prop);
        return memberValue(this.valueOf(node.object), prop);
      }
      case 'AwaitExpression':
        return this.valueOf(node.argument);
      case 'ImportExpression': {
        // `await import('./main')`: the module, as `require` gives it.
        const spec = staticString(node.source);
        return spec === undefined ? undefined : importValue(spec, '*');
      }
      case 'CallExpression':
      case 'NewExpression':
        return this.resultOf(node);
      case 'Literal':
        return 'regex' in node && node.regex ? { kind: 'regex', pattern: node.regex.pattern, flags: node.regex.flags } : undefined;
      case 'LogicalExpression':
        return this.valueOf(node.left) ?? this.valueOf(node.right);
      case 'AssignmentExpression':
        // `const router = module.exports = Router()`
        return node.operator === '=' ? this.valueOf(node.right) : undefined;
      case 'ConditionalExpression':
        return this.valueOf(node.consequent) ?? this.valueOf(node.alternate);
      case 'TemplateLiteral':
        // `${req.body}` is still request data.
        return node.expressions.map((e) => this.valueOf(e)).find((v) => v?.kind === 'input');
      default:
        return undefined;
    }
  }

  /**
   * `args[args.length - 1]` on a rest parameter: the call's last argument, however many come before it (NodeBB's
   * route helpers take the controller last, after optional middleware).
   */
  private lastOfRest(node: TSESTree.MemberExpression): Value | undefined {
    const index = unwrap(node.property);
    if (!node.computed || node.object.type !== 'Identifier' || index.type !== 'BinaryExpression' || index.operator !== '-') return undefined;
    const length = unwrap(index.left as Node);
    const one = unwrap(index.right);
    const sameArray = length.type === 'MemberExpression' && propertyName(length) === 'length' && length.object.type === 'Identifier' && length.object.name === node.object.name;
    if (!sameArray || one.type !== 'Literal' || one.value !== 1) return undefined;
    const rest = this.valueOf(node.object);
    return rest?.kind === 'param' && rest.rest && rest.slot ? { kind: 'param', slot: { fn: rest.slot.fn, index: LAST_ARGUMENT, path: '' } } : undefined;
  }

  thisMember(prop: string): Value | undefined {
    const cls = this.classes[this.classes.length - 1];
    const value: Value | undefined = !cls ? undefined : cls.fields.has(prop) ? cls.fields.get(prop) : { kind: 'project', ref: { module: null, name: `${cls.name}.${prop}` } };
    this.reads?.thisMember.set(prop, value);
    return value;
  }

  /** The method `this.<prop>` names (`Class.prop`), unless a field of that name holds something else. */
  thisMethod(prop: string): string | undefined {
    const cls = this.classes[this.classes.length - 1];
    const name = cls && !cls.fields.has(prop) ? `${cls.name}.${prop}` : undefined;
    this.reads?.thisMethod.set(prop, name);
    return name;
  }

  /** The value a call or `new` produces. */
  resultOf(node: Call): Value | undefined {
    const spec = requireSpecifier(node);
    if (spec !== undefined) return importValue(spec, '*');
    // `String(req.query.q)`, `decodeURIComponent(x)` keep their argument's provenance.
    if (node.callee.type === 'Identifier' && PASS_THROUGH.has(node.callee.name) && !this.isBound(node.callee.name)) {
      const arg = this.valueOf(node.arguments[0]);
      return arg?.kind === 'input' || arg?.kind === 'param' ? arg : undefined;
    }
    const callee = this.valueOf(node.callee);
    if (!callee) return undefined;
    if (callee.kind === 'external') {
      if (callee.name === 'RegExp') {
        const pattern = staticString(node.arguments[0]);
        return pattern === undefined ? undefined : { kind: 'regex', pattern, flags: staticString(node.arguments[1]) ?? '' };
      }
      if (FILE_READ.test(callee.name)) return { kind: 'file-content' };
      return external(`${callee.name}()`);
    }
    if (callee.kind === 'project' && node.type === 'NewExpression') return { kind: 'instance', ref: callee.ref };
    if (callee.kind === 'project') return { kind: 'returned', ref: callee.ref };
    // `getDb().prepare(q)`, `conn.prepare(q)` with `conn` a parameter, `this.db.prepare(q)` with `this.db = db` in the constructor.
    if (callee.kind === 'returned' || callee.kind === 'derived' || callee.kind === 'param') return derivedStep(callee, '()');
    if (callee.kind === 'input') {
      // `await req.json()`: the body, parsed; `req.body.toString()` and the like keep what they had.
      const method = node.callee.type === 'MemberExpression' ? propertyName(node.callee) : undefined;
      return !callee.part && method !== undefined && PARSED_BODY_METHODS.has(method) ? { ...callee, part: 'body' } : callee;
    }
    return undefined;
  }

  /** The value of a declared type: an injected `ReportsService`, a `Database` field, `db.Pool | null`. */
  valueOfType(annotation: TSESTree.TSTypeAnnotation | undefined): Value | undefined {
    return this.valueOfTypeNode(annotation?.typeAnnotation);
  }

  /** `Promise<Database>`, as an async function declares what it gives: the value awaiting it gives. */
  valueOfReturnType(annotation: TSESTree.TSTypeAnnotation | undefined): Value | undefined {
    const type = annotation?.typeAnnotation;
    const promised = type?.type === 'TSTypeReference' && type.typeName.type === 'Identifier' && type.typeName.name === 'Promise' ? type.typeArguments?.params[0] : undefined;
    return this.valueOfTypeNode(promised ?? type);
  }

  private valueOfTypeNode(type: TSESTree.TypeNode | undefined): Value | undefined {
    if (type?.type === 'TSUnionType') {
      for (const member of type.types) {
        const value = this.valueOfTypeNode(member);
        if (value) return value;
      }
      return undefined;
    }
    if (type?.type !== 'TSTypeReference') return undefined;
    const parts: string[] = [];
    let name: TSESTree.EntityName = type.typeName;
    while (name.type === 'TSQualifiedName') {
      parts.unshift(name.right.name);
      name = name.left;
    }
    if (name.type !== 'Identifier') return undefined;
    return this.valueOfTypeNames([{ name: [name.name, ...parts].join('.') }]);
  }

  /** The first of these type names (JSDoc's `Store`, `import('./db').Store`) that denotes a project class or a library type. */
  valueOfTypeNames(names: Array<{ spec?: string; name: string }>): Value | undefined {
    for (const { spec, name } of names) {
      const [head, ...rest] = name.split('.');
      let value = spec !== undefined ? importValue(spec, head) : this.lookup(head) ?? this.typeNamed(head);
      for (const part of rest) value = memberValue(value, part);
      if (value?.kind === 'project') return { kind: 'instance', ref: value.ref };
      if (value?.kind === 'external') return external(`${value.name}()`);
    }
    return undefined;
  }

  /** A name imported with `import type`. */
  typeNamed(name: string): Value | undefined {
    const value = this.types.get(name);
    this.reads?.type.set(name, value);
    return value;
  }

  refOf(node: Node): SymbolRef | undefined {
    const n = unwrap(node);
    const value = this.valueOf(n);
    if (value?.kind === 'project') return value.ref.name === '' ? { module: value.ref.module, name: 'default' } : value.ref;
    // An exported instance (`export const store = new UserStore()`) stands for its class: `store.list` → `UserStore.list`.
    if (value?.kind === 'instance') return value.ref;
    return undefined;
  }
}
