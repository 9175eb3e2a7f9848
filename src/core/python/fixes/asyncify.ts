import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../../model';
import type { FixContext } from '../../fixes/types';
import { planAwaitingCallers } from '../../fixes/callers';
import { enclosingFunction, isAsyncDef } from './syntax';
import { pythonUses } from './uses';
import { coroutineAwareDecorator } from './asyncDecorators';

export interface AsyncifyResult {
  edits: TextEdit[];
  /** Call sites that now await, as `file:line`. */
  awaitedAt: string[];
  unavailable?: string;
}

/**
 * Makes `def name` in `file` async and every caller in the project await it.
 * Allowed only when every use of the name is found and is a call from an
 * async function: a sync caller, a module-level call, a callback, a decorator
 * that calls it, or a call the index cannot resolve make it unavailable, with
 * the place named (a sync caller would test a coroutine object, which is
 * always truthy).
 */
export function makeAsync(context: FixContext, file: string, fn: Node, name: string): AsyncifyResult {
  const decorator = blockingDecorator(context, file, fn, name);
  if (decorator) return { edits: [], awaitedAt: [], unavailable: `${name.split('.').pop()} is decorated with @${decorator}, which may call it without awaiting` };
  if (isGenerator(fn)) return { edits: [], awaitedAt: [], unavailable: `${name.split('.').pop()} is a generator: as async def it would become an async generator, which its callers must iterate with async for` };
  const nameNode = fn.childForFieldName('name');
  if (!nameNode) return { edits: [], awaitedAt: [], unavailable: 'cannot find the function name' };
  const plan = planAwaitingCallers(context, { file, name, nameAt: nameNode.startIndex, pending: 'a coroutine' }, pythonUses(context), (f) => path.extname(f) === '.py' || path.extname(f) === '.pyi');
  if (plan.unavailable) return { edits: [], awaitedAt: [], unavailable: plan.unavailable };
  const edits: TextEdit[] = isAsyncDef(fn) ? [] : [{ file, span: { start: fn.startIndex, end: fn.startIndex }, newText: 'async ' }];
  return { edits: [...edits, ...plan.edits], awaitedAt: plan.awaitedAt };
}

/** The first decorator of the function that is neither its route registration nor known to handle coroutine functions. */
function blockingDecorator(context: FixContext, file: string, fn: Node, name: string): string | undefined {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (!decorated) return undefined;
  const text = context.text(file) ?? '';
  const registrationLines = new Set(
    (context.model(file)?.handlers ?? []).filter((h) => h.ref.module === null && h.ref.name === name).map((h) => h.location.line),
  );
  for (const decorator of decorated.namedChildren) {
    if (!decorator || decorator.type !== 'decorator') continue;
    if (registrationLines.has(decorator.startPosition.row + 1)) continue;
    const expression = decorator.namedChildren[0];
    const written = (expression?.type === 'call' ? expression.childForFieldName('function') : expression)?.text ?? decorator.text.slice(1);
    if (coroutineAwareDecorator(written, text)) continue;
    return written;
  }
  return undefined;
}

/** Does the function body itself (not a nested def or lambda) yield? */
function isGenerator(fn: Node): boolean {
  return fn.descendantsOfType('yield').some((y) => y !== null && enclosingFunction(y)?.id === fn.id);
}
