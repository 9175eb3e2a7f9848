import type { LanguageSupport, ModuleHost } from '../language';
import type { CallTarget, ClassInfo, FunctionInfo, SymbolRef, TypeRef } from '../model';
import type { FileSymbols } from './symbols';

/** A function of the project, addressed by file and dotted name. */
export interface FunctionKey {
  file: string;
  fn: FunctionInfo;
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
}

/**
 * Resolves call targets and symbol references across files. Module lookups
 * are cached per (importing file, specifier); the cache is dropped when the
 * set of files changes, not when a file's text does.
 */
export class Resolver {
  private readonly moduleCache = new Map<string, string | undefined>();

  constructor(private readonly deps: ResolverDeps) {}

  clearModuleCache(): void {
    this.moduleCache.clear();
  }

  resolveModule(spec: string, fromFile: string): string | undefined {
    const key = `${fromFile}\0${spec}`;
    if (this.moduleCache.has(key)) return this.moduleCache.get(key);
    const language = this.deps.languageOf(fromFile);
    const resolved = language?.resolveModule(spec, fromFile, this.deps.host);
    this.moduleCache.set(key, resolved);
    return resolved;
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
      if (!members) return undefined;
      if (wantClass) return members.map((fn) => ({ file: at, fn }));
      const ctor = CONSTRUCTOR_NAMES.map((c) => symbols.function(`${local}.${c}`)).find(Boolean);
      return ctor ? [{ file: at, fn: ctor }] : [];
    });
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

  /** Finds `name` where `file` gets it from: the file itself, an import/re-export, or a star import. */
  private follow<T>(
    file: string,
    name: string,
    touched: Set<string>,
    hops: number,
    here: (symbols: FileSymbols, file: string, name: string) => T | undefined,
  ): T | undefined {
    touched.add(file);
    const symbols = this.deps.symbols(file);
    if (!symbols || hops > MAX_REEXPORT_HOPS) return undefined;
    const found = here(symbols, file, name);
    if (found !== undefined) return found;
    const [head, ...rest] = name.split('.');
    const exported = symbols.model.exports.get(head);
    if (!exported) {
      // `export * from './x'` / `from .x import *`: the name may live in any of those modules.
      for (const spec of symbols.model.starExports ?? []) {
        const target = this.resolveModule(spec, file);
        if (!target || target === file) continue;
        const starred = this.follow(target, name, touched, hops + 1, here);
        if (starred !== undefined) return starred;
      }
      return undefined;
    }
    const innerName = [exported.name, ...rest].filter(Boolean).join('.');
    if (exported.module === null) {
      return innerName === name ? undefined : this.follow(file, innerName, touched, hops + 1, here);
    }
    const target = this.resolveModule(exported.module, file);
    return target ? this.follow(target, innerName, touched, hops + 1, here) : undefined;
  }

  resolveRef(file: string, ref: SymbolRef, touched: Set<string>, wantClass = false): FunctionKey[] | undefined {
    if (ref.module === null) return this.resolveSymbol(file, ref.name, touched, wantClass);
    const target = this.resolveModule(ref.module, file);
    if (!target) return undefined;
    return this.resolveSymbol(target, ref.name, touched, wantClass);
  }

  /** Decides whether a call reaches project code, a library API, or nothing known. */
  resolveCall(file: string, target: CallTarget, touched: Set<string>): ResolvedTarget {
    if (target.kind === 'project') {
      const found = this.resolveRef(file, target.ref, touched);
      if (found) return { kind: 'functions', targets: found };
      // An import we cannot find in the project is a library after all.
      const name = target.ref.module ? `${target.ref.module}.${target.ref.name}` : target.ref.name;
      return { kind: 'unknown', name };
    }
    if (target.kind === 'external') {
      const language = this.deps.languageOf(file);
      for (const split of language?.splitQualifiedName(target.name) ?? []) {
        const moduleFile = this.resolveModule(split.module, file);
        if (!moduleFile) continue;
        return { kind: 'functions', targets: this.resolveSymbol(moduleFile, split.name, touched) };
      }
      return { kind: 'external', name: target.name };
    }
    return { kind: 'unknown', name: target.name };
  }
}
