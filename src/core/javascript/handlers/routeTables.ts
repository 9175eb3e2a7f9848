import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ProjectLookup } from '../../language';
import type { FileModel, HandlerInfo } from '../../model';
import { chainRoot, propertyName, unwrap } from '../ast';
import type { ParamSlot } from '../values';
import type { PendingHandler } from './bindings';
import { HTTP_METHODS } from './registrars';

/**
 * Project route tables: a class whose verb methods keep the function they
 * are given (Joplin's `Router.get(path, handler) { this.routes_.GET[path] =
 * { handler, type } }`), which a middleware later looks up by path and
 * calls. Nothing registers those functions with a framework, so a call
 * `router.get('admin/emails', async (path, ctx) => …)` on an instance of
 * such a class registers a handler the way a framework router's would.
 */

/** Verb methods a route table may have (`del` is koa-router's `delete`). */
const TABLE_VERBS = new Set([...HTTP_METHODS, 'del']);
/** Collection methods that keep what they are given. */
const STORING_METHODS = new Set(['push', 'unshift', 'set', 'add']);
/** Verb methods that keep their function: fewer is a cache or a registry with a `get`, not a route table. */
const MIN_TABLE_VERBS = 2;

/** The verb a method named `name` of class `className` answers to, if it is one. */
export function tableVerbOf(name: string, className: string | undefined): string | undefined {
  if (className === undefined || !name.startsWith(`${className}.`)) return undefined;
  const verb = name.slice(className.length + 1);
  return TABLE_VERBS.has(verb) ? verb : undefined;
}

/** Whether `raw` is, or literally holds (in an object or array literal), a parameter after the first: the function a verb method is given after its path. */
function holdsLaterParameter(raw: TSESTree.Node, slotOf: (node: TSESTree.Node) => ParamSlot | undefined): boolean {
  const node = unwrap(raw);
  if (node.type === 'Identifier') {
    const slot = slotOf(node);
    return slot !== undefined && slot.index >= 1 && slot.path === '';
  }
  if (node.type === 'ObjectExpression') return node.properties.some((p) => p.type === 'Property' && holdsLaterParameter(p.value, slotOf));
  if (node.type === 'ArrayExpression') return node.elements.some((e) => e !== null && e.type !== 'SpreadElement' && holdsLaterParameter(e, slotOf));
  return false;
}

/** `this.routes_.GET[path] = { handler }`: a store into a collection of `this` keeping a parameter. */
export function storesIntoThis(left: TSESTree.MemberExpression, right: TSESTree.Node, slotOf: (node: TSESTree.Node) => ParamSlot | undefined): boolean {
  // `this.handler = handler` keeps one function, not a table of them.
  return unwrap(left.object).type !== 'ThisExpression' && chainRoot(left).type === 'ThisExpression' && holdsLaterParameter(right, slotOf);
}

/** `this.routes.push({ path, handler })`, `this.handlers.set(path, handler)`: a call keeping a parameter in a collection of `this`. */
export function keepsIntoThis(callee: TSESTree.MemberExpression, args: readonly TSESTree.Node[], slotOf: (node: TSESTree.Node) => ParamSlot | undefined): boolean {
  const method = propertyName(callee);
  return method !== undefined && STORING_METHODS.has(method) && chainRoot(callee.object).type === 'ThisExpression' && args.some((a) => holdsLaterParameter(a, slotOf));
}

/** What the analyzer leaves for this pass: the methods (`Router.get`) that keep their function in the instance. */
export interface RouteTableFacts {
  tableMethods?: string[];
}

/**
 * The pending registrations on instances of project classes that a route
 * table's verb method takes (`PendingHandler.member`). A registration is
 * pending once per framework it could be; the one kept is labelled with the
 * framework the project's other handlers use most, else the first.
 */
export function routeTableHandlers(models: readonly FileModel[], lookup: ProjectLookup): Map<string, HandlerInfo[]> {
  const out = new Map<string, HandlerInfo[]>();
  // The pass runs on every compute, an edit's too: what only a route table's registrations need is made when one is found.
  const tables = routeTableMethods(models);
  if (tables.size === 0) return out;
  let usage: Map<string, number> | undefined;
  for (const model of models) {
    const candidates = new Map<string, HandlerInfo[]>();
    for (const pending of ((model.facts as { pendingHandlers?: PendingHandler[] } | undefined)?.pendingHandlers ?? [])) {
      const type = pending.instanceOf;
      if (type?.kind !== 'project' || pending.member === undefined) continue;
      const target = { kind: 'project' as const, ref: { module: type.ref.module, name: `${type.ref.name}.${pending.member}` } };
      if (!lookup.functionsOf(model.file, target).some((fn) => tables.get(fn.file)?.has(fn.name))) continue;
      const { location, ref } = pending.handler;
      const key = `${ref.name}@${location.line}:${location.column}`;
      candidates.set(key, [...(candidates.get(key) ?? []), pending.handler]);
    }
    if (candidates.size === 0) continue;
    const counts = (usage ??= frameworkUsage(models));
    out.set(model.file, [...candidates.values()].map((all) => all.reduce((best, h) => ((counts.get(h.framework) ?? 0) > (counts.get(best.framework) ?? 0) ? h : best))));
  }
  return out;
}

/** Per file, the verb methods of classes with enough of them to be route tables. */
function routeTableMethods(models: readonly FileModel[]): Map<string, Set<string>> {
  const tables = new Map<string, Set<string>>();
  for (const model of models) {
    const methods = (model.facts as RouteTableFacts | undefined)?.tableMethods;
    if (!methods) continue;
    const inTables = methods.filter((name) => {
      const className = name.slice(0, name.lastIndexOf('.'));
      return methods.filter((m) => m.startsWith(`${className}.`)).length >= MIN_TABLE_VERBS;
    });
    if (inTables.length > 0) tables.set(model.file, new Set(inTables));
  }
  return tables;
}

/** How many handlers each framework has in the project. */
function frameworkUsage(models: readonly FileModel[]): Map<string, number> {
  const usage = new Map<string, number>();
  for (const m of models) for (const h of m.handlers) usage.set(h.framework, (usage.get(h.framework) ?? 0) + 1);
  return usage;
}
