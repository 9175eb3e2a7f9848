import type { Finding, Fix, TextEdit } from '../../model';
import type { FixContext, FixProvider } from '../../fixes/types';
import { applyEdits, editsByFile } from '../../fixes/edits';
import { markPreferred } from '../../fixes/preferred';
import { parseJavaScript } from '../parse';
import { lineIndexOf } from '../../lines';
import { LINE_BREAKS } from '../location';
import { cachedTree, callAt, enclosingFunction, parseTree, returnsTruthValue, type FunctionNode, type JsTree } from './ast';
import { jsStyle, type JsStyle, type LocalEdit } from './imports';
import { asyncKeyword, express4Wrap, promiseReturnType } from './makeAsync';
import { declaredMajor, nearestPackageJson } from './packageJson';
import { jsTwin, type TwinRewrite } from './twins';
import { workerPoolOffload } from './workerPool';
import { awaitCallers } from './propagate';

/** Frameworks that await a handler's returned promise (and report its rejection). */
const PROMISE_AWARE = ['express', 'koa', 'fastify', 'hono', 'nest', 'next', 'lambda'];

interface JsSite {
  finding: Finding;
  file: string;
  text: string;
  tree: JsTree;
  style: JsStyle;
  call: NonNullable<ReturnType<typeof callAt>>;
  fn: FunctionNode | undefined;
  context: FixContext;
}

/**
 * JS/TS rewrites: await the promise twin of a sync Node API (fs.promises,
 * promisified exec/zlib/crypto, bcrypt), making the handler async when the
 * framework awaits it (Express 4 gets try/catch + next(err)); CPU work can
 * move to a piscina worker pool (never safe, multi-file).
 */
export const javascriptFixes: FixProvider = (finding, context) => {
  const site = siteFor(finding, context);
  if (!site || !site.fn) return [];
  if (finding.category === 'coroutine') return markPreferred([checkParses(awaitPromise(site), context)]);
  const fixes: Fix[] = [];
  const twin = jsTwin({ call: site.call, name: finding.call, text: site.text, tree: site.tree, style: site.style });
  if (twin) fixes.push(site.fn.async ? fixOf(site, twin.title, 'await', twin.edits, twin.safe, twin.notes) : makeAsyncFix(site, twin));
  if (finding.category === 'cpu') fixes.push(poolFix(site));
  return markPreferred(fixes.map((f) => checkParses(f, context)));
};

/** `await` the promise a condition tested: never safe (the test now decides), but what the code meant. */
function awaitPromise(site: JsSite): Fix {
  const title = `Await ${site.finding.call}()`;
  if (!site.fn?.async) return { title, kind: 'await', safe: false, unavailable: 'the enclosing function is not async: make it async first (its callers then get a promise)', edits: [] };
  const notes = ['the condition now tests what the promise resolves to'];
  return fixOf(site, title, 'await', [{ span: { start: site.call.range[0], end: site.call.range[0] }, newText: 'await ' }], false, notes);
}

function siteFor(finding: Finding, context: FixContext): JsSite | undefined {
  const text = context.text(finding.file);
  if (text === undefined) return undefined;
  const tree = cachedTree(context, text, finding.file);
  if (!tree) return undefined;
  const call = callAt(tree, finding.span);
  if (!call) return undefined;
  return { finding, file: finding.file, text, tree, style: jsStyle(tree, text, finding.file), call, fn: enclosingFunction(tree, call), context };
}

function fixOf(site: JsSite, title: string, kind: Fix['kind'], edits: LocalEdit[], safe: boolean, notes: string[]): Fix {
  return { title, kind, safe, ...(notes.length ? { description: notes.join('; ') } : {}), edits: edits.map((e) => ({ file: site.file, ...e })) };
}

/** Is the enclosing function the finding's handler (same file, same name or same line)? */
function handlerFramework(site: JsSite): string | undefined {
  const handler = site.finding.handler;
  const fn = site.fn!;
  if (!handler || handler.file !== site.file) return undefined;
  const info = functionInfoAt(site, fn);
  if (info?.name === handler.name || lineIndexOf(site.text, LINE_BREAKS).positionOf(fn.range[0]).line === handler.line) return handler.framework.toLowerCase();
  return undefined;
}

function makeAsyncFix(site: JsSite, twin: TwinRewrite): Fix {
  const fn = site.fn!;
  const title = `Make the handler async and ${twin.title.charAt(0).toLowerCase()}${twin.title.slice(1)}`;
  const framework = handlerFramework(site);
  const keyword = asyncKeyword(fn, site.text, site.tree.parents.get(fn));
  if (!framework) return helperAsyncFix(site, twin, keyword);
  if (!keyword) return { title, kind: 'make-async', safe: false, unavailable: 'cannot place `async` on this function', edits: [] };
  const syncResult = site.context.model(site.file)?.handlers.some((h) => h.syncResult && h.ref.name === site.finding.handler?.name);
  if (syncResult) return { title, kind: 'make-async', safe: false, unavailable: `${framework} uses what ${site.finding.handler!.name} returns at once: an async version would hand it a promise`, edits: [] };
  // A named handler may also be called by project code (another route, a test): those calls must await it too.
  const callers = handlerCallers(site, fn);
  if (callers?.unavailable) return { title, kind: 'make-async', safe: false, unavailable: callers.unavailable, edits: [] };
  const returnType = promiseReturnType(fn, site.text, site.tree.parsedText);
  const edits: LocalEdit[] = [keyword, ...returnType, ...twin.edits];
  const notes = [...twin.notes];
  let safe = twin.safe;
  if (framework.includes('express')) {
    const major = declaredMajor(nearestPackageJson(site.file), 'express');
    if (major === undefined || major < 5) {
      const wrap = express4Wrap(fn, site.text, site.tree.parsedText, site.style);
      if ('unavailable' in wrap) return { title, kind: 'make-async', safe: false, unavailable: wrap.unavailable, edits: [] };
      // The twin's edit sits inside the body the wrap rewrites: apply it to the wrapped text instead.
      return withCallers(callers, fixOf(site, title, 'make-async', nest(site, keyword, [...returnType, ...twin.edits.filter((e) => !inside(e, fn))], twin.edits.filter((e) => inside(e, fn)), wrap), safe, [
        ...notes,
        `Express ${major ?? '4 (assumed)'} does not catch rejected promises: the body is wrapped in try/catch calling next(err)`,
      ]));
    }
  } else if (!PROMISE_AWARE.some((f) => framework.includes(f))) {
    safe = false;
    notes.push(`${framework} ignores the returned promise: a rejection becomes an unhandled rejection`);
  }
  return withCallers(callers, fixOf(site, title, 'make-async', edits, safe, notes));
}

function handlerCallers(site: JsSite, fn: FunctionNode): ReturnType<typeof awaitCallers> | undefined {
  const info = functionInfoAt(site, fn, true);
  if (!info || !/^[A-Za-z_$][\w$.]*$/.test(info.name)) return undefined;
  return awaitCallers(site.context, site.file, info.name, fn, site.tree);
}

function withCallers(callers: ReturnType<typeof awaitCallers> | undefined, fix: Fix): Fix {
  return callers?.edits.length ? { ...fix, edits: [...fix.edits, ...callers.edits] } : fix;
}

/** The analyzer's function around `fn`; `exact`: that function itself (a nested function the analyzer did not record is not its parent). */
function functionInfoAt(site: JsSite, fn: FunctionNode, exact = false) {
  return site.context.model(site.file)?.functions
    .filter((f) => (exact ? f.span.start === fn.range[0] && f.span.end === fn.range[1] : f.span.start <= fn.range[0] && f.span.end >= fn.range[1]))
    .sort((a, b) => b.span.start - a.span.start)[0];
}

/** A helper made async: safe only when every project caller is already async and now awaits it. */
function helperAsyncFix(site: JsSite, twin: TwinRewrite, keyword: LocalEdit | undefined): Fix {
  const fn = site.fn!;
  const info = functionInfoAt(site, fn, true);
  const title = `Make ${info?.name ?? 'the function'} async and ${twin.title.charAt(0).toLowerCase()}${twin.title.slice(1)}`;
  if (!info || !keyword) return { title, kind: 'make-async', safe: false, unavailable: 'cannot place `async` on this function', edits: [] };
  const callers = awaitCallers(site.context, site.file, info.name, fn, site.tree);
  if (callers.unavailable) return { title, kind: 'make-async', safe: false, unavailable: callers.unavailable, edits: [] };
  const notes = [...twin.notes];
  if (callers.awaitedAt.length) notes.push(`now awaited at: ${callers.awaitedAt.join(', ')}`);
  else notes.push('no project caller found: whoever calls it must now await it');
  // A check others may import (plugins): one that calls it without await tests a promise, which is always truthy.
  const publicCheck = returnsTruthValue(fn, site.tree, site.text) && reachableFromOutside(site, fn, info.name);
  if (publicCheck) notes.push(`${info.name.split('.').pop()} returns a truth value and is public: a caller outside the project that does not await it tests a promise, which is always truthy (a failed check would pass)`);
  const fix = fixOf(site, title, 'make-async', [keyword, ...promiseReturnType(fn, site.text, site.tree.parsedText), ...twin.edits], twin.safe && callers.awaitedAt.length > 0 && !publicCheck, notes);
  return { ...fix, edits: [...fix.edits, ...callers.edits] };
}

/** Whether code outside the project can call the function: a module export, or a method that is not private. */
function reachableFromOutside(site: JsSite, fn: FunctionNode, name: string): boolean {
  const method = site.tree.parents.get(fn);
  if (method?.type === 'MethodDefinition') return method.key.type !== 'PrivateIdentifier' && method.accessibility !== 'private' && method.accessibility !== 'protected';
  return [...(site.context.model(site.file)?.exports.values() ?? [])].some((ref) => ref.module === null && ref.name === name);
}

function inside(edit: LocalEdit, fn: FunctionNode): boolean {
  return edit.span.start >= fn.body.range[0] && edit.span.end <= fn.body.range[1];
}

/**
 * Combines edits inside the function body with the body wrap: the wrap
 * replaces the whole body, so the inner edits are applied to the body text
 * first and the wrap recomputed on the result. `async` goes in first too:
 * an `await` in a function that is not async does not parse as Flow.
 */
function nest(site: JsSite, keyword: LocalEdit, outer: LocalEdit[], innerEdits: LocalEdit[], wrap: LocalEdit[]): LocalEdit[] {
  const fn = site.fn!;
  const bodyWrap = wrap.find((w) => w.span.start <= fn.body.range[0] && w.span.end >= fn.body.range[1]);
  if (!bodyWrap) return [keyword, ...outer, ...innerEdits, ...wrap];
  const rest = wrap.filter((w) => w !== bodyWrap);
  // Re-run the wrap on text where the inner edits are already applied (every edit applied lies before the body's end).
  const patched = applyEdits(site.text, [keyword, ...innerEdits]);
  const tree = parseTree(patched, site.file);
  const shift = patched.length - site.text.length;
  // `async` before a method's key moves the function; in front of the function it starts it.
  const newFn = tree && enclosingAt(tree, keyword.span.start < fn.range[0] ? fn.range[0] + keyword.newText.length : fn.range[0]);
  if (!newFn) return [keyword, ...outer, ...innerEdits, ...wrap];
  const rewrapped = express4Wrap(newFn, patched, tree.parsedText, site.style);
  if ('unavailable' in rewrapped) return [keyword, ...outer, ...innerEdits, ...wrap];
  const body = rewrapped.find((w) => w.span.start <= newFn.body.range[0] && w.span.end >= newFn.body.range[1])!;
  return [keyword, ...outer, ...rest, { span: { start: bodyWrap.span.start, end: body.span.end - shift }, newText: body.newText }];
}

function enclosingAt(tree: JsTree, start: number): FunctionNode | undefined {
  const stack = [tree.program as unknown as { type: string; range: [number, number] }];
  let found: FunctionNode | undefined;
  const visit = (node: any): void => {
    if (!node || typeof node !== 'object' || found) return;
    if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression') && node.range[0] === start) {
      found = node;
      return;
    }
    for (const [k, v] of Object.entries(node)) {
      if (k === 'parent' || k === 'loc' || k === 'range') continue;
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object' && typeof (v as any).type === 'string') visit(v);
    }
  };
  stack.forEach(visit);
  return found;
}

function poolFix(site: JsSite): Fix {
  const title = `Run ${site.finding.call} in a piscina worker pool`;
  if (!site.fn!.async) return { title, kind: 'offload', safe: false, unavailable: 'the call is not inside an async function, which awaiting the pool needs', edits: [] };
  const result = workerPoolOffload(site.file, site.text, site.tree, site.style, site.call, site.finding.call);
  if ('unavailable' in result) return { title, kind: 'offload', safe: false, unavailable: result.unavailable, edits: [] };
  return { title, kind: 'offload', safe: false, description: result.notes.join('; '), edits: result.edits };
}

/** Applies the fix in memory; a JS/TS file that stops parsing makes the fix unavailable. */
function checkParses(fix: Fix, context: FixContext): Fix {
  if (fix.unavailable || fix.edits.length === 0) return fix;
  for (const [file, edits] of editsByFile(fix.edits)) {
    const text = context.text(file);
    if (text === undefined) {
      if (edits.length === 1 && edits[0].span.start === 0 && !parseJavaScript(edits[0].newText, file, { strict: true }).program) return unavailable(fix, `${file} would not parse`);
      continue;
    }
    let next: string;
    try {
      next = applyEdits(text, edits as TextEdit[]);
    } catch {
      return unavailable(fix, 'the rewrite has overlapping edits');
    }
    if (!parseJavaScript(next, file, { strict: true }).program) return unavailable(fix, 'the rewritten code would not parse');
  }
  return fix;
}

function unavailable(fix: Fix, reason: string): Fix {
  return { ...fix, unavailable: reason, edits: [] };
}
