import type { Node } from 'web-tree-sitter';
import type { CallTarget, SymbolRef } from '../model';
import { BUILTIN_NAMES } from './builtins';
import type { ClassSyntax } from './syntax';
import { djangoCallResult, ext, externalName, type Scope, unionOf, UNKNOWN, type Value } from './types';

/** Model methods that hit the database; on any Django model instance they resolve to `django.db.models.Model().<m>`. */
const DJANGO_MODEL_METHODS = new Set(['save', 'delete', 'refresh_from_db', 'full_clean', 'validate_unique', 'save_base']);

/**
 * Name resolution over `Value`s: what `x.attr`, `f(...)` and a bare name
 * evaluate to, and which call target a callee value is. Knows the file's
 * classes (for `self.x`, methods and bases) and whether it uses Django.
 */
export class NameResolver {
  readonly classes = new Map<string, ClassSyntax>();
  /** Modules of module-level `from X import *`. */
  readonly starImports: string[] = [];
  djangoFile = false;
  /** While set, every class attribute a lookup reads (`Cls\0attr`): an incremental re-walk checks them against later bodies' writes. */
  attrReads: Set<string> | undefined;

  /** Notes that the walk read `cls.attr` (its value or its constructor argument). */
  readAttr(cls: ClassSyntax, attr: string): void {
    this.attrReads?.add(`${cls.name}\0${attr}`);
  }
  /** This file's top package (`app` for `app/api/users.py`): names imported absolutely from it are project code. */
  ownPackage: string | undefined;

  /** An instance of a class imported by absolute path from this file's own package (`app.config.Settings()`). */
  isOwnInstance(value: Value): value is Extract<Value, { kind: 'ext' }> {
    return value.kind === 'ext' && this.ownPackage !== undefined && value.name.startsWith(`${this.ownPackage}.`) && /^[\w.]+\.[A-Z]\w*\(\)$/.test(value.name);
  }

  lookup(name: string, scope: Scope): Value {
    const found = scope.lookup(name);
    if (found) return found;
    if (BUILTIN_NAMES.has(name)) return ext(`builtins.${name}`);
    // With exactly one `from X import *`, an otherwise unbound name comes from X.
    if (this.starImports.length === 1) {
      const [module] = this.starImports;
      return module.startsWith('.') ? { kind: 'unbound', name, star: module } : ext(`${module}.${name}`);
    }
    return { kind: 'unbound', name };
  }

  isClassRef(ref: SymbolRef): boolean {
    if (ref.module === null) return this.classes.has(ref.name);
    const last = ref.name.slice(ref.name.lastIndexOf('.') + 1);
    return /^[A-Z]/.test(last);
  }

  isDjangoModelClass(ref: SymbolRef): boolean {
    if (ref.module === null) {
      const cls = this.classes.get(ref.name);
      return cls ? this.ancestry(cls).some((n) => n === 'django.db.models.Model' || n === 'models.Model') : false;
    }
    return this.djangoFile && /(^|\.)models$/.test(ref.module);
  }

  /** Finds the class (this one or a same-file base) defining `method`. */
  methodOwner(cls: ClassSyntax, method: string, seen = new Set<string>()): string | undefined {
    if (cls.methods.has(method)) return cls.name;
    seen.add(cls.name);
    for (const base of cls.bases) {
      if (base.value.kind !== 'proj' || base.value.ref.module !== null) continue;
      const parent = this.classes.get(base.value.ref.name);
      if (!parent || seen.has(parent.name)) continue;
      const owner = this.methodOwner(parent, method, seen);
      if (owner) return owner;
    }
    return undefined;
  }

  ancestry(cls: ClassSyntax, seen = new Set<string>()): string[] {
    const names: string[] = [];
    seen.add(cls.name);
    for (const base of cls.bases) {
      const value = base.value;
      const name = externalName(value) ?? (value.kind === 'unbound' ? value.name : undefined);
      if (name) names.push(name);
      if (value.kind === 'proj' && value.ref.module === null) {
        const parent = this.classes.get(value.ref.name);
        if (parent && !seen.has(parent.name)) names.push(...this.ancestry(parent, seen));
      }
    }
    return names;
  }

  member(object: Value, attr: string, objectNode: Node | undefined): Value {
    if (attr === 'objects' && this.djangoFile && (objectNode?.type === 'identifier' || objectNode?.type === 'attribute')) {
      return { kind: 'django-manager' };
    }
    switch (object.kind) {
      case 'ext':
        if (this.djangoFile && DJANGO_MODEL_METHODS.has(attr) && /\.models\.[A-Z]\w*\(\)$/.test(object.name)) {
          return ext(`django.db.models.Model().${attr}`);
        }
        return ext(`${object.name}.${attr}`);
      case 'unbound':
        return ext(`${object.name}.${attr}`);
      case 'projmod':
        return { kind: 'proj', ref: { module: object.module, name: attr }, instance: false };
      case 'proj':
        return this.projectMember(object, attr);
      case 'django-manager':
        return { kind: 'django-method', owner: 'Manager', method: attr };
      case 'django-qs':
        return { kind: 'django-method', owner: 'QuerySet', method: attr };
      case 'returned':
        return { ...object, path: `${object.path}.${attr}` };
      case 'union':
        return unionOf(object.members.map((m) => this.member(m, attr, objectNode)));
      default:
        return UNKNOWN;
    }
  }

  projectMember(object: Extract<Value, { kind: 'proj' }>, attr: string): Value {
    const { ref } = object;
    const cls = ref.module === null ? this.classes.get(ref.name) : undefined;
    if (cls) {
      this.readAttr(cls, attr);
      const known = cls.attrs.get(attr);
      // Set from an untyped constructor parameter: the workspace looks at what construction sites pass.
      if (known?.kind === 'unknown' && cls.ctorArgs.has(attr)) return { kind: 'returned', ref: { module: null, name: cls.name }, path: `().${attr}` };
      if (known) return known;
      const owner = this.methodOwner(cls, attr);
      if (owner) return { kind: 'proj', ref: { module: null, name: `${owner}.${attr}` }, instance: false, ...(object.instance ? { bound: true } : {}) };
    }
    if (object.instance && object.djangoModel && DJANGO_MODEL_METHODS.has(attr)) return ext(`django.db.models.Model().${attr}`);
    // An instance of a class from another file: its methods, attributes and bases are the workspace's to look up.
    if (object.instance && ref.module !== null) return { kind: 'returned', ref, path: `().${attr}` };
    return { kind: 'proj', ref: { module: ref.module, name: `${ref.name}.${attr}` }, instance: false, ...(object.instance ? { bound: true } : {}) };
  }

  targetOf(callee: Value, text: string): CallTarget {
    const name = externalName(callee);
    if (name) return { kind: 'external', name };
    if (callee.kind === 'proj') {
      if (!callee.instance) return { kind: 'project', ref: callee.ref };
      return { kind: 'project', ref: { module: callee.ref.module, name: `${callee.ref.name}.__call__` } };
    }
    if (callee.kind === 'unbound' && callee.star) return { kind: 'project', ref: { module: callee.star, name: callee.name } };
    if (callee.kind === 'returned') return { kind: 'value', of: callee.ref, path: callee.path, name: text };
    if (callee.kind === 'union') return this.targetOf(callee.members[0], text);
    return { kind: 'unknown', name: text };
  }

  /** The other members' targets of a union callee (`client.get` for `client: A | B`). */
  alternativeTargets(callee: Value, text: string): CallTarget[] | undefined {
    if (callee.kind !== 'union') return undefined;
    const targets = callee.members.slice(1).map((m) => this.targetOf(m, text)).filter((t) => t.kind !== 'unknown');
    return targets.length > 0 ? targets : undefined;
  }

  resultOf(callee: Value): Value {
    switch (callee.kind) {
      case 'ext':
        return ext(`${callee.name}()`);
      case 'django-method':
        return djangoCallResult(callee.method);
      case 'proj':
        if (!callee.instance && this.isClassRef(callee.ref)) {
          return { kind: 'proj', ref: callee.ref, instance: true, djangoModel: this.isDjangoModelClass(callee.ref) };
        }
        // What a project function returns is summarised per function by the workspace.
        return callee.instance ? UNKNOWN : { kind: 'returned', ref: callee.ref, path: '()' };
      case 'returned':
        return { ...callee, path: `${callee.path}()` };
      case 'union':
        return unionOf(callee.members.map((m) => this.resultOf(m)));
      default:
        return UNKNOWN;
    }
  }

  /** A name to compare against offload helpers: qualified when known, else the text. */
  nameForMatching(value: Value, text: string): string | undefined {
    return externalName(value) ?? (value.kind === 'proj' ? value.ref.name : text.replace(/\s+/g, ''));
  }
}
