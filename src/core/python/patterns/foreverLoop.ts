import type { Node } from 'web-tree-sitter';

/** Definitions nested in the loop run elsewhere: their awaits and returns are not the loop's. */
const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);
/** What lets a loop end or hand the event loop back. */
const EXITS = new Set(['await', 'yield', 'break_statement', 'return_statement', 'raise_statement']);

/** `True`, or a non-zero number literal. */
function alwaysTrue(condition: Node | null): boolean {
  if (!condition) return false;
  if (condition.type === 'parenthesized_expression') return alwaysTrue(condition.namedChildren.find((c) => c?.type !== 'comment') ?? null);
  if (condition.type === 'true') return true;
  return (condition.type === 'integer' || condition.type === 'float') && Number(condition.text.replace(/_/g, '')) !== 0;
}

/** `async for` / `async with`: each step awaits. */
function isAsyncStatement(node: Node): boolean {
  return (node.type === 'for_statement' || node.type === 'with_statement') && node.children.some((c) => c?.type === 'async');
}

function yieldsOrExits(body: Node): boolean {
  const stack: Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (EXITS.has(node.type) || isAsyncStatement(node)) return true;
    for (const child of node.namedChildren) if (child && !NESTED_SCOPES.has(child.type)) stack.push(child);
  }
  return false;
}

/**
 * `while True:` whose body neither awaits nor leaves (no await, async
 * for/with, yield, break, return or raise): once entered inside a coroutine
 * it never gives the event loop back.
 */
export function isForeverLoop(loop: Node): boolean {
  if (loop.type !== 'while_statement' || !alwaysTrue(loop.childForFieldName('condition'))) return false;
  const body = loop.childForFieldName('body');
  return body !== null && !yieldsOrExits(body);
}
