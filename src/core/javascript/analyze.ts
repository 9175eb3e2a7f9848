import * as path from 'path';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { dequal } from 'dequal';
import type { AnalyzeInput } from '../language';
import type { ArgumentFacts, CallSite, CallTarget, ClassInfo, ConstValue, ConstructionSite, FileModel, FunctionInfo, HandlerInfo, ParamGuard, ParamInfo, PatternMatch, RunCondition, SymbolRef, TypeRef, ValueSpec } from '../model';
import { callbackApi, ELEMENT_METHODS } from './edges/callbacks';
import { accessorOf, callbackEdge, classInfoOf, getterEdge, isDispatch } from './edges/sites';
import type { RuleCatalog } from '../rules/catalog';
import { parseJavaScript } from './parse';
import type { LaggingBodies } from './typescriptSide';
import { findSuppressions } from './suppressions';
import { importBindings, importValue, isBuiltinModule, isRelative, moduleName, requireSpecifier, staticString, typeImportBindings } from './imports';
import { defaultRef, joinName, specOf, type ParamSlot, type Value } from './values';
import { autoloadDir } from './handlers/fastifyAutoload';
import { keepsIntoThis, storesIntoThis, tableVerbOf } from './handlers/routeTables';
import { HTTP_METHODS, registrarAt, routeCallAt, routerFramework, type Registrar, type RouteCall } from './handlers/registrars';
import { chainRoot, hasDirective, propertyName, unwrap, unwrapRequire, type FunctionNode } from './ast';
import { outerReads, Scope, type ClassContext } from './scope';
import { jsdocBefore, jsdocParamType, jsdocType, jsdocTypeNames } from './jsdoc';
import { headRange, LINE_BREAKS, rangeOf, spanOf } from './location';
import { lineIndexOf, type LineIndex } from '../lines';
import { isBusyWait } from './patterns/busyWait';
import { callPatterns, type CallPatternContext, type RuleIds } from './patterns/calls';
import { CALL_MATCHERS, CLASS_MATCHERS, FILE_MATCHERS } from './handlers';
import { devCondition, earlyExitGuard, exitsWithoutElse, fillLaterGuard, lazyAssignment, lazyInitGuard, lazyLogical, ModuleFunctions, type GuardScope } from './guards';
import { afterExitGuard, consequenceGuard, constArgsOf, paramInfos } from './paramGuards';
import { keyPath, literalOf, moduleConstant } from './moduleConstants';
import { splitJavaScriptName } from './resolve';
import { decidesBranches } from '../index/paramGuards';
import { memoizerOf } from './runsOnce';
import { argumentFacts } from './arguments';
import { own } from '../lookup';
import { hasParamFact, readsArguments, someRuleReads } from '../rules/cost';
import { EVENT_LOOP, isFunction, memberCall, type CallContext, type FileContext, type Registration } from './handlers/types';
import { FAMILY_SAMPLES, familyOf } from './handlers/objects';
import type { BindingFacts, Feed, PendingHandler } from './handlers/bindings';
import { isResolverMap, LOCAL_MAP, resolverFields, typeFieldResolvers, type ResolverField, type ResolverForward, type ResolverMapFact, type ResolverUse } from './handlers/graphql';
import { callFlags } from '../callFlags';
import { sameMoved, sameReads, type BodyMemo, type WatchedBody } from './bodyMemo';

type Node = TSESTree.Node;
type Call = TSESTree.CallExpression | TSESTree.NewExpression;

/** Every JS handler runs on the process's one event loop, sync or async. */
const PER_INSTANCE = { sync: 'per-request-instance', async: 'per-request-instance' } as const;


/** Calls whose function arguments run off the loop (worker threads, worker pools). */
const OFFLOAD = /^(worker_threads\.Worker|(piscina|tinypool)(\.default|\.Piscina|\.Tinypool)?\(\)\.(run|runTask)|workerpool\.pool\(\)\.exec)$/;

/** Parameters that carry request data in helpers too (`function parse(req)`). */
const REQUEST_PARAM = /^(req|request|ctx|event|body|payload|rawBody)$/;
/** Names of data, not of a request object: in a callback a library hands it its own data (`(err, res, body) => ...`). */
const DATA_PARAM = /^(body|payload|rawBody)$/;

/** Names that denote a callback when passed last. */
const CALLBACK_NAME = /^(cb|callback|done|next|resolve|reject)$|Callback$|Handler$/;

/** TS-only nodes and keys that hold no runtime calls. */
const SKIP_NODES = new Set(['TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSDeclareFunction', 'ImportDeclaration', 'TSImportEqualsDeclaration']);
const SKIP_KEYS = new Set(['typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'decorators', 'superTypeArguments', 'implements']);

/** How `visitFunction` walks a function. */
interface VisitOptions {
  className?: string;
  params?: Value[];
  handler?: boolean;
  nestedName?: string;
  accessor?: FunctionInfo['accessor'];
  decorated?: boolean;
  returned?: boolean;
}

/** A function's facts set before its body is walked: a replayed body leaves them as this walk set them. */
const HEADER_KEYS = new Set<string>(['name', 'isAsync', 'range', 'span', 'nameRange', 'className', 'accessor', 'decorated', 'parent']);

/**
 * One walk over a JS/TS file producing its FileModel. Calls are attributed
 * to the nearest named function (declarations, methods, top-level arrows,
 * handlers); inline callbacks and nested functions count for the function
 * that defines them, since they run on the same loop.
 */
class Analyzer {
  private readonly functions: FunctionInfo[] = [];
  /** The functions by name (the first of a name, as a search of `functions` finds it): inline handlers look theirs up, one per route. */
  private readonly functionsByName = new Map<string, FunctionInfo>();
  private readonly names = new Set<string>();
  /** The last ordinal given to each repeated name. */
  private readonly repeats = new Map<string, number>();
  private readonly moduleCode: FunctionInfo;
  private readonly handlers: HandlerInfo[] = [];
  private readonly exports = new Map<string, SymbolRef>();
  private readonly exportStars: string[] = [];
  private readonly imports = new Set<string>();
  private readonly inlineServerActions: string[] = [];
  private readonly feeds: Feed[] = [];
  /** Project helpers registering their parameters as route handlers, and calls that may be theirs (`handlers/registrars.ts`). */
  private readonly registrars: Registrar[] = [];
  private readonly routeCalls: RouteCall[] = [];
  /** Verb methods that keep the function they are given in their instance: a project route table's (`handlers/routeTables.ts`). */
  private readonly tableMethods: string[] = [];
  /** Calls whose result is bound to a name or an object key (`noteBoundName`). */
  private readonly boundNames = new WeakMap<Node, string>();
  private readonly pendingHandlers: PendingHandler[] = [];
  /** Folders @fastify/autoload registers as plugins (`fastifyAutoload.ts`). */
  private readonly autoloadDirs: string[] = [];
  /** GraphQL resolver maps by the top-level name holding them ('' for `module.exports = {…}` / `export default {…}`). */
  private readonly resolverMaps: Array<{ key: string; handlers: HandlerInfo[]; active: boolean }> = [];
  private readonly resolverUses: ResolverUse[] = [];
  /** Exports made of resolver maps (`export default merge(users, posts)`): what a server importing them takes. */
  private readonly resolverForwards: ResolverForward[] = [];
  /** Top-level `const x = <init>`: what a name handed to a GraphQL server was built from. */
  private readonly topInits = new Map<string, Node>();
  /** Modules this file requires at its top level: loading one again inside a function is a cache lookup. */
  private readonly startupRequires = new Set<string>();
  /** Project modules the module-level code loads (`FileModel.startupImports`). */
  private readonly startupImports = new Set<string>();
  /** Module-level names for the exports object (`const User = module.exports`): `User.get = function …` exports `get`. */
  private readonly exportAliases = new Set<string>();
  /** Set while walking a handler registered on a parameter: registrations inside it hold only when it does. */
  private pendingOn: Registration['pending'];
  /** The named function a `return` here returns from (undefined in inline callbacks and module code). */
  private returnsFrom: string | undefined;
  /** Local functions the named function being walked returns by name (`const mw = (req, res, next) => …; return mw;`). */
  private returnedLocals: ReadonlySet<string> = new Set();
  /** Named functions whose declared return type says what they give: their `return`s are not read. */
  private readonly declaredReturns = new WeakSet<FunctionInfo>();
  /** `new Cls(args)` and calls of project functions with arguments of known value (`FileModel.constructions`). */
  private readonly constructions: ConstructionSite[] = [];
  /** Framework objects each named function returns (router factories). */
  private readonly returnedObjects: Record<string, string[]> = {};
  /** The file's object types with members declared as framework objects (`BindingFacts.typeMembers`). */
  private typeMembers: Record<string, Record<string, string>> = {};
  /** Local names initialised with a call or arithmetic, with their function (`const wrapped = exposeError(handler)`, `const length = Math.floor(Math.random() * 41) + 24`): what a registrar's handler or a cost argument may be. */
  private readonly localInits = new Map<string, { fn: string; init: TSESTree.CallExpression | TSESTree.BinaryExpression }>();
  private readonly classes: ClassInfo[] = [];
  private readonly scope = new Scope();
  private readonly awaited = new Set<Node>();
  /** Functions written as call arguments: a library calls them back with its own values (`request(url, (err, res, body) => ...)`). */
  private readonly callbackFunctions = new WeakSet<Node>();
  /** Request data held by a local of the current function, by name: the calls it was handed to so far (`verifySignature({ rawBody })`). */
  private checkedBy = new Map<string, string[]>();
  /** Whether some rule's cost model reads `checkedBy` (`request-checked-by`): else no call needs noting. */
  private readonly notesChecks: boolean;
  /** Callbacks of array methods, with what the array's elements are when known: their parameters are elements, whatever their names. */
  private readonly elementCallbacks = new WeakMap<Node, Value | undefined>();
  /** Calls whose result is tested for truth (`if (check())`): a promise there is always truthy. */
  private readonly tested = new Set<Node>();
  /** Handler arguments of the call being walked: registered (and walked) by `registerHandler` only. */
  private readonly reserved = new Set<Node>();
  /** Function literals wrapped by a top-level `const x = wrap(fn)`: they are named `x`. */
  private readonly wrapperNames = new Map<Node, string>();
  private readonly ruleIds: RuleIds;
  private readonly callContext: CallContext;
  private readonly patternContext: CallPatternContext;
  private current: FunctionInfo;
  private depth = 0;
  private offload = 0;
  private workerFile = false;
  private useServer = false;
  private useClient = false;
  /** Set inside a lazy-initialisation or development-only branch (`guards.ts`): calls and handlers recorded here carry it. */
  private condition: RunCondition | undefined;
  /** The current named function's parameters, for branches one decides (`paramGuards.ts`); undefined in inline callbacks. */
  private params: { names: string[]; infos: ParamInfo[] } | undefined;
  /** Set inside a branch a parameter decides: calls recorded here carry it. */
  private paramGuard: ParamGuard | undefined;
  /** Inside a static method: `this.x` is shared by every request. */
  private staticDepth = 0;
  /** Names declared at module level (`let p;` included): stores that outlive a request. */
  private readonly topLevelNames = new Set<string>();
  /** Module-level `const` initialisers, for guards on a production flag (`guards.ts`). */
  private readonly constInits = new Map<string, Node>();
  /** Module-level `const`s with a constant value (`FileModel.constants`; the cost model reads their numbers and strings), objects of constants included. */
  private readonly moduleConstants: Record<string, ConstValue> = {};
  /**
   * A name or `NAME.key.key` as a constant: a module `const` of this file (or
   * a key of one), else an import from another project module, which the
   * index resolves (`ConstValue` ref).
   */
  private readonly namedConstant = (raw: Node): ConstValue | null => {
    const path: string[] = [];
    let base = unwrap(raw);
    while (base.type === 'MemberExpression' && !base.computed && base.property.type === 'Identifier') {
      path.unshift(base.property.name);
      base = unwrap(base.object);
    }
    if (base.type !== 'Identifier' || this.scope.isLocal(base.name)) return null;
    const own = this.moduleConstants[base.name];
    if (own) return keyPath(own, path);
    const value = this.scope.valueOf(base);
    if (value?.kind === 'project' && value.ref.module !== null) return { kind: 'ref', ref: value.ref, path };
    // A path alias (`@/lib/constants`) reads like a package until the index resolves it.
    const split = value?.kind === 'external' ? splitJavaScriptName(value.name)[0] : undefined;
    return split && split.name !== 'default' ? { kind: 'ref', ref: split, path } : null;
  };
  private program: TSESTree.Program | undefined;
  /** The file's module-level functions by name, built on first use (`GuardScope.calleeBody`). */
  private moduleFunctions: ModuleFunctions | undefined;
  /** `export const NAME = <literal>` (a Next.js route's `dynamic`, `revalidate`) and exported functions' parameter counts, for file matchers. */
  private readonly exportedLiterals = new Map<string, string | number | boolean>();
  private readonly exportedParamCounts = new Map<string, number>();
  private readonly guardScope: GuardScope;
  /** Writes to what the file's functions share that no list's length shows (an export, a class field, a returned object): a body making one is walked every time (`bodyMemo.ts`). */
  private sharedWrites = 0;
  /** The named functions' bodies being walked and watched, innermost last. */
  private readonly watched: WatchedBody[] = [];
  /** What hoisting gave, as a body reads it (imports, top-level names and constants): a replay needs it unchanged. */
  hoisted = '';
  /** Where the text's lines start (the index's findings read the same one): positions are made from offsets, the parser makes no `loc`. */
  private readonly lines: LineIndex;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly root: string,
    private readonly rules: RuleCatalog,
    program: TSESTree.Program | undefined,
    /** An open document's: bodies its last walk left as they are replay (`bodyMemo.ts`). */
    private readonly memo?: BodyMemo,
    /** The bodies a replay may leave unread, still to be moved past the latest edits: settled before a walk reads them. */
    private readonly lagging?: LaggingBodies,
  ) {
    this.lines = lineIndexOf(text, LINE_BREAKS);
    const end = program ? rangeOf(this.lines, program) : { line: 1, column: 1, endLine: 1, endColumn: 1 };
    this.moduleCode = {
      name: '<module>',
      isAsync: false,
      range: end,
      span: { start: 0, end: text.length },
      nameRange: { line: 1, column: 1, endLine: 1, endColumn: 1 },
      calls: [],
      patterns: [],
    };
    this.current = this.moduleCode;
    this.notesChecks = someRuleReads(rules.all('javascript'), 'request-checked-by');
    this.ruleIds = {
      json: rules.byMatcher('javascript', 'json-body')?.id,
      redos: rules.byMatcher('javascript', 'redos')?.id,
      busyWait: rules.byMatcher('javascript', 'busy-wait')?.id,
      unknownSync: rules.byMatcher('javascript', 'unknown-sync-call')?.id,
    };
    this.patternContext = {
      ruleIds: this.ruleIds,
      valueOf: (node) => this.scope.valueOf(node),
      hasRule: (name) => rules.matchCall('javascript', name) !== undefined,
      report: (ruleId, node, text, regex) => this.pattern(ruleId, node, text, regex),
    };
    this.guardScope = {
      fromCaller: (identifier, whole) => {
        const value = this.scope.valueOf(identifier);
        return value?.kind === 'input' || (whole && value?.kind === 'param');
      },
      constInit: (node) => {
        if (node.type !== 'Identifier' || this.scope.isLocal(node.name)) return undefined;
        const init = this.constInits.get(node.name);
        this.watched[this.watched.length - 1]?.constInits.set(node.name, init);
        return init;
      },
      calleeBody: (name) => {
        if (this.scope.isLocal(name)) return undefined;
        // What this body's walk decides now depends on another function's body: it is walked every time (bodyMemo.ts).
        const watch = this.watched[this.watched.length - 1];
        if (watch) watch.spoiled = true;
        return (this.moduleFunctions ??= new ModuleFunctions(this.program)).body(name);
      },
      store: (raw) => {
        if (this.depth === 0) return undefined;
        const node = unwrap(raw);
        if (node.type === 'Identifier') return this.topLevelNames.has(node.name) && !this.scope.isLocal(node.name) ? node.name : undefined;
        if (node.type !== 'MemberExpression' || node.computed) return undefined;
        const prop = propertyName(node);
        if (prop === undefined) return undefined;
        if (node.object.type === 'ThisExpression') return this.staticDepth > 0 ? `this.${prop}` : undefined;
        // `Registry.cache` on a module-level class or object.
        if (node.object.type === 'Identifier' && this.topLevelNames.has(node.object.name) && !this.scope.isLocal(node.object.name)) return `${node.object.name}.${prop}`;
        return undefined;
      },
    };
    this.callContext = {
      externalName: (node) => {
        const v = this.scope.valueOf(node);
        return v?.kind === 'external' ? v.name : undefined;
      },
      imports: this.imports,
      file: this.file,
      boundName: (call) => this.boundNames.get(call),
      // A parameter, what a project function returns or an instance of a project class: the index follows all three, so a conventional name is no clue.
      isParameter: (node) => {
        const v = this.scope.valueOf(node);
        return (v?.kind === 'param' && v.slot !== undefined) || v?.kind === 'returned' || v?.kind === 'instance';
      },
    };
  }

  run(program: TSESTree.Program): void {
    this.program = program;
    this.useServer = program.body.some((s) => s.type === 'ExpressionStatement' && s.directive === 'use server');
    this.useClient = program.body.some((s) => s.type === 'ExpressionStatement' && s.directive === 'use client');
    this.hoist(program);
    if (this.memo) this.hoisted = JSON.stringify([[...this.imports], [...this.topLevelNames], this.moduleConstants, [...this.startupRequires], this.workerFile, this.useServer, this.useClient]);
    for (const stmt of program.body) this.visit(stmt);
    if (!this.workerFile) this.matchFile();
  }

  model(errors: FileModel['errors']): FileModel {
    return {
      file: this.file,
      language: 'javascript',
      functions: this.functions,
      moduleCode: this.moduleCode,
      handlers: this.workerFile ? [] : this.handlers,
      exports: this.exports,
      suppressions: findSuppressions(this.text),
      errors,
      starExports: this.exportStars,
      classes: this.classes,
      ...(this.constructions.length > 0 ? { constructions: this.constructions } : {}),
      ...this.startupImportsFact(),
      ...this.moduleValues(),
      ...(Object.keys(this.moduleConstants).length > 0 ? { constants: this.moduleConstants } : {}),
      facts: {
        exportStar: this.exportStars,
        workerFile: this.workerFile,
        useServer: this.useServer,
        feeds: this.feeds,
        ...(this.registrars.length > 0 ? { registrars: this.registrars } : {}),
        ...this.exportedObjects(),
        ...(this.routeCalls.length > 0 ? { routeCalls: this.routeCalls } : {}),
        ...(this.tableMethods.length > 0 ? { tableMethods: this.tableMethods } : {}),
        pendingHandlers: this.workerFile ? [] : this.pendingHandlers,
        ...(this.autoloadDirs.length > 0 ? { autoloadDirs: this.autoloadDirs } : {}),
        ...(Object.keys(this.returnedObjects).length > 0 ? { returnedObjects: this.returnedObjects } : {}),
        ...(Object.keys(this.typeMembers).length > 0 ? { typeMembers: this.typeMembers } : {}),
        resolverMaps: this.exportedResolverMaps(),
        resolverUses: this.resolverUses,
        ...(this.resolverForwards.length > 0 ? { resolverForwards: this.resolverForwards } : {}),
      },
    };
  }

  // -------------------------------------------------------------------------
  /** Imports and declarations are visible before their statement runs. */
  private hoist(program: TSESTree.Program): void {
    for (const raw of program.body) {
      const stmt = raw.type === 'ExportNamedDeclaration' || raw.type === 'ExportDefaultDeclaration' ? raw.declaration ?? raw : raw;
      const exported = raw.type === 'ExportNamedDeclaration';
      if (exported && stmt.type === 'FunctionDeclaration' && stmt.id) this.exportedParamCounts.set(stmt.id.name, stmt.params.length);
      if (stmt.type === 'VariableDeclaration') {
        for (const d of stmt.declarations) {
          if (d.id.type !== 'Identifier') continue;
          this.topLevelNames.add(d.id.name);
          const init = d.init && unwrap(d.init);
          const constant = stmt.kind === 'const' && init ? moduleConstant(init, this.namedConstant) : null;
          if (constant) this.moduleConstants[d.id.name] = constant;
          if (stmt.kind === 'const' && init) this.constInits.set(d.id.name, init);
          if (exported && stmt.kind === 'const' && init) this.noteExportedConst(d.id.name, init);
        }
      }
      if (stmt.type === 'ClassDeclaration' && stmt.id) this.topLevelNames.add(stmt.id.name);
      switch (stmt.type) {
        case 'ImportDeclaration':
          if (isRelative(stmt.source.value)) this.startupImports.add(stmt.source.value);
          this.noteImport(stmt.source.value, stmt.specifiers.map((s) => (s.type === 'ImportSpecifier' && s.imported.type === 'Identifier' ? s.imported.name : '')));
          for (const [name, value] of importBindings(stmt)) this.scope.bind(name, value);
          for (const [name, value] of typeImportBindings(stmt)) this.scope.bindType(name, value);
          break;
        case 'TSImportEqualsDeclaration':
          if (stmt.moduleReference.type === 'TSExternalModuleReference') {
            const spec = staticString(stmt.moduleReference.expression);
            if (spec !== undefined) {
              this.noteImport(spec, []);
              this.scope.bind(stmt.id.name, importValue(spec, '*'));
            }
          }
          break;
        case 'FunctionDeclaration':
        case 'ClassDeclaration':
          if (stmt.id) this.scope.bind(stmt.id.name, { kind: 'project', ref: { module: null, name: stmt.id.name } });
          break;
        case 'VariableDeclaration':
          for (const d of stmt.declarations) {
            const init = d.init ? unwrap(d.init) : undefined;
            if (d.id.type === 'Identifier' && (isFunction(init) || init?.type === 'ClassExpression')) {
              this.scope.bind(d.id.name, { kind: 'project', ref: { module: null, name: d.id.name } });
            } else if (init && requireSpecifier(unwrapRequire(init)) !== undefined) {
              const spec = requireSpecifier(unwrapRequire(init))!;
              this.startupRequires.add(spec);
              this.noteImport(spec, d.id.type === 'ObjectPattern' ? d.id.properties.map((p) => (p.type === 'Property' && p.key.type === 'Identifier' ? p.key.name : '')) : []);
              this.scope.bindPattern(d.id, this.scope.valueOf(init));
            }
          }
          break;
        case 'ExpressionStatement': {
          // `require('./polyfills');` loads a module at startup too.
          const spec = requireSpecifier(unwrapRequire(stmt.expression));
          if (spec !== undefined) this.startupRequires.add(spec);
          break;
        }
        default:
          break;
      }
    }
    this.typeMembers = this.declaredTypeMembers(program);
  }

  /**
   * The file's top-level object types (`type ArgsExpressType = { app: Express }`,
   * `interface Deps { router: Router }`) and which of their members are declared
   * as framework objects: a parameter of such a type holds them, whoever calls it.
   */
  private declaredTypeMembers(program: TSESTree.Program): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const raw of program.body) {
      const stmt = raw.type === 'ExportNamedDeclaration' && raw.declaration ? raw.declaration : raw;
      const declared =
        stmt.type === 'TSInterfaceDeclaration' ? { name: stmt.id.name, members: stmt.body.body }
        : stmt.type === 'TSTypeAliasDeclaration' && stmt.typeAnnotation.type === 'TSTypeLiteral' ? { name: stmt.id.name, members: stmt.typeAnnotation.members }
        : undefined;
      for (const member of declared?.members ?? []) {
        if (member.type !== 'TSPropertySignature' || member.computed) continue;
        const key = member.key.type === 'Identifier' ? member.key.name : staticString(member.key);
        const value = this.scope.valueOfType(member.typeAnnotation ?? undefined);
        if (key !== undefined && value?.kind === 'external' && familyOf(value.name) !== undefined) (out[declared!.name] ??= {})[key] = value.name;
      }
    }
    return out;
  }

  /** The project object type a parameter is declared as (`{ app }: ArgsExpressType`, `args: LocalArgs`), if any. */
  private declaredObjectType(param: TSESTree.Parameter): SymbolRef | undefined {
    const { typed } = parameterParts(param);
    const annotation = 'typeAnnotation' in typed ? typed.typeAnnotation ?? undefined : undefined;
    const type = annotation?.typeAnnotation;
    if (type?.type !== 'TSTypeReference' || type.typeName.type !== 'Identifier') return undefined;
    if (this.typeMembers[type.typeName.name]) return { module: null, name: type.typeName.name };
    const value = this.scope.valueOfType(annotation);
    return value?.kind === 'instance' && value.ref.module !== null ? value.ref : undefined;
  }

  private noteImport(spec: string, names: string[]): void {
    if (isRelative(spec)) return;
    const mod = moduleName(spec);
    this.imports.add(mod);
    if (mod === 'worker_threads' && names.some((n) => n === 'parentPort' || n === 'workerData')) this.workerFile = true;
  }

  // -------------------------------------------------------------------------
  // Walk
  // -------------------------------------------------------------------------

  private visit(node: Node | null | undefined): void {
    if (!node || SKIP_NODES.has(node.type) || this.reserved.has(node)) return;
    switch (node.type) {
      case 'FunctionDeclaration':
        return this.functionDeclaration(node);
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        this.visitFunction(node, undefined);
        return;
      case 'ClassDeclaration':
      case 'ClassExpression':
        return this.visitClass(node, node.id?.name ?? this.uniqueName('<class>'));
      case 'VariableDeclarator':
        if (node.id.type === 'Identifier' && node.init) this.noteBoundName(node.init, node.id.name);
        return this.variableDeclarator(node);
      case 'Property':
        if (!node.computed) this.noteBoundName(node.value, propertyName(node));
        return this.children(node);
      case 'AssignmentExpression':
        return this.under(lazyAssignment(node, this.guardScope, this.text), () => this.assignment(node));
      case 'IfStatement':
        return this.ifStatement(node);
      case 'BlockStatement':
        return this.block(node.body);
      case 'ConditionalExpression':
        this.markTested(node.test);
        this.visit(node.test);
        this.under(devCondition(node.test, 'then', this.text, this.guardScope), () => this.visit(node.consequent));
        return this.under(devCondition(node.test, 'else', this.text, this.guardScope), () => this.visit(node.alternate));
      case 'LogicalExpression': {
        this.visit(node.left);
        const guard =
          node.operator === '&&' ? devCondition(node.left, 'then', this.text, this.guardScope) : devCondition(node.left, 'else', this.text, this.guardScope) ?? lazyLogical(node, this.guardScope, this.text);
        return this.under(guard, () => this.visit(node.right));
      }
      case 'CallExpression':
      case 'NewExpression':
        return this.call(node);
      case 'AwaitExpression':
        this.awaited.add(unwrap(node.argument));
        return this.visit(node.argument);
      case 'MemberExpression':
        this.edge(getterEdge(node, this.scope, this.offload > 0, (n) => this.source(n)));
        return this.children(node);
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'ForStatement':
        this.markTested(node.test);
        if (this.ruleIds.busyWait && isBusyWait(node) && node.test) this.pattern(this.ruleIds.busyWait, node.test, `${node.type === 'ForStatement' ? 'for' : 'while'} (${this.source(node.test)})`);
        return this.children(node);
      case 'ExportNamedDeclaration':
        if (node.source && isRelative(node.source.value)) this.startupImports.add(node.source.value);
        this.exportNamed(node);
        return this.visit(node.declaration);
      case 'ExportDefaultDeclaration':
        return this.exportDefault(node);
      case 'JSXOpeningElement':
        this.renderEdge(node);
        return this.children(node);
      case 'ReturnStatement':
        this.recordReturn(node.argument);
        if (node.argument && this.returnsFrom !== undefined && isFunction(unwrap(node.argument))) {
          this.visitFunction(unwrap(node.argument) as FunctionNode, undefined, { returned: true });
          return;
        }
        return this.children(node);
      case 'ExportAllDeclaration':
        if (isRelative(node.source.value)) this.startupImports.add(node.source.value);
        if (node.exported) this.setExport(node.exported.type === 'Identifier' ? node.exported.name : String((node.exported as unknown as TSESTree.StringLiteral).value), { module: node.source.value, name: '' });
        else this.exportStars.push(node.source.value);
        return;
      default:
        return this.children(node);
    }
  }

  /** Runs `walk` with `condition` in force; an outer condition stays, the whole branch depends on it. */
  private under(condition: RunCondition | undefined, walk: () => void): void {
    if (!condition || this.condition) return walk();
    this.condition = condition;
    try {
      walk();
    } finally {
      this.condition = undefined;
    }
  }

  /** Runs `walk` inside a branch a parameter decides; an outer one stays. The function keeps its parameters for the index. */
  private underParam(guard: ParamGuard | undefined, walk: () => void): void {
    if (!guard || this.paramGuard || !this.params) return walk();
    this.current.params ??= this.params.infos;
    this.paramGuard = guard;
    try {
      walk();
    } finally {
      this.paramGuard = undefined;
    }
  }

  /** Marks the calls a condition tests for truth: itself, or the operands of `!`, `&&`, `||` in it. */
  private markTested(node: Node | null | undefined): void {
    if (!node) return;
    const inner = unwrap(node);
    if (inner.type === 'CallExpression') this.tested.add(inner);
    else if (inner.type === 'UnaryExpression' && inner.operator === '!') this.markTested(inner.argument);
    else if (inner.type === 'LogicalExpression' && inner.operator !== '??') {
      this.markTested(inner.left);
      this.markTested(inner.right);
    }
  }

  private ifStatement(node: TSESTree.IfStatement): void {
    this.markTested(node.test);
    this.visit(node.test);
    const decided = this.params && consequenceGuard(node.test, this.params.names);
    this.underParam(decided, () =>
      this.under(devCondition(node.test, 'then', this.text, this.guardScope) ?? lazyInitGuard(node, this.guardScope, this.text), () => this.visit(node.consequent)),
    );
    this.under(devCondition(node.test, 'else', this.text, this.guardScope), () => this.visit(node.alternate));
  }

  /** `if (p) return p;` or `if (isProduction) return;` guards the rest of the block. */
  private block(statements: readonly Node[]): void {
    const walk = (from: number): void => {
      for (let i = from; i < statements.length; i++) {
        const stmt = statements[i];
        const filled = this.depth > 0 && !this.condition ? fillLaterGuard(stmt, statements.slice(i + 1), this.guardScope, this.text) : undefined;
        if (filled) this.under(filled, () => this.visit(stmt));
        else this.visit(stmt);
        if (stmt.type !== 'IfStatement' || this.depth === 0 || i + 1 >= statements.length) continue;
        const guard = earlyExitGuard(stmt, statements.slice(i + 1), this.guardScope, this.text);
        if (guard && !this.condition) return this.under(guard, () => walk(i + 1));
        const decided = this.params && exitsWithoutElse(stmt) ? afterExitGuard(stmt.test, this.params.names) : undefined;
        if (decided && !this.paramGuard) return this.underParam(decided, () => walk(i + 1));
      }
    };
    walk(0);
  }

  private children(node: Node): void {
    const keys = visitorKeys[node.type];
    if (!keys) return;
    const record = node as unknown as Record<string, unknown>;
    for (const key of keys) {
      if (SKIP_KEYS.has(key)) continue;
      const child = record[key];
      if (Array.isArray(child)) {
        for (const c of child) if (c && typeof c === 'object') this.visit(c as Node);
      } else if (child && typeof child === 'object') this.visit(child as Node);
    }
  }

  private source(node: Node): string {
    return this.text.slice(node.range[0], node.range[1]);
  }

  private functionDeclaration(node: TSESTree.FunctionDeclaration): void {
    const name = node.id?.name ?? 'default';
    if (this.depth === 0) {
      this.visitFunction(node, name);
      return;
    }
    if (node.id) this.scope.bind(node.id.name, { kind: 'inline-function' });
    this.visitFunction(node, undefined, { nestedName: name, returned: this.returnedLocals.has(name) });
  }

  /**
   * Dotted names stay unique in a file: a repeated name gets its ordinal
   * (`get:2`, `<handler:3>`), not its line, so a line added above leaves it
   * as it was and the index keeps what it built for it.
   */
  private uniqueName(base: string): string {
    // The next ordinal after the last given (a name may also be taken by a function named so in the source).
    let ordinal = (this.repeats.get(base) ?? 0) + 1;
    let name = ordinal === 1 ? base : ordinalName(base, ordinal);
    while (this.names.has(name)) name = ordinalName(base, ++ordinal);
    this.repeats.set(base, ordinal);
    this.names.add(name);
    return name;
  }

  /**
   * Walks a function. With a `name` it becomes its own FunctionInfo;
   * without, its calls count for the enclosing function (inline callbacks,
   * nested helpers) unless it is an inline server action.
   */
  private visitFunction(
    fn: FunctionNode,
    name: string | undefined,
    options: VisitOptions = {},
  ): string | undefined {
    const serverAction = hasDirective(fn, 'use server');
    const wrapperName = name === undefined ? this.wrapperNames.get(fn) : undefined;
    if (wrapperName !== undefined) name = wrapperName;
    if (name === undefined && serverAction) {
      name = options.nestedName ? `${this.current.name}.<locals>.${options.nestedName}` : '<server-action>';
    }
    const outer = this.current;
    // A function a named function returns runs when its result is called: its own FunctionInfo, so a registration of that result can name it.
    const returned = name === undefined && options.returned && this.returnsFrom === outer.name;
    if (returned) {
      const local = options.nestedName ?? (fn.type === 'FunctionExpression' ? fn.id?.name : undefined);
      name = local ? `${outer.name}.<locals>.${local}` : `${outer.name}.<returned>`;
    }
    let info: FunctionInfo | undefined;
    if (name !== undefined) {
      name = this.uniqueName(name);
      if (wrapperName !== undefined) this.wrapperNames.set(fn, name);
      const named = fn.id ?? undefined;
      const head = named ? { range: rangeOf(this.lines, named), span: spanOf(named) } : headRange(this.lines, fn, fn.type === 'ArrowFunctionExpression' ? 1 : 8);
      info = {
        name,
        isAsync: fn.async,
        range: rangeOf(this.lines, fn),
        span: spanOf(fn),
        nameRange: head.range,
        calls: [],
        patterns: [],
      };
      if (options.className) info.className = options.className;
      if (options.accessor) info.accessor = options.accessor;
      const declared = specOf(this.scope.valueOfReturnType(fn.returnType));
      if (declared) {
        info.returns = [declared];
        this.declaredReturns.add(info);
      }
      if (options.decorated) info.decorated = true;
      if (outer !== this.moduleCode) info.parent = outer.name;
      this.functions.push(info);
      if (!this.functionsByName.has(name)) this.functionsByName.set(name, info);
      this.current = info;
      if (serverAction) this.inlineServerActions.push(name);
      if (returned) (outer.returnedFunctions ??= []).push(name);
    }
    // An open document's named function: its body as the last walk left it, when nothing it read changed (`bodyMemo.ts`).
    const context = info && this.memo ? this.bodyContext(fn, options) : undefined;
    if (info && context && this.replayBody(fn, info, context)) {
      this.current = outer;
      if (returned) this.countAtDefinition(outer, info);
      return info.name;
    }
    // A named function runs when it is called, not where it is defined; inline callbacks run here.
    const outerCondition = this.condition;
    if (info) this.condition = undefined;
    // Branches on an inline callback's own parameters are not decided by the enclosing function's callers.
    const outerParams = this.params;
    const outerParamGuard = this.paramGuard;
    if (info) {
      const infos = paramInfos(fn.params);
      this.params = { names: infos.map((p) => p.name), infos };
      this.paramGuard = undefined;
    } else this.params = undefined;
    const outerReturns = this.returnsFrom;
    this.returnsFrom = info?.name;
    const outerReturnedLocals = this.returnedLocals;
    this.returnedLocals = info && fn.body?.type === 'BlockStatement' ? namesReturned(fn.body) : new Set();
    const outerCheckedBy = this.checkedBy;
    this.checkedBy = new Map();
    this.scope.push();
    this.depth++;
    const watch = info && context ? this.watchBody(fn, context) : undefined;
    this.walkBody(fn, info, name, options, watch);
    if (watch) this.keepBody(watch, info!);
    this.returnsFrom = outerReturns;
    this.returnedLocals = outerReturnedLocals;
    if (returned && info) this.countAtDefinition(outer, info);
    this.checkedBy = outerCheckedBy;
    this.depth--;
    this.scope.pop();
    this.current = outer;
    this.condition = outerCondition;
    this.params = outerParams;
    this.paramGuard = outerParamGuard;
    return info?.name;
  }

  /** `@Body() dto`, `@Args('json') json: string` (NestJS): the request's body, or a GraphQL request's arguments, injected. */
  private injectedRequestData(param: TSESTree.Parameter): Value | undefined {
    const decorators = 'decorators' in param ? param.decorators : undefined;
    for (const decorator of decorators ?? []) {
      const expr = unwrap(decorator.expression);
      const name = this.callContext.externalName(expr.type === 'CallExpression' ? expr.callee : expr);
      if (name !== undefined && NEST_BODY_PARAMS.has(name)) return { kind: 'input', part: 'body' };
    }
    return undefined;
  }

  /** Until a registration names it, what a returned function calls still counts where it is written, as for any inline function. */
  private countAtDefinition(outer: FunctionInfo, info: FunctionInfo): void {
    outer.calls.push(...info.calls);
    outer.patterns.push(...info.patterns);
  }

  /** A function's parameters and body, in the frame `visitFunction` opened for it. */
  private walkBody(fn: FunctionNode, info: FunctionInfo | undefined, name: string | undefined, options: VisitOptions, watch: WatchedBody | undefined): void {
    this.lagging?.settle(fn.body);
    if (fn.type === 'FunctionExpression' && fn.id) this.scope.bind(fn.id.name, { kind: 'inline-function' });
    const doc = fn.params.length > 0 && !options.handler ? jsdocBefore(this.text, fn.range[0]) : undefined;
    if (watch && fn.params.length > 0 && !options.handler) watch.doc = doc;
    for (const [param, index] of positionalParams(fn.params)) {
      const element = this.elementCallbacks.has(fn) ? { value: index === 0 ? this.elementCallbacks.get(fn) : undefined } : undefined;
      const given = options.params?.[index] ?? (options.handler ? undefined : element?.value ?? this.frameworkParam(param) ?? this.declaredParam(param, doc));
      const paramName = param.type === 'Identifier' ? param.name : undefined;
      const slot = name !== undefined ? { fn: name, index, path: '' } : undefined;
      // A parameter's name says "request data" only in a function of its own: a callback's `body` is what the library hands it
      // (an HTTP response), and `events.map((event) => ...)` names an array element.
      const byName = !element && !!paramName && REQUEST_PARAM.test(paramName) && !(DATA_PARAM.test(paramName) && this.callbackFunctions.has(fn));
      const untyped: Value = given ?? this.injectedRequestData(param) ?? (options.handler ? { kind: 'input' } : byName ? { kind: 'input', byName: true } : restParam(param, slot));
      const declared = untyped.kind === 'param' && untyped.slot && !untyped.rest ? this.declaredObjectType(param) : undefined;
      const value: Value = declared && untyped.kind === 'param' ? { ...untyped, declared } : untyped;
      this.scope.bindPattern(param, value);
      if (param.type === 'AssignmentPattern') this.visit(param.right);
    }
    const body = fn.body && unwrap(fn.body);
    // `(limit) => async (req, res, next) => …`: an expression body that is a function is what it returns.
    if (info && body && fn.body!.type !== 'BlockStatement' && isFunction(body)) this.visitFunction(body, undefined, { returned: true });
    else if (fn.body) this.visit(fn.body);
    // `() => express.Router()`: an expression body is what the function returns.
    if (fn.body && fn.body.type !== 'BlockStatement') this.recordReturn(fn.body);
  }

  /** What a named function's body walk depends on besides what it reads of the scope: its options and the walker's state where it starts. */
  private bodyContext(fn: FunctionNode, options: VisitOptions): unknown[] {
    const element = this.elementCallbacks.has(fn) ? [this.elementCallbacks.get(fn) ?? null] : null;
    return [options, this.offload, this.depth, this.staticDepth, this.pendingOn ?? null, this.scope.frames, this.callbackFunctions.has(fn), element];
  }

  /** Puts `fn`'s facts back as its last walk left them, moved by the edit, when nothing it read changed (`bodyMemo.ts`). */
  private replayBody(fn: FunctionNode, info: FunctionInfo, context: unknown[]): boolean {
    const record = this.memo?.recordOf(fn, this.hoisted);
    if (!record) return false;
    const move = this.memo!.moverOf(record);
    if (move(record.name) !== info.name || !sameMoved(context, record.context, move).same) return false;
    if (record.doc !== null && jsdocBefore(this.text, fn.range[0]) !== record.doc) return false;
    for (const [name, init] of record.constInits) if (this.constInits.get(name) !== init) return false;
    if (!sameReads(record.reads, this.scope, move)) return false;
    const facts = move(record.facts);
    Object.assign(info, facts);
    const lists = this.appendedLists();
    const appended = record.appended.map((items, i) => {
      if (items.length === 0) return items;
      const copies = move(items);
      lists[i].push(...copies);
      return copies;
    });
    // The record, moved, serves the next walk.
    Object.assign(record, { name: info.name, start: fn.range[0], end: fn.range[1], context, facts, appended });
    this.memo!.replayed(fn, record);
    return true;
  }

  /** Starts watching a named function's body walk: what it reads around it, and whether it does more than its own function's facts. */
  private watchBody(fn: FunctionNode, context: unknown[]): WatchedBody {
    const watch: WatchedBody = {
      fn,
      context,
      reads: outerReads(this.scope.frames - 1),
      constInits: new Map(),
      doc: null,
      collected: this.collectedCount(),
      appendedFrom: this.appendedLists().map((list) => list.length),
      spoiled: false,
    };
    // A named function inside another: the outer one's walk does more than its own facts, and is walked every time.
    const outer = this.watched[this.watched.length - 1];
    if (outer) outer.spoiled = true;
    this.watched.push(watch);
    this.scope.reads = watch.reads;
    return watch;
  }

  /** Keeps a watched body's walk for the next walk of the document, unless it did more than its own function's facts. */
  private keepBody(watch: WatchedBody, info: FunctionInfo): void {
    this.watched.pop();
    // Any function still watched is an outer one, spoiled.
    this.scope.reads = undefined;
    if (watch.spoiled || watch.reads.writes > 0 || this.collectedCount() !== watch.collected) return;
    const facts: Partial<FunctionInfo> = {};
    for (const key of Object.keys(info) as Array<keyof FunctionInfo>) if (!HEADER_KEYS.has(key)) (facts as Record<string, unknown>)[key] = info[key];
    const appended = this.appendedLists().map((list, i) => list.slice(watch.appendedFrom[i]));
    const { context, reads, constInits, doc } = watch;
    this.memo!.recorded(watch.fn, { name: info.name, start: watch.fn.range[0], end: watch.fn.range[1], context, reads, constInits, doc, facts, appended });
  }

  /** How much the file's lists (all but `appendedLists`) and shared writes hold: a body that changes it does more than its own facts. */
  private collectedCount(): number {
    return (
      this.sharedWrites +
      this.functions.length +
      this.names.size +
      this.handlers.length +
      this.pendingHandlers.length +
      this.classes.length +
      this.resolverMaps.length +
      this.resolverUses.length +
      this.resolverForwards.length +
      this.autoloadDirs.length +
      this.exportStars.length +
      this.inlineServerActions.length
    );
  }

  /** The file's lists a function body may add to and still be replayed: what it adds is kept with its facts. */
  private appendedLists(): unknown[][] {
    return [this.feeds, this.routeCalls, this.registrars, this.constructions, this.tableMethods];
  }

  /** A parameter typed or defaulted as a framework object (`app: Koa`, `router = express.Router()`). */
  private frameworkParam(param: TSESTree.Parameter): Value | undefined {
    const { target, typed } = parameterParts(param);
    const candidates = [
      'typeAnnotation' in typed ? this.scope.valueOfType(typed.typeAnnotation ?? undefined) : undefined,
      target.type === 'AssignmentPattern' ? this.scope.valueOf(target.right) : undefined,
    ];
    return candidates.find((v) => v?.kind === 'external' && familyOf(v.name) !== undefined);
  }

  /**
   * A parameter declared as a project class or a library type, by a TypeScript
   * annotation or a JSDoc `@param {Store} store`; request-like names stay input.
   */
  private declaredParam(param: TSESTree.Parameter, doc: string | undefined): Value | undefined {
    const { typed } = parameterParts(param);
    if (typed.type !== 'Identifier' || REQUEST_PARAM.test(typed.name)) return undefined;
    return this.declaredType(typed.typeAnnotation ?? undefined, doc === undefined ? undefined : jsdocParamType(doc, typed.name));
  }

  /** The value a declared type gives: the TypeScript annotation, else the JSDoc type expression. */
  private declaredType(annotation: TSESTree.TSTypeAnnotation | undefined, jsdoc: string | undefined): Value | undefined {
    const value = this.scope.valueOfType(annotation) ?? (jsdoc === undefined ? undefined : this.scope.valueOfTypeNames(jsdocTypeNames(jsdoc)));
    return value?.kind === 'instance' || value?.kind === 'external' ? value : undefined;
  }

  /** The JSDoc `@type` of the declaration that starts at `offset`. */
  private jsdocTypeAt(offset: number): string | undefined {
    const doc = jsdocBefore(this.text, offset);
    return doc === undefined ? undefined : jsdocType(doc);
  }

  private visitClass(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression, name: string): void {
    if (cls.type === 'ClassExpression' || this.depth > 0) this.scope.bind(name, { kind: 'project', ref: { module: null, name } });
    this.visit(cls.superClass);
    this.classes.push(classInfoOf(name, this.scope.valueOf(cls.superClass), this.location(cls.id ?? cls)));
    const ctx: ClassContext = { name, fields: new Map() };
    for (const member of cls.body.body) {
      if (member.type === 'MethodDefinition' && member.kind === 'constructor') {
        for (const p of member.value.params) {
          if (p.type === 'TSParameterProperty' && p.parameter.type === 'Identifier') {
            ctx.fields.set(p.parameter.name, this.scope.valueOfType(p.parameter.typeAnnotation));
          }
        }
      } else if (member.type === 'PropertyDefinition') {
        const key = propertyName(member);
        if (key === undefined) continue;
        const value = member.value ? unwrap(member.value) : undefined;
        if (isFunction(value)) continue; // a method, resolved as `Class.key`
        ctx.fields.set(key, orDeclared(value ? this.scope.valueOf(value) : undefined, () => this.declaredType(member.typeAnnotation, this.jsdocTypeAt(member.range[0]))));
      }
    }
    const importedAs = (local: string): string | undefined => {
      const value = this.scope.lookup(local);
      return value?.kind === 'external' ? value.name : undefined;
    };
    for (const matcher of CLASS_MATCHERS) {
      for (const h of matcher.match(cls, importedAs)) {
        const member = cls.body.body.find((m) => (m.type === 'MethodDefinition' || m.type === 'PropertyDefinition') && propertyName(m) === h.method);
        const at = member && 'key' in member ? member.key : cls;
        this.handlers.push({
          ref: { module: null, name: `${name}.${h.method}` },
          location: this.location(at),
          framework: matcher.framework,
          route: h.route,
          methods: h.methods,
          ...(h.kind ? { kind: h.kind } : {}),
          ...(h.syncResult ? { syncResult: true } : {}),
          contextByKind: { ...EVENT_LOOP },
        });
      }
    }
    this.scope.pushClass(ctx);
    for (const member of cls.body.body) {
      const isStatic = 'static' in member && member.static;
      if (isStatic) this.staticDepth++;
      if (member.type === 'MethodDefinition' || member.type === 'TSAbstractMethodDefinition') {
        const key = propertyName(member);
        if (member.value.type === 'FunctionExpression' && key !== undefined) {
          const fnName = this.visitFunction(member.value, `${name}.${key}`, { className: name, accessor: accessorOf(member), decorated: (member.decorators?.length ?? 0) > 0 });
          this.markMemoizedByDecorator(member.decorators, fnName);
        }
      } else if (member.type === 'PropertyDefinition') {
        const key = propertyName(member);
        const value = member.value ? unwrap(member.value) : undefined;
        if (isFunction(value) && key !== undefined) this.visitFunction(value, `${name}.${key}`, { className: name });
        else this.visit(member.value);
      } else this.visit(member);
      if (isStatic) this.staticDepth--;
    }
    this.scope.popClass();
  }

  private variableDeclarator(decl: TSESTree.VariableDeclarator): void {
    const init = decl.init ? unwrap(decl.init) : undefined;
    const declared = () =>
      decl.id.type === 'Identifier' ? this.declaredType(decl.id.typeAnnotation ?? undefined, this.jsdocTypeAt(decl.range[0])) : undefined;
    if (!init) {
      // `let db: Database;` assigned later: the declared type is all we know until an assignment says more (`db = open()`).
      if (decl.id.type === 'Identifier') this.scope.bind(decl.id.name, declared());
      return;
    }
    if (decl.id.type === 'Identifier') {
      const id = decl.id.name;
      if (this.depth === 0) this.topInits.set(id, init);
      else if (init.type === 'CallExpression' || init.type === 'BinaryExpression') this.localInits.set(id, { fn: this.current.name, init });
      if (this.depth === 0 && this.isExportsObject(init)) {
        // NodeBB's `const User = module.exports;`: the name is this module, its properties its exports (functions named `User.x`).
        this.exportAliases.add(id);
        this.scope.bind(id, { kind: 'project', ref: { module: null, name: id } });
        return;
      }
      if (init.type === 'ObjectExpression' && this.depth === 0 && isResolverMap(init)) {
        this.resolverMap(init, id);
        this.scope.bind(id, { kind: 'project', ref: { module: null, name: id } });
        return;
      }
      if (isFunction(init)) {
        if (this.depth === 0) {
          this.visitFunction(init, id);
        } else {
          this.scope.bind(id, { kind: 'inline-function' });
          this.visitFunction(init, undefined, { nestedName: id, returned: this.returnedLocals.has(id) });
        }
        return;
      }
      if (init.type === 'ClassExpression') return this.visitClass(init, init.id?.name ?? id);
      if (init.type === 'CallExpression' && this.depth === 0 && this.wrapsFunction(init, id)) return;
      if (init.type === 'ObjectExpression' && this.depth === 0 && init.properties.some((p) => p.type === 'Property' && isFunction(unwrap(p.value)))) {
        this.objectFunctions(init, id);
        this.scope.bind(id, { kind: 'project', ref: { module: null, name: id } });
        return;
      }
    }
    this.visit(init);
    this.scope.bindPattern(decl.id, orDeclared(this.scope.valueOf(init), declared));
  }

  /**
   * `export const handler = middy(async (event) => …)`, `const GET = withAuth(async (req) => …)`:
   * the wrapped function literal takes the variable's name, and the name refers to it.
   * Registrations (`http.createServer(cb)`) are not wrappers: their result is a server.
   */
  private wrapsFunction(init: TSESTree.CallExpression, id: string): boolean {
    // A method of a built value (`BaseSchema.extend({…}).refine((req) => …)`, a zod schema) takes a callback, not a function to stand for.
    const callee = unwrap(init.callee);
    if (callee.type === 'MemberExpression' && unwrap(callee.object).type === 'CallExpression') return false;
    const wrapped = this.wrappedFunction(init.arguments);
    const inner = wrapped && unwrap(wrapped);
    if (!inner || !isFunction(inner) || this.registrations(init).length > 0) return false;
    this.wrapperNames.set(inner, id);
    this.visit(init);
    const name = this.wrapperNames.get(inner) ?? id;
    this.wrapperNames.delete(inner);
    // `const getConfig = once(() => …)`: the body runs on the first call only.
    const memoized = memoizerOf(this.callContext.externalName(init.callee));
    const fn = memoized && this.functionsByName.get(name);
    if (fn) fn.memoized = memoized;
    this.scope.bind(id, { kind: 'project', ref: { module: null, name } });
    return true;
  }

  /** Methods of a top-level object literal become `<prefix>.<key>` functions. */
  private objectFunctions(obj: TSESTree.ObjectExpression, prefix: string, onEach?: (key: string, value: Node, fnName?: string) => void): void {
    for (const prop of obj.properties) {
      if (prop.type !== 'Property') {
        this.visit(prop);
        continue;
      }
      const key = propertyName(prop);
      const value = unwrap(prop.value);
      if (key !== undefined && isFunction(value)) {
        const fnName = this.visitFunction(value, prefix ? `${prefix}.${key}` : key);
        onEach?.(key, value, fnName);
      } else {
        this.visit(prop.value);
        if (key !== undefined) onEach?.(key, value);
      }
    }
  }

  /** `this.db = db` in the constructor, `db` an untyped parameter: the field reads what the class's construction sites pass (`Value.param.field`). */
  private constructorField(cls: string, prop: string, assigned: Value | undefined): Value | undefined {
    if (assigned?.kind !== 'param' || assigned.rest || assigned.field || assigned.slot?.fn !== `${cls}.constructor` || assigned.slot.path !== '') return assigned;
    return { ...assigned, field: { cls, path: `.${prop}` } };
  }

  /**
   * What an instance's attribute holds, for the index (`ClassInfo.attrs`): what other files do with `store.db`, and
   * `constructorArg` for a constructor parameter (whatever `new Store(db)` passes, in any file). The first value known wins.
   */
  private noteAttribute(cls: string, prop: string, value: Value | undefined): void {
    const info = this.classes.find((c) => c.name === cls);
    if (!info || own(info.attrs, prop)) return;
    const slot = value?.kind === 'param' && value.field ? value.slot : undefined;
    const spec: ValueSpec | undefined = slot ? { kind: 'constructorArg', index: slot.index, name: '' } : specOf(value);
    if (spec) (info.attrs ??= {})[prop] = spec;
  }

  private assignment(node: TSESTree.AssignmentExpression): void {
    const left = unwrap(node.left);
    const right = unwrap(node.right);
    if (left.type === 'MemberExpression') {
      const target = this.exportTarget(left);
      if (target !== undefined) return this.assignExport(target, right);
      // `User.getProfile = async function …` with `const User = module.exports`: an export, named as written (a local `getProfile` may exist too).
      const alias = left.object.type === 'Identifier' && this.depth === 0 && this.exportAliases.has(left.object.name) ? left.object.name : undefined;
      const aliased = alias !== undefined ? propertyName(left) : undefined;
      if (aliased !== undefined) return this.assignExport(aliased, right, `${alias}.${aliased}`);
      if (left.object.type === 'ThisExpression') {
        const prop = propertyName(left);
        const cls = this.scope.currentClass();
        this.visit(right);
        // `this.users = users` keeps a field's declared type when the value says nothing more.
        if (cls && prop !== undefined && !isFunction(right)) {
          const assigned = this.constructorField(cls.name, prop, this.scope.valueOf(right));
          const known = assigned !== undefined && assigned.kind !== 'param';
          this.sharedWrites++;
          const value = known ? assigned : this.declaredType(undefined, this.jsdocTypeAt(node.range[0])) ?? cls.fields.get(prop) ?? assigned;
          cls.fields.set(prop, value);
          this.noteAttribute(cls.name, prop, value);
        }
        return;
      }
      // `App.instance = new App()` (a singleton kept in a static field): what the class attribute holds, for the index.
      const owner = left.object;
      const staticOwner = owner.type === 'Identifier' && !left.computed ? this.classes.find((c) => c.name === owner.name) : undefined;
      const staticProp = staticOwner ? propertyName(left) : undefined;
      if (staticOwner && staticProp !== undefined && !isFunction(right)) {
        this.visit(right);
        this.sharedWrites++;
        this.noteAttribute(staticOwner.name, staticProp, this.scope.valueOf(right));
        return;
      }
      // `_mounts.main = (app, …) => …` on a module-level object literal: a named function, as a method written in the literal is.
      const holder = left.object.type === 'Identifier' && this.depth === 0 && this.topInits.get(left.object.name)?.type === 'ObjectExpression' ? left.object.name : undefined;
      const method = holder !== undefined && isFunction(right) ? propertyName(left) : undefined;
      if (holder !== undefined && method !== undefined) {
        this.scope.bind(holder, { kind: 'project', ref: { module: null, name: holder } });
        this.visitFunction(right as FunctionNode, `${holder}.${method}`);
        return;
      }
      if (storesIntoThis(left, right, (n) => this.ownParamSlot(n))) this.noteTableMethod();
      // A store, not a read: only the object (and a computed key) are evaluated.
      this.visit(left.object);
      if (left.computed) this.visit(left.property);
      return this.visit(right);
    }
    this.visit(right);
    if (left.type === 'Identifier' && node.operator === '=' && this.scope.isBound(left.name)) {
      this.scope.assign(left.name, this.scope.valueOf(right));
    } else this.visit(left);
  }

  /** `module.exports`, or a bare `exports`. */
  private isExportsObject(node: Node): boolean {
    if (node.type === 'MemberExpression') return this.exportTarget(node) === '';
    return node.type === 'Identifier' && node.name === 'exports' && !this.scope.isBound('exports');
  }

  /** `module.exports` → '' ; `exports.f` / `module.exports.f` → 'f'; otherwise undefined. */
  private exportTarget(left: TSESTree.MemberExpression): string | undefined {
    const prop = propertyName(left);
    const obj = left.object;
    if (obj.type === 'Identifier' && obj.name === 'module' && prop === 'exports' && !this.scope.isBound('module')) return '';
    if (prop === undefined) return undefined;
    if (obj.type === 'Identifier' && obj.name === 'exports' && !this.scope.isBound('exports')) return prop;
    if (obj.type === 'MemberExpression' && obj.object.type === 'Identifier' && obj.object.name === 'module' && propertyName(obj) === 'exports') return prop;
    return undefined;
  }

  private assignExport(target: string, right: Node, localName?: string): void {
    const exportName = target === '' ? 'default' : target;
    if (isFunction(right)) {
      const base = localName ?? (right.type === 'FunctionExpression' && right.id ? right.id.name : exportName);
      const name = this.depth === 0 ? this.visitFunction(right, base) : this.visitFunction(right, undefined);
      if (name) this.setExport(exportName, { module: null, name });
      return;
    }
    if (right.type === 'ClassExpression') {
      const name = right.id?.name ?? exportName;
      this.visitClass(right, name);
      this.setExport(exportName, { module: null, name });
      return;
    }
    if (target === '' && right.type === 'ObjectExpression' && this.depth === 0 && isResolverMap(right)) {
      this.resolverMap(right, '');
      this.setExport('default', { module: null, name: '' });
      return;
    }
    if (this.depth === 0) this.resolverForward(exportName, right);
    if (target === '' && right.type === 'ObjectExpression' && this.depth === 0) {
      // `module.exports = { list, create() {} }`: each key is a named export.
      this.objectFunctions(right, '', (key, value, fnName) => {
        const ref = fnName ? { module: null, name: fnName } : this.scope.refOf(value);
        if (ref) this.setExport(key, ref);
      });
      this.setExport('default', { module: null, name: '' });
      return;
    }
    this.visit(right);
    const ref = this.scope.refOf(right);
    if (ref) this.setExport(exportName, ref);
  }

  private setExport(name: string, ref: SymbolRef): void {
    this.sharedWrites++;
    this.exports.set(name, ref);
  }

  private exportNamed(node: TSESTree.ExportNamedDeclaration): void {
    if (node.exportKind === 'type') return;
    const decl = node.declaration;
    if (decl) {
      if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id) {
        this.setExport(decl.id.name, { module: null, name: decl.id.name });
      } else if (decl.type === 'VariableDeclaration') {
        for (const d of decl.declarations) {
          if (d.id.type !== 'Identifier') continue;
          const init = d.init ? unwrap(d.init) : undefined;
          if (init) this.resolverForward(d.id.name, init);
          const aliased = init && init.type !== 'ObjectExpression' && !isFunction(init) ? this.scope.refOf(d.id) ?? this.scope.refOf(init) : undefined;
          this.setExport(d.id.name, aliased ?? { module: null, name: d.id.name });
        }
      }
      return;
    }
    for (const s of node.specifiers) {
      if (s.exportKind === 'type') continue;
      const local = s.local.type === 'Identifier' ? s.local.name : String(s.local.value);
      const exported = s.exported.type === 'Identifier' ? s.exported.name : String(s.exported.value);
      if (node.source) this.setExport(exported, { module: node.source.value, name: local === 'default' ? 'default' : local });
      else this.setExport(exported, this.scope.refOf(s.local) ?? { module: null, name: local });
    }
  }

  private exportDefault(node: TSESTree.ExportDefaultDeclaration): void {
    const decl = unwrap(node.declaration);
    if (decl.type === 'FunctionDeclaration' || isFunction(decl)) {
      const id = 'id' in decl && decl.id ? decl.id.name : 'default';
      const name = this.visitFunction(decl as FunctionNode, id);
      if (name) this.setExport('default', { module: null, name });
      return;
    }
    if (decl.type === 'ClassDeclaration' || decl.type === 'ClassExpression') {
      const name = decl.id?.name ?? 'default';
      this.visitClass(decl, name);
      this.setExport('default', { module: null, name });
      return;
    }
    if (decl.type === 'ObjectExpression' && isResolverMap(decl)) {
      this.resolverMap(decl, '');
      this.setExport('default', { module: null, name: '' });
      return;
    }
    this.resolverForward('default', decl);
    if (decl.type === 'CallExpression') {
      // `export default withAuth(async (req, res) => …)`: the wrapped function serves the request.
      const wrapped = this.wrappedFunction(decl.arguments);
      const inner = wrapped && unwrap(wrapped);
      if (inner && !isFunction(inner)) {
        this.visit(decl);
        const ref = this.scope.refOf(inner);
        if (ref) this.setExport('default', ref);
        return;
      }
      if (inner) {
        this.visit(decl.callee);
        for (const arg of decl.arguments) {
          if (unwrap(arg) === inner) {
            const name = this.visitFunction(inner, 'default');
            if (name) this.setExport('default', { module: null, name });
          } else this.visit(arg);
        }
        return;
      }
    }
    this.visit(decl);
    const ref = this.scope.refOf(decl);
    if (ref) this.setExport('default', ref);
  }

  // -------------------------------------------------------------------------
  // Calls
  // -------------------------------------------------------------------------

  private call(node: Call): void {
    const callee = unwrap(node.callee);
    const target = this.targetOf(node, callee);
    const registrations = this.workerFile ? [] : this.registrations(node);
    const calleeName = target?.kind === 'external' ? target.name : undefined;
    const offloads = calleeName !== undefined && OFFLOAD.test(calleeName);

    const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
    if (callee.type === 'MemberExpression') {
      if (method === 'then' || method === 'catch' || method === 'finally') this.awaited.add(unwrap(callee.object));
    }
    const api = offloads ? undefined : callbackApi(calleeName, method);
    if (target) this.record(node, callee, target);
    this.noteConstruction(node, target);
    if (this.notesChecks) this.noteRequestHandedTo(node, callee);

    // Callee sub-expressions (`a().b()`, IIFEs) run here too.
    if (isFunction(callee)) this.visitFunction(callee, undefined);
    else if (callee.type === 'MemberExpression') {
      this.visit(callee.object);
      if (callee.computed) this.visit(callee.property);
    } else if (callee.type !== 'Identifier') this.visit(callee);

    const handlerArgs = new Map<Node, Registration[]>();
    const startup = new Map<Node, Value[]>();
    for (const reg of registrations) {
      for (const h of reg.handlers) {
        handlerArgs.set(h, [...(handlerArgs.get(h) ?? []), reg]);
        this.reserved.add(h);
      }
      for (const s of reg.startup ?? []) startup.set(s.fn, s.params);
      for (const named of reg.refs ?? []) this.addHandlers(named.node, [reg], named.ref, false);
    }
    // `import('./main').then(({ start }) => start())`: the callback receives the module.
    const settled = method === 'then' && callee.type === 'MemberExpression' && unwrap(callee.object).type === 'ImportExpression' ? this.scope.valueOf(callee.object) : undefined;
    if (settled && node.arguments[0] && isFunction(node.arguments[0])) startup.set(node.arguments[0], [settled]);
    if (target && registrations.length === 0) this.recordFeeds(node, target);
    const autoloaded = node.type === 'CallExpression' && method === 'register' ? autoloadDir(node, this.file, this.callContext.externalName) : undefined;
    if (autoloaded) this.autoloadDirs.push(autoloaded);
    if (target && target.kind !== 'external') this.recordRouteCall(node, target);
    if (callee.type === 'MemberExpression' && this.current !== this.moduleCode) {
      this.recordRegistrar(node, callee);
      if (keepsIntoThis(callee, node.arguments, (n) => this.ownParamSlot(n))) this.noteTableMethod();
    }
    for (const reg of registrations) if (reg.resolvers) this.resolverSources(reg.resolvers, 0);
    for (const reg of registrations) {
      if (!reg.objectType) continue;
      // A graphql-js type's resolvers serve requests once the type is built.
      this.handlers.push(...this.fieldHandlers(typeFieldResolvers([reg.objectType]), reg.objectType.fields, ''));
      this.reserved.add(reg.objectType.fields);
    }
    for (const arg of node.arguments) {
      const regs = handlerArgs.get(arg);
      if (regs) {
        this.registerHandler(arg, regs);
        // A registration on a parameter holds only if the index finds a socket or router there; else it is a callback handed over.
        if (api && regs.every((r) => r.pending)) this.edge(callbackEdge(arg, api, this.scope, this.offload > 0, (n) => this.source(n)));
        continue;
      }
      const params = startup.get(arg);
      if (params && isFunction(arg)) {
        this.visitFunction(arg, undefined, { params });
        continue;
      }
      if (params) this.feedReference(arg, params);
      if (isFunction(arg)) this.callbackFunctions.add(arg);
      if (isFunction(arg) && arg === node.arguments[0] && method !== undefined && ELEMENT_METHODS.has(method) && callee.type === 'MemberExpression') {
        const array = this.scope.valueOf(callee.object);
        this.elementCallbacks.set(arg, array?.kind === 'input' ? array : undefined);
      }
      if (api) this.edge(callbackEdge(arg, api, this.scope, this.offload > 0, (n) => this.source(n)));
      if (offloads) this.offload++;
      this.visit(arg);
      if (offloads) this.offload--;
    }
    this.registrationsInOptions(handlerArgs, node);
  }

  /** Handlers found inside an options object (`fastify.route({ handler })`) are not direct arguments. */
  private registrationsInOptions(handlerArgs: Map<Node, Registration[]>, node: Call): void {
    const direct = new Set<Node>(node.arguments);
    for (const [h, regs] of handlerArgs) if (!direct.has(h)) this.registerHandler(h, regs);
  }

  /**
   * What a named function returns, for what its callers do with the result (`FunctionInfo.returns`, unless its declared
   * return type said it), and a framework object it returns: what its callers' registrations are made on.
   */
  private recordReturn(argument: Node | null | undefined): void {
    if (!argument || this.returnsFrom === undefined) return;
    const value = this.scope.valueOf(argument);
    if (!this.declaredReturns.has(this.current)) addReturn(this.current, specOf(value));
    if (value?.kind !== 'external' || !familyOf(value.name)) return;
    const list = (this.returnedObjects[this.returnsFrom] ??= []);
    this.sharedWrites++;
    if (!list.includes(value.name)) list.push(value.name);
  }

  private registrations(node: Call): Registration[] {
    const direct = this.firstMatch(node, this.callContext);
    if (direct) return [direct];
    // On a parameter: what it would register for each framework; the index decides which (if any) reaches it.
    // On what a project function returns (`const r = createRouter()`): the index reads what that function returns.
    const member = node.type === 'CallExpression' ? memberCall(node) : undefined;
    const receiver = member && this.scope.valueOf(member.object);
    // On an instance of a class defined elsewhere: the index reads what the class derives from.
    const instanceOf = receiver && classOfInstance(receiver);
    // On another module's exported value, or a method chain on one (`publicProcedure.input(schema)`): the index reads what that module exported.
    const root = member && (!receiver || receiver.kind === 'project' || receiver.kind === 'returned' || receiver.kind === 'derived') ? this.scope.valueOf(chainRoot(member.object)) : undefined;
    const exported = root?.kind === 'project' && root.ref.module !== null ? rootOf(root.ref) : undefined;
    // A member of a value declared as a project object type: `{ app }: ArgsExpressType`, or `args.app` with `args: ArgsExpressType` imported.
    const declaredMember =
      receiver?.kind === 'param' && receiver.slot && receiver.declared
        ? { module: receiver.declared.module, name: joinName(receiver.declared.name, receiver.slot.path) }
        : receiver?.kind === 'project' && root?.kind === 'instance'
          ? receiver.ref
          : undefined;
    // A member of what a project function returns (`App.getInstance().io`, uptime-kuma's socket.io server kept in a field): the index evaluates it.
    const derived = receiver?.kind === 'derived' && !exported ? { of: receiver.of, path: receiver.path } : undefined;
    if (!member || !((receiver?.kind === 'param' && receiver.slot) || receiver?.kind === 'returned' || instanceOf || exported || declaredMember || derived)) return [];
    const on = {
      ...(receiver?.kind === 'returned' ? { returnedBy: receiver.ref, ...(exported ? { exportedValue: exported } : {}) } : exported ? { exportedValue: exported } : instanceOf ? { instanceOf, member: member.method } : derived ? { derived } : { slot: receiver?.kind === 'param' ? receiver.slot : undefined }),
      ...(declaredMember ? { declaredMember } : {}),
    };
    const out: Registration[] = [];
    for (const sample of FAMILY_SAMPLES) {
      const reg = this.firstMatch(node, { ...this.callContext, externalName: (n) => (n === member.object ? sample.name : this.callContext.externalName(n)) });
      if (reg) out.push({ ...reg, pending: { ...on, family: sample.family } });
    }
    return out;
  }

  private firstMatch(node: Call, ctx: CallContext): Registration | undefined {
    for (const matcher of CALL_MATCHERS) {
      const reg = matcher.match(node, ctx);
      if (reg) return reg;
    }
    return undefined;
  }

  /**
   * Exported constants holding a framework object (`export const publicProcedure = t.procedure`),
   * or another module's value (`export const adminProcedure = publicProcedure.use(auth)`):
   * what registrations on them in importing modules are made on.
   */
  private exportedObjects(): Partial<Pick<BindingFacts, 'exportedObjects'>> {
    const out: NonNullable<BindingFacts['exportedObjects']> = {};
    for (const [name, ref] of this.exports) {
      if (ref.module !== null || !this.constInits.has(ref.name)) continue;
      const value = this.scope.lookup(ref.name);
      if (value?.kind === 'external' && familyOf(value.name)) out[name] = { object: value.name };
      else if ((value?.kind === 'project' || value?.kind === 'returned') && value.ref.module !== null) out[name] = { from: rootOf(value.ref) };
    }
    return Object.keys(out).length > 0 ? { exportedObjects: out } : {};
  }

  /** `greeting: publicProcedure.query(fn)`, `const saveRoute = ….mutation(fn)`: the name a registration's result is kept under. */
  private noteBoundName(value: Node, name: string | undefined): void {
    const call = unwrap(value);
    if (name !== undefined && call.type === 'CallExpression') this.boundNames.set(call, name);
  }

  /** A router method call whose handler is one of this function's parameters: the function registers what it is given. */
  private recordRegistrar(node: Call, callee: TSESTree.MemberExpression): void {
    const framework = routerFramework(this.callContext.externalName(callee.object));
    // An untyped parameter (NodeBB's `const [router, name] = args`): each call of the helper tells which router it is.
    const router = framework ? undefined : this.ownParamSlot(callee.object);
    // `router.route(path).get(auth, handler).post(…)`: the path is the chain's.
    const chainPath = routeChainPath(callee.object);
    const args = chainPath ? [chainPath, ...node.arguments] : node.arguments;
    if ((!framework && !router) || args.length < 2) return;
    const registrar = registrarAt({
      fn: this.current.name,
      framework: framework ?? '',
      router,
      method: callee.computed ? this.ownParamSlot(callee.property) : propertyName(callee),
      args,
      slotOf: (n) => this.ownParamSlot(n),
      initOf: (n) => this.localInit(n.name),
    });
    if (registrar) this.registrars.push(registrar);
  }

  /**
   * The current function's parameter an expression is (`options`, `options.handler`),
   * whatever its declared type made its value.
   */
  private ownParamSlot(raw: Node): ParamSlot | undefined {
    const node = unwrap(raw);
    const value = this.scope.valueOf(node);
    if (value?.kind === 'param' && value.slot) return value.slot.fn === this.current.name && !value.rest ? value.slot : undefined;
    const path: string[] = [];
    let base: Node = node;
    while (base.type === 'MemberExpression' && !base.computed && base.property.type === 'Identifier') {
      path.unshift(base.property.name);
      base = base.object;
    }
    const index = base.type === 'Identifier' ? (this.params?.names.indexOf(base.name) ?? -1) : -1;
    return index >= 0 ? { fn: this.current.name, index, path: path.join('.') } : undefined;
  }

  /** What a local of the function being walked was initialised with (`localInits`). */
  private localInit(name: string): TSESTree.CallExpression | TSESTree.BinaryExpression | undefined {
    const local = this.localInits.get(name);
    return local?.fn === this.current.name ? local.init : undefined;
  }

  /** The current method keeps a function it is given in its instance: a route table's verb, if it is named as one. */
  private noteTableMethod(): void {
    const name = this.current.name;
    if (tableVerbOf(name, this.current.className) !== undefined && !this.tableMethods.includes(name)) this.tableMethods.push(name);
  }

  /** Strings, named functions and this function's parameters handed to a project function: perhaps a registrar's call. */
  private recordRouteCall(node: Call, target: CallTarget): void {
    const inFunction = this.current !== this.moduleCode;
    const call = routeCallAt(node.arguments, target, {
      caller: inFunction ? this.current.name : undefined,
      slotOf: (n) => (inFunction ? this.ownParamSlot(n) : undefined),
      // A bare specifier may be the project's own module through a path alias (`@/controllers/webhooks/handler.js`): the index tells.
      refOf: (n) => this.scope.refOf(n) ?? this.bareImportRef(n),
      locationOf: (n) => this.location(n),
      familyOf: (n) => {
        const value = this.scope.valueOf(n);
        return value?.kind === 'external' && routerFramework(value.name) ? value.name : undefined;
      },
    });
    if (call) this.routeCalls.push(call);
  }

  /**
   * Arguments the index follows into project functions: framework objects
   * (`routes(app)`), and this function's own parameters passed on
   * (`mount(router)`), also as properties (`setup({ app })`).
   */
  private recordFeeds(node: Call, target: CallTarget): void {
    if (target.kind === 'unknown' || (target.kind === 'external' && target.name.includes('('))) return;
    node.arguments.forEach((raw, index) => {
      // `routes(...args)` forwards a rest parameter's elements, one position each (known only before any other spread).
      if (raw.type === 'SpreadElement') {
        const spread = this.scope.valueOf(raw.argument);
        const plain = node.arguments.slice(0, index).every((a) => a.type !== 'SpreadElement');
        if (plain && spread?.kind === 'param' && spread.rest && spread.slot) this.feeds.push({ target, index, path: '', from: spread.slot, spread: true });
        return;
      }
      const arg = unwrap(raw);
      const parts: Array<[string, Node]> = [['', arg]];
      if (arg.type === 'ObjectExpression') {
        for (const prop of arg.properties) {
          const key = prop.type === 'Property' ? propertyName(prop) : undefined;
          if (key !== undefined && prop.type === 'Property') parts.push([key, prop.value]);
        }
      }
      for (const [path, part] of parts) {
        const value = part.type === 'ObjectExpression' ? undefined : this.scope.valueOf(part);
        if (value?.kind === 'external' && familyOf(value.name)) this.feeds.push({ target, index, path, object: value.name });
        else if (value?.kind === 'param' && value.slot) this.feeds.push({ target, index, path, from: value.slot });
      }
    });
  }

  /**
   * A GraphQL resolver map: each field's function becomes `Type.field` (an
   * inline one its own function), kept as handlers until a server is seen
   * taking the map, here or in a module importing it.
   */
  private resolverMap(obj: TSESTree.ObjectExpression, key: string): { key: string; handlers: HandlerInfo[]; active: boolean } {
    this.sharedWrites++;
    const handlers = this.fieldHandlers(resolverFields(obj), obj, key);
    const map = { key, handlers, active: false };
    this.resolverMaps.push(map);
    return map;
  }

  /** Handlers for resolver fields found in `container` (visited here, the fields' functions each a function of its own). */
  private fieldHandlers(fields: ResolverField[], container: Node, key: string): HandlerInfo[] {
    for (const f of fields) this.reserved.add(f.node);
    this.visit(container);
    const handlers: HandlerInfo[] = [];
    for (const field of fields) {
      this.reserved.delete(field.node);
      let node = unwrap(field.node);
      if (node.type === 'CallExpression') {
        // `combineResolvers(isAuthenticated, async (…) => …)`: the wrapped function serves the field.
        const inner = this.wrappedFunction(node.arguments);
        this.visit(node.callee);
        for (const a of node.arguments) if (a !== inner) this.visit(a);
        if (!inner) continue;
        node = unwrap(inner);
      }
      let ref: SymbolRef | undefined;
      if (isFunction(node)) {
        const name = this.visitFunction(node, key ? `${key}.${field.name}` : field.name, { handler: true });
        if (name) ref = { module: null, name };
      } else ref = this.scope.refOf(node) ?? this.bareImportRef(node);
      if (ref) handlers.push({ ref, location: this.location(node), framework: 'graphql', route: field.route, kind: 'graphql-resolver', contextByKind: { ...EVENT_LOOP } });
    }
    return handlers;
  }

  /** Where a server's resolvers come from: maps here (now handlers), or modules the index follows. */
  private resolverSources(raw: Node, depth: number): void {
    this.sharedWrites++;
    if (depth > 4) return;
    const node = unwrap(raw);
    const activate = (map: { handlers: HandlerInfo[]; active: boolean }) => {
      if (!map.active) this.handlers.push(...map.handlers);
      map.active = true;
    };
    switch (node.type) {
      case 'ObjectExpression':
        if (isResolverMap(node)) {
          activate(this.resolverMap(node, ''));
          this.reserved.add(node);
        }
        for (const p of node.properties) if (p.type === 'SpreadElement') this.resolverSources(p.argument, depth + 1);
        return;
      case 'ArrayExpression':
        for (const e of node.elements) if (e) this.resolverSources(e.type === 'SpreadElement' ? e.argument : e, depth + 1);
        return;
      case 'CallExpression':
        // `merge({}, users, posts)`, `Object.assign(…)`, `mergeResolvers([…])`
        for (const a of node.arguments) this.resolverSources(a.type === 'SpreadElement' ? a.argument : a, depth + 1);
        return;
      case 'Identifier':
      case 'MemberExpression': {
        const local = node.type === 'Identifier' ? this.resolverMaps.find((m) => m.key === node.name) : undefined;
        if (local) return activate(local);
        const value = this.scope.valueOf(node);
        const ref = value?.kind === 'project' && value.ref.module !== null ? value.ref : this.bareImportRef(node);
        if (ref?.module) {
          this.resolverUses.push({ module: ref.module, name: ref.name });
          return;
        }
        const init = node.type === 'Identifier' ? this.topInits.get(node.name) : undefined;
        if (init) this.resolverSources(init, depth + 1);
        return;
      }
      default:
        return;
    }
  }

  /**
   * An export merging resolver maps (`export default merge(users, posts)`, `Object.assign({}, a, b)`,
   * `{ ...a, ...b }`, `[a, b]`): the maps and modules it is made of, for the index to follow when a
   * server imports it. Records nothing for anything else.
   */
  private resolverForward(exportName: string, expression: Node): void {
    this.sharedWrites++;
    const uses: ResolverUse[] = [];
    const locals: string[] = [];
    const walk = (raw: Node, depth: number): void => {
      const node = unwrap(raw);
      if (depth > 4) return;
      switch (node.type) {
        case 'ObjectExpression':
          for (const p of node.properties) if (p.type === 'SpreadElement') walk(p.argument, depth + 1);
          return;
        case 'ArrayExpression':
          for (const e of node.elements) if (e) walk(e.type === 'SpreadElement' ? e.argument : e, depth + 1);
          return;
        case 'CallExpression': {
          const spec = requireSpecifier(node);
          if (spec !== undefined) uses.push({ module: spec, name: '' });
          else for (const a of node.arguments) walk(a.type === 'SpreadElement' ? a.argument : a, depth + 1);
          return;
        }
        case 'Identifier':
        case 'MemberExpression': {
          const local = node.type === 'Identifier' ? this.resolverMaps.find((m) => m.key === node.name) : undefined;
          if (local) return void locals.push(local.key);
          const value = this.scope.valueOf(node);
          const ref = value?.kind === 'project' && value.ref.module !== null ? value.ref : this.bareImportRef(node);
          if (ref?.module) return void uses.push({ module: ref.module, name: ref.name });
          const init = node.type === 'Identifier' ? this.topInits.get(node.name) : undefined;
          if (init) walk(init, depth + 1);
          return;
        }
        default:
          return;
      }
    };
    const node = unwrap(expression);
    if (node.type !== 'CallExpression' && node.type !== 'ObjectExpression' && node.type !== 'ArrayExpression') return;
    if (node.type === 'ObjectExpression' && isResolverMap(node)) return;
    walk(node, 0);
    if (uses.length > 0 || locals.length > 0) this.resolverForwards.push({ exports: [exportName], uses, locals });
  }

  /** Maps not taken by a server in this file, by the names this file exports them under (a map a merged export names: `LOCAL_MAP` + its key). */
  private exportedResolverMaps(): ResolverMapFact[] {
    const out: ResolverMapFact[] = [];
    const forwarded = new Set(this.resolverForwards.flatMap((f) => f.locals));
    for (const map of this.resolverMaps) {
      if (map.active) continue;
      const names = map.key === '' ? ['default'] : [...this.exports].filter(([, ref]) => ref.module === null && ref.name === map.key).map(([name]) => name);
      if (forwarded.has(map.key)) names.push(`${LOCAL_MAP}${map.key}`);
      if (names.length > 0) out.push({ exports: names, handlers: map.handlers });
    }
    return out;
  }

  /** A function registered by name whose parameters get framework objects (a plugin, a connection handler). */
  private feedReference(arg: Node, params: Value[]): void {
    let node = unwrap(arg);
    // `fastify.register(fp(plugin))`: the wrapped function is the plugin.
    while (node.type === 'CallExpression') {
      const inner = this.wrappedFunction(node.arguments);
      if (!inner) return;
      node = unwrap(inner);
    }
    if (isFunction(node)) {
      this.visitFunction(node, undefined, { params });
      return;
    }
    const value = this.scope.valueOf(node);
    const ref = this.scope.refOf(node) ?? this.bareImportRef(node);
    const target: CallTarget | undefined = ref ? { kind: 'project', ref } : value?.kind === 'external' ? { kind: 'external', name: value.name } : undefined;
    if (!target) return;
    params.forEach((p, index) => {
      if (p.kind === 'external') this.feeds.push({ target, index, path: '', object: p.name });
    });
  }

  /**
   * Names a handler argument (inline function → its own FunctionInfo) and records the registration.
   * `madeBy`: the project function the argument was handed to (`validate(T.ListSchema)`), which serves instead when the argument names no function.
   */
  private registerHandler(arg: Node, regs: Registration[], madeBy?: SymbolRef): void {
    this.reserved.delete(arg);
    const node = unwrap(arg);
    const reg = regs[0];
    if (reg.controllerActions) {
      // A class (or a lazy import of one) whose named methods serve: AdonisJS resources and middleware.
      for (const action of reg.controllerActions) {
        const ref = this.controllerMethodRef(node, action);
        if (ref) this.addHandlers(node, regs, ref, false);
      }
      return;
    }
    // `[UsersController, 'index']`: that method of that controller (an array of handlers never holds a string).
    const pair = node.type === 'ArrayExpression' && node.elements.length === 2 ? node.elements : undefined;
    const action = pair?.[1]?.type === 'Literal' && typeof pair[1].value === 'string' ? pair[1].value : undefined;
    if (pair?.[0] && action !== undefined) {
      const ref = this.controllerMethodRef(pair[0], action);
      if (ref) this.addHandlers(node, regs, ref, false);
      return;
    }
    if (node.type === 'ArrayExpression') {
      for (const el of node.elements) if (el) this.registerHandler(el, regs);
      return;
    }
    let ref: SymbolRef | undefined;
    let factory = false;
    if (isFunction(node)) {
      const outer = this.current;
      const saved = this.pendingOn;
      this.pendingOn = reg.pending ?? this.pendingOn;
      const name = this.visitFunction(node, '<handler>', { handler: true, params: reg.params });
      this.pendingOn = saved;
      const info = name === undefined ? undefined : this.functionsByName.get(name);
      if (info && (reg.pending || this.pendingOn)) {
        // Until the index shows the registration holds, its calls still count where the function is written.
        outer.calls.push(...info.calls);
        outer.patterns.push(...info.patterns);
      }
      if (name) ref = { module: null, name };
    } else if (node.type === 'CallExpression') {
      const member = node.callee.type === 'MemberExpression' ? node.callee : undefined;
      if (member && propertyName(member) === 'bind') {
        // `this.list.bind(this)`
        ref = this.scope.refOf(member.object);
      } else if (requireSpecifier(node) !== undefined) {
        // `app.use(require('./middleware/tooBusy'))`: the module's export serves.
        ref = this.scope.refOf(node);
      } else if (node.callee.type === 'Identifier' && this.returnedObjects[node.callee.name]?.some((name) => routerFramework(name))) {
        // `app.use('/api/files', createApi(fileApi))` with `createApi` of this file returning a router: what it mounts serves,
        // registered where the router is filled; the function handed to it runs when the app starts, not per request.
        this.visit(node);
        return;
      } else {
        // A wrapper such as `asyncHandler(async (req, res) => …)` or `wrap(list)`: the wrapped function serves.
        const inner = this.wrappedFunction(node.arguments);
        // A project function's result, imported relatively or through a path alias (`auth()` from `@server/middlewares/authentication`): the index finds what it returns.
        const made = this.scope.valueOf(node.callee);
        const maker = made?.kind === 'project' ? made.ref : aliasLike(this.bareImportRef(node.callee));
        if (inner) {
          this.visit(node.callee);
          for (const a of node.arguments) if (a !== inner) this.visit(a);
          // `validate(T.DocumentsListSchema)`: a value handed to a project factory, unless the index finds a function there.
          return this.registerHandler(inner, regs, !isFunction(unwrap(inner)) && maker ? defaultRef(maker) : undefined);
        }
        // `app.use(auth(options))`: nothing wrapped, so the call makes the middleware, here, where it is registered.
        this.visit(node);
        if (!maker) return;
        ref = defaultRef(maker);
        factory = true;
      }
    } else {
      ref = this.scope.refOf(node) ?? this.bareImportRef(node);
      // `controllers.login` with `controllers` a parameter: what the function's callers pass there, for the index.
      const passed = ref ? undefined : this.parameterMember(node);
      if (passed) return this.addHandlers(node, regs, passed.ref, false, passed.path);
    }
    if (!ref) {
      this.visit(node);
      return;
    }
    if (!isFunction(node) && !factory && reg.params) this.feedReference(node, reg.params);
    this.addHandlers(node, regs, ref, factory, undefined, madeBy);
  }

  /** A member of a parameter of the named function being walked (`controllers.login`), as the index names it (`.@1.login`). */
  private parameterMember(node: Node): { ref: SymbolRef; path: string } | undefined {
    if (node.type !== 'MemberExpression') return undefined;
    const value = this.scope.valueOf(node);
    if (value?.kind !== 'param' || value.field || value.slot?.fn !== this.current.name) return undefined;
    const spec = specOf(value);
    return spec?.kind === 'symbol' ? { ref: spec.ref, path: spec.path } : undefined;
  }

  /** One handler per registration (pending ones wait for the index). */
  private addHandlers(node: Node, regs: Registration[], ref: SymbolRef, factory: boolean, valuePath?: string, madeBy?: SymbolRef): void {
    for (const r of regs) {
      const handler: HandlerInfo = {
        ref,
        ...(factory ? { factory } : {}),
        ...(madeBy ? { orMadeBy: madeBy } : {}),
        ...(valuePath !== undefined ? { valuePath } : {}),
        location: this.location(node),
        framework: r.framework,
        route: r.route,
        methods: r.methods,
        ...(r.kind ? { kind: r.kind } : {}),
        contextByKind: { ...(r.framework === 'aws-lambda' ? PER_INSTANCE : EVENT_LOOP) },
        ...(this.condition?.kind === 'dev-only' ? { devOnly: this.condition.reason } : {}),
      };
      const condition = r.pending ?? this.pendingOn;
      if (condition) this.pendingHandlers.push({ ...condition, handler });
      else this.handlers.push(handler);
    }
  }

  /**
   * `method` of the class `node` names: an imported or local class, or a lazy
   * import of a module's default class (`() => import('#controllers/users_controller')`,
   * written in place or bound to a module-level constant).
   */
  private controllerMethodRef(raw: Node, method: string): SymbolRef | undefined {
    const node = unwrap(raw);
    const lazy = lazyImportSpecifier(node.type === 'Identifier' ? this.topInits.get(node.name) ?? node : node);
    if (lazy !== undefined) return { module: lazy, name: `default.${method}` };
    const value = node.type === 'Identifier' || node.type === 'MemberExpression' ? this.scope.valueOf(node) : undefined;
    if (value?.kind === 'project') return { module: value.ref.module, name: `${defaultRef(value.ref).name}.${method}` };
    const bare = this.bareImportRef(node);
    return bare && { module: bare.module, name: `${bare.name}.${method}` };
  }

  /**
   * A handler imported by a bare specifier (`@server/middlewares/auth`, a
   * tsconfig path): its module as written, for the index to resolve; a
   * package's export simply resolves to nothing.
   */
  private bareImportRef(node: Node): SymbolRef | undefined {
    const value = this.scope.valueOf(node);
    if (value?.kind !== 'external' || value.name.includes('(')) return undefined;
    let best: string | undefined;
    for (const mod of this.imports) {
      if ((value.name === mod || value.name.startsWith(`${mod}.`)) && (!best || mod.length > best.length)) best = mod;
    }
    if (best === undefined || isBuiltinModule(best)) return undefined;
    return { module: best, name: value.name.slice(best.length + 1) || 'default' };
  }

  /** The last argument that is a function literal or names a project function: what a wrapper call wraps. */
  private wrappedFunction(args: readonly Node[]): Node | undefined {
    for (let i = args.length - 1; i >= 0; i--) {
      const arg = unwrap(args[i]);
      if (isFunction(arg)) return args[i];
      if ((arg.type === 'Identifier' || arg.type === 'MemberExpression') && this.scope.valueOf(arg)?.kind === 'project') return args[i];
    }
    return undefined;
  }

  private location(node: Node): HandlerInfo['location'] {
    const { line, column } = this.lines.positionOf(node.range[0]);
    return { file: this.file, line, column };
  }

  /** What a call reaches; null when its body is already part of this function (inline functions, IIFEs). */
  private targetOf(node: Call, callee: Node): CallTarget | null {
    if (isFunction(callee)) return null;
    const value = this.scope.valueOf(callee);
    switch (value?.kind) {
      case 'external': {
        let name = value.name;
        // A library call that runs asynchronously when given a callback (the rule's `callbackForm`) is another call then.
        if (this.rules.matchCall('javascript', name)?.callbackForm?.includes(name) && (this.hasCallback(node) || hasAsyncOption(node))) name = `${name}[callback]`;
        // `require('./plugins')` in a function of a file that requires './plugins' at its top: Node's module cache answers.
        if (name === 'require' && this.startupRequires.has(requireSpecifier(node) ?? '')) name = 'require[cached]';
        return { kind: 'external', name };
      }
      case 'project':
        return { kind: 'project', ref: defaultRef(value.ref) };
      case 'inline-function':
        return null;
      case 'returned':
      case 'derived':
      case 'param': {
        // `getDb().prepare(q).all()`, `const db = openDb(); db.exec(q)`, `conn.exec(q)` with `conn` a parameter,
        // `this.db.exec(q)` with `this.db = db` in the constructor: the index follows what the function returns, what
        // the function's callers pass, or what the class's constructions pass.
        const spec = specOf(value);
        if (spec?.kind === 'symbol') return { kind: 'value', of: spec.ref, path: spec.path, name: this.source(callee) };
        return { kind: 'unknown', name: this.source(callee) };
      }
      default:
        return { kind: 'unknown', name: this.source(callee) };
    }
  }

  /**
   * What module-level variables hold when the walk ends, for other files that import them (`FileModel.values`):
   * `export const db = open(file)`, `export const store = new Store()`. Names of project symbols resolve as imports do.
   */
  private moduleValues(): Pick<FileModel, 'values'> {
    const values: Record<string, ValueSpec> = {};
    for (const name of this.topLevelNames) {
      const value = this.scope.lookup(name);
      const spec = value?.kind === 'project' ? undefined : specOf(value);
      if (spec) values[name] = spec;
    }
    return Object.keys(values).length > 0 ? { values } : {};
  }

  /**
   * `new Store(new Database(file))`, `listRows(db)`: what a constructor parameter kept in a field holds (`noteAttribute`)
   * and what a function's parameter gets (`.@0`), for the index. Calls of project functions, and constructions of
   * project classes (an import by a bare name may be one: the index decides); arguments up to the first spread.
   */
  private noteConstruction(node: Call, target: CallTarget | null): void {
    const constructed = node.type === 'NewExpression';
    const callee: TypeRef | undefined =
      target?.kind === 'project' ? { kind: 'project', ref: target.ref } : constructed && target?.kind === 'external' && !isBuiltinModule(target.name) ? { kind: 'external', name: target.name } : undefined;
    if (!callee || node.arguments.length === 0) return;
    const spread = node.arguments.findIndex((arg) => arg.type === 'SpreadElement');
    const args = (spread < 0 ? node.arguments : node.arguments.slice(0, spread)).map((arg) => {
      const spec = specOf(this.scope.valueOf(arg));
      return spec ? [spec] : [];
    });
    if (args.some((values) => values.length > 0)) this.constructions.push({ callee, args });
  }

  private hasCallback(node: Call): boolean {
    const last = node.arguments[node.arguments.length - 1];
    if (!last) return false;
    const arg = unwrap(last);
    if (isFunction(arg)) return true;
    if (arg.type === 'Identifier' || arg.type === 'MemberExpression') {
      const v = this.scope.valueOf(arg);
      if (v?.kind === 'project' || v?.kind === 'inline-function') return true;
      // A parameter passed on as the callback: `randomBytes(16, cb)`.
      return arg.type === 'Identifier' && CALLBACK_NAME.test(arg.name);
    }
    return false;
  }

  private record(node: Call, callee: Node, target: CallTarget): void {
    const awaited = this.awaited.has(node);
    const site: CallSite = {
      span: spanOf(node),
      text: this.source(callee),
      target,
      ...callFlags(awaited, this.offload > 0),
    };
    if (this.tested.has(node) && !awaited) site.unawaitedUse = 'tested';
    if (this.hasCallback(node)) site.hasCallback = true;
    if (target.kind === 'external' && target.name === 'require') this.noteRequire(node, site);
    if (this.condition) site.condition = this.condition;
    if (this.paramGuard) site.paramGuard = this.paramGuard;
    if (target.kind !== 'external' || !isBuiltinModule(target.name)) {
      const constArgs = constArgsOf(node.arguments, this.namedConstant);
      if (decidesBranches(constArgs)) site.constArgs = constArgs;
    }
    if (target.kind === 'external' && readsArguments(this.rules.matchCall('javascript', target.name))) site.args = this.argumentFacts(node);
    if (callee.type === 'MemberExpression' && isDispatch(callee, this.scope)) site.dispatch = true;
    const tags = this.offload > 0 ? [] : callPatterns(node, callee, target, awaited, this.patternContext);
    if (tags.length) site.tags = tags;
    this.current.calls.push(site);
  }

  /** Project modules loaded at startup: imports, requires the hoisting bound, and requires the module-level code calls. */
  private startupImportsFact(): Pick<FileModel, 'startupImports'> {
    const all = new Set([...this.startupImports, ...[...this.startupRequires].filter(isRelative)]);
    return all.size > 0 ? { startupImports: [...all] } : {};
  }

  /** A project module `require`d: loaded at startup by module-level code, else when the function runs (`CallSite.loads`). */
  private noteRequire(node: Call, site: CallSite): void {
    const spec = requireSpecifier(node);
    if (spec === undefined || !isRelative(spec)) return;
    if (this.current === this.moduleCode) this.startupImports.add(spec);
    else site.loads = spec;
  }

  /**
   * `<Profile user={u} />` with `Profile` a project component: rendering it
   * runs its body here (a server component on every request of its page).
   * Lower-case names are host elements (`<div>`), not components.
   */
  private renderEdge(node: TSESTree.JSXOpeningElement): void {
    if (node.name.type !== 'JSXIdentifier' || !/^[A-Z]/.test(node.name.name)) return;
    const value = this.scope.lookup(node.name.name);
    // A bare import (`@/components/sidebar`, a tsconfig path) is resolved by the index, as its calls are; a library's component resolves to nothing.
    const target: CallTarget | undefined =
      value?.kind === 'project'
        ? { kind: 'project', ref: defaultRef(value.ref) }
        : value?.kind === 'external' && !value.name.includes('(')
          ? { kind: 'external', name: value.name }
          : undefined;
    if (!target) return;
    this.edge({
      span: spanOf(node),
      text: node.name.name,
      target,
      ...callFlags(false, this.offload > 0),
      edge: { kind: 'render', label: 'rendered' },
    });
  }

  /** An edge that is no call by name (a callback handed over, a getter read). */
  private edge(site: CallSite | undefined): void {
    if (site) this.current.calls.push(site);
  }

  private pattern(ruleId: string, node: Node, text: string, regex?: PatternMatch['regex']): void {
    const args = (node.type === 'CallExpression' || node.type === 'NewExpression') && readsArguments(this.rules.get(ruleId)) ? this.argumentFacts(node) : undefined;
    this.current.patterns.push({ ruleId, span: spanOf(node), text, ...(this.condition ? { condition: this.condition } : {}), ...(args ? { args } : {}), ...(regex ? { regex } : {}) });
  }

  /** Request data passed to this call, directly or as an object's property (`{ req, rawBody }`): later calls see it was checked here. */
  private noteRequestHandedTo(node: Call, callee: Node): void {
    const note = (arg: Node): void => {
      const value = unwrap(arg);
      if (value.type !== 'Identifier' || this.scope.valueOf(value)?.kind !== 'input') return;
      const name = this.source(callee).replace(/\s+/g, '');
      const calls = this.checkedBy.get(value.name) ?? [];
      if (!calls.includes(name)) this.checkedBy.set(value.name, [...calls, name]);
    };
    for (const raw of node.arguments) {
      const arg = unwrap(raw);
      if (arg.type !== 'ObjectExpression') note(arg);
      else for (const prop of arg.properties) if (prop.type === 'Property') note(prop.value);
    }
  }

  private argumentFacts(node: Call): ArgumentFacts {
    const params = this.params;
    const facts = argumentFacts(
      node.arguments,
      (arg) => this.scope.valueOf(arg),
      (name) => (this.scope.isLocal(name) ? undefined : literalOf(this.moduleConstants[name])),
      (arg) => {
        const slot = params && this.ownParamSlot(arg);
        return slot && { index: slot.index, path: slot.path ? slot.path.split('.') : [] };
      },
      (name) => this.checkedBy.get(name),
      (name) => (this.scope.isLocal(name) ? this.localInit(name) : undefined),
    );
    // The index reads the parameters to put a caller's constants in their place.
    if (params && hasParamFact(facts)) this.current.params ??= params.infos;
    return facts;
  }

  /** `@memoize()` / `@Memoize` on a method, resolved through its import (`memoizers.json`). */
  private markMemoizedByDecorator(decorators: readonly TSESTree.Decorator[] | undefined, fnName: string | undefined): void {
    if (!decorators?.length || fnName === undefined) return;
    for (const d of decorators) {
      const expr = unwrap(d.expression);
      const memoized = memoizerOf(this.callContext.externalName(expr.type === 'CallExpression' ? expr.callee : expr));
      const fn = memoized && this.functionsByName.get(fnName);
      if (fn) {
        fn.memoized = memoized;
        return;
      }
    }
  }

  // -------------------------------------------------------------------------
  // File-level handlers (Next.js, Lambda)
  // -------------------------------------------------------------------------

  /** What file matchers read of `export const name = init`: a literal's value, a function's parameter count. */
  private noteExportedConst(name: string, init: Node): void {
    if (isFunction(init)) this.exportedParamCounts.set(name, init.params.length);
    else if (init.type === 'Literal' && ['string', 'number', 'boolean'].includes(typeof init.value)) this.exportedLiterals.set(name, init.value as string | number | boolean);
  }

  private matchFile(): void {
    const relativePath = path.relative(this.root, this.file).split(path.sep).join('/');
    const ctx: FileContext = {
      file: this.file,
      relativePath,
      exports: this.exports,
      useServer: this.useServer,
      useClient: this.useClient,
      mentions: (identifier) => new RegExp(`\\b${identifier}\\b`).test(this.text),
      inlineServerActions: this.inlineServerActions,
      imports: this.imports,
      isLocalFunction: (name) => {
        const ref = this.exports.get(name);
        return !!ref && ref.module === null && this.names.has(ref.name);
      },
      exportedLiteral: (name) => this.exportedLiterals.get(name),
      exportedParamCount: (name) => this.exportedParamCounts.get(name),
    };
    for (const matcher of FILE_MATCHERS) {
      const found = matcher.match(ctx);
      for (const h of found) {
        const fn = h.ref.module === null ? this.functionsByName.get(h.ref.name) : undefined;
        const perInstance = h.context === 'per-request-instance';
        this.handlers.push({
          ref: h.ref,
          location: fn ? { file: this.file, line: fn.nameRange.line, column: fn.nameRange.column } : { file: this.file, line: 1, column: 1 },
          framework: h.framework,
          route: h.route,
          methods: h.methods,
          context: h.context,
          ...(h.kind ? { kind: h.kind } : {}),
          ...(h.runCondition ? { runCondition: h.runCondition } : {}),
          contextByKind: { ...(perInstance ? PER_INSTANCE : EVENT_LOOP) },
        });
      }
      if (found.length > 0) break;
    }
  }
}

/** Parses and analyzes one JS/TS file; never throws on bad input. `memo`: an open document's, whose walk replays the bodies its last walk left as they were (`keptModels.ts`). */
export function analyzeJavaScript(input: AnalyzeInput, rules: RuleCatalog, memo?: BodyMemo): FileModel {
  const parsed = parseJavaScript(input.text, input.file, { keep: input.keepWalk, lazy: input.keepWalk });
  // Bodies that lag behind the edits (`LaggingBodies`) catch up now, but those a replay may leave unread: the walk settles each before walking it.
  const lagging = parsed.lagging;
  lagging?.settleAll((fn) => memo?.hasRecordOf(fn) ?? false);
  const analyzer = new Analyzer(input.file, input.text, input.root, rules, parsed.program, memo, lagging);
  if (!parsed.program) return analyzer.model([{ file: input.file, message: parsed.error! }]);
  try {
    analyzer.run(parsed.program);
  } catch (error) {
    return new Analyzer(input.file, input.text, input.root, rules, undefined).model([
      { file: input.file, message: `analysis failed: ${(error as Error).message}` },
    ]);
  }
  memo?.finish(analyzer.hoisted);
  return analyzer.model([]);
}

/** An options object argument with `async: true` (`shell.exec(cmd, { async: true })`). */
function hasAsyncOption(node: Call): boolean {
  return node.arguments.some((a) => {
    const arg = unwrap(a);
    return arg.type === 'ObjectExpression' && arg.properties.some((p) => p.type === 'Property' && propertyName(p) === 'async' && p.value.type === 'Literal' && p.value.value === true);
  });
}

/**
 * Each parameter with the argument position it receives: a rest tuple
 * (`...[router, tenant]: RouterInitArgs<T>`) stands for one parameter per
 * element, from its own position on.
 */
function positionalParams(params: readonly TSESTree.Parameter[]): Array<[TSESTree.Parameter, number]> {
  const out: Array<[TSESTree.Parameter, number]> = [];
  params.forEach((param, index) => {
    if (param.type === 'RestElement' && param.argument.type === 'ArrayPattern') {
      param.argument.elements.forEach((element, i) => {
        if (element && element.type !== 'RestElement') out.push([element as TSESTree.Parameter, index + i]);
      });
    } else out.push([param, index]);
  });
  return out;
}

/** An unknown parameter's value; a rest parameter's (`...args`) elements are the arguments from its position on. */
function restParam(param: TSESTree.Parameter, slot: ParamSlot | undefined): Value {
  return param.type === 'RestElement' && param.argument.type === 'Identifier' && slot ? { kind: 'param', slot, rest: true } : { kind: 'param', slot };
}

/** NestJS parameter decorators that inject the request's body (`@Body()`), a GraphQL request's arguments (`@Args()`), a message's payload. */
const NEST_BODY_PARAMS: ReadonlySet<string> = new Set(['@nestjs/common.Body', '@nestjs/graphql.Args', '@nestjs/microservices.Payload', '@nestjs/websockets.MessageBody']);

/** A bare import that may be a path alias (`@server/x`, `~/x`, `#x`), not a plain package name (`helmet`, `express-basic-auth`). */
function aliasLike(ref: SymbolRef | undefined): SymbolRef | undefined {
  return ref?.module && /^[@~#]|\//.test(ref.module) ? ref : undefined;
}

/**
 * The class of an instance whose framework the file cannot tell: a project
 * class, or a library-looking name that is not a known framework object (a
 * project module imported through a path alias, `#src/utils/SchemaRouter.js`).
 */
function classOfInstance(value: Value): TypeRef | undefined {
  if (value.kind === 'instance') return { kind: 'project', ref: value.ref };
  if (value.kind === 'external' && familyOf(value.name) === undefined && /^[^()]+\(\)$/.test(value.name)) return { kind: 'external', name: value.name.slice(0, -2) };
  return undefined;
}

/** A parameter without its `constructor(private x)` modifier (`target`), and without its default (`typed`: what carries the annotation). */
function parameterParts(param: TSESTree.Parameter) {
  const target = param.type === 'TSParameterProperty' ? param.parameter : param;
  return { target, typed: target.type === 'AssignmentPattern' ? target.left : target };
}

/** The path of the `.route(path)` a chain of verb calls on it starts from (`router.route(path).get(a).put(b)`), if it is one. */
function routeChainPath(object: Node): TSESTree.CallExpressionArgument | undefined {
  let node = unwrap(object);
  while (node.type === 'CallExpression' && node.callee.type === 'MemberExpression') {
    const method = propertyName(node.callee);
    if (method === 'route') return node.arguments[0];
    if (method === undefined || !HTTP_METHODS.has(method)) return undefined;
    node = unwrap(node.callee.object);
  }
  return undefined;
}

/** The exported name a member path starts from: `publicProcedure.input` → `publicProcedure`. */
function rootOf(ref: SymbolRef): SymbolRef {
  return { module: ref.module, name: ref.name.split('.')[0] };
}

/** Names a function body returns directly (`return middleware;`), so the local function they name is walked as returned. */
function namesReturned(body: TSESTree.BlockStatement): Set<string> {
  const names = new Set<string>();
  for (const stmt of body.body) {
    if (stmt.type !== 'ReturnStatement' || !stmt.argument) continue;
    const arg = unwrap(stmt.argument);
    if (arg.type === 'Identifier') names.add(arg.name);
  }
  return names;
}

/** `() => import('#controllers/users_controller')`: the module a lazy import loads. */
function lazyImportSpecifier(node: Node): string | undefined {
  if (node.type !== 'ArrowFunctionExpression') return undefined;
  const body = unwrap(node.body as Node);
  return body.type === 'ImportExpression' && body.source.type === 'Literal' && typeof body.source.value === 'string' ? body.source.value : undefined;
}

/** A module itself (`name: ''`, a default import or `require`) is what it exports as `default`. */
/** A declared type says more than a value only the index can evaluate (`const repo: Repo = this.factory.make()`). */
function orDeclared(value: Value | undefined, declared: () => Value | undefined): Value | undefined {
  return value === undefined || value.kind === 'derived' ? declared() ?? value : value;
}

/** Most values a function's `returns` keep (an `if`/`else` ladder of factories), as for Python. */
const MAX_RETURNS = 8;

function addReturn(info: FunctionInfo, spec: ValueSpec | undefined): void {
  if (!spec) return;
  const returns = (info.returns ??= []);
  if (returns.length < MAX_RETURNS && !returns.some((known) => dequal(known, spec))) returns.push(spec);
}

/** The `ordinal`th function of a name: `get:2`; a synthetic name keeps its brackets, `<handler:2>`. */
function ordinalName(base: string, ordinal: number): string {
  return base.startsWith('<') && base.endsWith('>') ? `${base.slice(0, -1)}:${ordinal}>` : `${base}:${ordinal}`;
}
