import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../../model';
import type { FixContext } from '../../fixes/types';
import { lineOf } from '../../fixes/style';
import { parsedText } from './trees';
import { functionInfoFor } from './site';
import { callAt, enclosingFunction, isAsyncDef, needsParens } from './syntax';

/** Frameworks that accept a coroutine function wherever they accept a view. */
export const COROUTINE_FRAMEWORKS = ['flask', 'quart', 'django', 'fastapi', 'starlette', 'aiohttp', 'sanic', 'litestar'];

export interface AsyncifyResult {
  edits: TextEdit[];
  /** Functions turned into `async def`, as `file:name`. */
  madeAsync: string[];
  /** Call sites that now await, as `file:line`. */
  awaitedAt: string[];
  /** True when some caller that is not a framework handler had to become async too. */
  throughHelpers: boolean;
  unavailable?: string;
}

/** Inserts `await` before a call (parenthesised where precedence requires). */
export function awaitInsertion(file: string, call: Node): TextEdit[] {
  if (needsParens(call)) {
    return [
      { file, span: { start: call.startIndex, end: call.startIndex }, newText: '(await ' },
      { file, span: { start: call.endIndex, end: call.endIndex }, newText: ')' },
    ];
  }
  return [{ file, span: { start: call.startIndex, end: call.startIndex }, newText: 'await ' }];
}

function isCoroutineHandler(context: FixContext, file: string, name: string): boolean {
  return (context.model(file)?.handlers ?? []).some(
    (h) => h.ref.module === null && h.ref.name === name && COROUTINE_FRAMEWORKS.some((f) => h.framework.toLowerCase().includes(f)),
  );
}

/**
 * Makes `def name` in `file` async and every project caller await it; a sync
 * caller is made async in turn (up to `maxDepth` levels). Module-level
 * callers, lambdas and deeper chains make the change unavailable.
 */
export function makeAsync(context: FixContext, file: string, fn: Node, name: string, maxDepth = 4): AsyncifyResult {
  const result: AsyncifyResult = { edits: [], madeAsync: [], awaitedAt: [], throughHelpers: false };
  const seen = new Set<string>();
  const visit = (file: string, fn: Node, name: string, depth: number): string | undefined => {
    const key = `${file}:${name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const reference = valueReference(context.text(file) ?? '', name, fn);
    if (reference) return `${name} is also used as a value (line ${reference}), where an async version would not be awaited`;
    if (!isAsyncDef(fn)) {
      result.edits.push({ file, span: { start: fn.startIndex, end: fn.startIndex }, newText: 'async ' });
      result.madeAsync.push(key);
    }
    for (const caller of context.callersOf(file, name)) {
      if (caller.awaited) continue;
      const text = context.text(caller.file);
      if (text === undefined) return `cannot read caller ${caller.file}`;
      const tree = parsedText(context, text);
      const call = callAt(tree, caller.span);
      if (!call) return `cannot locate the call in ${caller.file}:${lineOf(text, caller.span.start)}`;
      if (call.parent?.type === 'await') continue;
      const where = `${caller.file}:${lineOf(text, call.startIndex)}`;
      const outer = enclosingFunction(call);
      if (!outer) return `${name} is called at module level (${where}), where nothing can await it`;
      if (outer.type === 'lambda') return `${name} is called inside a lambda (${where})`;
      result.edits.push(...awaitInsertion(caller.file, call));
      result.awaitedAt.push(where);
      if (isAsyncDef(outer)) continue;
      if (depth >= maxDepth) return `the chain of sync callers above ${name} is longer than ${maxDepth}`;
      const info = functionInfoFor(context.model(caller.file)?.functions ?? [], outer);
      if (!info) return `cannot identify the caller at ${where}`;
      if (!isCoroutineHandler(context, caller.file, info.name)) result.throughHelpers = true;
      const problem = visit(caller.file, outer, info.name, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  };
  result.unavailable = visit(file, fn, name, 0);
  if (result.unavailable) result.edits = [];
  return result;
}

/** Line of a use of the function's name that is neither its def nor a call (`to_thread(f)`, `map(f, xs)`). */
function valueReference(text: string, name: string, fn: Node): number | undefined {
  const short = name.split('.').pop()!;
  const pattern = new RegExp(`(?<![\\w.]|def\\s)${short}\\b(?!\\s*\\()`, 'g');
  for (const m of text.matchAll(pattern)) {
    const at = m.index ?? 0;
    if (at >= fn.startIndex && at < (fn.childForFieldName('name')?.endIndex ?? fn.startIndex)) continue;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const line = text.slice(lineStart, text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at));
    const hash = line.indexOf('#');
    if (hash >= 0 && hash < at - lineStart) continue;
    if (/^\s*(from|import)\s/.test(line)) continue;
    if (/["']/.test(text.slice(lineStart, at)) && (text.slice(lineStart, at).split(/["']/).length - 1) % 2 === 1) continue;
    return lineOf(text, at);
  }
  return undefined;
}
