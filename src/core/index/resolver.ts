import { functionReadKey } from './readKeys';
import * as path from 'path';
import type { LanguageSupport, ModuleHost } from '../language';
import type { CallTarget, ClassInfo, ConstructionSite, FunctionInfo, SymbolRef, TypeRef, ValueSpec } from '../model';
import type { FileSymbols } from './symbols';
import { ValueEvaluator, type Evaluated } from './values';
import { own } from '../lookup';

/** A function of the project, addressed by file and dotted name. */
export interface FunctionKey {
  file: string;
  fn: FunctionInfo;
  /** How the call reaches it when that is not the plain call (`override in S3Storage`). */
  via?: string;
  /**
   * The class the method was looked up on, when it inherits the method from a
   * base (`PluginLoader.read_file` defined in `BasePluginLoader`): only that
   * class's subclasses can override it for this call.
   */
  receiver?: { file: string; cls: string };
}

export function keyOf(file: string, fn: FunctionInfo): string {
  return `${file}#${fn.name}`;
}

/** How constructors are named per language: calling a class runs its constructor. */
const CONSTRUCTOR_NAMES = ['__init__', 'constructor'];
/** Re-export chains longer than this are treated as unresolved (guards loops). */
const MAX_REEXPORT_HOPS = 16;

export type ResolvedTarget =
  | { kind: 'functions'; targets: FunctionKey[] }
  | { kind: 'external'; name: string }
  | { kind: 'unknown'; name: string };

interface ResolverDeps {
  symbols(file: string): FileSymbols | undefined;
  languageOf(file: string): LanguageSupport | undefined;
  host: ModuleHost;
  /** A method a class of `file` does not define itself but inherits from a project base (classes.ts). */
  inherited?(file: string, cls: ClassInfo, method: string): FunctionKey | undefined;
  /** Construction sites by the callee's last name (values.ts). */
  constructions?(name: string): ReadonlyArray<{ file: string; site: ConstructionSite }>;
  /** Note each function read (readKeys.ts `functionReadKey`): an editor's index keeps more after an edit inside one function; a scan needs none. */
  functionReads?: boolean;
}

/**
 * Resolves call targets and symbol references across files. Module lookups
 * are cached per (language, importing folder, specifier); the cache is
 * dropped when the set of files changes, not when a file's text does.
 */
export class Resolver {
  private readonly moduleCache = new Map<string, string | undefined>();
  readonly values: ValueEvaluator;
  readonly functionReads: boolean;

  constructor(private readonly deps: ResolverDeps) {
    this.functionReads = deps.functionReads ?? false;
    this.values = new ValueEvaluator({ resolver: this, symbols: deps.symbols, languageOf: deps.languageOf, constructions: deps.constructions });
  }

  clearModuleCache(): void {
    this.moduleCache.clear();
  }

  /** After any change: values evaluated before may read what changed. */
  forgetValues(): void {
    this.values.forget();
    this.externals.clear();
  }

  /** `resolveExternal` answers until the next change, with the files each read: the modules of a folder call `requests.get` from many functions. */
  private readonly externals = new Map<string, { target: ResolvedTarget; touched: string[] }>();

  resolveModule(spec: string, fromFile: string): string | undefined {
    const language = this.deps.languageOf(fromFile);
    if (!language) return undefined;
    // Resolution reads only the importing file's folder (LanguageSupport.resolveModule): one lookup per folder, not per file.
    const key = `${language.id}\0${path.dirname(fromFile)}\0${spec}`;
    if (this.moduleCache.has(key)) return this.moduleCache.get(key);
    const resolved = language.resolveModule(spec, fromFile, this.deps.host);
    this.moduleCache.set(key, resolved);
    return resolved;
  }

  /**
   * The file a reference's module is and the name to look up there. A module
   * that is really a name its package exports (`from . import X` with X
   * defined in `__init__`) continues inside the package.
   */
  resolveMember(ref: SymbolRef, fromFile: string): { file: string; name: string } | undefined {
    if (ref.module === null) return { file: fromFile, name: ref.name };
    const file = this.resolveModule(ref.module, fromFile);
    if (file) return { file, name: ref.name };
    const member = this.deps.languageOf(fromFile)?.packageMember?.(ref.module);
    const pkg = member ? this.resolveModule(member.module, fromFile) : undefined;
    // In the package's own `__init__`, `from . import X` can only be a submodule: the name would be this very binding.
    if (!pkg || !member || pkg === fromFile) return undefined;
    return { file: pkg, name: [member.name, ref.name].filter(Boolean).join('.') };
  }

  /**
   * The functions a symbol names: a function, a method (`Class.method`), a
   * class (its constructor, or with `wantClass` all its methods), following
   * re-exports. `touched` collects every file consulted, for invalidation.
   */
  resolveSymbol(file: string, name: string, touched: Set<string>, wantClass = false): FunctionKey[] {
    const found = this.follow(file, name, touched, 0, (symbols, at, local) => {
      const direct = symbols.function(local);
      if (direct) return [{ file: at, fn: direct }];
      const members = symbols.methodsOf(local);
      const cls = symbols.classInfo(local);
      if (!members && !cls) {
        // `Cls.method` that Cls inherits from a project base, possibly in another file.
        const dot = local.lastIndexOf('.');
        const owner = dot > 0 ? symbols.classInfo(local.slice(0, dot)) : undefined;
        const inherited = owner && this.deps.inherited?.(at, owner, local.slice(dot + 1));
        return inherited && owner ? [{ ...inherited, receiver: { file: at, cls: owner.name } }] : undefined;
      }
      if (wantClass) return (members ?? []).map((fn) => ({ file: at, fn }));
      const ctor = CONSTRUCTOR_NAMES.map((c) => symbols.function(`${local}.${c}`)).find(Boolean);
      if (ctor) return [{ file: at, fn: ctor }];
      const inheritedCtor = cls && CONSTRUCTOR_NAMES.map((c) => this.deps.inherited?.(at, cls, c)).find(Boolean);
      return inheritedCtor ? [inheritedCtor] : [];
    });
    // What resolves to a function may read what it returns or takes: an edit of that function reaches it.
    if (this.functionReads) for (const key of found ?? []) touched.add(functionReadKey(key.file, key.fn));
    return found ?? [];
  }

  /** The class a symbol names, wherever it is defined (following re-exports). */
  resolveClass(file: string, name: string, touched: Set<string>): { file: string; cls: ClassInfo } | undefined {
    return this.follow(file, name, touched, 0, (symbols, at, local) => {
      const cls = symbols.classInfo(local);
      return cls ? { file: at, cls } : undefined;
    });
  }

  /** The class of the instance a module-level variable holds (`login = LoginManager()`), wherever it is defined. */
  resolveInstance(file: string, name: string, touched: Set<string>): { file: string; type: TypeRef } | undefined {
    return this.follow(file, name, touched, 0, (symbols, at, local) => {
      const type = symbols.model.instances?.get(local);
      return type ? { file: at, type } : undefined;
    });
  }

  /** A module-level value or type alias (`engine`, `SessionDep`), wherever it is defined. */
  resolveVariable(file: string, name: string, touched: Set<string>): { file: string; spec: ValueSpec; alias: boolean } | undefined {
    return this.follow(file, name, touched, 0, (symbols, at, local) => {
      const alias = own(symbols.model.typeAliases, local);
      if (alias) return { file: at, spec: alias, alias: true };
      const value = own(symbols.model.values, local);
      return value ? { file: at, spec: value, alias: false } : undefined;
    });
  }

  /** Where a module-level variable is assigned (`router = APIRouter()`), following imports and re-exports. */
  resolveAssignment(file: string, name: string, touched: Set<string>): { file: string; name: string } | undefined {
    return this.follow(file, name, touched, 0, (symbols, at, local) =>
      symbols.model.instances?.has(local) || own(symbols.model.values, local) ? { file: at, name: local } : undefined,
    );
  }

  /** Finds `name` where `file` gets it from: the file itself, an import/re-export, or a star import. */
  private follow<T>(
    file: string,
    name: string,
    touched: Set<string>,
    hops: number,
    here: (symbols: FileSymbols, file: string, name: string) => T | undefined,
    /** (file, name) pairs already asked in this lookup: re-exports and star imports can loop, and branch. */
    asked = new Set<string>(),
  ): T | undefined {
    const key = `${file}\0${name}`;
    if (asked.has(key)) return undefined;
    asked.add(key);
    touched.add(file);
    const symbols = this.deps.symbols(file);
    if (!symbols || hops > MAX_REEXPORT_HOPS) return undefined;
    const found = here(symbols, file, name);
    if (found !== undefined) return found;
    const [head, ...rest] = name.split('.');
    const exported = symbols.model.exports.get(head);
    // A CommonJS module without a default export is its own default (`Controllers.write = require('./write')`, then `write.users.create`).
    if (!exported && rest.length > 0 && head === this.deps.languageOf(file)?.defaultExport) return this.follow(file, rest.join('.'), touched, hops + 1, here, asked);
    if (!exported) {
      // `export * from './x'` / `from .x import *`: the name may live in any of those modules.
      for (const spec of symbols.model.starExports ?? []) {
        const target = this.resolveModule(spec, file);
        if (!target || target === file) continue;
        const starred = this.follow(target, name, touched, hops + 1, here, asked);
        if (starred !== undefined) return starred;
      }
      return undefined;
    }
    const innerName = [exported.name, ...rest].filter(Boolean).join('.');
    if (exported.module === null) {
      return innerName === name ? undefined : this.follow(file, innerName, touched, hops + 1, here, asked);
    }
    const target = this.resolveMember({ module: exported.module, name: innerName }, file);
    return target ? this.follow(target.file, target.name, touched, hops + 1, here, asked) : undefined;
  }

  resolveRef(file: string, ref: SymbolRef, touched: Set<string>, wantClass = false): FunctionKey[] | undefined {
    const target = this.resolveMember(ref, file);
    return target ? this.resolveSymbol(target.file, target.name, touched, wantClass) : undefined;
  }

  /** Decides whether a call reaches project code, a library API, or nothing known. */
  resolveCall(file: string, target: CallTarget, touched: Set<string>): ResolvedTarget {
    if (target.kind === 'project') {
      const found = this.resolveRef(file, target.ref, touched);
      if (found && found.length > 0) return { kind: 'functions', targets: found };
      // `const Database = require('./database'); Database.writeDBConfig()` with `module.exports = Database`: a member of what the module exports whole.
      const defaultExport = target.ref.module !== null ? this.deps.languageOf(file)?.defaultExport : undefined;
      const viaDefault = defaultExport && !target.ref.name.startsWith(defaultExport) ? this.resolveRef(file, { module: target.ref.module, name: `${defaultExport}.${target.ref.name}` }, touched) : undefined;
      if (viaDefault && viaDefault.length > 0) return { kind: 'functions', targets: viaDefault };
      // `engine.connect` with `engine` imported: a method of a module-level value of another file.
      const evaluated = target.ref.name.includes('.') ? this.callOf(this.values.evaluateRef(file, target.ref, '', touched), touched, 0) : undefined;
      if (evaluated) return evaluated;
      if (found) return { kind: 'functions', targets: found };
      // An import we cannot find in the project is a library after all.
      const name = target.ref.module ? `${target.ref.module}.${target.ref.name}` : target.ref.name;
      return { kind: 'unknown', name };
    }
    if (target.kind === 'external') return this.resolveExternal(file, target.name, touched, 0);
    if (target.kind === 'value') {
      const found = this.values.evaluateRef(file, target.of, target.path, touched);
      return this.callOf(found, touched, 0) ?? { kind: 'unknown', name: target.name };
    }
    return { kind: 'unknown', name: target.name };
  }

  /** A qualified name: a library API, or project code imported by its absolute name (`app.db.get_session().query`). */
  private resolveExternal(file: string, name: string, touched: Set<string>, depth: number): ResolvedTarget {
    // The answer depends on the file's language and folder (module lookups start there), not on the file itself.
    const key = `${this.deps.languageOf(file)?.id}\0${path.dirname(file)}\0${name}\0${depth}`;
    const known = this.externals.get(key);
    if (known) {
      for (const read of known.touched) touched.add(read);
      return known.target;
    }
    const reads = new Set<string>();
    const target = this.resolveExternalUncached(file, name, reads, depth);
    this.externals.set(key, { target, touched: [...reads] });
    for (const read of reads) touched.add(read);
    return target;
  }

  private resolveExternalUncached(file: string, name: string, touched: Set<string>, depth: number): ResolvedTarget {
    const language = this.deps.languageOf(file);
    for (const split of language?.splitQualifiedName(name) ?? []) {
      const moduleFile = this.resolveModule(split.module, file);
      if (!moduleFile) continue;
      const direct = this.resolveSymbol(moduleFile, split.name, touched);
      if (direct.length > 0) return { kind: 'functions', targets: direct };
      // `import Zip from "@server/zip"; Zip.toBuffer()`: a default import reads like the module.
      const viaDefault = language?.defaultExport ? this.resolveSymbol(moduleFile, `${language.defaultExport}.${split.name}`, touched) : [];
      if (viaDefault.length > 0) return { kind: 'functions', targets: viaDefault };
      break;
    }
    // The name may continue from what a project function returns, or from a module-level value.
    const found = this.values.evaluateInProject(file, name, touched);
    if (found) return this.callOf(found, touched, depth) ?? { kind: 'functions', targets: [] };
    // A library context manager is taken to give itself to `with ... as x`.
    return { kind: 'external', name: name.replace(/\.__a?enter__\(\)/g, '') };
  }

  /** What calling the evaluated callee reaches: project functions, else a library API. */
  private callOf(found: Evaluated[], touched: Set<string>, depth: number): ResolvedTarget | undefined {
    const targets: FunctionKey[] = [];
    for (const value of found) {
      if (value.kind === 'fn') targets.push(value.key);
      else if (value.kind === 'class') targets.push(...this.resolveSymbol(value.file, value.cls.name, touched));
      else if (value.kind === 'instance') targets.push(...this.resolveSymbol(value.file, `${value.cls.name}.__call__`, touched));
    }
    if (targets.length > 0) return { kind: 'functions', targets };
    const ext = found.find((v) => v.kind === 'ext');
    if (!ext || depth > 4) return undefined;
    return this.resolveExternal(ext.file, ext.name, touched, depth + 1);
  }
}
