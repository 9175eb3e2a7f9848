import { functionReadKey } from './readKeys';
import type { LanguageSupport } from '../language';
import type { ClassInfo, ConstructionSite, SymbolRef, ValueSpec } from '../model';
import type { FunctionKey, Resolver } from './resolver';
import { own } from '../lookup';
import type { FileSymbols } from './symbols';
import { constructionKey } from './readKeys';

/** What a project expression evaluates to, across files. */
export type Evaluated =
  /** A library name or instance, with the file whose language spells it. */
  | { kind: 'ext'; name: string; file: string }
  | { kind: 'fn'; key: FunctionKey }
  | { kind: 'class'; file: string; cls: ClassInfo }
  | { kind: 'instance'; file: string; cls: ClassInfo }
  /** A type alias: "calling" it (annotating with it) gives `of`. */
  | { kind: 'alias'; of: Evaluated[] };

/** Deeper evaluation than this (returns of returns of ...) is given up: guards recursion. */
const MAX_DEPTH = 12;
/** A union wider than this is cut: enough for `A | B | None`, bounded for generated code. */
const MAX_VALUES = 8;

/** `().query().all` → ['()', '.query', '()', '.all']. */
export function stepsOf(path: string): string[] {
  return path.match(/\(\)|\.[^.()]+/g) ?? [];
}

/** `.x`: an attribute read. */
function isMemberStep(step: string): boolean {
  return step.startsWith('.') && !isArgumentStep(step);
}

/** `.@N`: what a function's calls pass as argument N. */
function isArgumentStep(step: string): boolean {
  return step.startsWith('.@');
}

/** `spec` followed by attribute reads (`.login`): a library name grows, a project symbol's path does. */
function withMembers(spec: ValueSpec, members: string): ValueSpec {
  if (members === '') return spec;
  if (spec.kind === 'external') return { kind: 'external', name: `${spec.name}${members}` };
  return spec.kind === 'symbol' ? { ...spec, path: `${spec.path}${members}` } : spec;
}

/** The name construction sites are indexed by: the last segment of the callee. */
export function constructedName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** The name a construction site is indexed by. */
export function siteName(site: ConstructionSite): string {
  return constructedName(site.callee.kind === 'external' ? site.callee.name : site.callee.ref.name);
}

interface EvaluatorDeps {
  resolver: Resolver;
  /** Construction sites whose callee's last name is `name`, in every file. */
  constructions?(name: string): ReadonlyArray<{ file: string; site: ConstructionSite }>;
  symbols(file: string): FileSymbols | undefined;
  languageOf(file: string): LanguageSupport | undefined;
}

/**
 * Evaluates values the analyzer of one file could only name: what a project
 * function returns (its annotation or its `return`s, summarised per
 * function), an instance of a project class, its attributes (class body,
 * `self.x = ...`, properties) and methods, inherited ones included. Library
 * values stay qualified names that grow with each step
 * (`sqlalchemy.orm.Session()` + `.query` + `()`).
 */
export class ValueEvaluator {
  /**
   * Values already evaluated for one question (keyed by its `touched` set,
   * which collects what the answer depends on): each level may fan out to
   * several values, so without it a chain of factories returning
   * constructions of factories is exponential (SickChill's vendored js2py
   * hung a scan for minutes).
   */
  private memos = new WeakMap<Set<string>, Map<string, Evaluated[]>>();

  constructor(private readonly deps: EvaluatorDeps) {}

  /** Forget memoized values: the files they were read from changed. */
  forget(): void {
    this.memos = new WeakMap();
  }

  private memoized(touched: Set<string>, key: string, compute: () => Evaluated[]): Evaluated[] {
    let memo = this.memos.get(touched);
    if (!memo) this.memos.set(touched, (memo = new Map()));
    const known = memo.get(key);
    if (known) return known;
    // A value defined through itself ends here.
    memo.set(key, []);
    const values = compute();
    memo.set(key, values);
    return values;
  }

  /** The value of `ref` (as written in `file`) followed by `path`. */
  evaluateRef(file: string, ref: SymbolRef, path: string, touched: Set<string>, depth = 0): Evaluated[] {
    // Members read first are part of the name (`default` then `.login`: a CommonJS module's `login`).
    const steps = stepsOf(path);
    const members = steps.findIndex((step) => !isMemberStep(step));
    const named = members < 0 ? steps.length : members;
    const at = this.deps.resolver.resolveMember({ module: ref.module, name: [ref.name, ...steps.slice(0, named).map((step) => step.slice(1))].join('.') }, file);
    return at ? this.evaluate(at.file, at.name, steps.slice(named), touched, depth) : [];
  }

  /** `name` (dotted, defined in or imported into `file`) followed by `steps`. */
  evaluate(file: string, name: string, steps: string[], touched: Set<string>, depth = 0): Evaluated[] {
    if (depth > MAX_DEPTH) return [];
    const parts = name.split('.');
    // The longest prefix naming a function or class; the rest are attribute steps.
    for (let length = parts.length; length >= 1; length--) {
      const head = this.lookup(file, parts.slice(0, length).join('.'), touched, depth);
      if (head.length === 0) continue;
      const rest = [...parts.slice(length).map((p) => `.${p}`), ...steps];
      return this.apply(head, rest, touched, depth);
    }
    return [];
  }

  private lookup(file: string, name: string, touched: Set<string>, depth: number): Evaluated[] {
    const cls = this.deps.resolver.resolveClass(file, name, touched);
    if (cls) return [{ kind: 'class', file: cls.file, cls: cls.cls }];
    const fns = this.deps.resolver.resolveSymbol(file, name, touched).map((key) => ({ kind: 'fn', key }) as Evaluated);
    if (fns.length > 0 || name.includes('.')) return fns;
    // A module-level value or type alias, wherever it is defined.
    const found = this.deps.resolver.resolveVariable(file, name, touched);
    if (!found) return [];
    const of = this.evaluateSpec(found.file, found.spec, touched, depth + 1);
    return found.alias ? [{ kind: 'alias', of }] : of;
  }

  private apply(start: Evaluated[], steps: string[], touched: Set<string>, depth: number): Evaluated[] {
    let values = start;
    for (let i = 0; i < steps.length && values.length > 0; i++) {
      const step = steps[i];
      // A context manager without a project `__enter__` gives itself to `with ... as x`.
      if ((step === '.__enter__' || step === '.__aenter__') && steps[i + 1] === '()') {
        values = values.flatMap((v) => this.entered(v, step.slice(1), touched, depth));
        i++;
        continue;
      }
      // An item of an iteration: rows of a queryset, paths of a glob; a generator's items are its yields.
      if (step === '.__next__' && steps[i + 1] === '()') {
        values = values.flatMap((v) => (v.kind === 'ext' ? [this.itemOf(v)] : v.kind === 'instance' ? [] : [v]));
        i++;
        continue;
      }
      // An argument of a function's calls, and the members read from it: evaluated from each caller's value, named.
      if (isArgumentStep(step)) {
        let end = i + 1;
        while (end < steps.length && isMemberStep(steps[end])) end++;
        const members = steps.slice(i + 1, end).join('');
        values = values.flatMap((v) => (v.kind === 'fn' ? this.argumentsOf(v.key, Number(step.slice(2)), members, touched, depth) : [])).slice(0, MAX_VALUES);
        i = end - 1;
        continue;
      }
      values = values.flatMap((v) => this.step(v, step, touched, depth)).slice(0, MAX_VALUES);
    }
    return values;
  }

  private itemOf(value: Extract<Evaluated, { kind: 'ext' }>): Evaluated {
    const name = `${value.name}.__next__()`;
    const item = this.canonical(value.file, name);
    return item === name ? value : { ...value, name: item };
  }

  private entered(value: Evaluated, method: string, touched: Set<string>, depth: number): Evaluated[] {
    if (value.kind !== 'instance') return [value];
    const found = this.member(value, method, touched, depth);
    const fn = found.find((m) => m.kind === 'fn');
    return fn ? this.step(fn, '()', touched, depth) : [value];
  }

  private step(value: Evaluated, step: string, touched: Set<string>, depth: number): Evaluated[] {
    switch (value.kind) {
      case 'ext':
        return [{ kind: 'ext', file: value.file, name: this.canonical(value.file, `${value.name}${step}`) }];
      case 'fn':
        return step === '()' ? this.returnsOf(value.key, touched, depth) : [];
      case 'class':
        return step === '()' ? [{ kind: 'instance', file: value.file, cls: value.cls }] : this.member(value, step.slice(1), touched, depth);
      case 'instance':
        return step === '()' ? [] : this.member(value, step.slice(1), touched, depth);
      case 'alias':
        return step === '()' ? value.of : [];
    }
  }

  private canonical(file: string, name: string): string {
    return this.deps.languageOf(file)?.canonicalName?.(name) ?? name;
  }

  returnsOf(key: FunctionKey, touched: Set<string>, depth: number): Evaluated[] {
    touched.add(key.file);
    return (key.fn.returns ?? []).flatMap((spec) => this.evaluateSpec(key.file, spec, touched, depth + 1)).slice(0, MAX_VALUES);
  }

  evaluateSpec(file: string, spec: ValueSpec, touched: Set<string>, depth: number): Evaluated[] {
    if (spec.kind === 'external') {
      return this.memoized(touched, `${file}\0${spec.name}`, () => {
        const found = this.evaluateInProject(file, spec.name, touched, depth + 1);
        return found?.length ? found : [{ kind: 'ext', file, name: spec.name }];
      });
    }
    // A constructor argument means something only for an instance (`member`).
    if (spec.kind === 'constructorArg') return [];
    return this.memoized(touched, `${file}\0${spec.ref.module}\0${spec.ref.name}\0${spec.path}`, () => this.evaluateRef(file, spec.ref, spec.path, touched, depth));
  }

  /**
   * A qualified name as a file's analyzer wrote it (`app.kit.router_class()`,
   * `app.db.get_session().query`), read as project code imported by its
   * absolute name: what it evaluates to from the longest prefix that is a
   * project module; undefined when no prefix is one (a library name).
   */
  evaluateInProject(file: string, name: string, touched: Set<string>, depth = 0): Evaluated[] | undefined {
    const segments = name.split('.');
    const firstCall = segments.findIndex((s) => s.includes('('));
    for (let length = firstCall < 0 ? segments.length - 1 : firstCall; length >= 1; length--) {
      const moduleFile = this.deps.resolver.resolveModule(segments.slice(0, length).join('.'), file);
      if (!moduleFile) continue;
      const rest = segments.slice(length).join('.');
      const head = rest.slice(0, rest.search(/[.(]|$/));
      return this.evaluate(moduleFile, head, stepsOf(rest.slice(head.length)), touched, depth);
    }
    return undefined;
  }

  /**
   * `self.repo = repo` with `repo` untyped: every value the class's
   * construction sites pass there, across files (flow-insensitive, as the
   * class's instances may come from any of them).
   */
  private constructorArgument(
    owner: { file: string; cls: ClassInfo },
    spec: Extract<ValueSpec, { kind: 'constructorArg' }>,
    touched: Set<string>,
    depth: number,
  ): Evaluated[] {
    const name = constructedName(owner.cls.name);
    touched.add(constructionKey(name));
    return this.memoized(touched, `${owner.file}\0${owner.cls.name}\0(${spec.index})`, () => this.constructionValues(owner, spec, name, touched, depth));
  }

  private constructionValues(
    owner: { file: string; cls: ClassInfo },
    spec: Extract<ValueSpec, { kind: 'constructorArg' }>,
    name: string,
    touched: Set<string>,
    depth: number,
  ): Evaluated[] {
    const values: Evaluated[] = [];
    for (const { file, site } of this.deps.constructions?.(name) ?? []) {
      const cls = site.callee.kind === 'external' ? this.projectClass(file, site.callee.name, touched) : this.locate(file, site.callee.ref, touched);
      if (!cls || cls.file !== owner.file || cls.cls.name !== owner.cls.name) continue;
      touched.add(file);
      for (const arg of site.keywords?.[spec.name] ?? site.args[spec.index] ?? []) values.push(...this.evaluateSpec(file, arg, touched, depth + 1));
      if (values.length >= MAX_VALUES) break;
    }
    return values.slice(0, MAX_VALUES);
  }

  /**
   * `.@N` of a function: what its calls pass as argument N, across files (flow-insensitive, as for constructor
   * arguments: any of its callers may be the one running). Its calls are construction sites of its last name whose
   * callee resolves to it.
   */
  private argumentsOf(key: FunctionKey, index: number, members: string, touched: Set<string>, depth: number): Evaluated[] {
    const name = constructedName(key.fn.name);
    touched.add(constructionKey(name));
    return this.memoized(touched, `${key.file}\0${key.fn.name}\0@${index}${members}`, () => {
      const values: Evaluated[] = [];
      for (const { file, site } of this.deps.constructions?.(name) ?? []) {
        const args = site.args[index];
        if (!args?.length || site.callee.kind !== 'project') continue;
        const callees = this.deps.resolver.resolveRef(file, site.callee.ref, touched) ?? [];
        if (!callees.some((callee) => callee.file === key.file && callee.fn.name === key.fn.name)) continue;
        touched.add(file);
        for (const arg of args) values.push(...this.evaluateSpec(file, withMembers(arg, members), touched, depth + 1));
        if (values.length >= MAX_VALUES) break;
      }
      return values.slice(0, MAX_VALUES);
    });
  }

  /** A method or attribute of a class or instance, looked up through its project bases; library bases continue by name. */
  private member(
    owner: Extract<Evaluated, { kind: 'class' | 'instance' }>,
    attr: string,
    touched: Set<string>,
    depth: number,
    seen = new Set<string>(),
    /** The class the lookup started on: a method found on a base is overridden only in its subclasses. */
    receiver = { file: owner.file, cls: owner.cls.name },
  ): Evaluated[] {
    const key = `${owner.file}#${owner.cls.name}`;
    if (seen.has(key) || seen.size > MAX_DEPTH) return [];
    seen.add(key);
    touched.add(owner.file);
    // Attributes first: a property is a method whose value is what it returns.
    const known = own(owner.cls.attrs, attr);
    if (known?.kind === 'constructorArg') return this.constructorArgument(owner, known, touched, depth + 1);
    if (known) return this.evaluateSpec(owner.file, known, touched, depth + 1);
    const method = this.deps.symbols(owner.file)?.function(`${owner.cls.name}.${attr}`);
    if (method) {
      if (this.deps.resolver.functionReads) touched.add(functionReadKey(owner.file, method));
      const inherited = receiver.file !== owner.file || receiver.cls !== owner.cls.name;
      return [{ kind: 'fn', key: { file: owner.file, fn: method, ...(inherited ? { receiver } : {}) } }];
    }
    for (const base of owner.cls.bases) {
      if (base.kind === 'external') {
        const project = this.projectClass(owner.file, base.name, touched);
        if (project) {
          const found = this.member({ ...owner, file: project.file, cls: project.cls }, attr, touched, depth, seen, receiver);
          if (found.length > 0) return found;
          continue;
        }
        const name = owner.kind === 'instance' ? `${base.name}().${attr}` : `${base.name}.${attr}`;
        return [{ kind: 'ext', file: owner.file, name: this.canonical(owner.file, name) }];
      }
      const located = this.locate(owner.file, base.ref, touched);
      if (!located) continue;
      const found = this.member({ ...owner, file: located.file, cls: located.cls }, attr, touched, depth, seen, receiver);
      if (found.length > 0) return found;
    }
    return [];
  }

  private locate(file: string, ref: SymbolRef, touched: Set<string>): { file: string; cls: ClassInfo } | undefined {
    const at = this.deps.resolver.resolveMember(ref, file);
    return at ? this.deps.resolver.resolveClass(at.file, at.name, touched) : undefined;
  }

  /** A base written as an absolute dotted name that is in fact a project class. */
  private projectClass(file: string, name: string, touched: Set<string>): { file: string; cls: ClassInfo } | undefined {
    for (const split of this.deps.languageOf(file)?.splitQualifiedName(name) ?? []) {
      const found = this.locate(file, { module: split.module, name: split.name }, touched);
      if (found) return found;
    }
    return undefined;
  }
}
