import type { CallTarget, ClassHandlerKind, FileModel, HandlerInfo, LanguageId, PatternMatch, SymbolRef, TypeRef } from './model';
import type { RuleCatalog } from './rules/catalog';
import type { FixProvider } from './fixes/types';
import type { UseFinder } from './fixes/callers';

/** The `fn` of an edit in no function: no function is named so, nor is one nested in it (`isEdited`). */
export const NO_FUNCTION = '\0';

/**
 * An edit inside one function body: the file's text before it, where it
 * starts, and the function (nested ones go with it); or an edit outside every
 * body that moved what the model holds and changed nothing else
 * (`positionOnlyEdit`), whose `fn` is `NO_FUNCTION`.
 */
export interface FunctionEdit {
  file: string;
  before: string;
  start: number;
  fn: string;
  /** The names of the file's functions before the edit (what read the edited ones named them so). */
  namesBefore: ReadonlySet<string>;
  /**
   * What the edit moved: offsets from `from` on shifted by `delta`, and each
   * function info, call site and pattern after the edit with its moved copy
   * in the new model (the index moves what it keeps to them).
   */
  moved: { from: number; delta: number; objects: ReadonlyMap<object, object> };
}

/** What a language binding may ask the workspace about other files. */
export interface ModuleHost {
  /** True when the file is part of the scanned project. */
  hasFile(absPath: string): boolean;
  /** Project roots (scan roots and the folders holding pyproject.toml/package.json). */
  roots: readonly string[];
  /** Reads small config files (tsconfig.json) relative to the project; undefined if absent. */
  readConfig(absPath: string): string | undefined;
  /** The folder of the package.json named `name` in the scanned tree (a monorepo's own package), if exactly one. */
  packageDir?(name: string): string | undefined;
}

export interface AnalyzeInput {
  file: string;
  text: string;
  /** The project root the file belongs to (for Python module names). */
  root: string;
  /**
   * The file is open in an editor: the language may keep what the analysis
   * built, to analyse the next edit faster (Python's function-level re-walk).
   * Bulk analyses leave it out: kept walks would outlive their file.
   */
  keepWalk?: boolean;
}

/**
 * One language folder (`src/core/python`, `src/core/javascript`) implements
 * this. Everything language-specific stays behind it.
 */
export interface LanguageSupport {
  id: LanguageId;
  /** File extensions with the dot: `.py`, `.ts`. */
  extensions: readonly string[];
  /** What ends a line, as the language's parser counts lines: call sites' ranges are derived with it (`lines.ts`). */
  lineBreaks: readonly string[];
  /** Loads parsers (WASM) once; analyze may be called only after it resolved. */
  init(): Promise<void>;
  /** Parse and extract; never throws on bad input: errors go to `FileModel.errors`. */
  analyze(input: AnalyzeInput, rules: RuleCatalog): FileModel;
  /**
   * Resolve a module as written in `fromFile` to an absolute project file, or
   * undefined. The answer may depend on the folder of `fromFile`, never on
   * the file itself: the index shares it between the files of a folder.
   */
  resolveModule(spec: string, fromFile: string, host: ModuleHost): string | undefined;
  /**
   * Ways to split an external dotted name into (module, symbol) pairs to try
   * against the project, most specific module first: `pkg.mod.f` →
   * `[{pkg.mod, f}, {pkg, mod.f}]`. Lets `import pkg.mod; pkg.mod.f()` reach
   * project code without the binding knowing the file list.
   */
  splitQualifiedName(name: string): Array<{ module: string; name: string }>;
  /**
   * A module spec that may instead name something its package exports
   * (Python's `from . import X`, where X is a submodule or a name from
   * `__init__`): the package and the name, tried when no such module exists.
   */
  packageMember?(spec: string): { module: string; name: string } | undefined;
  /**
   * Handlers only the whole project shows (a router passed into another
   * module's function), by the file whose model holds them.
   */
  projectHandlers?(models: Iterable<FileModel>, lookup: ProjectLookup): Map<string, HandlerInfo[]>;
  /**
   * The name a module's default export is found under (`default` in JS): a
   * default import through a path alias is spelled like the module itself.
   */
  defaultExport?: string;
  /** One spelling for library names written several ways (`requests.session()` → `requests.Session()`). */
  canonicalName?(name: string): string;
  /** Framework base classes whose subclasses anywhere in the project are handlers. */
  classHandlerKinds?: readonly ClassHandlerKind[];
  /**
   * When `model` came from an edit of the file's previous text inside one
   * function body (Python's function-level re-walk, JS/TS's comparison of
   * models), that edit: what the index built from other functions ending
   * before it still holds. `held`: the model the index holds for the file; a
   * language that compared models gives the edit only if it was found
   * against that one.
   */
  editOf?(model: FileModel, held: FileModel | undefined): FunctionEdit | undefined;
  /**
   * Work an editor's documents leave for later, done while the editor is
   * idle (between a debounce's analyses), so the next keystroke need not:
   * JS/TS brings the TypeScript trees its statement-alone parses left behind
   * up to date.
   */
  idle?(): void;
  /**
   * Whether a pattern the walk left to be decided later (`PatternMatch.regex`)
   * is a finding, asked when a handler's chain reaches it: true or false, or
   * undefined when it could not be decided in the time given (no finding, and
   * no result that depends on it is kept on disk).
   */
  confirmPattern?(pattern: PatternMatch): boolean | undefined;
  /** Rewrites this language offers for a finding (await, offload, make-async...). */
  fixes?: FixProvider;
  /** What the project-wide check after applying fixes reads from this language's files. */
  fixCheck?: FixCheckSupport;
}

/** What a language's project pass may ask the workspace index. */
export interface ProjectLookup {
  /** The project functions a call target in `file` reaches. */
  functionsOf(file: string, target: CallTarget): Array<{ file: string; name: string }>;
  /** The project file a module specifier written in `fromFile` names. */
  resolveModule(spec: string, fromFile: string): string | undefined;
  /** Library classes the class `type` names in `file` derives from (itself, if a library class), through project bases in any file. */
  externalBasesOf(file: string, type: TypeRef): Set<string>;
  /** Where the module-level variable `name` of `file` is assigned, through imports and re-exports; undefined when no project file assigns it. */
  variableOf(file: string, name: string): { file: string; name: string } | undefined;
  /** The library values (`express.Router()`) project symbol `ref` of `file` followed by `path` evaluates to (`ValueSpec` paths). */
  libraryValuesOf?(file: string, ref: SymbolRef, path: string): string[];
}

/** Memoization scope of one check: parse trees are kept and freed together. */
export type Memo = <T>(key: string, create: () => T, release?: (value: T) => void) => T;

export interface FixCheckSupport {
  /** Syntax errors in the text (0 means it parses); the tree is kept in `memo` for the other questions. */
  syntaxErrors(file: string, text: string, memo: Memo): number;
  /** Short names of the async functions the file defines, with how many definitions each. */
  asyncNames(file: string, text: string, memo: Memo): Map<string, number>;
  /** Every use of a name, classified (the same finder the fixes use to plan caller updates). */
  uses(memo: Memo): UseFinder;
}
