import type { Node, Tree } from 'web-tree-sitter';
import type { Span } from '../../model';

/**
 * The ancestors of `node`, nearest first. web-tree-sitter's `node.parent`
 * searches down from the root each time, so walking up a 5,000-deep
 * expression that way is quadratic; one cursor descent finds them all.
 */
export function ancestorsOf(node: Node): Node[] {
  const cursor = node.tree.walk();
  const path: Node[] = [];
  const { startIndex: start, endIndex: end } = node;
  try {
    for (;;) {
      const current = cursor.currentNode;
      if (current.id === node.id) break;
      path.push(current);
      // Down to the child holding the node (gotoFirstChildForIndex is unreliable in web-tree-sitter 0.25).
      if (!cursor.gotoFirstChild()) break;
      while (!(cursor.startIndex <= start && cursor.endIndex >= end && (cursor.startIndex < cursor.endIndex || start === end))) {
        if (!cursor.gotoNextSibling()) return path.reverse();
      }
    }
  } finally {
    cursor.delete();
  }
  return path.reverse();
}

/** The `call` node covering exactly `span`, else the smallest call containing it. */
export function callAt(tree: Tree, span: Span): Node | undefined {
  const leaf = tree.rootNode.descendantForIndex(span.start, Math.max(span.start, span.end - 1));
  let containing: Node | undefined;
  for (const node of leaf ? [leaf, ...ancestorsOf(leaf)] : []) {
    if (node.type !== 'call') continue;
    if (node.startIndex === span.start && node.endIndex === span.end) return node;
    if (!containing && node.startIndex <= span.start && node.endIndex >= span.end) containing = node;
  }
  return containing;
}

export function isAsyncDef(fn: Node): boolean {
  return fn.children.some((c) => c?.type === 'async');
}

/** The innermost function (or lambda) holding `node`. */
export function enclosingFunction(node: Node): Node | undefined {
  return ancestorsOf(node).find((n) => n.type === 'function_definition' || n.type === 'lambda');
}

/** The `function_definition` starting at `offset` (a FunctionInfo span may start at its decorators). */
export function functionAt(tree: Tree, span: Span): Node | undefined {
  let node: Node | null = tree.rootNode.descendantForIndex(span.start);
  for (; node; node = node.parent) {
    if (node.type === 'function_definition' && node.startIndex >= span.start && node.endIndex <= span.end) return node;
    if (node.type === 'decorated_definition') return node.childForFieldName('definition') ?? undefined;
  }
  // The span may start at a decorator: search below.
  const stack: Node[] = [tree.rootNode];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'function_definition' && n.startIndex >= span.start && n.endIndex <= span.end) return n;
    if (n.startIndex <= span.end && n.endIndex >= span.start) stack.push(...(n.namedChildren.filter(Boolean) as Node[]));
  }
  return undefined;
}

/** The statement (a child of a block or the module) holding `node`. */
export function enclosingStatement(node: Node): Node | undefined {
  for (let n: Node | null = node; n; n = n.parent) {
    const parent = n.parent;
    if (parent && (parent.type === 'block' || parent.type === 'module')) return n;
  }
  return undefined;
}

/**
 * True when `await <call>` must be parenthesised where the call sits:
 * `await` binds looser than attribute access, subscription, calls and `**`.
 */
export function needsParens(call: Node): boolean {
  const parent = call.parent;
  if (!parent) return false;
  if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === call.id) return true;
  if (parent.type === 'subscript' && parent.childForFieldName('value')?.id === call.id) return true;
  if (parent.type === 'call' && parent.childForFieldName('function')?.id === call.id) return true;
  if (parent.type === 'binary_operator' && parent.children.some((c) => c?.type === '**')) return true;
  return false;
}

/** Wraps `expr` (an await expression) in parentheses when its position requires. */
export function awaitExpr(call: Node, expr: string): string {
  return needsParens(call) ? `(${expr})` : expr;
}

/** Does the function body (not nested defs/lambdas/classes) use await, async for or async with? */
export function usesAwait(fn: Node): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  const stack: Node[] = [body];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'await') return true;
    if ((n.type === 'for_statement' || n.type === 'with_statement' || n.type === 'for_in_clause') && n.children.some((c) => c?.type === 'async')) return true;
    for (const child of n.children) {
      if (!child) continue;
      if (child.type === 'function_definition' || child.type === 'lambda' || child.type === 'class_definition') continue;
      stack.push(child);
    }
  }
  return false;
}

/** Counts ERROR and MISSING nodes (a tree without them parsed cleanly). */
export function syntaxErrorCount(tree: Tree): number {
  const count = (node: Node): number => {
    let n = node.type === 'ERROR' || node.isMissing ? 1 : 0;
    if (!node.hasError) return n;
    for (const child of node.children) if (child) n += count(child);
    return n;
  };
  return count(tree.rootNode);
}

/** The argument list's inner text (`url, timeout=5`), without the parentheses. */
export function argumentsText(call: Node): string | undefined {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  return args.text.slice(1, -1);
}

export function keywordNames(call: Node): string[] {
  const args = call.childForFieldName('arguments');
  return (args?.namedChildren ?? [])
    .filter((a): a is Node => a?.type === 'keyword_argument')
    .map((a) => a.childForFieldName('name')?.text ?? '');
}

export function hasKeywordOrSplat(call: Node): boolean {
  const args = call.childForFieldName('arguments');
  return (args?.namedChildren ?? []).some((a) => a?.type === 'keyword_argument' || a?.type === 'dictionary_splat');
}

/** Does the expression contain a call (so referencing it evaluates code on the loop)? */
export function containsCall(node: Node): boolean {
  if (node.type === 'call') return true;
  return node.namedChildren.some((c) => c !== null && containsCall(c));
}

const BOOL_ANNOTATION = /^(bool|Optional\[bool\]|bool \| None|None \| bool|typing\.Optional\[bool\])$/;
const BOOL_EXPRESSIONS = new Set(['true', 'false', 'comparison_operator', 'not_operator']);

/**
 * Whether `fn` answers yes or no: annotated `-> bool`, or every `return` of
 * its own gives a comparison, a `not` or a bool literal. Its callers test the
 * result, and one that does not await a coroutine tests an object that is
 * always true.
 */
export function returnsTruthValue(fn: Node): boolean {
  const annotation = fn.childForFieldName('return_type')?.text.replace(/\s+/g, ' ');
  if (annotation !== undefined) return BOOL_ANNOTATION.test(annotation);
  const returns = fn.descendantsOfType('return_statement').filter((r): r is Node => r !== null && enclosingFunction(r)?.id === fn.id);
  return returns.length > 0 && returns.every((r) => {
    const value = r.namedChildren[0];
    return value !== null && value !== undefined && BOOL_EXPRESSIONS.has(value.type);
  });
}
