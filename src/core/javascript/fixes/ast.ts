import type { FixContext } from '../../fixes/types';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Span } from '../../model';
import { parseJavaScript } from '../parse';
import { perText } from '../../fixes/memo';
import { jsdocBefore } from '../jsdoc';

export type N = TSESTree.Node;

/** A parsed file with parent links (typescript-estree does not set them). */
export interface JsTree {
  program: TSESTree.Program;
  parents: Map<N, N>;
  /** The text the program's positions index: the file's, or a Flow file's with its types blanked, where what the tree does not hold (its types) is blank. */
  parsedText: string;
}

function children(node: N): N[] {
  const out: N[] = [];
  const record = node as unknown as Record<string, unknown>;
  // A loop over the keys, not `Object.entries`: a 5,000-line file's parent links took 18 ms of a code action.
  for (const key in record) {
    if (key === 'parent' || key === 'loc' || key === 'range' || key === 'tokens' || key === 'comments') continue;
    const value = record[key];
    if (Array.isArray(value)) {
      for (const v of value) if (v && typeof v === 'object' && typeof (v as N).type === 'string') out.push(v as N);
    } else if (value && typeof value === 'object' && typeof (value as N).type === 'string') out.push(value as N);
  }
  return out;
}

/** `parseTree`, once per file text per batch of fixes (sites of one file share it). */
export function cachedTree(context: Pick<FixContext, 'memo'>, text: string, file: string): JsTree | undefined {
  return perText(context, `js-tree\0${file}`, text, () => parseTree(text, file));
}

export function parseTree(text: string, file: string): JsTree | undefined {
  const { program, parsedText = text } = parseJavaScript(text, file);
  if (!program) return undefined;
  const parents = new Map<N, N>();
  const stack: N[] = [program];
  while (stack.length) {
    const node = stack.pop()!;
    for (const child of children(node)) {
      parents.set(child, node);
      stack.push(child);
    }
  }
  return { program, parents, parsedText };
}

/** All nodes, depth first. */
export function* walk(node: N): Generator<N> {
  yield node;
  for (const child of children(node)) yield* walk(child);
}

/**
 * The CallExpression exactly at `span`, else the smallest one containing it.
 * Only nodes that hold the span are descended into (a node's children lie
 * within it): a whole 5,000-line file's walk was a fifth of a code action.
 */
export function callAt(tree: JsTree, span: Span): TSESTree.CallExpression | undefined {
  let best: TSESTree.CallExpression | undefined;
  const stack: N[] = [tree.program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const [s, e] = node.range;
    if (s > span.start || e < span.end) continue;
    if (node.type === 'CallExpression') {
      if (s === span.start && e === span.end) return node;
      if (!best || e - s < best.range[1] - best.range[0]) best = node;
    }
    stack.push(...children(node));
  }
  return best;
}

export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export function enclosingFunction(tree: JsTree, node: N): FunctionNode | undefined {
  for (let n = tree.parents.get(node); n; n = tree.parents.get(n)) {
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') return n;
  }
  return undefined;
}

/** `await x` binds looser than member access, calls, `new`, tagged templates and `**`. */
export function needsParens(tree: JsTree, call: N): boolean {
  const parent = tree.parents.get(call);
  if (!parent) return false;
  if (parent.type === 'MemberExpression' && parent.object === call) return true;
  if (parent.type === 'CallExpression' && parent.callee === call) return true;
  if (parent.type === 'NewExpression' && parent.callee === call) return true;
  if (parent.type === 'TaggedTemplateExpression' && parent.tag === call) return true;
  if (parent.type === 'BinaryExpression' && parent.operator === '**') return true;
  return false;
}

export function textOf(text: string, node: N): string {
  return text.slice(node.range[0], node.range[1]);
}

const COMPARISONS = new Set(['==', '===', '!=', '!==', '<', '<=', '>', '>=', 'instanceof', 'in']);

function isTruthValue(node: N): boolean {
  if (node.type === 'Literal') return typeof node.value === 'boolean';
  if (node.type === 'UnaryExpression') return node.operator === '!';
  if (node.type === 'BinaryExpression') return COMPARISONS.has(node.operator);
  return false;
}

/**
 * Whether `fn` answers yes or no: declared `: boolean` (or `@returns {boolean}`
 * in the JSDoc of its statement), or every `return` of its own (or its
 * expression body) gives a comparison, a `!` or a boolean.
 */
export function returnsTruthValue(fn: FunctionNode, tree: JsTree, text: string): boolean {
  const declared = fn.returnType?.typeAnnotation;
  if (declared) return declared.type === 'TSBooleanKeyword';
  const doc = jsdocBefore(text, statementOf(tree, fn).range[0]);
  const documented = doc && /@returns?\s*\{\s*(boolean|Boolean)\s*\}/.exec(doc);
  if (documented) return true;
  if (fn.body.type !== 'BlockStatement') return isTruthValue(fn.body);
  const returns: TSESTree.ReturnStatement[] = [];
  const stack: N[] = [fn.body];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'ReturnStatement') returns.push(node);
    // A nested function's returns are its own.
    else if (node.type !== 'FunctionDeclaration' && node.type !== 'FunctionExpression' && node.type !== 'ArrowFunctionExpression') stack.push(...children(node));
  }
  return returns.length > 0 && returns.every((r) => r.argument !== null && isTruthValue(r.argument));
}

/**
 * The import specifier (`{ pbkdf2Sync }`) or destructured require property
 * (`const { pbkdf2Sync } = require('crypto')`) that binds `callee`, when the
 * name is not renamed there and `callee` is its only use in the file.
 */
export function soleUseBinding(tree: JsTree, callee: TSESTree.Identifier): TSESTree.ImportSpecifier | TSESTree.Property | undefined {
  let binding: TSESTree.ImportSpecifier | TSESTree.Property | undefined;
  let uses = 0;
  for (const node of walk(tree.program)) {
    if (node.type === 'ImportSpecifier' && node.local.name === callee.name) {
      if (node.imported.type !== 'Identifier' || node.imported.name !== callee.name) return undefined;
      binding = node;
    } else if (node.type === 'Property' && node.shorthand && node.value.type === 'Identifier' && node.value.name === callee.name && tree.parents.get(node)?.type === 'ObjectPattern') {
      binding = node;
    } else if (node.type === 'Identifier' && node.name === callee.name && !isPropertyName(tree, node)) uses++;
  }
  return binding && uses === 1 ? binding : undefined;
}

/** `a.name`, `{ name: v }`, a class member's name: a property's name, not a use of a binding. */
function isPropertyName(tree: JsTree, node: TSESTree.Identifier): boolean {
  const parent = tree.parents.get(node);
  if (!parent) return false;
  if (parent.type === 'MemberExpression') return parent.property === node && !parent.computed;
  if (parent.type === 'Property' || parent.type === 'PropertyDefinition' || parent.type === 'MethodDefinition') return parent.key === node && !parent.computed && !(parent.type === 'Property' && parent.shorthand);
  return parent.type === 'ImportSpecifier' || parent.type === 'ExportSpecifier';
}

/** The statement or class member a function is written in (`exports.verify = function …` as a whole). */
function statementOf(tree: JsTree, node: N): N {
  let at = node;
  for (let parent = tree.parents.get(at); parent && parent.type !== 'Program' && parent.type !== 'BlockStatement' && parent.type !== 'ClassBody'; parent = tree.parents.get(at)) at = parent;
  return at;
}
