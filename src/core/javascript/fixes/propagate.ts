import * as path from 'path';
import type { TextEdit } from '../../model';
import type { FixContext } from '../../fixes/types';
import { planAwaitingCallers } from '../../fixes/callers';
import type { FunctionNode, JsTree } from './ast';
import { definitionNameAt, javascriptUses } from './uses';

export interface CallerUpdate {
  edits: TextEdit[];
  awaitedAt: string[];
  unavailable?: string;
}

const JS_EXTENSIONS = new Set(['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts']);

/**
 * Every use of `name` (defined in `file`) in the project must be a call from
 * an async function, which then awaits it; a sync caller, a callback, a
 * string reference or a call the index cannot resolve makes the change
 * unavailable (a caller testing the promise would always see it truthy).
 */
export function awaitCallers(context: FixContext, file: string, name: string, fn: FunctionNode, tree: JsTree): CallerUpdate {
  const nameAt = definitionNameAt(tree, fn);
  if (nameAt === undefined) return { edits: [], awaitedAt: [], unavailable: 'cannot tell how the function is named, so not every caller can be found' };
  return planAwaitingCallers(context, { file, name, nameAt, pending: 'a promise' }, javascriptUses(context), (f) => JS_EXTENSIONS.has(path.extname(f)));
}
