import * as fs from 'fs';
import * as path from 'path';
import { javascript } from '../../src/core/javascript';
import type { CallSite, FileModel, FunctionInfo } from '../../src/core/model';
import { RuleCatalog } from '../../src/core/rules/catalog';
import { scan } from '../../src/core/scan';

let catalog: RuleCatalog | undefined;
import { withText } from '../helpers/siteRange';
import { scratchDir } from '../helpers/scratch';

export function rules(): RuleCatalog {
  catalog ??= RuleCatalog.builtin();
  return catalog;
}

/** Analyzes `text` as if it were `file` (relative to a fake project root `/proj`). */
export function analyze(text: string, file = 'src/app.ts', root = '/proj'): FileModel {
  return withText(javascript.analyze({ file: path.join(root, file), text, root }, rules()), text);
}

export function fn(model: FileModel, name: string): FunctionInfo {
  if (name === '<module>') return model.moduleCode;
  const found = model.functions.find((f) => f.name === name);
  if (!found) throw new Error(`no function ${name}; have ${model.functions.map((f) => f.name).join(', ')}`);
  return found;
}

/** `external:fs.readFileSync`, `project:./svc#f`, `unknown:obj.x` for each call of a function. */
export function describeCall(call: CallSite): string {
  const t = call.target;
  if (t.kind === 'project') return `project:${t.ref.module ?? ''}#${t.ref.name}`;
  return `${t.kind}:${t.name}`;
}

export function targets(model: FileModel, name: string): string[] {
  return fn(model, name).calls.filter((c) => !c.edge).map(describeCall);
}

/** Edges that are no call by name: `callback passed to setImmediate → project:#flush`. */
export function edges(model: FileModel, name: string): string[] {
  return fn(model, name).calls.filter((c) => c.edge).map((c) => `${c.edge!.label} → ${describeCall(c)}`);
}

export function externalNames(model: FileModel, name: string): string[] {
  return fn(model, name).calls.flatMap((c) => (c.target.kind === 'external' ? [c.target.name] : []));
}

/** The only handler function's calls (most tests register one inline handler). */
export function handlerFn(model: FileModel, index = 0): FunctionInfo {
  const handler = model.handlers[index];
  if (!handler) throw new Error('no handler found');
  return fn(model, handler.ref.name);
}

/** A temporary project folder with the given files (`trim`: each from its first non-blank character); returns its path. */
export function tempProject(files: Record<string, string>, { trim = false } = {}): string {
  const root = scratchDir('unblock-js-');
  for (const [rel, text] of Object.entries(files)) {
    const full = path.join(root, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, trim ? text.trimStart() : text);
  }
  return root;
}

/** `route → file:line` of each finding of a scan of `root` (`withCall`: and the call), but the call sites that echo them. */
export async function reachedFindings(root: string, { withCall = false } = {}): Promise<string[]> {
  const result = await scan([root], { fixes: false });
  return result.findings
    .filter((f) => f.rule !== 'js/via-call')
    .map((f) => `${f.handler?.name ?? '?'} → ${path.relative(root, f.file).split(path.sep).join('/')}:${f.range.line}${withCall ? ` ${f.call}` : ''}`)
    .sort();
}
