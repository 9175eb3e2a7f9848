import { derivesFrom } from '../classBases';
import type { LanguageSupport } from '../language';
import type { ClassHandlerKind, ClassInfo, FileModel, HandlerInfo, SymbolRef, TypeRef } from '../model';
import { keyOf, type FunctionKey, type Resolver } from './resolver';
import type { Evaluated } from './values';
import type { FileSymbols } from './symbols';

/** Deeper inheritance than this is treated as a loop. */
const MAX_DEPTH = 32;

/** A method by file and dotted name. */
interface MethodHome {
  file: string;
  name: string;
}

interface Located {
  file: string;
  cls: ClassInfo;
}

/**
 * Class inheritance across the project: which library classes a project
 * class derives from, and which methods it has once its project bases are
 * counted. Built per result computation; every answer is memoized.
 */
export class ClassHierarchy {
  private readonly ancestors = new Map<string, Set<string>>();
  /** Where each method lives, not its FunctionInfo: the hierarchy outlives edits of method bodies. */
  private readonly lookups = new Map<string, { winners: Map<string, MethodHome>; overridden: Map<string, MethodHome> }>();
  /** `inheritedHandlers` per file model: an edit replaces one model, and the others' answers stand with the hierarchy. */
  private readonly inherited = new WeakMap<FileModel, HandlerInfo[]>();

  constructor(
    private readonly resolver: Resolver,
    private readonly symbols: (file: string) => FileSymbols | undefined,
    private readonly languageOf: (file: string) => LanguageSupport | undefined,
  ) {}

  /** The class a reference from `file` names, wherever it is defined. */
  locate(file: string, ref: SymbolRef): Located | undefined {
    const target = this.resolver.resolveMember(ref, file);
    return target ? this.resolver.resolveClass(target.file, target.name, new Set()) : undefined;
  }

  /** Where a variable imported as `type` is bound to an instance, and of which class. */
  private instanceOf(file: string, type: TypeRef, touched: Set<string>): { file: string; type: TypeRef } | undefined {
    const candidates = type.kind === 'project' ? [type.ref] : (this.languageOf(file)?.splitQualifiedName(type.name) ?? []);
    for (const ref of candidates) {
      const at = this.resolver.resolveMember(ref, file);
      const found = at ? this.resolver.resolveInstance(at.file, at.name, touched) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  /** A base as written: a project class, or a library name (an absolute import of project code is tried first). */
  baseClass(file: string, base: TypeRef): Located | string | undefined {
    if (base.kind === 'project' && base.returned) return this.evaluatedClass(this.resolver.values.evaluateRef(file, base.ref, '()', new Set()));
    if (base.kind === 'external' && base.returned) {
      // An absolutely imported factory (`app.factory.make_base()`): a project function's result, else the library name.
      for (const split of this.languageOf(file)?.splitQualifiedName(base.name) ?? []) {
        const found = this.evaluatedClass(this.resolver.values.evaluateRef(file, split, '()', new Set()));
        if (found) return found;
      }
      return base.name;
    }
    if (base.kind === 'project') {
      return this.locate(file, base.ref) ?? (base.ref.module ? `${base.ref.module}.${base.ref.name}` : undefined);
    }
    const language = this.languageOf(file);
    for (const split of language?.splitQualifiedName(base.name) ?? []) {
      const found = this.locate(file, { module: split.module, name: split.name });
      if (found) return found;
    }
    // A default import through a path alias is spelled like the module (`#src/utils/SchemaRouter.js`).
    const aliasedDefault = language?.defaultExport === undefined ? undefined : this.locate(file, { module: base.name, name: language.defaultExport });
    return aliasedDefault ?? base.name;
  }

  /** The nearest method rebinding (`ClassInfo.rebound`) on the class or a project base, and the class that does it. */
  rebinding(file: string, cls: ClassInfo, depth = 0): { cls: string; rebound: NonNullable<ClassInfo['rebound']> } | undefined {
    if (cls.rebound) return { cls: cls.name, rebound: cls.rebound };
    if (depth > MAX_DEPTH) return undefined;
    for (const base of cls.bases) {
      const resolved = this.baseClass(file, base);
      const found = resolved && typeof resolved !== 'string' ? this.rebinding(resolved.file, resolved.cls, depth + 1) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  /** Qualified library names among the class's bases, through every project base in any file. */
  externalAncestors(file: string, cls: ClassInfo, depth = 0): Set<string> {
    const key = `${file}#${cls.name}`;
    const known = this.ancestors.get(key);
    if (known) return known;
    const names = new Set<string>();
    // Set before recursing, so a cycle ends with what is known so far.
    this.ancestors.set(key, names);
    if (depth > MAX_DEPTH) return names;
    for (const base of cls.bases) {
      const resolved = this.baseClass(file, base);
      if (typeof resolved === 'string') names.add(resolved);
      else if (resolved) for (const name of this.externalAncestors(resolved.file, resolved.cls, depth + 1)) names.add(name);
    }
    return names;
  }

  /**
   * Whether the class `type` names from `file` (a project class, or a library
   * name) derives from one of `bases`; with `variable`, `type` names a
   * module-level variable and its instance's class is checked.
   */
  typeDerivesFrom(file: string, type: TypeRef, bases: readonly string[], variable = false, touched = new Set<string>()): boolean {
    if (variable) {
      const instance = this.instanceOf(file, type, touched);
      if (instance) return this.typeDerivesFrom(instance.file, instance.type, bases, false, touched);
      // `router = make_router()`: what the variable's value evaluates to.
      const value = this.variableValue(file, type, touched);
      return value !== undefined && this.derives(value, bases);
    }
    return this.derives(this.baseClass(file, type), bases);
  }

  private derives(resolved: Located | string | undefined, bases: readonly string[]): boolean {
    if (typeof resolved === 'string') return derivesFrom([resolved], bases);
    return resolved ? derivesFrom(this.externalAncestors(resolved.file, resolved.cls), bases) : false;
  }

  /** The class of a module-level variable's value (a factory's result), wherever the variable is defined. */
  private variableValue(file: string, type: TypeRef, touched: Set<string>): Located | string | undefined {
    const candidates = type.kind === 'project' ? [type.ref] : (this.languageOf(file)?.splitQualifiedName(type.name) ?? []);
    for (const ref of candidates) {
      const at = this.resolver.resolveMember(ref, file);
      const found = at ? this.resolver.resolveVariable(at.file, at.name, touched) : undefined;
      if (found && !found.alias) return this.evaluatedClass(this.resolver.values.evaluateSpec(found.file, found.spec, touched, 0));
    }
    return undefined;
  }

  /** A class (or instance) a value evaluates to: a project class, or a library class's name. */
  private evaluatedClass(values: Evaluated[]): Located | string | undefined {
    for (const value of values) {
      if (value.kind === 'class' || value.kind === 'instance') return { file: value.file, cls: value.cls };
      if (value.kind === 'ext') return value.name.replace(/\(\)$/, '');
    }
    return undefined;
  }

  /** The classes of `model` that are handlers through their bases, unless the file registers them itself. */
  inheritedHandlers(model: FileModel): HandlerInfo[] {
    let found = this.inherited.get(model);
    if (found) return found;
    const registered = new Set(model.handlers.filter((h) => h.classMethods && h.ref.module === null).map((h) => h.ref.name));
    found = [];
    for (const cls of model.classes ?? []) {
      if (registered.has(cls.name)) continue;
      const kind = this.kindOf(model.file, cls);
      if (!kind) continue;
      found.push({
        ref: { module: null, name: cls.name },
        location: cls.location,
        framework: kind.framework,
        route: kind.route ?? null,
        contextByKind: kind.contextByKind,
        classMethods: kind.classMethods,
        ...(kind.kind ? { kind: kind.kind } : {}),
      });
    }
    this.inherited.set(model, found);
    return found;
  }

  /** The framework kind the class derives from, if any. */
  kindOf(file: string, cls: ClassInfo): ClassHandlerKind | undefined {
    const kinds = this.languageOf(file)?.classHandlerKinds;
    return kinds ? classKindOf(this.externalAncestors(file, cls), kinds) : undefined;
  }

  /** The method `name` a class inherits from its project bases (nearest first), when it does not define it. */
  inheritedMethod(file: string, cls: ClassInfo, name: string): FunctionKey | undefined {
    const home = this.lookup(file, cls).winners.get(name);
    return home && this.functionAt(home);
  }


  /**
   * The class's methods by short name, its own first, then those it inherits
   * from project bases (left to right, depth first), overridden ones left out.
   */
  methods(file: string, cls: ClassInfo): FunctionKey[] {
    return [...this.lookup(file, cls).winners.values()].flatMap((home) => this.functionAt(home) ?? []);
  }

  /**
   * Overridden base methods → the override this class uses: a base method's
   * `self.m()` calls `m` of the class it runs for (`keyOf` of the base method).
   */
  overrides(file: string, cls: ClassInfo): Map<string, FunctionKey> {
    const overridden = new Map<string, FunctionKey>();
    for (const [key, home] of this.lookup(file, cls).overridden) {
      const fn = this.functionAt(home);
      if (fn) overridden.set(key, fn);
    }
    return overridden;
  }

  private functionAt(home: MethodHome): FunctionKey | undefined {
    const fn = this.symbols(home.file)?.function(home.name);
    return fn ? { file: home.file, fn } : undefined;
  }

  private lookup(file: string, cls: ClassInfo): { winners: Map<string, MethodHome>; overridden: Map<string, MethodHome> } {
    const memoKey = `${file}#${cls.name}`;
    const known = this.lookups.get(memoKey);
    if (known) return known;
    const winners = new Map<string, MethodHome>();
    const overridden = new Map<string, MethodHome>();
    const visit = (at: string, current: ClassInfo, depth: number, seen: Set<string>): void => {
      const key = `${at}#${current.name}`;
      if (depth > MAX_DEPTH || seen.has(key)) return;
      seen.add(key);
      for (const fn of this.symbols(at)?.methodsOf(current.name) ?? []) {
        const short = fn.name.slice(current.name.length + 1);
        if (short.includes('.')) continue;
        const winner = winners.get(short);
        if (!winner) winners.set(short, { file: at, name: fn.name });
        else if (winner.file !== at || winner.name !== fn.name) overridden.set(keyOf(at, fn), winner);
      }
      for (const base of current.bases) {
        const resolved = this.baseClass(at, base);
        if (resolved && typeof resolved !== 'string') visit(resolved.file, resolved.cls, depth + 1, seen);
      }
    };
    visit(file, cls, 0, new Set());
    const found = { winners, overridden };
    this.lookups.set(memoKey, found);
    return found;
  }
}

/** The kind a class belongs to: the first whose bases it derives from. */
export function classKindOf(ancestors: Set<string>, kinds: readonly ClassHandlerKind[]): ClassHandlerKind | undefined {
  return kinds.find((kind) => derivesFrom(ancestors, kind.bases));
}

/**
 * Handlers the per-file matchers cannot see: classes of `model` deriving from
 * a framework base through a project class defined in another file.
 */
export function inheritedClassHandlers(model: FileModel, hierarchy: ClassHierarchy, language: LanguageSupport | undefined): HandlerInfo[] {
  return model.classes?.length && language?.classHandlerKinds ? hierarchy.inheritedHandlers(model) : [];
}
