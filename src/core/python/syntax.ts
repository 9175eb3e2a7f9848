import type { Node } from 'web-tree-sitter';
import type { CallSite, FunctionInfo } from '../model';
import type { Value } from './types';
import type { AttributeParts } from './handlers/common';

/**
 * What one tree walk records for the framework matchers (`handlers/`), so
 * that no matcher walks the tree again. Node objects stay valid until the
 * tree is deleted at the end of `analyze()`.
 */

export interface ArgRecord {
  node: Node;
  value: Value;
}

export interface CallRecord {
  node: Node;
  /** What the callee expression evaluated to. */
  callee: Value;
  site: CallSite;
  positional: ArgRecord[];
  keywords: Map<string, ArgRecord>;
  /** The callee's attribute and object when it is `object.attr` (undefined for any other callee), read once by the walk. */
  member: CalleeMember | undefined;
  /** `owner.attr` of the callee, memoized by `callParts` (handlers/common.ts). */
  parts?: AttributeParts;
}

export interface CalleeMember {
  attr: string;
  object: Node;
}

export interface DecoratorRecord {
  /** The decorator expression (`app.route("/")` or `app.before_request`). */
  node: Node;
  /** The value of the callee for `@x(...)`, of the expression itself for `@x`. */
  value: Value;
  call?: CallRecord;
  /** Memoized by `decoratorParts` (handlers/common.ts). */
  parts?: AttributeParts;
}

export interface ParamRecord {
  name: string;
  node: Node;
  annotation?: Node;
  default?: Node;
}

export interface ClassSyntax {
  /** Dotted name inside the file. */
  name: string;
  node: Node;
  bases: ArgRecord[];
  keywords: Map<string, ArgRecord>;
  decorators: DecoratorRecord[];
  /** Methods by short name. */
  methods: Map<string, FunctionSyntax>;
  /** Class-level assignments and `self.x = ...` seen in its methods. */
  attrs: Map<string, Value>;
  /** `self.x = param` in `__init__` with an untyped parameter: the construction sites say what `x` holds. */
  ctorArgs: Map<string, { index: number; name: string }>;
  /** `setattr(self, name, wrap(...))` in a setup method: the methods it replaces (undefined: any) and the wrapper function of this file. */
  rebound?: { methods?: string[]; wrapper: string };
}

export interface FunctionSyntax {
  info: FunctionInfo;
  node: Node;
  decorators: DecoratorRecord[];
  params: ParamRecord[];
  cls?: ClassSyntax;
  /** Defined inside another function. */
  nested: boolean;
}

export interface PyFileFacts {
  file: string;
  moduleName?: string;
  functions: FunctionSyntax[];
  classes: Map<string, ClassSyntax>;
  calls: CallRecord[];
  callAt(node: Node): CallRecord | undefined;
  /** True when the file imports `root` or one of its submodules (`flask`, `django`). */
  imports(root: string): boolean;
  /** Names assigned at module level (`urlpatterns`). */
  moduleAssigns: Set<string>;
  /** The module's syntax tree, for matchers reading module-level data (a settings module's `MIDDLEWARE` list). */
  root: Node;
  /** The value of a dotted name (`MainHandler`, `views.index`) in the module scope. */
  resolveDotted(text: string): Value | undefined;
  /** Qualified names of a class's bases, following bases defined in the same file. */
  ancestry(cls: ClassSyntax): string[];
}
