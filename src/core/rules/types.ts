import type { Category, LanguageId, Severity } from '../model';

/** A non-blocking replacement for some of a rule's calls; the fixes use `template`. */
export interface Replacement {
  /** Which of the rule's call patterns this replacement covers. */
  calls: string[];
  /** What to write instead, e.g. `await asyncio.sleep({args})`; `{args}` is the original argument text. */
  template?: string;
  /** Import lines the template needs, in the language's own syntax. */
  imports?: string[];
  /** Human description, shown in hovers and docs. */
  description: string;
  /** Packages the replacement needs (`httpx`, `aiofiles`). */
  requires?: string[];
}

/** One condition on a call's arguments (schema: `definitions.argumentCondition`). */
export interface ArgumentCondition {
  /** Which of the rule's call patterns it is about; all when omitted. */
  calls?: string[];
  argument?: number;
  keyword?: string;
  is: 'any' | 'small-number' | 'short-literal' | 'literal-matching' | 'absent' | 'request-cookie' | 'request-header' | 'request-body-field' | 'request-checked-by' | 'request-data' | 'file-content' | 'instance';
  max?: number;
  /** For `literal-matching`: a regular expression the literal's text matches (`\\.ya?ml$`: a manifest member); for `request-checked-by`: one a call's name matches. */
  pattern?: string;
  /** For `instance`: the library classes (`io.StringIO`). */
  of?: string[];
}

export interface ArgumentCost {
  cheap: ArgumentCondition[];
  expensive?: ArgumentCondition[];
  /** `skip`: a cheap call is not reported; `info`: reported at info at most. */
  whenCheap: 'skip' | 'info';
  cheapReason: string;
  expensiveReason?: string;
}

/** One entry of `rules/<lang>/<name>.json`: data, never code. */
export interface RuleDefinition {
  /** Stable id `<lang>/<name>`, e.g. `py/blocking-sleep`; also its file and docs path. */
  id: string;
  language: LanguageId;
  title: string;
  category: Category;
  /**
   * Qualified call names this rule matches, as the language binding resolves
   * them: `time.sleep`, `requests.Session().get`, `builtins.open().read`,
   * `fs.readFileSync`. A `*` matches any run of identifier characters inside
   * one dotted segment (`fs.*Sync`); `.**.` spans zero or more whole segments
   * (`pymongo.MongoClient().**.find_one`).
   */
  calls?: string[];
  /** Calls that look like matches but are not blocking (`fs.promises.*`). Checked first. */
  excludeCalls?: string[];
  /** A built-in structural matcher instead of call names (`busy-wait`, `redos`). */
  matcher?: string;
  /** Cheap metadata calls: info on an event loop, not reported elsewhere. */
  cost?: 'normal' | 'cheap';
  /** With `cost: cheap`: why, as findings and the docs page say it. */
  costReason?: string;
  /** Which arguments make a call cheap or expensive (`rules/cost.ts` reads it). */
  argumentCost?: ArgumentCost;
  /** Low-confidence heuristics report as info at most. */
  confidence?: 'high' | 'low';
  /** Severity in any async context regardless of the table (Django ORM raises there). */
  asyncSeverity?: Severity;
  /** Whether gevent/eventlet patching makes these calls cooperative; defaults by category. */
  cooperative?: boolean;
  /**
   * Database URL schemes (`mysql+pymysql`) whose driver is pure Python: when
   * every URL the deployment sets is one of them, gevent's patched sockets
   * make these calls cooperative.
   */
  cooperativeDrivers?: string[];
  /** Which fix unblocks the call under gevent when it cannot be patched (`psycogreen`). */
  cooperativeFix?: string;
  /**
   * Calls among `calls` that run asynchronously when given a callback (or
   * `{ async: true }`): `crypto.randomBytes(16, cb)`, `YAML.load(path, cb)`.
   * With one they are not this rule's.
   */
  callbackForm?: string[];
  /** Other linters' codes for the same calls (flake8-async/ruff `ASYNC251`, evloop-lint `EVL001`): `# noqa: <code>` silences this rule too. */
  peerCodes?: string[];
  /** Message template; `{call}` is the resolved call name. */
  message: string;
  replacements: Replacement[];
  /** How to offload when no async twin fits. */
  offload: 'thread' | 'process' | 'none';
  /** Why offloading to a thread is unsafe (thread-affine objects), if it is. */
  offloadUnsafe?: string;
  docs: {
    why: string;
    example: string;
    useInstead: string;
    whenNotToUse: string;
  };
}

export interface RuleLoadError {
  file: string;
  message: string;
}
