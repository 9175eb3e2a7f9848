/**
 * The engine's shared vocabulary. Every language folder produces `FileModel`s;
 * the workspace index turns them into `Finding`s; the CLI and the editor both
 * consume `Finding`s and `Fix`es unchanged. Nothing here knows about vscode.
 */

export type LanguageId = 'python' | 'javascript';

export type Severity = 'error' | 'warning' | 'info';

export type Category =
  | 'sleep'
  | 'network'
  | 'file-io'
  | 'subprocess'
  | 'cpu'
  | 'database'
  | 'lock'
  | 'config'
  /** Not blocking: a coroutine created and never awaited, so its body never runs (`if check_password(...)` is always true). */
  | 'coroutine';

/** 1-based line and column; column counts UTF-16 code units; end is exclusive. */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Absolute character offsets into the file text (UTF-16), end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Where handler code runs, which decides what a blocking call costs there.
 * See shared framework facts: the severity table in `severity.ts` maps
 * (context, category) to a severity.
 */
export type ExecutionContext =
  /** A loop shared by every request of the process (FastAPI async, aiohttp, Sanic, Tornado, Node). */
  | 'event-loop'
  /** A loop private to one request inside a worker thread (Flask async views, Django async under WSGI). */
  | 'private-loop'
  /** A sync worker process or thread held for the whole call (Flask, Django sync under gunicorn sync/gthread). */
  | 'sync-worker'
  /** Django sync views under ASGI: asgiref runs them on one shared thread. */
  | 'asgi-sync-thread'
  /** A threadpool the framework runs plain `def` endpoints in (FastAPI/Starlette, Quart). */
  | 'threadpool'
  /** gevent/eventlet monkey-patched or a gevent worker class: stdlib I/O is cooperative. */
  | 'cooperative'
  /** One request per instance (AWS Lambda). */
  | 'per-request-instance'
  /** Outside any known handler (`--scope async|all`). */
  | 'unknown';

export type Scope = 'handlers' | 'async' | 'all';

/** A source location used in chains and handler references. */
export interface Location {
  file: string;
  line: number;
  column: number;
}

export interface AnalysisError {
  file: string;
  message: string;
}

// ---------------------------------------------------------------------------
// What a language folder extracts from one file
// ---------------------------------------------------------------------------

/**
 * A reference to a symbol defined in the project, before cross-file resolution.
 * `module` is what the importing file wrote (Python dotted, possibly relative
 * like `.services`; JS specifier like `./services` or a tsconfig path), or
 * `null` for a symbol of the same file. `name` is a dotted path inside that
 * module: `get_rates`, `ReportService.build`.
 */
export interface SymbolRef {
  module: string | null;
  name: string;
}

export type CallTarget =
  /** Resolved to a library API: `requests.get`, `requests.Session().get`, `builtins.open().read`, `fs.readFileSync`. */
  | { kind: 'external'; name: string }
  /** A function or method defined in the project (same file or imported). */
  | { kind: 'project'; ref: SymbolRef }
  /**
   * A call on a value only the workspace can finish: what project symbol `of`
   * evaluates to, then `path` (`().query().all`: call it, take `.query`, call
   * that, take `.all`; `.@0`: what its calls pass as argument 0). `name` is
   * the callee text.
   */
  | { kind: 'value'; of: SymbolRef; path: string; name: string }
  /** Nothing we can resolve (dynamic calls, unknown objects). `name` is the callee text. */
  | { kind: 'unknown'; name: string };

/**
 * A value as one file can name it: a library name or instance
 * (`sqlalchemy.orm.Session()`), or a project symbol followed by steps
 * (`{ref: get_db, path: '()'}` is what `get_db()` gives).
 */
export type ValueSpec =
  | { kind: 'external'; name: string }
  | { kind: 'symbol'; ref: SymbolRef; path: string }
  /** An attribute set from an untyped constructor parameter (`self.repo = repo`): whatever the class's construction sites pass there. */
  | { kind: 'constructorArg'; index: number; name: string };

/** `Cls(a, key=b)` with arguments of known value: where constructor parameters get their values. */
export interface ConstructionSite {
  /** The callee as the file names it (a symbol, or an absolute dotted name); the workspace decides whether it is a project class. */
  callee: TypeRef;
  /** Positional arguments (after `self`), each as the values it may hold. */
  args: ValueSpec[][];
  keywords?: Record<string, ValueSpec[]>;
}

export interface CallSite {
  /**
   * The whole call expression. Its line and column are not kept: the index
   * derives them from the file's text when a finding names the call
   * (`lines.ts`), since a `Range` per call was a tenth of a large
   * workspace's decoded models.
   */
  span: Span;
  /** The callee as written. */
  text: string;
  target: CallTarget;
  /**
   * The call's result is directly awaited: a library call is then an async
   * API. Absent when false, as `offloaded`: a decoded call of at most four
   * fields keeps them in the object itself (no property array), 9 MB of a
   * 10,000-file tree's live heap.
   */
  awaited?: boolean;
  /** Handed to an offload helper (to_thread, run_in_executor, worker pool): not on the request path. */
  offloaded?: boolean;
  /**
   * The call's result goes straight to a response that iterates a sync
   * iterator in a worker thread (`StreamingResponse(gen())`): a sync
   * generator called here runs there, off the event loop.
   */
  streamedInThread?: true;
  /** Further targets when the receiver may be one of several types (`x: A | B`). */
  alternatives?: CallTarget[];
  /** For JS: the call passes a callback, making a callback-style API non-blocking. */
  hasCallback?: boolean;
  /** `require('./x')`: the project module the call loads, as written. */
  loads?: string;
  /** Language-specific facts a rule binding may need (e.g. 'request-input' for ReDoS/JSON.parse). */
  tags?: string[];
  /** Runs on the first request only, or only in development (see `RunCondition`). */
  condition?: RunCondition;
  /** What the cost model knows of the arguments; set only for calls whose rule reads them (`argumentCost`). */
  args?: ArgumentFacts;
  /** Set when this is not a plain call but another way code runs here (a callback, a property, a `with`). */
  edge?: CallEdgeKind;
  /** A method called on an instance: a project override in a subclass may run instead. */
  dispatch?: boolean;
  /**
   * The result is dropped (`check(x)` as a statement) or tested for truth
   * (`if check(x):`) without await: a bug when the callee is an async
   * function (the `unawaited-coroutine` matcher).
   */
  unawaitedUse?: 'dropped' | 'tested';
  /** Runs only when a parameter of the enclosing function has this truthiness (`if not reset: return` above it). */
  paramGuard?: ParamGuard;
  /** For calls of project functions: the arguments that are constants, so a callee's parameter guards can be decided per call. */
  constArgs?: ConstArgs;
}

/** A literal the analyzer can evaluate: `True`, `None`, `8`, `"x"`, `{ skipAuth: true }`. */
export type ConstValue =
  | { kind: 'literal'; value: string | number | boolean | null }
  /** An object literal; `unknown`: keys it has whose values are not constants (a key in neither is absent). */
  | { kind: 'object'; props: Record<string, ConstValue>; unknown?: string[] }
  /** A constant of another project module (`OAUTH_CONFIG.CODE_LENGTH`), which the index reads from that module's `constants`. */
  | { kind: 'ref'; ref: SymbolRef; path: string[] };

/** A call's arguments as constants (`null`: not a constant); `count` positional arguments were passed. */
export interface ConstArgs {
  positional: Array<ConstValue | null>;
  keywords?: Record<string, ConstValue | null>;
  /** `*args`/`**kwargs`/spread: what is passed where is unknown. */
  spread?: boolean;
}

/**
 * A call or construct that runs only when parameter `index` of its function
 * (`path` into it: `options?.skipAuth`) is truthy (`runsWhen: true`) or falsy.
 */
export interface ParamGuard {
  index: number;
  path: string[];
  runsWhen: boolean;
}

/** A parameter as calls see it: its name (keywords) and its default when it is a constant. */
export interface ParamInfo {
  name: string;
  /** The default when it is a constant; `undefined` (JS: an optional parameter) when not passed. */
  default?: ConstValue | { kind: 'undefined' } | null;
}

/**
 * Why code does not run on every request in production: it sits behind a
 * lazy-initialisation guard (`if _client is None:`, `p ??= load()`), or a
 * branch that is false under production defaults (`if settings.DEBUG:`).
 * Findings under one are reported at info, naming `reason`.
 */
export interface RunCondition {
  kind: 'once' | 'dev-only';
  /** The guard or condition as written, for messages: `_client is None`, `settings.DEBUG`. */
  reason: string;
  /** `once` through a cache that expires (`cache.set(key, value, 3600)`): once per cache period. */
  scope?: 'process' | 'ttl';
}

/** A memoizing decorator or wrapper on a function (`functools.lru_cache`, `lodash.once`). */
export interface Memoized {
  /** The memoizer's resolved name. */
  by: string;
  /** `process`: first call (per argument) only; `ttl`: once per cache period; `instance`: once per object. */
  scope: 'process' | 'ttl' | 'instance';
}

/** One argument as the cost model sees it. */
export type ArgumentFact =
  | { kind: 'number'; value: number }
  /** A literal string or bytes, or a template without holes; `text` when it is short (a name, not data). */
  | { kind: 'string'; length: number; text?: string }
  /**
   * Data from the request; `part` when known (cookies and headers are small by protocol limits);
   * `checkedBy`: the calls the same value was handed to earlier in the function (a signature check).
   */
  | { kind: 'request'; part?: 'cookie' | 'header' | 'query' | 'body' | 'body-field'; checkedBy?: string[] }
  /** The content of a file read in the same function. */
  | { kind: 'file' }
  /** An instance of a library class the analyzer tracked (`io.StringIO`). */
  | { kind: 'instance'; type: string }
  /**
   * Parameter `index` of the enclosing function, passed on unchanged: its callers' constants decide (`randomBytes(length)`);
   * `path`: a property of it (`({ length }) => randomBytes(length)`); `apply`: arithmetic with a constant on the way
   * (`randomBytes(bitLength / 8)`: `param / 8`; `swap`: `8 / param`).
   */
  | { kind: 'param'; index: number; path?: string[]; apply?: { op: '+' | '-' | '*' | '/'; operand: number; swap?: true } }
  | { kind: 'unknown' };

export interface ArgumentFacts {
  positional: ArgumentFact[];
  keywords?: Record<string, ArgumentFact>;
}

/**
 * A way a function runs besides being called by name: what the chain names
 * (`cb (callback passed to call_soon)`, `Settings.dsn (property)`).
 */
export interface CallEdgeKind {
  kind: 'callback' | 'partial' | 'task' | 'decorator' | 'with' | 'property' | 'descriptor' | 'operator' | 'render';
  /** How the chain names the hop: `callback passed to call_soon`, `via partial`, `property`. */
  label: string;
}

/** A blocking construct that is not a call: a busy-wait loop, a ReDoS-prone regex on input. */
export interface PatternMatch {
  ruleId: string;
  /** Its line and column come from the text, as a call site's do. */
  span: Span;
  text: string;
  condition?: RunCondition;
  args?: ArgumentFacts;
  paramGuard?: ParamGuard;
  /**
   * A regex run on input, kept for its language's checker to decide once a
   * handler's chain reaches the function (`LanguageSupport.confirmPattern`):
   * the check is too slow for every file's walk.
   */
  regex?: { pattern: string; flags: string };
}

export interface FunctionInfo {
  /** Dotted path inside the file: `handler`, `ReportService.build`, `outer.<locals>.inner`. */
  name: string;
  isAsync: boolean;
  range: Range;
  span: Span;
  /** Range of the function's name (or of its `def`/`function` keyword when anonymous). */
  nameRange: Range;
  calls: CallSite[];
  patterns: PatternMatch[];
  /** Enclosing class, for methods. */
  className?: string;
  /** Name of the enclosing function for nested functions. */
  parent?: string;
  /** A memoizing decorator or wrapper: its body runs on the first call only. */
  memoized?: Memoized;
  /** What a call of it gives: its return annotation, else what it returns (a generator: what it yields). */
  returns?: ValueSpec[];
  /** Runs on attribute access rather than on a call (`@property`, `cached_property`, a JS getter); `setter` runs on assignment. */
  accessor?: 'getter' | 'setter';
  /** For a decorator: its nested functions that run in place of the function it decorates (they call it). */
  wrappers?: string[];
  /** Functions defined in it that it returns (a middleware factory's middleware): what serves when a call of it is registered as a handler. */
  returnedFunctions?: string[];
  /** Has decorators: what calling it gives is theirs to decide (an async def may come back sync). */
  decorated?: boolean;
  /** A method that never runs as written (`@abstractmethod`, a body of `...`, `pass` or `raise NotImplementedError`): a call of it runs a subclass's override. */
  abstract?: true;
  /** A plain `def` with `yield` (Python): a call runs none of its body, which runs where the generator is iterated. */
  generator?: true;
  /** Its parameters in order (Python methods include `self`), when a site in it has a `paramGuard` or a `param` argument fact. */
  params?: ParamInfo[];
}

/**
 * What a handler is to its framework. Matchers set it on `HandlerInfo.kind`;
 * when they do not, `handlerKindOf` (handlerKind.ts) infers it from the route
 * text and the class shape. `npm run bench` counts handlers by it.
 */
export type HandlerKind =
  /** A URL route: decorator, `add_url_rule`, `path()`, `app.get`, a Next.js route file. */
  | 'route'
  /** A method of a class-based view / resource / handler class (`get`, `post`, `dispatch`). */
  | 'class-view'
  | 'middleware'
  /** Runs around every request: `before_request`, error handlers, Fastify hooks, `http` server events. */
  | 'hook'
  | 'websocket'
  /** A socket.io event handler (`socket.on('event', ...)`, python-socketio `@sio.event`). */
  | 'socketio-event'
  | 'graphql-resolver'
  /** A function a library calls on the request path: `Depends`, `app.param`, auth verify callbacks, template filters. */
  | 'callback';

export const HANDLER_KINDS: readonly HandlerKind[] = ['route', 'class-view', 'middleware', 'hook', 'websocket', 'socketio-event', 'graphql-resolver', 'callback'];

export interface HandlerInfo {
  /** The function serving the request, in this file (`module: null`) or imported. */
  ref: SymbolRef;
  /** `ref` is a factory: what serves is the function it returns (`app.use(auth(options))` registers the middleware `auth` returns). */
  factory?: boolean;
  /**
   * What serves is what `ref` evaluates to, then these steps (`ValueSpec` paths): a parameter's member
   * (`(app, controllers) => app.get('/login', controllers.login)` registers `.@1.login` of that function: what its callers pass).
   */
  valuePath?: string;
  /** What the handler is; inferred by `handlerKindOf` when a matcher leaves it out. */
  kind?: HandlerKind;
  /** Where the registration was seen (decorator, `add_url_rule`, `path(...)`). */
  location: Location;
  framework: string;
  /** Route path or a description (`before_request`, `middleware`, `Depends`). */
  route: string | null;
  methods?: string[];
  /**
   * Where it runs, as the framework decides from the function's own shape
   * (async or not, framework options). Deployment facts may later refine it.
   * When omitted, the framework's `contextFor(isAsync)` decides once the
   * function is resolved.
   */
  context?: ExecutionContext;
  /**
   * When `ref` names no function (a value handed to a project factory:
   * `validate(T.DocumentsListSchema)`), what this function returns serves
   * instead, as for `factory`.
   */
  orMadeBy?: SymbolRef;
  /**
   * When `ref` names a class (Django CBV `.as_view()`, MethodView, web.View),
   * the request handlers are these of its methods that exist.
   */
  classMethods?: string[];
  /** The class serves this route through `classMethods` only (a DRF router gives each action its own route): its base kind's methods are not added. */
  exactClassMethods?: boolean;
  /** Framework policy for the resolved function's sync/async shape. */
  contextByKind?: { sync: ExecutionContext; async: ExecutionContext };
  /** Registered under a condition false in production (`if settings.DEBUG:`), as written. */
  devOnly?: string;
  /**
   * The framework does not run it on every request: a Next.js route handler
   * rendered at build time (`export const dynamic = 'force-static'`) or
   * regenerated once per period (`export const revalidate = 3600`). Its
   * findings are reported at info under this condition.
   */
  runCondition?: RunCondition;
  /**
   * The registration counts only when this class (of the router or API object
   * it was made on, defined in another file) derives from one of `bases`:
   * `router = UserAPIRouter()` with `class UserAPIRouter(APIRouter)` elsewhere.
   * The index checks it through the project's class hierarchy. With
   * `variable`, `type` names a module-level variable imported from another
   * file (`from app import login`), whose instance's class is checked.
   */
  ownerClass?: { type: TypeRef; bases: readonly string[]; variable?: boolean };
  /**
   * The framework uses what the handler returns at once, without awaiting it
   * (`@nestjs/passport`'s `AuthGuard` reads `getRequest(context)` as the
   * request): an async version would hand it a promise, so no fix makes it async.
   */
  syncResult?: true;
}

/** A type as code names it: a project symbol, or a library's qualified name. */
export type TypeRef =
  /** `returned`: what calling `ref` gives (a class or router a factory returns: `class Main(make_base())`, `router = make_router()`). */
  | { kind: 'project'; ref: SymbolRef; returned?: boolean }
  | { kind: 'external'; name: string; returned?: boolean };

/** A class and what it derives from: lets framework bases and handler methods be found across files. */
export interface ClassInfo {
  /** Dotted name inside the file. */
  name: string;
  location: Location;
  bases: TypeRef[];
  /** Attribute values known from the class body, `self.x = ...` in its methods, properties. */
  attrs?: Record<string, ValueSpec>;
  /**
   * Methods its objects replace on themselves before the framework calls
   * them (Tornado `initialize`: `setattr(self, name, make_async(self,
   * getattr(self, name)))`): `methods` undefined means whichever the request
   * names. `offloaded`: the wrapper hands them to a thread (`run_in_executor`).
   */
  rebound?: { methods?: string[]; wrapper: string; offloaded: boolean };
}

/**
 * A class deriving, however indirectly and in whatever file, from one of
 * `bases` serves requests through `classMethods` (own or inherited).
 */
export interface ClassHandlerKind {
  framework: string;
  /** Qualified library names (`tornado.web.RequestHandler`). */
  bases: readonly string[];
  classMethods: string[];
  /**
   * Those of `classMethods` the framework calls from its own entry points
   * (`get_queryset`): inherited unchanged, they are one handler of the base,
   * not one per subclass.
   */
  hooks?: readonly string[];
  contextByKind: { sync: ExecutionContext; async: ExecutionContext };
  /** What the report shows instead of a route (`middleware`). */
  route?: string;
  /** Defaults to `class-view` (or `middleware` when `route` says so). */
  kind?: HandlerKind;
  /**
   * Class attributes naming a class whose methods the framework calls on
   * each request, by attribute: a DRF viewset's `serializer_class` (its
   * `validate_*`, `create`, `to_representation`...). `*` ends a prefix.
   */
  attributeHooks?: Readonly<Record<string, readonly string[]>>;
}

/** Per-line suppressions: `null` silences every rule on that line. */
export type Suppressions = Map<number, Set<string> | null>;

export interface FileModel {
  file: string;
  language: LanguageId;
  /** Python: dotted module name relative to its root; JS: undefined. */
  moduleName?: string;
  functions: FunctionInfo[];
  /** Top-level code (imports, startup): never a request path. */
  moduleCode: FunctionInfo;
  /**
   * Project modules the file loads at its top level, as written (`import x from './y'`, `const y = require('./y')`):
   * a `require` inside a function of a module one of them loads, or of one that loads this file back, is a module-cache lookup.
   */
  startupImports?: string[];
  handlers: HandlerInfo[];
  /** Names this file makes available to importers: name → where it really is. */
  exports: Map<string, SymbolRef>;
  /** Modules whose every name this file re-exports (`export * from './x'`, `from .x import *`). */
  starExports?: string[];
  suppressions: Suppressions;
  errors: AnalysisError[];
  /** Values of module-level names other files import (`engine = create_engine(...)`). */
  values?: Record<string, ValueSpec>;
  /** Module-level type aliases (`SessionDep = Annotated[Session, Depends(get_db)]`): what annotating with them gives. */
  typeAliases?: Record<string, ValueSpec>;
  /** Classes with their bases (languages with class-based views). */
  classes?: ClassInfo[];
  /** Module-level names bound to an instance of a class (`login = LoginManager()`), for objects imported elsewhere. */
  instances?: Map<string, TypeRef>;
  /** Calls of project callables with arguments of known value (class constructions among them). */
  constructions?: ConstructionSite[];
  /** Language-specific extras other passes (deployment, fixes) read. */
  facts?: Record<string, unknown>;
  /** Module-level constants (`export const OAUTH_CONFIG = { CODE_LENGTH: 40 }`) other modules' calls pass (`ConstValue` refs). */
  constants?: Record<string, ConstValue>;
  /** `classLayoutOf` this model, set when it is encoded (codec.ts): a cached model gives it without decoding its body. */
  layout?: string;
  /** The names its construction sites are indexed by (`siteName`), set when it is encoded: the index decodes only the sites of the files that have a name it looks for. */
  constructedNames?: string[];
}

// ---------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------

export interface ChainHop {
  file: string;
  line: number;
  column: number;
  name: string;
  /** Why this hop does not run per request (`cached by functools.lru_cache`, `only when settings.DEBUG`). */
  note?: string;
  /** How this hop runs when it is not a plain call: `callback passed to call_soon`, `property`, `via \`with\``. */
  via?: string;
}

export interface HandlerRef {
  file: string;
  line: number;
  name: string;
  framework: string;
}

export interface HandlerReport extends HandlerRef {
  kind: 'sync' | 'async';
  /** Route, class-view method, middleware, resolver... (`kind` above is the function's sync/async shape). */
  handlerKind: HandlerKind;
  route: string | null;
  methods?: string[];
  context: ExecutionContext;
  /** In test, example or docs code (testCode.ts), so its findings are counted apart (never set with `includeTests`). */
  testCode?: true;
}

/** A plain text edit; the adapters turn it into a WorkspaceEdit or write it to disk. */
export interface TextEdit {
  file: string;
  span: Span;
  newText: string;
}

export type FixKind =
  | 'await'
  | 'offload'
  | 'make-async'
  | 'make-sync'
  | 'deployment'
  | 'suppress';

export interface Fix {
  title: string;
  kind: FixKind;
  /** A safe fix keeps behaviour; unsafe ones need review and are never applied by fix-all. */
  safe: boolean;
  preferred?: boolean;
  /** Set when the fix exists in principle but cannot be applied here; `edits` is then empty. */
  unavailable?: string;
  /** Extra information shown with the fix (callers that must now await, etc.). */
  description?: string;
  edits: TextEdit[];
}

export interface DeploymentRef {
  /** What was decided: `gevent-patched`, `gunicorn sync ×4`, `uvicorn` ... */
  summary: string;
  file: string;
  line: number;
  [key: string]: unknown;
}

export interface Finding {
  /** Absolute path. Reports turn it into a root-relative one. */
  file: string;
  range: Range;
  span: Span;
  rule: string;
  category: Category;
  severity: Severity;
  /** The resolved call name (`requests.get`) or the callee text. */
  call: string;
  message: string;
  context: ExecutionContext;
  handler: HandlerRef | null;
  /** Hops from the handler (first) to the blocking call (last); empty for non-interprocedural findings. */
  chain: ChainHop[];
  fixes: Fix[];
  deployment?: DeploymentRef;
  /**
   * Set on a via-call finding whose site runs project code without calling it
   * by name (a callback handed over, a property read, a `with`): there is no
   * call there to await or offload.
   */
  edge?: string;
}

export interface ScanResult {
  root: string;
  filesScanned: number;
  handlers: HandlerReport[];
  findings: Finding[];
  /** Findings only test, example or docs code reaches, left out of `findings` (absent with `includeTests` or when none). */
  testFindingsHidden?: number;
  /** Test, example or docs files left unanalysed: no other file may import them, and their findings would not be shown (absent with `includeTests` or when none). */
  testFilesNotAnalysed?: number;
  /** Migrations left unanalysed: no other file imports them, and no handler is in them (`scope: 'handlers'` only). */
  migrationsNotAnalysed?: number;
  errors: AnalysisError[];
  /** Per Flask/Django app: would an ASGI framework pay (report/readiness.ts)? */
  readiness?: AppReadiness[];
}

/** One app's answer to "would an ASGI framework pay here?", read from its handlers and findings. */
export interface AppReadiness {
  appRoot: string;
  framework: string;
  views: number;
  asyncViews: number;
  /** Blocking calls on request paths that are not CPU work, by call name. */
  syncLibraries: Array<{ call: string; count: number }>;
  cpuCalls: number;
  verdict: string;
}
