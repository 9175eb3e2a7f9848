import type { DeploymentRef, ExecutionContext, FileModel, Finding, Fix, FunctionInfo, HandlerInfo, HandlerReport, Scope } from '../model';
import type { FunctionKey, Resolver } from './resolver';
import { handlerKindOf } from '../handlerKind';
import type { ClassHierarchy } from './classes';
import type { RuleDefinition } from '../rules/types';

/** A function whose calls are on a request path (or in scope), with where it runs. */
export interface Root {
  file: string;
  fn: FunctionInfo;
  context: ExecutionContext;
  handler: HandlerReport | null;
  deployment?: DeploymentRef;
  /** Extra words from deployment (e.g. "4 workers × 2 threads = 8 requests at once"). */
  note?: string;
  /** Registered under a development-only condition (`settings.DEBUG`): its findings are info. */
  devOnly?: string;
}

/** Deployment facts refine a framework's context (gevent, ASGI server...). */
export interface ContextRefiner {
  refineContext(
    file: string,
    framework: string,
    context: ExecutionContext,
  ): { context: ExecutionContext; deployment?: DeploymentRef; note?: string };
  /** Under a cooperative runtime: whether this call yields (psycopg2 once psycogreen is patched). */
  cooperativeCall?(file: string, rule: RuleDefinition, call: string): boolean;
  /** Deployment cures for a finding (gevent or threaded workers); the first may be preferred over code rewrites. */
  fixesFor?(finding: Finding): Fix[];
}

/** Inline handlers have synthetic names (`<handler:L12>`): show the route instead. */
function displayName(fn: FunctionInfo, handler: HandlerInfo): string {
  if (!fn.name.startsWith('<')) return fn.name;
  const label = [handler.methods?.join('|'), handler.route].filter(Boolean).join(' ');
  return label ? `${handler.framework} ${label}` : fn.name;
}

function contextOf(handler: HandlerInfo, fn: FunctionInfo): ExecutionContext {
  if (handler.context) return handler.context;
  if (handler.contextByKind) return fn.isAsync ? handler.contextByKind.async : handler.contextByKind.sync;
  return fn.isAsync ? 'event-loop' : 'sync-worker';
}

/** The functions serving a handler: the function, or the class's wanted methods, inherited ones included. */
function handlerTargets(file: string, handler: HandlerInfo, resolver: Resolver, hierarchy: ClassHierarchy): FunctionKey[] {
  if (!handler.classMethods) return resolver.resolveRef(file, handler.ref, new Set()) ?? [];
  const located = hierarchy.locate(file, handler.ref);
  if (!located) {
    const wanted = new Set(handler.classMethods);
    const own = resolver.resolveRef(file, handler.ref, new Set(), true) ?? [];
    return own.filter((t) => wanted.has(t.fn.name.slice(t.fn.name.lastIndexOf('.') + 1)));
  }
  // A view registered by name (`path("x", V.as_view())`) also gets the methods its kind of base calls.
  const kind = hierarchy.kindOf(located.file, located.cls);
  const wanted = new Set([...handler.classMethods, ...(kind?.classMethods ?? [])]);
  const methods = hierarchy.methods(located.file, located.cls);
  return methods.filter((t) => wanted.has(t.fn.name.slice(t.fn.name.lastIndexOf('.') + 1)));
}

/**
 * Resolves every registered handler to its functions. Registration may live
 * in another file (urls.py); `inherited` adds classes whose framework base
 * only shows through a project base in another file.
 */
export function handlerRoots(
  models: Iterable<FileModel>,
  resolver: Resolver,
  hierarchy: ClassHierarchy,
  inherited: ReadonlyMap<string, HandlerInfo[]>,
  refiner: ContextRefiner | undefined,
): Root[] {
  const roots: Root[] = [];
  const seen = new Set<string>();
  for (const model of models) {
    for (const handler of [...model.handlers, ...(inherited.get(model.file) ?? [])]) {
      for (const target of handlerTargets(model.file, handler, resolver, hierarchy)) {
        const key = `${target.file}#${target.fn.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        let context = contextOf(handler, target.fn);
        const refined = refiner?.refineContext(target.file, handler.framework, context);
        if (refined) context = refined.context;
        roots.push({
          file: target.file,
          fn: target.fn,
          context,
          deployment: refined?.deployment,
          note: refined?.note,
          ...(handler.devOnly ? { devOnly: handler.devOnly } : {}),
          handler: {
            file: target.file,
            line: target.fn.nameRange.line,
            name: displayName(target.fn, handler),
            framework: handler.framework,
            kind: target.fn.isAsync ? 'async' : 'sync',
            handlerKind: handlerKindOf(handler),
            route: handler.route,
            methods: handler.methods,
            context,
          },
        });
      }
    }
  }
  return roots;
}

/** `--scope async|all`: every (async) function that is not already a handler. */
export function scopeRoots(models: Iterable<FileModel>, scope: Scope, handlerKeys: Set<string>): Root[] {
  if (scope === 'handlers') return [];
  const roots: Root[] = [];
  for (const model of models) {
    for (const fn of model.functions) {
      if (handlerKeys.has(`${model.file}#${fn.name}`)) continue;
      if (scope === 'async' && !fn.isAsync) continue;
      roots.push({ file: model.file, fn, context: fn.isAsync ? 'event-loop' : 'unknown', handler: null });
    }
  }
  return roots;
}
