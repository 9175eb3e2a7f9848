import type { TextEdit } from '../../model';
import type { FixContext } from '../../fixes/types';
import { lineOf } from '../../fixes/style';
import { cachedTree, callAt, enclosingFunction, needsParens, type FunctionNode, type JsTree } from './ast';

export interface CallerUpdate {
  edits: TextEdit[];
  awaitedAt: string[];
  unavailable?: string;
}

/**
 * Every project caller of `name` (defined in `file`) awaits it once it is
 * async. Only callers already inside async functions are updated: a sync
 * caller would need the same change in turn, which is left to its own fix.
 */
export function awaitCallers(context: FixContext, file: string, name: string, fn: FunctionNode, tree: JsTree, text: string): CallerUpdate {
  const result: CallerUpdate = { edits: [], awaitedAt: [] };
  const reference = valueReference(text, name, fn);
  if (reference) return { ...result, unavailable: `${name} is also used as a value (line ${reference}), where an async version would not be awaited` };
  for (const caller of context.callersOf(file, name)) {
    if (caller.awaited) continue;
    const callerText = context.text(caller.file);
    const callerTree = callerText === undefined ? undefined : caller.file === file ? tree : cachedTree(context, callerText, caller.file);
    if (!callerText || !callerTree) return { ...result, unavailable: `cannot read the caller in ${caller.file}` };
    const call = callAt(callerTree, caller.span);
    if (!call) return { ...result, unavailable: `cannot locate the call in ${caller.file}:${lineOf(callerText, caller.span.start)}` };
    const where = `${caller.file}:${lineOf(callerText, call.range[0])}`;
    const parent = callerTree.parents.get(call);
    if (parent?.type === 'AwaitExpression') continue;
    const outer = enclosingFunction(callerTree, call);
    if (!outer) return { ...result, unavailable: `${name} is called at module level (${where})` };
    if (!outer.async) return { ...result, unavailable: `${name} is called from a sync function (${where}); make that one async first` };
    if (needsParens(callerTree, call)) {
      result.edits.push({ file: caller.file, span: { start: call.range[0], end: call.range[0] }, newText: '(await ' });
      result.edits.push({ file: caller.file, span: { start: call.range[1], end: call.range[1] }, newText: ')' });
    } else result.edits.push({ file: caller.file, span: { start: call.range[0], end: call.range[0] }, newText: 'await ' });
    result.awaitedAt.push(where);
  }
  return result;
}

/** A use of the function's own name that is not a call or its declaration (`list.map(render)`). */
function valueReference(text: string, name: string, fn: FunctionNode): number | undefined {
  const short = name.split('.').pop()!;
  if (!/^[A-Za-z_$][\w$]*$/.test(short)) return undefined;
  const pattern = new RegExp(`(?<![\\w$.])${short.replace(/\$/g, '\\$')}\\b(?!\\s*(\\(|=[^=>]|:))`, 'g');
  for (const m of text.matchAll(pattern)) {
    const at = m.index ?? 0;
    if (at >= fn.range[0] && at < fn.range[1]) continue;
    const before = text.slice(Math.max(0, at - 12), at);
    if (/(function\s+|const\s+|let\s+|var\s+|class\s+|import\s+|export\s+|\{\s*|,\s*)$/.test(before)) continue;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const line = text.slice(lineStart, at);
    if (line.includes('//') || /^\s*(import|export)\b/.test(line) || /['"`]/.test(line)) continue;
    return lineOf(text, at);
  }
  return undefined;
}
