import type { CallSite, FileModel, FunctionInfo, HandlerInfo } from '../../src/core/model';
import { python } from '../../src/core/python';
import { RuleCatalog } from '../../src/core/rules/catalog';

import { withText } from '../helpers/siteRange';

export const ROOT = '/project';
const rules = new RuleCatalog();

/** Runs the real parser and analyzer on a source string. */
export async function analyze(text: string, relativeFile = 'app/main.py'): Promise<FileModel> {
  await python.init();
  return withText(python.analyze({ file: `${ROOT}/${relativeFile}`, text, root: ROOT }, rules), text);
}

export function fn(model: FileModel, name: string): FunctionInfo {
  const found = name === '<module>' ? model.moduleCode : model.functions.find((f) => f.name === name);
  if (!found) throw new Error(`no function ${name}; have ${model.functions.map((f) => f.name).join(', ')}`);
  return found;
}

/** `external:requests.get`, `project:.services:get_rates`, `unknown:x.bar` for each call by name, in order. */
export function targets(model: FileModel, name: string): string[] {
  return fn(model, name).calls.filter((c) => !c.edge).map(describe);
}

/** The other edges (`callback passed to call_soon → project::cb`), in order. */
export function edges(model: FileModel, name: string): string[] {
  return fn(model, name).calls.filter((c) => c.edge).map((c) => `${c.edge!.label} → ${describe(c)}`);
}

export function describe(call: CallSite): string {
  const t = call.target;
  if (t.kind === 'project') return `project:${t.ref.module ?? ''}:${t.ref.name}`;
  return `${t.kind}:${t.name}`;
}

export function callNamed(model: FileModel, fnName: string, text: string): CallSite {
  const call = fn(model, fnName).calls.find((c) => c.text === text);
  if (!call) throw new Error(`no call ${text} in ${fnName}: ${fn(model, fnName).calls.map((c) => c.text).join(', ')}`);
  return call;
}

/** Compact view of handlers for deep-equal assertions. */
export function handlerSummary(model: FileModel): Array<Record<string, unknown>> {
  return model.handlers.map((h: HandlerInfo) => {
    const out: Record<string, unknown> = {
      ref: `${h.ref.module ?? ''}:${h.ref.name}`,
      framework: h.framework,
      route: h.route,
    };
    if (h.methods) out.methods = h.methods;
    if (h.classMethods) out.classMethods = h.classMethods;
    return out;
  });
}
