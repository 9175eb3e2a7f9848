import type { ProjectLookup } from '../../language';
import type { FileModel, HandlerInfo } from '../../model';
import type { PyFileFacts } from '../syntax';
import { aiohttp } from './aiohttp';
import { channels } from './channels';
import type { FrameworkMatcher } from './common';
import { django } from './django';
import { fastapi } from './fastapi';
import { flask } from './flask';
import { flaskExtensions } from './flaskExtensions';
import { exposedViews } from './exposedViews';
import { falcon } from './falcon';
import { bottle } from './bottle';
import { pyramid } from './pyramid';
import { graphql } from './graphql';
import { litestar } from './litestar';
import { ninja } from './ninja';
import { quart } from './quart';
import { sanic } from './sanic';
import { socketio } from './socketio';
import { tornado } from './tornado';

/** Every Python framework. Adding one = a matcher module + its test + an entry here. */
export const FRAMEWORKS: readonly FrameworkMatcher[] = [flask, quart, fastapi, django, ninja, aiohttp, sanic, litestar, tornado, graphql, socketio, channels, flaskExtensions, exposedViews, falcon, bottle, pyramid];

/** Every framework's class bases, for subclasses the index finds in other files. */
export const CLASS_HANDLER_KINDS = FRAMEWORKS.flatMap((framework) => framework.classKinds ?? []);

export function findHandlers(facts: PyFileFacts): HandlerInfo[] {
  return FRAMEWORKS.flatMap((framework) => framework.match(facts));
}

/** Each framework's facts for the project pass, by framework; undefined when none has any. */
export function projectFacts(facts: PyFileFacts, handlers: readonly HandlerInfo[]): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const framework of FRAMEWORKS) {
    const found = framework.projectFacts?.(facts, handlers.filter((h) => h.framework === framework.framework));
    if (found !== undefined) out[framework.framework] = found;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Handlers each framework finds across files, by the file whose model holds them. */
export function projectHandlers(models: Iterable<FileModel>, lookup: ProjectLookup): Map<string, HandlerInfo[]> {
  // The passes run on every compute, an edit's too: each reads only the files holding its framework's facts.
  const byFramework = new Map<string, FileModel[]>();
  for (const model of models) {
    if (model.language !== 'python' || !model.facts?.frameworks) continue;
    for (const framework of Object.keys(model.facts.frameworks)) {
      const list = byFramework.get(framework);
      if (list) list.push(model);
      else byFramework.set(framework, [model]);
    }
  }
  const out = new Map<string, HandlerInfo[]>();
  for (const framework of FRAMEWORKS) {
    for (const [file, found] of framework.project?.(byFramework.get(framework.framework) ?? [], lookup) ?? []) out.set(file, [...(out.get(file) ?? []), ...found]);
  }
  return out;
}
