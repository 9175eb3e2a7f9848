import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ExecutionContext, HandlerKind, RunCondition, SymbolRef } from '../../model';
import type { ParamSlot, Value } from '../values';
import { familyOf } from './objects';

export type Node = TSESTree.Node;

/** What a call matcher may ask the analyzer about the file. */
export interface CallContext {
  /** The resolved library name of an expression (`express()`, `fastify()`), if any. */
  externalName(node: Node): string | undefined;
  /** Library modules this file imports (`express`, `@koa/router`). */
  imports: ReadonlySet<string>;
  /** True when the node is a parameter the index can follow to its callers: its name is then no clue. */
  isParameter?(node: Node): boolean;
  /** The variable or object key a call's result is kept under (`greeting: t.procedure.query(fn)`). */
  boundName?(call: Node): string | undefined;
  /** The file being analysed (matchers resolving handlers by convention need it). */
  file?: string;
}

/** Where Node runs a handler, sync or async: the process's one event loop. */
export const EVENT_LOOP = { sync: 'event-loop', async: 'event-loop' } as const;

/** A handler registration found at a call: `app.get('/x', auth, list)`. */
export interface Registration {
  framework: string;
  /** Argument expressions serving the request: functions, names, arrays of them, wrapper calls. */
  handlers: Node[];
  route: string | null;
  methods?: string[];
  /** Defaults to what `handlerKindOf` reads from `route`. */
  kind?: HandlerKind;
  /**
   * The handlers are classes (or lazy imports of a module's default class) and these of their methods serve:
   * AdonisJS resources (`index`, `store`...) and middleware (`handle`).
   */
  controllerActions?: string[];
  /** Handlers the matcher names itself (AdonisJS 5's `'UsersController.index'` strings), with the argument naming each. */
  refs?: Array<{ node: Node; ref: SymbolRef }>;
  /** Values the handlers' parameters get (a socket.io connection handler's socket), when not request input. */
  params?: Value[];
  /** Functions run at registration time whose parameters are framework objects (Fastify plugins). */
  startup?: Array<{ fn: Node; params: Value[] }>;
  /** The expression a GraphQL server or schema takes its resolver maps from (`{ resolvers }`). */
  resolvers?: Node;
  /** A graphql-js object type's name and fields object: each field's `resolve` is a resolver. */
  objectType?: { type: string; fields: TSESTree.ObjectExpression };
  /**
   * Set when the receiver is a parameter (`slot`) or what a project function returns (`returnedBy`, a router factory):
   * the registration holds once an object of `family` reaches it.
   */
  pending?: { slot?: ParamSlot; returnedBy?: SymbolRef; declaredMember?: SymbolRef; family: string };
}

/** Frameworks registering handlers with a call (`app.get`, `fastify.route`, `http.createServer`). */
export interface CallMatcher {
  framework: string;
  match(call: TSESTree.CallExpression | TSESTree.NewExpression, ctx: CallContext): Registration | undefined;
}

/** A request handler method found on a decorated class (NestJS). */
export interface ClassHandler {
  method: string;
  route: string | null;
  methods?: string[];
  kind?: HandlerKind;
  /** The framework uses what the method returns at once (`HandlerInfo.syncResult`). */
  syncResult?: true;
}

export interface ClassMatcher {
  framework: string;
  /** `importedAs`: the library name a name of the file is bound to by its import (`@nestjs/common.Injectable`), if any. */
  match(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression, importedAs: (name: string) => string | undefined): ClassHandler[];
}

/** What file-based matchers (Next.js, Lambda) see once the file is analyzed. */
export interface FileContext {
  file: string;
  /** Path relative to the project root, `/`-separated. */
  relativePath: string;
  exports: ReadonlyMap<string, SymbolRef>;
  /** Whether the file starts with the `'use server'` directive. */
  useServer: boolean;
  /** Whether the file starts with the `'use client'` directive (a component rendered in the browser). */
  useClient: boolean;
  /** Whether an identifier of this name appears in the file (`searchParams` read by a page). */
  mentions(identifier: string): boolean;
  /** Names of functions carrying an inline `'use server'` directive. */
  inlineServerActions: readonly string[];
  /** Library modules this file imports (`next/server`). */
  imports: ReadonlySet<string>;
  /** Exported names whose value is a function defined in this file. */
  isLocalFunction(exportName: string): boolean;
  /** The value of `export const NAME = <string, number or boolean literal>`. */
  exportedLiteral(name: string): string | number | boolean | undefined;
  /** How many parameters an exported function of this file declares. */
  exportedParamCount(name: string): number | undefined;
}

export interface FileHandler {
  ref: SymbolRef;
  framework: string;
  route: string | null;
  methods?: string[];
  context?: ExecutionContext;
  kind?: HandlerKind;
  /** Not run on every request (`HandlerInfo.runCondition`). */
  runCondition?: RunCondition;
}

export interface FileMatcher {
  framework: string;
  match(file: FileContext): FileHandler[];
}

// ---------------------------------------------------------------------------
// Helpers shared by matchers
// ---------------------------------------------------------------------------

export function isFunction(node: Node | undefined): node is TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression {
  return node?.type === 'ArrowFunctionExpression' || node?.type === 'FunctionExpression';
}

/** Plausible handler arguments: functions, names, member paths, arrays and wrapper calls. */
export function isHandlerLike(node: Node | undefined): boolean {
  if (!node) return false;
  switch (node.type) {
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
    case 'Identifier':
    case 'MemberExpression':
      return true;
    case 'ArrayExpression':
      return node.elements.some((e) => e !== null && isHandlerLike(e));
    case 'CallExpression':
      // `asyncHandler(async (req, res) => …)`, `wrap(listUsers)`, `this.list.bind(this)`, `auth({ scopes })` (what a factory returns)
      if (node.callee.type === 'Identifier' && node.callee.name === 'require') return node.arguments.length === 1 && node.arguments[0].type === 'Literal';
      if (node.callee.type === 'MemberExpression' && !node.callee.computed && node.callee.property.type === 'Identifier' && node.callee.property.name === 'bind') return true;
      return node.callee.type === 'Identifier' || node.callee.type === 'MemberExpression' || node.arguments.some((a) => isFunction(a) || a.type === 'Identifier' || a.type === 'MemberExpression');
    default:
      return false;
  }
}

/** A route-path argument: a string, template, regex or array of them. */
export function pathText(node: Node | undefined): string | null | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal') {
    if (typeof node.value === 'string') return node.value;
    if ('regex' in node && node.regex) return `/${node.regex.pattern}/`;
    return undefined;
  }
  if (node.type === 'TemplateLiteral') return node.quasis.map((q) => q.value.cooked).join('*');
  if (node.type === 'ArrayExpression') {
    const parts = node.elements.map((e) => (e ? pathText(e) : undefined));
    return parts.every((p) => typeof p === 'string') ? parts.join(', ') : undefined;
  }
  return undefined;
}

/** `obj.prop` with a static property name, else undefined. */
export function memberCall(call: TSESTree.CallExpression | TSESTree.NewExpression): { object: Node; method: string } | undefined {
  let callee: Node = call.callee;
  if (callee.type === 'ChainExpression') callee = callee.expression;
  if (callee.type !== 'MemberExpression') return undefined;
  if (!callee.computed && callee.property.type === 'Identifier') return { object: callee.object, method: callee.property.name };
  if (callee.computed && callee.property.type === 'Literal' && typeof callee.property.value === 'string') {
    return { object: callee.object, method: callee.property.value };
  }
  return undefined;
}

/** Identifier names people give app/router objects whose origin we cannot see (`module.exports = (app) => …`). */
const RECEIVER_NAME = /^(app|application|router|[a-z]*Router|routes|api|server|fastify|instance|v\d)$/;

/**
 * Which framework owns `object`: from its resolved library name, or for an
 * unresolved conventional name (`app`, `router`), from what the file imports.
 */
export function receiverFramework(object: Node, ctx: CallContext, fallback: string | undefined): string | undefined {
  const name = ctx.externalName(object);
  if (name !== undefined) return familyOf(name);
  if (object.type === 'Identifier' && RECEIVER_NAME.test(object.name) && !ctx.isParameter?.(object)) return fallback;
  return undefined;
}

/** The framework a file's unresolved `app`/`router` most likely belongs to, from its imports. */
export function guessFramework(imports: ReadonlySet<string>): string {
  if (imports.has('fastify') || [...imports].some((m) => m.startsWith('@fastify/') || m === 'fastify-plugin')) return 'fastify';
  if (imports.has('hono') || [...imports].some((m) => m.startsWith('hono/') || m.startsWith('@hono/'))) return 'hono';
  if (imports.has('koa') || imports.has('@koa/router') || imports.has('koa-router')) return 'koa';
  return 'express';
}
