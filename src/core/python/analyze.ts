import * as path from 'path';
import type { Node, Tree } from 'web-tree-sitter';
import type { AnalysisError, ArgumentFact, ArgumentFacts, CallSite, ClassInfo, ConstArgs, ConstructionSite, FileModel, FunctionInfo, ParamGuard, Range, RunCondition, Span, SymbolRef, TypeRef, ValueSpec } from '../model';
import { rangeOf, spanOf } from './ranges';
import { awaitsArguments } from './awaiting';
import { readImport } from './imports';
import { NameResolver } from './names';
import { isOffloadHelper, iteratesInThread, OFFLOAD_PASSTHROUGH } from './offload';
import { readSuppressions } from './suppressions';
import { callbackArgs, callbackLabel } from './edges/callbacks';
import { partialResult } from './edges/partial';
import { accessEdges, accessorOf } from './edges/properties';
import { edgeSite } from './edges/site';
import { withEdges } from './edges/contextManagers';
import { decoratorEdges, markWrappers } from './edges/decorators';
import { builtinEdges, comparisonEdges, iterationEdges, subscriptEdges, truthEdges } from './edges/dunders';
import type { CallRecord, CalleeMember, ClassSyntax, DecoratorRecord, FunctionSyntax, ParamRecord, PyFileFacts } from './syntax';
import { DJANGO_MODEL_INSTANCE, ext, externalName, instanceOf, itemsOf, Scope, unionOf, UNKNOWN, type Value } from './types';
import { devCondition, earlyExitGuard, exitsWithoutElse, lazyInitElseGuard, lazyInitExceptGuard, lazyInitGuard, type GuardScope } from './guards';
import { afterExitGuard, consequenceGuard, constValue, paramInfos } from './paramGuards';
import { decidesBranches } from '../index/paramGuards';
import { markMemoized, type DevRegion } from './runsOnce';
import { argumentFacts, constantValue } from './arguments';
import type { RuleCatalog } from '../rules/catalog';
import { hasParamFact, readsArguments } from '../rules/cost';
import { aliasValue, annotationValue, type AnnotationReader } from './values/annotations';
import { injectedValue } from './values/injection';
import { evaluationSite, protocolOfBuiltin, subscriptEvaluates, type Protocol } from './values/lazy';
import { dividedPath } from './values/pathlib';
import { iteratedElement } from './values/iterated';
import { specsOf, specsOfAll } from './values/spec';
import { isForeverLoop } from './patterns/foreverLoop';
import { callFlags } from '../callFlags';

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
/** Methods of Python's lists, sets and deques that add items: which argument, and whether it is one item or an iterable of them. */
const COLLECTION_ADDS = new Map<string, { argument: number; each: boolean }>([
  ['append', { argument: 0, each: false }],
  ['appendleft', { argument: 0, each: false }],
  ['add', { argument: 0, each: false }],
  ['insert', { argument: 1, each: false }],
  ['extend', { argument: 0, each: true }],
  ['update', { argument: 0, each: true }],
]);
/** Decorators making a method's result an attribute of the instance. */
const PROPERTY_DECORATORS = new Set(['property', 'cached_property', 'functools.cached_property']);
const MAX_SYNTAX_ERRORS = 5;
/** Nesting depth beyond which expressions are scanned iteratively (keeps the JS stack safe). */
const MAX_DEPTH = 1000;

export { rangeOf, spanOf } from './ranges';

/** Dotted module name of a file relative to its root (`pkg/mod.py` → `pkg.mod`, `pkg/__init__.py` → `pkg`). */
export function moduleNameOf(file: string, root: string): string | undefined {
  const relative = path.relative(root, file);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const parts = relative.replace(/\.pyi?$/, '').split(/[\\/]/);
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return parts.length > 0 ? parts.join('.') : undefined;
}

/** `x = f(...)` among the statements before the one holding `at`, in the same block: the call `x` names there. */
function assignedCallBefore(at: Node, name: string): Node | undefined {
  let statement: Node | null = at;
  while (statement?.parent && statement.parent.type !== 'block') statement = statement.parent;
  for (let prev = statement?.previousNamedSibling ?? null; prev; prev = prev.previousNamedSibling) {
    const assignment = prev.type === 'expression_statement' ? prev.namedChildren[0] : null;
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== name) continue;
    const right = assignment.childForFieldName('right');
    return right?.type === 'call' ? right : undefined;
  }
  return undefined;
}

/** Methods a framework runs on the handler object before the handler method. */
const SETUP_METHODS = new Set(['__init__', 'initialize', 'prepare']);

interface Ctx {
  /** Where calls seen here are recorded. */
  fn: FunctionInfo;
  scope: Scope;
  /** Prefix of names defined here: '' at module level, `outer.` in a function, `Cls.` in a class body. */
  prefix: string;
  /** Set when directly inside a class body. */
  cls?: ClassSyntax;
  /** Name of the enclosing function (not class) for nested definitions. */
  enclosingFn?: string;
  /** Inside a method: the name of its `self` parameter and its class. */
  selfName?: string;
  selfClass?: ClassSyntax;
  /** Inside a method (or classmethod): its class, for `super()`. */
  methodClass?: ClassSyntax;
  /** Names declared `global` in the current function. */
  globals?: Set<string>;
  /** In `__init__`: its untyped parameters after `self`, by position. */
  initParams?: Map<string, number>;
  offloaded: boolean;
  /** Set inside a lazy-initialisation or development-only branch (`guards.ts`): calls recorded here carry it. */
  condition?: RunCondition;
  /** The enclosing function's parameters, for branches decided by one (`paramGuards.ts`) and arguments passed on. */
  params?: readonly ParamRecord[];
  /** Their names, in order. */
  paramNames?: readonly string[];
  /** Set inside a branch a parameter decides: calls recorded here carry it. */
  paramGuard?: ParamGuard;
  /** Function bodies run after the enclosing body, so they see its final bindings (as Python does). */
  deferred: Array<{ name: string; run: () => void }>;
}

export interface AnalysisOutput {
  model: FileModel;
  facts: PyFileFacts;
  devRegions: DevRegion[];
}

/** Lengths of the walker's ordered outputs at one moment: a body's outputs are the slices between two marks. */
export interface ListMarks {
  calls: number;
  functions: number;
  constructions: number;
  devRegions: number;
  /** Classes named so far (`names.classes`, in insertion order). */
  classes: number;
}

/**
 * A write by a function body to state other bodies read: module names
 * bound through `global`, attributes and constructor arguments of a class,
 * its rebound methods, the file's Django flag; and what feeds the facts
 * (imports in a body, functions handed to an offload helper). Logged so a
 * body can be re-run alone (incremental.ts) only when this stays the same.
 */
export type SharedWrite =
  | { kind: 'global'; name: string; before: Value | undefined; after: Value }
  | { kind: 'attr'; cls: ClassSyntax; name: string; before: Value | undefined; after: Value }
  | { kind: 'ctorArg'; cls: ClassSyntax; name: string; before: { index: number; name: string } | undefined; after: { index: number; name: string } }
  | { kind: 'rebound'; cls: ClassSyntax; before: ClassSyntax['rebound']; after: ClassSyntax['rebound'] }
  | { kind: 'django' }
  | { kind: 'import'; module: string }
  | { kind: 'offloaded'; name: string };

/**
 * One body the walk ran directly from the module or a top-level class: a
 * top-level function, a method, or a class nested in a class body. `rerun`
 * (functions only) walks the body again from a new tree's definition node.
 */
export interface BodyRun {
  syntax?: FunctionSyntax;
  from: ListMarks;
  to: ListMarks;
  writes: SharedWrite[];
  /** Calls the definition itself recorded on the function (its decorators' edges): the body's come after. */
  ownCallsBefore: number;
  rerun?: (definition: Node) => void;
}

/**
 * One walk over one tree: evaluates every expression to a `Value` while
 * recording calls (with resolved targets), functions, classes and imports.
 * Function bodies are deferred until their enclosing body is done.
 */
export class Walker {
  readonly functions: FunctionSyntax[] = [];
  readonly calls: CallRecord[] = [];
  /** Calls by node id; by span too once an incremental re-walk left records in several trees (incremental.ts builds it). */
  readonly callById = new Map<number, CallRecord>();
  callBySpan: Map<number, CallRecord> | undefined;
  readonly exports = new Map<string, SymbolRef>();
  readonly topLevelImports: Array<{ line: number; module: string }> = [];
  readonly importedModules = new Set<string>();
  readonly moduleAssigns = new Set<string>();
  /** Nested functions handed to an offload helper. */
  readonly offloadedFunctions = new Set<string>();
  moduleCode: FunctionInfo;
  readonly moduleScope = new Scope();
  readonly names = new NameResolver();
  /** Development-only branches anywhere in the file: handlers registered inside them are development-only. */
  readonly devRegions: DevRegion[] = [];
  /** Module-level `NAME = <number or string literal>`, for the cost model. */
  readonly constants = new Map<string, number | string>();
  /** Lazy objects already loaded in a function (`fn\0request.user`): only the first read is recorded. */
  readonly lazyReads = new Set<string>();
  /** Project calls with arguments of known value, for constructor parameters (`ConstructionSite`). */
  readonly constructions: ConstructionSite[] = [];
  /** What each function returns (or yields), in order seen. */
  readonly returnValues = new Map<FunctionInfo, Value[]>();
  /** Functions whose return annotation says what they give: their `return`s are not needed. */
  readonly annotatedReturns = new Set<FunctionInfo>();
  /** Bodies run directly from the module or a top-level class, in order (see BodyRun). */
  readonly runs: BodyRun[] = [];
  /** The run under way: what it writes that other bodies read is logged on it. */
  private currentRun: { writes: SharedWrite[] } | undefined;
  private depth = 0;
  private readonly foreverLoopRule: string | undefined;

  constructor(
    public root: Node,
    private readonly rules?: RuleCatalog,
    readonly moduleName?: string,
  ) {
    this.names.ownPackage = moduleName?.split('.')[0];
    this.foreverLoopRule = rules?.byMatcher('python', 'busy-wait')?.id;
    const range = rangeOf(root);
    this.moduleCode = {
      name: '<module>',
      isAsync: false,
      range,
      span: spanOf(root),
      nameRange: { line: 1, column: 1, endLine: 1, endColumn: 1 },
      calls: [],
      patterns: [],
    };
  }

  run(): void {
    const ctx: Ctx = { fn: this.moduleCode, scope: this.moduleScope, prefix: '', offloaded: false, deferred: [] };
    this.visitChildren(this.root, ctx);
    this.runDeferred(ctx);
    this.finish();
  }

  /** Passes over every function once the bodies have run; again after one body ran anew. */
  finish(): void {
    markWrappers(this.functions);
    for (const fn of this.functions) {
      const offloadedByDecorator = fn.decorators.some((d) => {
        const name = this.names.nameForMatching(d.value, d.call ? d.call.site.text : d.node.text);
        return name !== undefined && isOffloadHelper(name);
      });
      if (offloadedByDecorator || (fn.nested && this.offloadedFunctions.has(fn.info.name))) {
        for (const call of fn.info.calls) call.offloaded = true;
      }
    }
    markMemoized(this.functions, this.names);
  }

  /** The record of the call `node`, when the walk recorded one. */
  callAt(node: Node | null | undefined): CallRecord | undefined {
    if (!node) return undefined;
    return this.callById.get(node.id) ?? (this.callBySpan && node.type === 'call' ? this.callBySpan.get(spanKey(node.startIndex, node.endIndex)) : undefined);
  }

  indexCall(record: CallRecord): void {
    this.callById.set(record.node.id, record);
    this.callBySpan?.set(spanKey(record.site.span.start, record.site.span.end), record);
  }

  /** Indexes every call again, by span too: after a re-walk the records point into several trees. */
  indexCallsBySpan(): void {
    this.callById.clear();
    this.callBySpan = new Map();
    for (const record of this.calls) this.indexCall(record);
  }

  marks(): ListMarks {
    return { calls: this.calls.length, functions: this.functions.length, constructions: this.constructions.length, devRegions: this.devRegions.length, classes: this.names.classes.size };
  }

  /** Runs a body; directly from the module or a top-level class, it is recorded as a BodyRun with what it wrote. */
  private tracked(syntax: FunctionSyntax | undefined, body: () => void, rerun?: (definition: Node) => void): void {
    if (this.currentRun) {
      body();
      return;
    }
    const from = this.marks();
    const ownCallsBefore = syntax?.info.calls.length ?? 0;
    const writes = this.logged(body);
    this.runs.push({ syntax, from, to: this.marks(), writes, ownCallsBefore, ...(syntax && rerun ? { rerun } : {}) });
  }

  /** Runs a recorded body again (incremental.ts): what it writes, and the class attributes it reads, are returned. */
  rerunBody(body: () => void): { writes: SharedWrite[]; attrReads: Set<string> } {
    const attrReads = new Set<string>();
    this.names.attrReads = attrReads;
    try {
      return { writes: this.logged(body), attrReads };
    } finally {
      this.names.attrReads = undefined;
    }
  }

  /** Runs `body` as the run under way: the writes it logs are returned. */
  private logged(body: () => void): SharedWrite[] {
    const run = { writes: [] as SharedWrite[] };
    this.currentRun = run;
    try {
      body();
    } finally {
      this.currentRun = undefined;
    }
    return run.writes;
  }

  private logWrite(write: SharedWrite): void {
    this.currentRun?.writes.push(write);
  }

  private runDeferred(ctx: Ctx): void {
    // Deferred bodies may defer more (nested defs); they run with their own lists.
    for (let i = 0; i < ctx.deferred.length; i++) ctx.deferred[i].run();
  }

  // -------------------------------------------------------------------------
  // Walk
  // -------------------------------------------------------------------------

  private visitChildren(node: Node, ctx: Ctx): void {
    for (const child of node.namedChildren) if (child) this.visit(child, ctx);
  }

  /** Guards the recursion: absurdly deep expressions (generated code) are scanned flat instead. */
  private visit(node: Node, ctx: Ctx): Value {
    if (this.depth >= MAX_DEPTH) {
      this.visitFlat(node, ctx);
      return UNKNOWN;
    }
    this.depth++;
    try {
      return this.visitNode(node, ctx);
    } finally {
      this.depth--;
    }
  }

  /**
   * Iterative fallback below MAX_DEPTH: records every call with a target
   * resolved from its dotted callee text (`time.sleep`), without values,
   * types or flags beyond the current context's.
   */
  private visitFlat(root: Node, ctx: Ctx): void {
    const stack: Node[] = [root];
    // `node.parent` walks down from the root in web-tree-sitter: remember awaited calls instead.
    const awaited = new Set<number>();
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'call') {
        const fnNode = node.childForFieldName('function');
        if (fnNode) this.recordFlatCall(node, fnNode, ctx, awaited.has(node.id));
      } else if (node.type === 'await') {
        const inner = node.namedChildren[0];
        if (inner?.type === 'call') awaited.add(inner.id);
      }
      const children = node.namedChildren;
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child) stack.push(child);
      }
    }
  }

  /** A dotted name's value in the module scope, or undefined for other expressions. */
  resolveDotted(text: string, scope: Scope = this.moduleScope, node?: Node): Value | undefined {
    if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(text)) return undefined;
    const [head, ...rest] = text.split('.');
    let value = this.names.lookup(head, scope);
    for (const part of rest) value = this.names.member(value, part, node ?? this.root);
    return value;
  }

  private recordFlatCall(node: Node, fnNode: Node, ctx: Ctx, awaited: boolean): void {
    const text = fnNode.text;
    const callee = this.resolveDotted(text, ctx.scope, fnNode) ?? UNKNOWN;
    const site: CallSite = {
      span: spanOf(node),
      text,
      target: this.names.targetOf(callee, text),
      ...callFlags(awaited, ctx.offloaded),
    };
    if (ctx.condition) site.condition = ctx.condition;
    if (ctx.paramGuard) site.paramGuard = ctx.paramGuard;
    ctx.fn.calls.push(site);
  }

  private visitNode(node: Node, ctx: Ctx): Value {
    const type = node.type;
    switch (type) {
      case 'identifier':
        return this.names.lookup(node.text, ctx.scope);
      case 'attribute':
        return this.visitAttribute(node, ctx, false).value;
      case 'call':
        return this.visitCall(node, ctx, false, false);
      case 'await': {
        let inner = node.namedChildren[0];
        while (inner?.type === 'parenthesized_expression') inner = inner.namedChildren.find((c) => c?.type !== 'comment') ?? null;
        if (!inner) return UNKNOWN;
        if (inner.type === 'call') return this.visitCall(inner, ctx, true, false);
        return this.visit(inner, ctx);
      }
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => c && c.type !== 'comment');
        return inner ? this.visit(inner, ctx) : UNKNOWN;
      }
      case 'string':
      case 'concatenated_string':
        // Only f-string interpolations can hold calls.
        if (node.text.includes('{')) this.visitChildren(node, ctx);
        return ext('builtins.str()');
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
        return UNKNOWN;
      case 'comment':
        return UNKNOWN;
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
        this.visitImport(node, ctx);
        return UNKNOWN;
      case 'decorated_definition':
        this.visitDecorated(node, ctx);
        return UNKNOWN;
      case 'function_definition':
        this.visitFunction(node, ctx, []);
        return UNKNOWN;
      case 'class_definition':
        this.visitClass(node, ctx, []);
        return UNKNOWN;
      case 'assignment':
        return this.visitAssignment(node, ctx);
      case 'named_expression': {
        const value = this.visitField(node, 'value', ctx);
        const name = node.childForFieldName('name');
        if (name) this.bindTarget(name, value, ctx);
        return value;
      }
      case 'with_statement':
        this.visitWith(node, ctx);
        return UNKNOWN;
      case 'return_statement':
      case 'yield':
        this.recordReturn(node, ctx);
        return UNKNOWN;
      case 'binary_operator':
        return this.visitBinary(node, ctx);
      case 'subscript':
        return this.visitSubscript(node, ctx);
      case 'list':
      case 'tuple':
      case 'set':
        return itemsOf(node.namedChildren.flatMap((child) => (child && child.type !== 'comment' ? [this.visit(child, ctx)] : [])));
      case 'while_statement':
        if (ctx.fn.isAsync && this.foreverLoopRule && isForeverLoop(node)) {
          const condition = node.childForFieldName('condition')!;
          ctx.fn.patterns.push({ ruleId: this.foreverLoopRule, span: spanOf(condition), text: `while ${condition.text}`, ...(ctx.condition ? { condition: ctx.condition } : {}) });
        }
        this.visitCondition(node, ctx);
        return UNKNOWN;
      case 'for_statement':
        this.visitFor(node, ctx);
        return UNKNOWN;
      case 'if_statement':
        this.visitIf(node, ctx);
        return UNKNOWN;
      case 'try_statement':
        this.visitTry(node, ctx);
        return UNKNOWN;
      case 'block':
        this.visitBlock(node, ctx);
        return UNKNOWN;
      case 'as_pattern': {
        // `except E as e` (with-items are handled in visitWith).
        const expr = node.namedChildren[0];
        if (expr) this.visit(expr, ctx);
        const alias = node.childForFieldName('alias')?.namedChildren[0];
        if (alias) this.bindTarget(alias, UNKNOWN, ctx);
        return UNKNOWN;
      }
      case 'lambda':
        this.visitLambda(node, ctx, ctx.offloaded);
        return UNKNOWN;
      case 'conditional_expression': {
        // `a if test else b`: either value.
        const [body, test, orelse] = node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
        const values = [body, orelse].map((branch) => (branch ? this.visit(branch, ctx) : UNKNOWN));
        if (test) this.visit(test, ctx);
        return unionOf(values);
      }
      case 'boolean_operator': {
        // `a or b`, `a and b`: the value of one operand or the other.
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        return unionOf([left ? this.visit(left, ctx) : UNKNOWN, right ? this.visit(right, ctx) : UNKNOWN]);
      }
      case 'comparison_operator': {
        const operands = node.namedChildren.filter((c) => c && c.type !== 'comment').map((c) => this.visit(c!, ctx));
        this.edges(ctx, comparisonEdges(node, operands, this.names, ctx.offloaded));
        return UNKNOWN;
      }
      case 'not_operator': {
        const operand = node.childForFieldName('argument');
        if (operand) this.edges(ctx, truthEdges(node, this.visit(operand, ctx), this.names, ctx.offloaded));
        this.markUnawaited(operand, 'tested');
        return UNKNOWN;
      }
      case 'global_statement':
        for (const name of node.namedChildren) if (name?.type === 'identifier') ctx.globals?.add(name.text);
        return UNKNOWN;
      case 'nonlocal_statement':
        return UNKNOWN;
      case 'expression_statement':
        // A lambda built and dropped never runs.
        if (node.namedChildren.length === 1 && node.namedChildren[0]?.type === 'lambda') return UNKNOWN;
        this.visitChildren(node, ctx);
        if (node.namedChildren.length === 1) this.markUnawaited(node.namedChildren[0], 'dropped');
        return UNKNOWN;
      case 'assert_statement':
        this.visitChildren(node, ctx);
        this.markUnawaited(node.namedChildren[0], 'tested');
        return UNKNOWN;
      default:
        if (COMPREHENSIONS.has(type)) return this.visitComprehension(node, ctx);
        this.visitChildren(node, ctx);
        return UNKNOWN;
    }
  }

  private visitField(node: Node, field: string, ctx: Ctx): Value {
    const child = node.childForFieldName(field);
    return child ? this.visit(child, ctx) : UNKNOWN;
  }

  private visitCall(node: Node, ctx: Ctx, awaited: boolean, inOffloadArg: boolean): Value {
    const fnNode = node.childForFieldName('function');
    const argsNode = node.childForFieldName('arguments');
    if (!fnNode) {
      this.visitChildren(node, ctx);
      return UNKNOWN;
    }
    const { value: callee, dispatch, member } = fnNode.type === 'attribute' ? this.visitAttribute(fnNode, ctx, true) : { value: this.visit(fnNode, ctx), dispatch: false, member: undefined };
    const calleeText = fnNode.text;
    const site: CallSite = {
      span: spanOf(node),
      text: calleeText,
      target: this.names.targetOf(callee, calleeText),
      ...callFlags(awaited, ctx.offloaded),
    };
    if (ctx.condition) site.condition = ctx.condition;
    if (ctx.paramGuard) site.paramGuard = ctx.paramGuard;
    if (site.target.kind === 'external' && readsArguments(this.rules?.matchCall('python', site.target.name))) {
      site.args = argumentFacts(argsNode, this.constants, ctx.paramNames);
      if (ctx.params && hasParamFact(site.args)) ctx.fn.params ??= paramInfos(ctx.params);
    }
    const alternatives = this.names.alternativeTargets(callee, calleeText);
    if (alternatives) site.alternatives = alternatives;
    if ((callee.kind === 'proj' || callee.kind === 'ext') && callee.edge) site.edge = callee.edge;
    if (dispatch) site.dispatch = true;
    ctx.fn.calls.push(site);
    const record: CallRecord = { node, callee, site, positional: [], keywords: new Map(), member };
    this.calls.push(record);
    this.indexCall(record);

    const matchName = this.names.nameForMatching(callee, calleeText);
    const offloads =
      matchName !== undefined && (isOffloadHelper(matchName) || (inOffloadArg && OFFLOAD_PASSTHROUGH.has(matchName)));
    const awaitsArgs = matchName !== undefined && awaitsArguments(matchName);
    // A project function may sit behind an absolute import the index resolves later: keep the constants that decide its branches.
    const consts: ConstArgs | undefined =
      site.target.kind !== 'unknown' && !(site.target.kind === 'external' && site.target.name.startsWith('builtins.')) ? { positional: [] } : undefined;
    if (argsNode) {
      for (const arg of argsNode.namedChildren) {
        if (!arg) continue;
        const argType = arg.type;
        if (argType === 'keyword_argument') {
          const nameNode = arg.childForFieldName('name');
          const valueNode = arg.childForFieldName('value');
          const name = nameNode?.text;
          if (consts && name) (consts.keywords ??= {})[name] = constValue(valueNode);
          if (!valueNode) continue;
          const value = offloads ? this.visitOffloadArg(valueNode, ctx) : this.visit(valueNode, ctx);
          if (name !== undefined) record.keywords.set(name, { node: valueNode, value });
        } else if (argType === 'comment' || argType === 'list_splat' || argType === 'dictionary_splat') {
          if (consts && argType !== 'comment') consts.spread = true;
          this.visit(arg, ctx);
        } else {
          consts?.positional.push(constValue(arg, argType));
          const value = offloads
            ? this.visitOffloadArg(arg, ctx)
            : awaitsArgs && argType === 'call'
              ? this.visitCall(arg, ctx, true, false)
              : this.visit(arg, ctx);
          record.positional.push({ node: arg, value });
          if (awaitsArgs && argType === 'call' && matchName) this.labelTask(arg, matchName);
        }
      }
    }
    if (site.args) withInstanceTypes(site.args, record);
    if (matchName !== undefined && iteratesInThread(matchName)) this.markStreamed(record);
    if (consts && decidesBranches(consts)) site.constArgs = consts;
    const protocol = protocolOfBuiltin(callee);
    if (protocol && record.positional[0]) this.recordEvaluation(node, record.positional[0].value, protocol, ctx);
    if (!offloads && matchName !== undefined) this.callbackEdges(matchName, record, ctx);
    this.recordConstruction(callee, record);
    this.noteRebinding(record, matchName, ctx);
    this.addItems(record, ctx);
    this.edges(ctx, builtinEdges(node, matchName, record.positional[0]?.value, this.names, ctx.offloaded));
    if (callee.kind === 'ext' && callee.name === 'builtins.super' && ctx.methodClass) return this.superOf(ctx.methodClass);
    return partialResult(matchName, record) ?? this.instanceOfFirstArgument(matchName, record) ?? this.names.resultOf(callee);
  }

  /** `get_object_or_404(User, pk=pk)`: an instance of the model (or manager's model) it is given. */
  private instanceOfFirstArgument(name: string | undefined, record: CallRecord): Value | undefined {
    if (name === undefined || !MODEL_GETTERS.has(name)) return undefined;
    const model = record.positional[0]?.value;
    if (model?.kind === 'proj' && !model.instance) return this.names.resultOf(model);
    // A library model (`django.contrib.auth.models.User`): a model instance, as `User.objects.get(...)` gives.
    return model?.kind === 'ext' && !model.name.includes('(') ? DJANGO_MODEL_INSTANCE : undefined;
  }

  /**
   * `x.attr`: the member's value. Read (not called), a project property or
   * descriptor runs here; called, a method of an instance may be overridden.
   */
  private visitAttribute(node: Node, ctx: Ctx, called: boolean): { value: Value; dispatch: boolean; member?: CalleeMember } {
    const objectNode = node.childForFieldName('object');
    const attrNode = node.childForFieldName('attribute');
    if (!objectNode || !attrNode) return { value: UNKNOWN, dispatch: false };
    const attr = attrNode.text;
    // Only an attribute name stored to in this scope can be read back (the path is built for those alone: every read comes here).
    const dotted = !called && ctx.fn !== this.moduleCode && ctx.scope.lookup(storedMarker(attr)) ? this.localAttributePath(node, ctx) : undefined;
    const stored = dotted === undefined ? undefined : ctx.scope.lookup(dotted);
    if (stored) return { value: stored, dispatch: false };
    const object = this.visit(objectNode, ctx);
    const value = this.names.member(object, attr, objectNode);
    if (!called) {
      for (const site of accessEdges(node, object, attr, this.names, ctx.offloaded)) ctx.fn.calls.push(site);
    }
    this.recordLazyRead(node, objectNode, object, ctx);
    // A method read from an instance, known here or evaluated by the workspace (another file's class, a factory's result).
    const fromInstance = (value.kind === 'proj' && value.bound === true) || (value.kind === 'returned' && (object.kind === 'returned' || (object.kind === 'proj' && object.instance)));
    return { value, dispatch: fromInstance && !isSuperCall(objectNode), member: { attr, object: objectNode } };
  }

  /**
   * `request.user.email`: reading any attribute of a lazy library object
   * loads it (Django's `request.user` queries the session and user tables).
   * Recorded as a call of `<object>.__getattr__` when a rule names that, once
   * per object per function: the first read loads it, later ones hit the cache.
   */
  private recordLazyRead(node: Node, objectNode: Node, object: Value, ctx: Ctx): void {
    if (object.kind !== 'ext' || !this.rules) return;
    const name = `${object.name}.__getattr__`;
    // Named exactly: a pattern such as `boto3.client().*` means calls, not attribute reads.
    if (!this.rules.matchCall('python', name)?.calls?.includes(name)) return;
    const key = `${ctx.fn.name}\0${objectNode.text}`;
    if (this.lazyReads.has(key)) return;
    this.lazyReads.add(key);
    const site: CallSite = {
      span: spanOf(node),
      text: objectNode.text,
      target: { kind: 'external', name },
      ...callFlags(false, ctx.offloaded),
    };
    if (ctx.condition) site.condition = ctx.condition;
    if (ctx.paramGuard) site.paramGuard = ctx.paramGuard;
    ctx.fn.calls.push(site);
  }

  /** Records edges that are no call by name (operators, `with`, callbacks) where calls of `ctx` go. */
  private edges(ctx: Ctx, sites: CallSite[]): void {
    for (const site of sites) ctx.fn.calls.push(site);
  }

  /** Project functions handed to a call that runs them on this loop (`loop.call_soon(cb)`, `sorted(key=f)`). */
  private callbackEdges(name: string, record: CallRecord, ctx: Ctx): void {
    for (const arg of callbackArgs(name, record) ?? []) {
      const value = arg.value;
      const label = callbackLabel(name);
      const edge = value.kind !== 'unknown' && 'edge' in value && value.edge ? { kind: value.edge.kind, label: label.replace(/^callback/, 'partial') } : { kind: 'callback' as const, label };
      if (value.kind === 'ext') {
        const site = edgeSite(arg.node, { module: null, name: value.name }, edge, { offloaded: ctx.offloaded });
        site.target = { kind: 'external', name: value.name };
        ctx.fn.calls.push(site);
      } else if (value.kind === 'proj' && !value.instance) {
        ctx.fn.calls.push(edgeSite(arg.node, value.ref, edge, { offloaded: ctx.offloaded, dispatch: value.bound }));
      } else if (value.kind === 'returned') {
        // `self._cache.reload` with `_cache` known only to the workspace: it evaluates the method.
        const site = edgeSite(arg.node, value.ref, edge, { offloaded: ctx.offloaded, dispatch: true });
        site.target = { kind: 'value', of: value.ref, path: value.path, name: arg.node.text };
        ctx.fn.calls.push(site);
      }
    }
  }

  /**
   * A call whose result is dropped or tested for truth, not awaited: the
   * index reports it when the callee is an async function. The operands of
   * `and`/`or`/`not` in a test are tested too.
   */
  private markUnawaited(node: Node | null | undefined, use: 'dropped' | 'tested'): void {
    if (!node) return;
    switch (node.type) {
      case 'call': {
        const site = this.callAt(node)?.site;
        if (site && !site.awaited) site.unawaitedUse = use;
        return;
      }
      case 'parenthesized_expression':
        this.markUnawaited(node.namedChildren.find((c) => c?.type !== 'comment'), use);
        return;
      case 'not_operator':
        this.markUnawaited(node.childForFieldName('argument'), 'tested');
        return;
      case 'boolean_operator':
        if (use !== 'tested') return;
        this.markUnawaited(node.childForFieldName('left'), use);
        this.markUnawaited(node.childForFieldName('right'), use);
        return;
    }
  }

  /** `asyncio.create_task(refresh())`: the coroutine runs on this loop as a task; the chain says so. */
  private labelTask(arg: Node, helper: string): void {
    const last = helper.slice(helper.lastIndexOf('.') + 1);
    if (last !== 'create_task' && last !== 'ensure_future') return;
    const inner = this.callAt(arg);
    if (inner?.site.target.kind === 'project') inner.site.edge = { kind: 'task', label: `task created by ${last}` };
  }

  /** A lazy value evaluated at `node` (`list(qs)`, `for o in qs`): the query runs here. */
  private recordEvaluation(node: Node, value: Value, protocol: Protocol, ctx: Ctx): void {
    const site = evaluationSite(this.names, node, value, protocol, ctx.offloaded);
    if (site) ctx.fn.calls.push(site);
  }

  /** The calls handed straight to a response that iterates them in a thread (`StreamingResponse(gen(), ...)`, `content=gen()`). */
  private markStreamed(record: CallRecord): void {
    const [first] = record.positional;
    for (const argument of [first, ...record.keywords.values()]) {
      const site = argument && this.callAt(argument.node)?.site;
      if (site) site.streamedInThread = true;
    }
  }

  /** `return x` / `yield x`: what a call of the function gives (a generator dependency yields its value). */
  private recordReturn(node: Node, ctx: Ctx): void {
    if (node.type === 'yield' && ctx.fn !== this.moduleCode && !ctx.fn.isAsync) ctx.fn.generator = true;
    const expr = node.namedChildren.find((c) => c && c.type !== 'comment');
    const value = expr ? this.visit(expr, ctx) : UNKNOWN;
    if (ctx.fn === this.moduleCode || this.annotatedReturns.has(ctx.fn) || value.kind === 'unknown') return;
    if (node.type === 'yield' && node.children.some((c) => c?.type === 'from')) return;
    const list = this.returnValues.get(ctx.fn) ?? [];
    list.push(value);
    this.returnValues.set(ctx.fn, list);
  }

  /** `Path / "x"` is a path; other operators give nothing known. */
  private visitBinary(node: Node, ctx: Ctx): Value {
    const left = this.visitField(node, 'left', ctx);
    const right = this.visitField(node, 'right', ctx);
    const operator = node.childForFieldName('operator')?.type;
    if (operator === '/' && dividedPath(left.kind === 'ext' ? left.name : undefined, right.kind === 'ext' ? right.name : undefined)) {
      return ext('pathlib.Path()');
    }
    return UNKNOWN;
  }

  /** `qs[0]` and `qs[::2]` run the query; `qs[:10]` is still a queryset. */
  private visitSubscript(node: Node, ctx: Ctx): Value {
    const object = this.visitField(node, 'value', ctx);
    for (const index of node.childrenForFieldName('subscript')) if (index) this.visit(index, ctx);
    this.edges(ctx, subscriptEdges(node, object, this.names, ctx.offloaded));
    if (object.kind === 'items') return node.childForFieldName('subscript')?.type === 'slice' ? object : object.element;
    if (object.kind !== 'django-qs' && object.kind !== 'returned') return UNKNOWN;
    if (!subscriptEvaluates(node)) return object.kind === 'django-qs' ? object : UNKNOWN;
    this.recordEvaluation(node, object, '__getitem__', ctx);
    return object.kind === 'django-qs' && node.childForFieldName('subscript')?.type !== 'slice' ? DJANGO_MODEL_INSTANCE : UNKNOWN;
  }

  /** `while x:` (an `if` goes through visitIf). */
  private visitCondition(node: Node, ctx: Ctx): void {
    const condition = node.childForFieldName('condition');
    if (condition) this.visitTruthTest(condition, ctx);
    for (const child of node.namedChildren) if (child && child.id !== condition?.id) this.visit(child, ctx);
  }

  /** A condition tested for truth: a queryset asks the database for rows, a project instance runs its `__bool__`. */
  private visitTruthTest(condition: Node, ctx: Ctx): void {
    const value = this.visit(condition, ctx);
    this.markUnawaited(condition, 'tested');
    this.recordEvaluation(condition, value, '__bool__', ctx);
    this.edges(ctx, truthEdges(condition, value, this.names, ctx.offloaded));
  }

  /** `super()` in a method: an instance of the first base (its methods resolve through that base). */
  private superOf(cls: ClassSyntax): Value {
    const base = cls.bases[0]?.value;
    if (base?.kind === 'proj' && !base.instance) return { ...base, instance: true };
    if (base?.kind === 'ext') return ext(`${base.name}()`);
    return UNKNOWN;
  }

  /** An argument of an offload helper: lambdas and nested defs passed here run off the loop. */
  private visitOffloadArg(node: Node, ctx: Ctx): Value {
    if (node.type === 'lambda') {
      this.visitLambda(node, ctx, true);
      return UNKNOWN;
    }
    if (node.type === 'call') return this.visitCall(node, ctx, false, true);
    const value = this.visit(node, ctx);
    if (value.kind === 'proj' && value.ref.module === null && !value.instance) {
      this.offloadedFunctions.add(value.ref.name);
      this.logWrite({ kind: 'offloaded', name: value.ref.name });
    }
    return value;
  }

  private visitLambda(node: Node, ctx: Ctx, offloaded: boolean): void {
    const scope = new Scope(ctx.scope);
    const params = node.childForFieldName('parameters');
    if (params) {
      for (const param of params.namedChildren) {
        if (!param) continue;
        const name = param.type === 'identifier' ? param : param.childForFieldName('name') ?? param.namedChildren[0];
        if (name?.type === 'identifier') scope.bind(name.text, UNKNOWN);
        const dflt = param.childForFieldName('value');
        if (dflt) this.visit(dflt, ctx);
      }
    }
    const body = node.childForFieldName('body');
    if (body) this.visit(body, { ...ctx, scope, offloaded });
  }

  /** A comprehension's items: what its body gives for each (a dict comprehension's are not followed). */
  private visitComprehension(node: Node, ctx: Ctx): Value {
    const inner: Ctx = { ...ctx, scope: new Scope(ctx.scope) };
    const body = node.childForFieldName('body');
    for (const child of node.namedChildren) {
      if (child?.type !== 'for_in_clause') continue;
      const left = child.childForFieldName('left');
      if (left) this.bindTarget(left, UNKNOWN, inner, false);
    }
    // The clauses run first, so the body sees what each `for` binds (`[f.result() for f in futures]`).
    for (const child of node.namedChildren) {
      if (!child || child.id === body?.id) continue;
      if (child.type !== 'for_in_clause') {
        this.visit(child, inner);
        continue;
      }
      const right = child.childForFieldName('right');
      const value = right ? this.visit(right, inner) : UNKNOWN;
      if (right && !child.children.some((c) => c?.type === 'async')) this.recordEvaluation(right, value, '__iter__', inner);
      const left = child.childForFieldName('left');
      if (left) this.bindTarget(left, this.elementOf(value), inner);
    }
    const element = body ? this.visit(body, inner) : UNKNOWN;
    return node.type === 'dictionary_comprehension' ? UNKNOWN : itemsOf([element]);
  }

  /**
   * `threads.append(t)` (and `add`, `insert`, `extend`, ...) on a list this
   * function built: its items now include what was added. Only a local of
   * the function: a module's or an instance's list is written from many bodies.
   */
  private addItems(record: CallRecord, ctx: Ctx): void {
    const member = record.member;
    const added = member && member.object.type === 'identifier' ? COLLECTION_ADDS.get(member.attr) : undefined;
    if (!member || !added) return;
    const name = member.object.text;
    for (let scope: Scope | undefined = ctx.scope; scope && scope !== this.moduleScope; scope = scope.parent) {
      const list = scope.vars.get(name);
      if (!list) continue;
      const argument = record.positional[added.argument]?.value;
      if (list.kind !== 'items' || !argument) return;
      scope.vars.set(name, itemsOf([list.element, added.each ? this.elementOf(argument) : argument]));
      return;
    }
  }

  /**
   * `request.state.db` as a key of the function's scope: an attribute path on
   * a local name (not `self`, whose attributes are the class's), which an
   * assignment in the function sets and later reads there get back.
   */
  private localAttributePath(node: Node, ctx: Ctx): string | undefined {
    const parts: string[] = [];
    let at: Node | null = node;
    while (at?.type === 'attribute') {
      const attr = at.childForFieldName('attribute');
      if (!attr) return undefined;
      parts.unshift(attr.text);
      at = at.childForFieldName('object');
    }
    if (at?.type !== 'identifier' || at.text === ctx.selfName || parts.length === 0) return undefined;
    return [at.text, ...parts].join('.');
  }

  /** What iterating a value gives: model instances from a queryset, paths from `glob()`, a project iterator's items. */
  private elementOf(value: Value): Value {
    if (value.kind === 'django-qs' || value.kind === 'django-manager') return DJANGO_MODEL_INSTANCE;
    if (value.kind === 'items') return value.element;
    if (value.kind === 'union') return unionOf(value.members.map((member) => this.elementOf(member)));
    if (value.kind === 'ext') {
      const element = iteratedElement(value.name);
      return element ? ext(element) : UNKNOWN;
    }
    // The workspace finishes it: a project generator's items are what it yields, a queryset's are rows.
    if (value.kind === 'returned') return { ...value, path: `${value.path}.__next__()` };
    return UNKNOWN;
  }

  private visitImport(node: Node, ctx: Ctx): void {
    const info = readImport(node);
    const topLevel = ctx.fn === this.moduleCode && !ctx.cls;
    for (const module of info.modules) {
      this.importedModules.add(module);
      if (!topLevel) this.logWrite({ kind: 'import', module });
      if (/^(django|rest_framework)(\.|$)/.test(module) && !this.names.djangoFile) {
        this.names.djangoFile = true;
        this.logWrite({ kind: 'django' });
      }
      if (topLevel) this.topLevelImports.push({ line: node.startPosition.row + 1, module });
    }
    for (const binding of info.bindings) {
      ctx.scope.bind(binding.local, binding.value);
      if (topLevel && binding.export) this.exports.set(binding.local, binding.export);
    }
    if (topLevel) this.names.starImports.push(...info.star);
  }

  private visitAssignment(node: Node, ctx: Ctx): Value {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const typeNode = node.childForFieldName('type');
    let value = right ? this.visit(right, ctx) : UNKNOWN;
    if (typeNode) {
      // A declared type holds for the whole scope, whatever is assigned later (as a type checker reads it).
      const declared = this.annotationValue(typeNode, ctx);
      if (left?.type === 'identifier') ctx.scope.declare(left.text, declared);
      if (value.kind === 'unknown') value = declared;
    } else if (right && ctx.fn === this.moduleCode && left?.type === 'identifier') {
      // `SessionDep = Annotated[Session, Depends(get_db)]`: a type alias.
      value = aliasValue(right, this.aliasReader(ctx)) ?? value;
    }
    if (left?.type === 'identifier' && value.kind === 'unknown') value = ctx.scope.declared(left.text) ?? value;
    // `x = None` placeholders must not erase a type learnt elsewhere.
    if (left && right?.type !== 'none') this.bindTarget(left, value, ctx);
    if (left && right && value.kind === 'unknown') this.noteConstructorArgument(left, right, ctx);
    if (left?.type === 'identifier' && right && ctx.fn === this.moduleCode && !ctx.cls) {
      const constant = constantValue(right);
      if (constant !== undefined) this.constants.set(left.text, constant);
      else this.constants.delete(left.text);
    }
    return value;
  }

  /** `self.repo = repo` in `__init__`, `repo` untyped: what `repo` holds is up to the class's construction sites. */
  private noteConstructorArgument(left: Node, right: Node, ctx: Ctx): void {
    const index = right.type === 'identifier' ? ctx.initParams?.get(right.text) : undefined;
    const objectNode = left.type === 'attribute' ? left.childForFieldName('object') : null;
    const attr = left.childForFieldName('attribute');
    if (index === undefined || !attr || !ctx.selfClass || objectNode?.text !== ctx.selfName) return;
    const after = { index, name: right.text };
    this.logWrite({ kind: 'ctorArg', cls: ctx.selfClass, name: attr.text, before: ctx.selfClass.ctorArgs.get(attr.text), after });
    ctx.selfClass.ctorArgs.set(attr.text, after);
  }

  /** `Cls(a, key=b)` with arguments of known value: constructor parameters learn from it. */
  private recordConstruction(callee: Value, record: CallRecord): void {
    const target = constructedClass(callee, this.names);
    if (!target) return;
    // A string literal says nothing a rule could use.
    const known = (value: Value) => specsOf(value).filter((spec) => !(spec.kind === 'external' && spec.name === 'builtins.str()'));
    const args = record.positional.map((arg) => known(arg.value));
    const keywords: Record<string, ValueSpec[]> = {};
    for (const [name, arg] of record.keywords) {
      const specs = known(arg.value);
      if (specs.length > 0) keywords[name] = specs;
    }
    const hasKeywords = Object.keys(keywords).length > 0;
    if (!hasKeywords && !args.some((specs) => specs.length > 0)) return;
    this.constructions.push({ callee: target, args, ...(hasKeywords ? { keywords } : {}) });
  }

  private bindTarget(target: Node, value: Value, ctx: Ctx, overwrite = true): void {
    switch (target.type) {
      case 'identifier': {
        const name = target.text;
        if (ctx.globals?.has(name)) {
          // `global client; client = httpx.Client()` in a startup function types the module name.
          if (value.kind !== 'unknown' || !this.moduleScope.vars.has(name)) {
            this.logWrite({ kind: 'global', name, before: this.moduleScope.vars.get(name), after: value });
            this.moduleScope.bind(name, value);
          }
          return;
        }
        if (!overwrite && ctx.scope.vars.has(name)) return;
        ctx.scope.bind(name, value);
        if (ctx.cls) ctx.cls.attrs.set(name, value);
        else if (ctx.fn === this.moduleCode) this.moduleAssigns.add(name);
        return;
      }
      case 'attribute': {
        const objectNode = target.childForFieldName('object');
        const attr = target.childForFieldName('attribute');
        if (objectNode?.type === 'identifier' && objectNode.text === ctx.selfName && ctx.selfClass && attr) {
          this.names.readAttr(ctx.selfClass, attr.text);
          if (value.kind !== 'unknown' || !ctx.selfClass.attrs.has(attr.text)) {
            this.logWrite({ kind: 'attr', cls: ctx.selfClass, name: attr.text, before: ctx.selfClass.attrs.get(attr.text), after: value });
            ctx.selfClass.attrs.set(attr.text, value);
          }
          return;
        }
        const object = objectNode ? this.visit(objectNode, ctx) : UNKNOWN;
        // `request.state.db = session()` in a function: a later `request.state.db.commit()` there is the session's. Not on a
        // project instance, whose class says what its attributes are (a property's setter and getter run instead).
        const plain = object.kind === 'ext' || object.kind === 'unknown' || object.kind === 'unbound';
        const dotted = plain && ctx.fn !== this.moduleCode && value.kind !== 'unknown' ? this.localAttributePath(target, ctx) : undefined;
        if (dotted) {
          ctx.scope.bind(dotted, value);
          ctx.scope.bind(storedMarker(dotted.slice(dotted.lastIndexOf('.') + 1)), value);
        }
        return;
      }
      case 'subscript':
        // `c[k] = v` stores; it reads nothing through `__getitem__`.
        for (const child of target.namedChildren) if (child) this.visit(child, ctx);
        return;
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'parenthesized_expression':
        for (const child of target.namedChildren) if (child) this.bindTarget(child, UNKNOWN, ctx, overwrite);
        return;
      case 'list_splat_pattern':
      case 'list_splat': {
        const inner = target.namedChildren[0];
        if (inner) this.bindTarget(inner, UNKNOWN, ctx, overwrite);
        return;
      }
      default:
        this.visit(target, ctx);
    }
  }

  private visitWith(node: Node, ctx: Ctx): void {
    const isAsync = node.child(0)?.type === 'async';
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type !== 'with_clause') {
        this.visit(child, ctx);
        continue;
      }
      for (const item of child.namedChildren) {
        const valueNode = item?.type === 'with_item' ? item.childForFieldName('value') : item;
        if (!valueNode) continue;
        const pattern = valueNode.type === 'as_pattern' ? valueNode : undefined;
        const expr = pattern ? pattern.namedChildren[0] : valueNode;
        if (!expr) continue;
        // `async with x() as y` enters through an async protocol: an async API, like an await.
        const value = isAsync && expr.type === 'call' ? this.visitCall(expr, ctx, true, false) : this.visit(expr, ctx);
        this.edges(ctx, withEdges(expr, value, isAsync, this.callAt(expr), this.names, ctx.offloaded));
        const alias = pattern?.childForFieldName('alias')?.namedChildren[0];
        if (alias) this.bindTarget(alias, this.enteredValue(value, isAsync), ctx);
      }
    }
  }

  /**
   * What `with x as y` binds: `__enter__`'s result. A project class's comes
   * from its `__enter__` (the workspace falls back to the instance); a
   * library context manager is taken to return itself; a generator
   * function (`@contextmanager`) gives what it yields.
   */
  private enteredValue(value: Value, isAsync: boolean): Value {
    const method = isAsync ? '__aenter__' : '__enter__';
    if (value.kind === 'proj' && value.instance) return { kind: 'returned', ref: value.ref, path: `().${method}()` };
    if (value.kind === 'returned') return isAsync ? value : { ...value, path: `${value.path}.${method}()` };
    // A library context manager gives itself; the workspace drops the step for library names,
    // and follows it for a project class imported by its absolute name.
    if (value.kind === 'ext' && !isAsync) return { kind: 'ext', name: `${value.name}.__enter__()` };
    return value;
  }

  private visitFor(node: Node, ctx: Ctx): void {
    const isAsync = node.child(0)?.type === 'async';
    const right = node.childForFieldName('right');
    let iterated: Value = UNKNOWN;
    if (right) {
      const value = isAsync && right.type === 'call' ? this.visitCall(right, ctx, true, false) : this.visit(right, ctx);
      iterated = this.elementOf(value);
      if (!isAsync) this.recordEvaluation(right, value, '__iter__', ctx);
      this.edges(ctx, iterationEdges(right, value, isAsync, this.names, ctx.offloaded));
    }
    const left = node.childForFieldName('left');
    if (left) this.bindTarget(left, iterated, ctx);
    for (const field of ['body', 'alternative']) {
      for (const child of node.childrenForFieldName(field)) if (child) this.visit(child, ctx);
    }
  }

  // -------------------------------------------------------------------------
  // Branches that do not run per request (guards.ts)
  // -------------------------------------------------------------------------

  /** What a guard may ask about names at this point of the walk. */
  private guardScope(ctx: Ctx): GuardScope {
    return {
      store: (node) => {
        if (ctx.fn === this.moduleCode) return undefined;
        if (node.type === 'identifier') {
          const name = node.text;
          if (ctx.globals?.has(name)) return { name, rebindable: true };
          for (let scope: Scope | undefined = ctx.scope; scope && scope !== this.moduleScope; scope = scope.parent) {
            if (scope.vars.has(name)) return undefined;
          }
          return this.moduleScope.vars.has(name) ? { name, rebindable: false } : undefined;
        }
        if (node.type === 'attribute') {
          const object = node.childForFieldName('object');
          if (object?.type !== 'identifier') return undefined;
          const owner = this.names.lookup(object.text, ctx.scope);
          // `cls._x`, `Config._x`, `settings_module._x`: shared by every request; `self._x` is per object.
          const shared = (owner.kind === 'proj' && !owner.instance) || owner.kind === 'projmod';
          return shared ? { name: node.text.replace(/\s+/g, ''), rebindable: false } : undefined;
        }
        return undefined;
      },
      calleeBody: (name) => this.moduleFunctionBody(name),
    };
  }

  /** Built on first use from `root`; incremental.ts drops it when the tree changes. */
  moduleFunctions: Map<string, { body: Node; globals: ReadonlySet<string> }> | undefined;

  /** A module-level `def name` of this file: its body and the names it declares `global`. */
  private moduleFunctionBody(name: string): { body: Node; globals: ReadonlySet<string> } | undefined {
    if (!this.moduleFunctions) {
      this.moduleFunctions = new Map();
      for (const child of this.root.namedChildren) {
        const def = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
        const body = def?.type === 'function_definition' ? def.childForFieldName('body') : null;
        const defName = def?.childForFieldName('name')?.text;
        if (!body || !defName) continue;
        const globals = new Set<string>();
        for (const statement of body.namedChildren) {
          if (statement?.type === 'global_statement') for (const id of statement.namedChildren) if (id?.type === 'identifier') globals.add(id.text);
        }
        this.moduleFunctions.set(defName, { body, globals });
      }
    }
    return this.moduleFunctions.get(name);
  }

  /** The outer guard stays, as for conditions; the function then keeps its parameters for the index to decide it. */
  private withParamGuard(ctx: Ctx, guard: ParamGuard | undefined): Ctx {
    if (!guard || ctx.paramGuard || !ctx.params) return ctx;
    ctx.fn.params ??= paramInfos(ctx.params);
    return { ...ctx, paramGuard: guard };
  }

  private withCondition(ctx: Ctx, condition: RunCondition | undefined, from: Node['startPosition'], to: Node['endPosition']): Ctx {
    if (!condition) return ctx;
    if (condition.kind === 'dev-only') this.devRegions.push({ from, to, reason: condition.reason });
    // The outer condition stays: it is the one the whole branch depends on.
    return ctx.condition ? ctx : { ...ctx, condition };
  }

  private visitIf(node: Node, ctx: Ctx): void {
    const condition = node.childForFieldName('condition');
    if (condition) this.visitTruthTest(condition, ctx);
    const consequence = node.childForFieldName('consequence');
    // Broken code the parser kept beside the fields (ERROR nodes) still holds calls.
    const fields = new Set([condition?.id, consequence?.id, ...node.childrenForFieldName('alternative').map((a) => a?.id)]);
    for (const child of node.namedChildren) if (child && !fields.has(child.id) && child.type !== 'comment') this.visit(child, ctx);
    const branches = new BranchBindings(ctx.fn !== this.moduleCode ? ctx.scope : undefined);
    if (consequence) {
      const guard = devCondition(condition, 'then', ctx.paramNames) ?? lazyInitGuard(node, this.guardScope(ctx));
      const decided = this.withParamGuard(ctx, ctx.paramNames && consequenceGuard(condition, ctx.paramNames));
      branches.visit(consequence, () => this.visit(consequence, this.withCondition(decided, guard, consequence.startPosition, consequence.endPosition)));
    }
    // `else` of a production test, and every later branch of it, is development only; the `else` that fills a store runs once.
    const elseGuard = devCondition(condition, 'else', ctx.paramNames) ?? lazyInitElseGuard(node, this.guardScope(ctx));
    let elseCtx = this.withCondition(ctx, elseGuard, (consequence ?? node).endPosition, node.endPosition);
    for (const alternative of node.childrenForFieldName('alternative')) {
      if (!alternative) continue;
      if (alternative.type === 'elif_clause') {
        const elifCondition = alternative.childForFieldName('condition');
        if (elifCondition) this.visitTruthTest(elifCondition, elseCtx);
        const body = alternative.childForFieldName('consequence');
        const bodyCtx = this.withCondition(elseCtx, devCondition(elifCondition, 'then', ctx.paramNames), (body ?? alternative).startPosition, (body ?? alternative).endPosition);
        if (body) branches.visit(body, () => this.visit(body, bodyCtx));
        elseCtx = this.withCondition(elseCtx, devCondition(elifCondition, 'else', ctx.paramNames), (body ?? alternative).endPosition, node.endPosition);
      } else {
        branches.visit(alternative.childForFieldName('body') ?? alternative, () => this.visitChildren(alternative, elseCtx), true);
      }
    }
    branches.merge();
  }

  /** `except KeyError:` that fills the store the `try` read an item of runs once per key (guards.ts). */
  private visitTry(node: Node, ctx: Ctx): void {
    for (const child of node.namedChildren) {
      if (!child) continue;
      const guard = child.type === 'except_clause' && ctx.fn !== this.moduleCode ? lazyInitExceptGuard(node, child, this.guardScope(ctx)) : undefined;
      this.visit(child, this.withCondition(ctx, guard, child.startPosition, child.endPosition));
    }
  }

  /** `if _x is not None: return _x` or `if not settings.DEBUG: return`: the rest of the block is guarded. */
  private visitBlock(node: Node, ctx: Ctx): void {
    const children = node.namedChildren.filter((c): c is Node => !!c);
    let current = ctx;
    children.forEach((child, index) => {
      this.visit(child, current);
      if (child.type === 'if_statement' && ctx.fn !== this.moduleCode) {
        const rest = children.slice(index + 1);
        const guard = rest.length > 0 ? earlyExitGuard(child, rest, this.guardScope(current)) : undefined;
        if (guard) current = this.withCondition(current, guard, rest[0].startPosition, node.endPosition);
        if (rest.length > 0 && current.paramNames && exitsWithoutElse(child)) {
          current = this.withParamGuard(current, afterExitGuard(child.childForFieldName('condition'), current.paramNames));
        }
      }
    });
  }

  private aliasReader(ctx: Ctx): AnnotationReader {
    return {
      evaluate: (node) => this.resolveDotted(node.text, ctx.scope, node) ?? UNKNOWN,
      lookupDotted: (text, at) => this.resolveDotted(text, ctx.scope, at) ?? UNKNOWN,
      metadata: (node) => (node.type === 'call' ? injectedValue(this.callAt(node), this.names) : UNKNOWN),
    };
  }

  /** The instance an annotation describes: `Session` → `sqlalchemy.orm.Session()`; unions keep every member. */
  private annotationValue(typeNode: Node, ctx: Ctx): Value {
    const reader: AnnotationReader = {
      evaluate: (node) => this.visit(node, ctx),
      lookupDotted: (text, at) => this.resolveDotted(text, ctx.scope, at) ?? UNKNOWN,
      metadata: (node) => {
        if (node.type !== 'call') return UNKNOWN;
        this.visit(node, ctx);
        return injectedValue(this.callAt(node), this.names);
      },
    };
    return annotationValue(typeNode, reader);
  }

  private visitDecorated(node: Node, ctx: Ctx): void {
    const decorators: DecoratorRecord[] = [];
    for (const child of node.namedChildren) {
      if (child?.type !== 'decorator') continue;
      const expr = child.namedChildren.find((c) => c && c.type !== 'comment');
      if (!expr) continue;
      if (expr.type === 'call') {
        this.visit(expr, ctx);
        const call = this.callAt(expr);
        decorators.push({ node: expr, value: call?.callee ?? UNKNOWN, call });
      } else {
        decorators.push({ node: expr, value: this.visit(expr, ctx) });
      }
    }
    const definition = node.childForFieldName('definition');
    if (definition?.type === 'function_definition') this.visitFunction(definition, ctx, decorators);
    else if (definition?.type === 'class_definition') this.visitClass(definition, ctx, decorators);
  }

  private readParams(paramsNode: Node | null, ctx: Ctx): Array<ParamRecord & { value: Value }> {
    const params: Array<ParamRecord & { value: Value }> = [];
    if (!paramsNode) return params;
    for (const param of paramsNode.namedChildren) {
      if (!param) continue;
      let nameNode: Node | null = null;
      let annotation: Node | undefined;
      let dflt: Node | undefined;
      switch (param.type) {
        case 'identifier':
          nameNode = param;
          break;
        case 'typed_parameter':
          nameNode = param.namedChildren[0];
          annotation = param.childForFieldName('type') ?? undefined;
          break;
        case 'default_parameter':
        case 'typed_default_parameter':
          nameNode = param.childForFieldName('name');
          annotation = param.childForFieldName('type') ?? undefined;
          dflt = param.childForFieldName('value') ?? undefined;
          break;
        case 'list_splat_pattern':
        case 'dictionary_splat_pattern':
          nameNode = param.namedChildren[0];
          break;
        default:
          continue;
      }
      if (nameNode && nameNode.type !== 'identifier') nameNode = nameNode.namedChildren.find((c) => c?.type === 'identifier') ?? null;
      // Defaults and annotations are evaluated where the function is defined.
      if (dflt) this.visit(dflt, ctx);
      let value = annotation ? this.annotationValue(annotation, ctx) : UNKNOWN;
      // `send_task: SendTask` with `SendTask = Callable[..., None]`: a typing construct names no value; what is passed or injected does.
      if (value.kind === 'ext' && TYPING_CONSTRUCT.test(value.name)) value = UNKNOWN;
      if (annotation && annotation.text.includes('(') && !this.callAt(annotation.descendantsOfType('call')[0])) {
        this.visitChildren(annotation, ctx);
      }
      // `db = Depends(get_db)`: what the dependency gives.
      if (value.kind === 'unknown' && dflt?.type === 'call') value = injectedValue(this.callAt(dflt), this.names);
      // A Django view's `request`, as Django names its parameters everywhere.
      if (value.kind === 'unknown' && !dflt && this.names.djangoFile && nameNode?.text === 'request') value = ext('django.http.HttpRequest()');
      if (nameNode) params.push({ name: nameNode.text, node: param, annotation, default: dflt, value });
    }
    return params;
  }

  private visitFunction(node: Node, ctx: Ctx, decorators: DecoratorRecord[]): void {
    const nameNode = node.childForFieldName('name');
    if (!nameNode) return;
    const shortName = nameNode.text;
    const name = ctx.prefix + shortName;
    const info: FunctionInfo = {
      name,
      isAsync: node.child(0)?.type === 'async',
      range: rangeOf(node),
      span: spanOf(node),
      nameRange: rangeOf(nameNode),
      calls: [],
      patterns: [],
    };
    if (ctx.cls) info.className = ctx.cls.name;
    if (ctx.enclosingFn) info.parent = ctx.enclosingFn;
    if (decorators.length > 0) info.decorated = true;
    if (ctx.cls && isAbstractMethod(node, decorators)) info.abstract = true;
    const accessor = ctx.cls ? accessorOf(decorators) : undefined;
    if (accessor) info.accessor = accessor;
    else info.calls.push(...decoratorEdges(decorators, this.names.ownPackage));

    const params = this.readParams(node.childForFieldName('parameters'), ctx);
    const returnType = node.childForFieldName('return_type');
    if (returnType) {
      // The annotation is what callers get (a generator's `Iterator[X]` says X).
      const returned = this.annotationValue(returnType, ctx);
      if (returned.kind !== 'unknown') {
        this.returnValues.set(info, [returned]);
        this.annotatedReturns.add(info);
      }
    }
    const syntax: FunctionSyntax = {
      info,
      node,
      decorators,
      params: params.map(({ value: _value, ...param }) => param),
      cls: ctx.cls,
      nested: ctx.enclosingFn !== undefined,
    };
    this.functions.push(syntax);
    ctx.scope.bind(shortName, { kind: 'proj', ref: { module: null, name }, instance: false });
    // `@x.setter` keeps the getter as what reading `x` runs.
    if (ctx.cls && !(info.accessor === 'setter' && ctx.cls.methods.has(shortName))) ctx.cls.methods.set(shortName, syntax);

    const decoratorNames = decorators.map((d) => d.node.text);
    // `@property` / `@cached_property`: reading the attribute gives what the method returns.
    if (ctx.cls && decoratorNames.some((d) => PROPERTY_DECORATORS.has(d))) {
      ctx.cls.attrs.set(shortName, { kind: 'returned', ref: { module: null, name }, path: '()' });
    }
    const isStatic = decoratorNames.includes('staticmethod');
    const isClassMethod = decoratorNames.includes('classmethod');
    const cls = ctx.cls;
    const outerScope = cls ? ctx.scope.parent ?? ctx.scope : ctx.scope;
    // Walks the body of `definition`: this definition's node, or the same function's in a newer tree (incremental.ts).
    const runBody = (definition: Node): void => {
      const body = definition.childForFieldName('body');
      const scope = new Scope(outerScope);
      let selfName: string | undefined;
      params.forEach((param, index) => {
        if (index === 0 && cls && !isStatic) {
          selfName = isClassMethod ? undefined : param.name;
          scope.bind(param.name, { kind: 'proj', ref: { module: null, name: cls.name }, instance: !isClassMethod });
          return;
        }
        scope.bind(param.name, param.value);
      });
      const initParams = cls && !isStatic && !isClassMethod && shortName === '__init__' ? untypedParams(params.slice(1)) : undefined;
      const inner: Ctx = {
        // Read now, not captured: incremental.ts gives the function a fresh info before walking its body again.
        fn: syntax.info,
        scope,
        params,
        paramNames: params.map((p) => p.name),
        ...(initParams ? { initParams } : {}),
        prefix: `${name}.`,
        enclosingFn: name,
        selfName: selfName ?? ctx.selfName,
        selfClass: selfName ? cls : ctx.selfClass,
        methodClass: cls && !isStatic ? cls : ctx.methodClass,
        globals: new Set(),
        offloaded: false,
        deferred: [],
      };
      if (body) this.visit(body, inner);
      // Broken code the parser attached to the definition itself still belongs to the function.
      for (const child of definition.namedChildren) if (child?.type === 'ERROR') this.visit(child, inner);
      this.runDeferred(inner);
    };
    // A function of the module or of a top-level class can be walked again alone; nested ones go with their parent.
    const rerunnable = ctx.enclosingFn === undefined && (!cls || !cls.name.includes('.'));
    const run = (): void => this.tracked(syntax, () => runBody(node), rerunnable ? runBody : undefined);
    ctx.deferred.push({ name: shortName, run });
  }

  /**
   * `setattr(self, name, wrap(self, getattr(self, name)))` in a method the
   * framework runs before the handler method (Tornado `initialize`/`prepare`):
   * the framework then calls what `wrap` returns (Medusa's API handlers).
   */
  private noteRebinding(record: CallRecord, matchName: string | undefined, ctx: Ctx): void {
    if (matchName !== 'builtins.setattr' || !ctx.selfClass || !ctx.selfName) return;
    if (!SETUP_METHODS.has(ctx.fn.name.slice(ctx.fn.name.lastIndexOf('.') + 1))) return;
    const [target, name, replacement] = record.positional;
    if (target?.node.text !== ctx.selfName || !replacement) return;
    const made = replacement.node.type === 'identifier' ? assignedCallBefore(record.node, replacement.node.text) : replacement.node;
    const wrap = made?.type === 'call' ? this.callAt(made)?.callee : undefined;
    if (wrap?.kind !== 'proj' || wrap.instance || wrap.ref.module !== null) return;
    const literal = name?.node.type === 'string' ? name.node.namedChildren.find((c) => c?.type === 'string_content')?.text : undefined;
    const rebound = { ...(literal ? { methods: [literal] } : {}), wrapper: wrap.ref.name };
    this.logWrite({ kind: 'rebound', cls: ctx.selfClass, before: ctx.selfClass.rebound, after: rebound });
    ctx.selfClass.rebound = rebound;
  }

  /** Whether the function `name` of this file (or one nested in it) hands work to a thread or process. */
  offloadsWork(name: string): boolean {
    return this.functions.some(
      (f) =>
        (f.info.name === name || f.info.name.startsWith(`${name}.`)) &&
        f.info.calls.some((c) => c.target.kind === 'external' && isOffloadHelper(c.target.name)),
    );
  }

  private visitClass(node: Node, ctx: Ctx, decorators: DecoratorRecord[]): void {
    const nameNode = node.childForFieldName('name');
    if (!nameNode) return;
    const name = ctx.prefix + nameNode.text;
    const cls: ClassSyntax = {
      name,
      node,
      bases: [],
      keywords: new Map(),
      decorators,
      methods: new Map(),
      attrs: new Map(),
      ctorArgs: new Map(),
    };
    const superclasses = node.childForFieldName('superclasses');
    for (const arg of superclasses?.namedChildren ?? []) {
      if (!arg) continue;
      if (arg.type === 'keyword_argument') {
        const key = arg.childForFieldName('name');
        const valueNode = arg.childForFieldName('value');
        if (key && valueNode) cls.keywords.set(key.text, { node: valueNode, value: this.visit(valueNode, ctx) });
      } else if (arg.type !== 'comment') {
        // A generic base `Base[T]` is `Base`.
        const base = arg.type === 'subscript' ? (arg.childForFieldName('value') ?? arg) : arg;
        cls.bases.push({ node: arg, value: this.visit(base, ctx) });
      }
    }
    this.names.classes.set(name, cls);
    ctx.scope.bind(nameNode.text, { kind: 'proj', ref: { module: null, name }, instance: false });

    const methods: Ctx['deferred'] = [];
    const bodyCtx: Ctx = { ...ctx, scope: new Scope(ctx.scope), prefix: `${name}.`, cls, deferred: methods };
    const body = node.childForFieldName('body');
    if (body) this.visitChildren(body, bodyCtx);
    for (const child of node.namedChildren) if (child?.type === 'ERROR') this.visit(child, bodyCtx);
    const runMethods = (): void => {
      // `__init__` first: the attributes it assigns type `self.x` in every other method.
      for (const method of methods) if (method.name === '__init__') method.run();
      for (const method of methods) if (method.name !== '__init__') method.run();
    };
    // A top-level class's methods are runs of their own; a class in a class body runs as one.
    ctx.deferred.push({ name, run: ctx.cls ? () => this.tracked(undefined, runMethods) : runMethods });
  }
}

/** One number for a span: files stay far below 2^26 characters. */
export function spanKey(start: number, end: number): number {
  return start * 0x4000000 + end;
}

function isSuperCall(node: Node): boolean {
  return node.type === 'call' && node.childForFieldName('function')?.text === 'super';
}

function syntaxErrors(root: Node, file: string): AnalysisError[] {
  const errors: AnalysisError[] = [];
  if (!root.hasError) return errors;
  const lines = new Set<number>();
  const stack: Node[] = [root];
  while (stack.length > 0 && lines.size < MAX_SYNTAX_ERRORS) {
    const node = stack.pop()!;
    if (node.type === 'ERROR' || node.isMissing) {
      lines.add(node.startPosition.row + 1);
      continue;
    }
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child && (child.hasError || child.isMissing)) stack.push(child);
    }
  }
  for (const line of [...lines].sort((a, b) => a - b)) errors.push({ file, message: `syntax error at line ${line}` });
  return errors;
}

/** Module-level names holding an instance of a class: `app = Flask()` → `flask.Flask`, `router = UserRouter()` → the project class. */
function instancesOf(names: Iterable<string>, valueOf: (name: string) => Value | undefined): Map<string, TypeRef> {
  const instances = new Map<string, TypeRef>();
  for (const name of names) {
    const value = valueOf(name);
    if (value?.kind === 'proj' && value.instance) instances.set(name, { kind: 'project', ref: value.ref });
    // `X()`: an instance of class X, or what factory X returns (`router = make_router()`); the index tells them apart.
    else if (value?.kind === 'ext' && /^[\w.]+\(\)$/.test(value.name)) instances.set(name, { kind: 'external', name: value.name.slice(0, -2), returned: true });
    else if (value?.kind === 'returned' && value.path === '()') instances.set(name, { kind: 'project', ref: value.ref, returned: true });
  }
  return instances;
}

/** A class's bases as the index resolves them across files; bases we cannot name are left out. */
function classInfoOf(cls: ClassSyntax, file: string, offloadsWork: (fn: string) => boolean): ClassInfo {
  const at = cls.node.childForFieldName('name') ?? cls.node;
  const bases: TypeRef[] = [];
  for (const { value } of cls.bases) {
    if (value.kind === 'proj' && !value.instance) bases.push({ kind: 'project', ref: value.ref });
    // `from . import Base`: a submodule or a name the package exports; the index decides.
    else if (value.kind === 'projmod') bases.push({ kind: 'project', ref: { module: value.module, name: '' } });
    else if (value.kind === 'ext' && !value.name.includes('(')) bases.push({ kind: 'external', name: value.name });
    // `class Main(make_base())`: the class a project factory returns; the index evaluates it.
    else if (value.kind === 'returned' && value.path === '()') bases.push({ kind: 'project', ref: value.ref, returned: true });
    else if (value.kind === 'ext' && /^[\w.]+\(\)$/.test(value.name)) bases.push({ kind: 'external', name: value.name.slice(0, -2), returned: true });
  }
  const info: ClassInfo = { name: cls.name, location: { file, line: at.startPosition.row + 1, column: at.startPosition.column + 1 }, bases };
  const attrs: Record<string, ValueSpec> = {};
  for (const [name, value] of cls.attrs) {
    const [spec] = specsOf(value);
    if (spec) attrs[name] = spec;
  }
  for (const [name, { index, name: param }] of cls.ctorArgs) {
    if (!attrs[name]) attrs[name] = { kind: 'constructorArg', index, name: param };
  }
  if (Object.keys(attrs).length > 0) info.attrs = attrs;
  if (cls.rebound) info.rebound = { ...cls.rebound, offloaded: offloadsWork(cls.rebound.wrapper) };
  return info;
}

/**
 * The class a call may construct: a class of this file, an imported project
 * name, or an absolute name the index may find in the project (CapWords, as
 * classes are named, so library calls stay out of every file's head).
 */
function constructedClass(callee: Value, names: NameResolver): TypeRef | undefined {
  if (callee.kind === 'proj') {
    if (callee.instance || callee.bound || callee.edge) return undefined;
    if (callee.ref.module === null && !names.classes.has(callee.ref.name)) return undefined;
    return { kind: 'project', ref: callee.ref };
  }
  if (callee.kind === 'ext' && !callee.edge && /^[A-Za-z_][\w.]*\.[A-Z]\w*$/.test(callee.name) && !callee.name.startsWith('builtins.')) {
    return { kind: 'external', name: callee.name };
  }
  return undefined;
}

/** Arguments the syntax could not judge but whose value is a tracked library instance (`buf = io.StringIO()`): the cost model may read their type. */
function withInstanceTypes(facts: ArgumentFacts, record: CallRecord): void {
  const typeOf = (value: Value): ArgumentFact | undefined => (value.kind === 'ext' && /^[\w.]+\(\)$/.test(value.name) ? { kind: 'instance', type: value.name.slice(0, -2) } : undefined);
  // After `*args` positions are unknown (argumentFacts pads them): only a call without one lines up.
  if (facts.positional.length === record.positional.length) {
    record.positional.forEach((arg, i) => {
      if (facts.positional[i].kind === 'unknown') facts.positional[i] = typeOf(arg.value) ?? facts.positional[i];
    });
  }
  for (const [name, arg] of record.keywords) {
    const fact = facts.keywords?.[name];
    const typed = fact?.kind === 'unknown' ? typeOf(arg.value) : undefined;
    if (typed) facts.keywords![name] = typed;
  }
}

/** Plain parameters without annotation or injected value, by position (the first one after `self` is 0). */
function untypedParams(params: ReadonlyArray<ParamRecord & { value: Value }>): Map<string, number> {
  const byName = new Map<string, number>();
  params.forEach((param, index) => {
    // Typed as a bare callable (`send_task: Callable[..., None]`), it is as good as untyped: what is passed decides.
    const plain = param.node.type === 'identifier' || param.node.type === 'default_parameter' || param.value.kind === 'unknown';
    if (plain && param.value.kind === 'unknown') byName.set(param.name, index);
  });
  return byName;
}

/** Module-level names with a known value, and type aliases, as other files can evaluate them. */
function moduleValues(scope: Scope, assigned: ReadonlySet<string>): Pick<FileModel, 'values' | 'typeAliases'> {
  const values: Record<string, ValueSpec> = {};
  const typeAliases: Record<string, ValueSpec> = {};
  for (const [name, value] of scope.vars) {
    if (!assigned.has(name)) continue;
    if (value.kind === 'alias') {
      const [spec] = specsOf(value.instance);
      if (spec) typeAliases[name] = spec;
    } else if (value.kind === 'ext' || value.kind === 'returned' || (value.kind === 'proj' && value.instance)) {
      const [spec] = specsOf(value);
      if (spec) values[name] = spec;
    }
  }
  return {
    ...(Object.keys(values).length > 0 ? { values } : {}),
    ...(Object.keys(typeAliases).length > 0 ? { typeAliases } : {}),
  };
}

/** Builds the FileModel of one parsed file plus the syntax facts the framework matchers read. */
export function analyzeTree(tree: Tree, file: string, root: string, text: string, rules?: RuleCatalog): AnalysisOutput {
  return walkTree(tree, file, root, text, rules).output;
}

/** `analyzeTree`, keeping the walker: incremental.ts re-runs one function body on it after an edit. */
export function walkTree(tree: Tree, file: string, root: string, text: string, rules?: RuleCatalog): { walker: Walker; output: AnalysisOutput } {
  const walker = new Walker(tree.rootNode, rules, moduleNameOf(file, root));
  walker.run();
  return { walker, output: outputOf(walker, tree, file, text) };
}

/** The model and facts of what `walker` holds, for `tree` and its `text`. */
export function outputOf(walker: Walker, tree: Tree, file: string, text: string): AnalysisOutput {
  const moduleName = walker.moduleName;
  for (const [info, values] of walker.returnValues) {
    const specs = specsOfAll(values);
    if (specs.length > 0) info.returns = specs;
  }
  const importedModules = walker.importedModules;
  const roots = new Set([...importedModules].map((m) => m.split('.')[0]));
  const facts: PyFileFacts = {
    file,
    moduleName,
    root: walker.root,
    functions: walker.functions,
    classes: walker.names.classes,
    calls: walker.calls,
    callAt: (node) => walker.callAt(node),
    imports: (module) => roots.has(module) || importedModules.has(module),
    moduleAssigns: walker.moduleAssigns,
    ancestry: (cls) => walker.names.ancestry(cls),
    resolveDotted: (text) => walker.resolveDotted(text),
  };
  const model: FileModel = {
    file,
    language: 'python',
    moduleName,
    functions: walker.functions.map((f) => f.info),
    moduleCode: walker.moduleCode,
    handlers: [],
    exports: walker.exports,
    suppressions: readSuppressions(tree.rootNode, text),
    errors: syntaxErrors(tree.rootNode, file),
    starExports: walker.names.starImports,
    classes: [...walker.names.classes.values()].map((cls) => classInfoOf(cls, file, (fn) => walker.offloadsWork(fn))),
    instances: instancesOf(walker.moduleAssigns, (name) => walker.resolveDotted(name)),
    // Copies: an incremental re-walk changes the walker's lists, and the index compares the file's old model with the new.
    ...(walker.constructions.length > 0 ? { constructions: [...walker.constructions] } : {}),
    ...moduleValues(walker.moduleScope, walker.moduleAssigns),
    facts: { topLevelImports: [...walker.topLevelImports], starImports: walker.names.starImports },
  };
  return { model, facts, devRegions: walker.devRegions };
}

/**
 * What the branches of an `if`/`elif`/`else` bind in a function: after the
 * statement a name holds any value a path through it leaves (`strategy_class
 * = A` / `= B` / `= C`, then `strategy_class(zipf)` calls all three; `s =
 * Never()` then `if c: s = Archive()` leaves either). A branch that returns
 * or raises leaves nothing; a name some path leaves unbound keeps what the
 * walk gave it last.
 */
class BranchBindings {
  private readonly before: ReadonlyMap<string, Value> | undefined;
  private readonly bound: Array<Map<string, Value>> = [];
  private hasElse = false;

  constructor(private readonly scope: Scope | undefined) {
    this.before = scope && new Map(scope.vars);
  }

  /** Walks one branch (`block`: its statements), noting the names it binds unless it never goes on (return, raise, continue, break). */
  visit(block: Node, walk: () => void, isElse = false): void {
    if (isElse) this.hasElse = true;
    if (!this.scope) return walk();
    const start = new Map(this.scope.vars);
    walk();
    if (exitsBranch(block)) return;
    const bound = new Map<string, Value>();
    for (const [name, value] of this.scope.vars) if (start.get(name) !== value) bound.set(name, value);
    this.bound.push(bound);
  }

  merge(): void {
    const { scope, before } = this;
    if (!scope || !before) return;
    const names = new Set(this.bound.flatMap((branch) => [...branch.keys()]));
    for (const name of names) {
      const left = this.bound.map((branch) => branch.get(name) ?? before.get(name));
      // Without an `else`, the test may fail and no branch run.
      if (!this.hasElse) left.push(before.get(name));
      if (left.some((value) => value === undefined)) continue;
      const distinct = [...new Set(left as Value[])];
      if (distinct.length > 1) scope.bind(name, unionOf(distinct));
    }
  }
}

/** The scope key saying some attribute path ending in `attr` was stored (a dotted path never starts with a dot). */
function storedMarker(attr: string): string {
  return `.${attr}`;
}

/** Whether a branch's block ends by leaving it: its last statement returns, raises, continues or breaks. */
function exitsBranch(block: Node): boolean {
  const statements = block.namedChildren.filter((child) => child && child.type !== 'comment');
  const last = statements[statements.length - 1];
  return !!last && ['return_statement', 'raise_statement', 'continue_statement', 'break_statement'].includes(last.type);
}

/** Django shortcuts that return an instance of the model they are given. */
const MODEL_GETTERS: ReadonlySet<string> = new Set(['django.shortcuts.get_object_or_404', 'django.shortcuts.aget_object_or_404']);

/** A typing construct (`Callable[..., None]`, `Any`): a type that names no value to follow. */
const TYPING_CONSTRUCT = /^(typing|typing_extensions|collections\.abc)\.(Callable|Any)(\(\))?$/;

/** `@abstractmethod`, or a body with nothing to run: `...`, `pass`, `raise NotImplementedError` (after a docstring). */
function isAbstractMethod(fn: Node, decorators: readonly DecoratorRecord[]): boolean {
  if (decorators.some((d) => externalName(d.value) === 'abc.abstractmethod')) return true;
  const statements = fn.childForFieldName('body')?.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment') ?? [];
  const body = statements[0]?.type === 'expression_statement' && statements[0].namedChildren[0]?.type === 'string' ? statements.slice(1) : statements;
  return body.length > 0 && body.every((s) =>
    s.type === 'pass_statement' ||
    (s.type === 'expression_statement' && s.namedChildren[0]?.type === 'ellipsis') ||
    (s.type === 'raise_statement' && /^raise\s+NotImplementedError\b/.test(s.text)));
}
