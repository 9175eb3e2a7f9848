import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { FixContext } from '../../fixes/types';
import { type NameUse, type UseFinder } from '../../fixes/callers';
import { identifierPattern } from '../../fixes/mentions';
import { perText } from '../../fixes/memo';
import { cachedTree, enclosingFunction, needsParens, type JsTree, type N } from './ast';

const IMPORT_EXPORT = new Set(['ImportSpecifier', 'ImportDefaultSpecifier', 'ImportNamespaceSpecifier', 'ExportSpecifier', 'ExportDefaultDeclaration']);
const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'TSDeclareFunction']);
/** Expression wrappers in TS that keep a value a value (`x as T`, `x!`). */
const TS_EXPRESSIONS = new Set(['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSInstantiationExpression', 'TSTypeAssertion']);

/** Identifiers and string literals of one tree by start offset, built once per tree. */
function nodesByStart(context: Pick<FixContext, 'memo'>, tree: JsTree, file: string, text: string): Map<number, N[]> {
  return perText(context, `js-names\0${file}`, text, () => {
    const map = new Map<number, N[]>();
    for (const node of tree.parents.keys()) {
      if (node.type !== 'Identifier' && !(node.type === 'Literal' && typeof node.value === 'string')) continue;
      const list = map.get(node.range[0]) ?? [];
      list.push(node);
      map.set(node.range[0], list);
    }
    return map;
  });
}

/** Every use of a name in a JS/TS file, classified on the typescript-estree tree. */
export function javascriptUses(context: Pick<FixContext, 'memo'>): UseFinder {
  return (file, text, name) => {
    const tree = cachedTree(context, text, file);
    if (!tree) throw new Error('does not parse');
    const byStart = nodesByStart(context, tree, file, text);
    const uses: NameUse[] = [];
    for (const m of text.matchAll(identifierPattern(name, 'g'))) {
      const at = m.index ?? 0;
      for (const node of byStart.get(at) ?? []) {
        if (node.type === 'Identifier' && node.name === name) uses.push(classifyIdentifier(tree, file, node));
      }
      for (const node of byStart.get(at - 1) ?? []) {
        if (node.type === 'Literal' && node.value === name) uses.push(classifyString(tree, node, at));
      }
    }
    return uses;
  };
}

function classifyIdentifier(tree: JsTree, file: string, id: TSESTree.Identifier): NameUse {
  const at = id.range[0];
  const parent = tree.parents.get(id);
  if (!parent) return { kind: 'value', at };
  if (FUNCTIONS.has(parent.type) && 'id' in parent && parent.id === id) return { kind: 'definition', at, method: false };
  if ((parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition' || parent.type === 'TSAbstractMethodDefinition') && parent.key === id && !parent.computed) {
    return { kind: 'definition', at, method: true };
  }
  if (parent.type === 'Property' && parent.key === id && !parent.computed && !parent.shorthand) {
    const fn = parent.value.type === 'FunctionExpression' || parent.value.type === 'ArrowFunctionExpression';
    return fn ? { kind: 'definition', at, method: true } : { kind: 'ignored', at };
  }
  // `const { name } = require(...)` binds the name like an import.
  if (parent.type === 'Property' && tree.parents.get(parent)?.type === 'ObjectPattern') return { kind: 'ignored', at };
  if (parent.type === 'Property' && parent.shorthand) return exportsObject(tree, parent) ? { kind: 'ignored', at } : { kind: 'value', at };
  if (IMPORT_EXPORT.has(parent.type)) return { kind: 'ignored', at };
  if (parent.type === 'VariableDeclarator' && parent.id === id) {
    const init = parent.init;
    const fn = init && (init.type === 'FunctionExpression' || init.type === 'ArrowFunctionExpression');
    return fn ? { kind: 'definition', at, method: false } : { kind: 'ignored', at };
  }
  if (FUNCTIONS.has(parent.type) && 'params' in parent && parent.params.includes(id as never)) return { kind: 'ignored', at };
  if (parent.type === 'AssignmentPattern' && parent.left === id) return { kind: 'ignored', at };
  if (parent.type === 'LabeledStatement' || parent.type === 'BreakStatement' || parent.type === 'ContinueStatement') return { kind: 'ignored', at };
  if (parent.type.startsWith('TS') && !TS_EXPRESSIONS.has(parent.type)) return { kind: 'ignored', at };

  // `x.name` is the reference when the name is the property; as the object (`name.bind`) it is a value.
  const ref: N = parent.type === 'MemberExpression' && parent.property === id && !parent.computed ? parent : id;
  const holder = tree.parents.get(ref);
  if (holder?.type === 'AssignmentExpression' && holder.left === ref) return { kind: 'ignored', at };
  if (holder?.type === 'AssignmentExpression' && holder.right === ref && isExportsTarget(holder.left)) return { kind: 'ignored', at };
  if (holder?.type === 'CallExpression' && holder.callee === ref) {
    const call = holder;
    // `a?.name()` sits in a ChainExpression: await goes before the whole chain.
    let outer: N = call;
    for (let p = tree.parents.get(outer); p?.type === 'ChainExpression'; p = tree.parents.get(outer)) outer = p;
    const fn = enclosingFunction(tree, call);
    const awaitedBy = tree.parents.get(outer);
    const parens = needsParens(tree, outer);
    return {
      kind: 'call',
      at,
      callSpan: { start: call.range[0], end: call.range[1] },
      callee: textOfCallee(ref),
      awaited: awaitedBy?.type === 'AwaitExpression',
      handled: promiseHandled(tree, outer, fn),
      enclosing: fn ? { async: fn.async, lambda: false, name: functionName(tree, fn) } : undefined,
      awaitEdits: parens
        ? [
            { file, span: { start: outer.range[0], end: outer.range[0] }, newText: '(await ' },
            { file, span: { start: outer.range[1], end: outer.range[1] }, newText: ')' },
          ]
        : [{ file, span: { start: outer.range[0], end: outer.range[0] }, newText: 'await ' }],
    };
  }
  return { kind: 'value', at };
}

function classifyString(tree: JsTree, literal: TSESTree.Literal, at: number): NameUse {
  const parent = tree.parents.get(literal);
  if (parent?.type === 'Property' && parent.key === literal) return { kind: 'ignored', at };
  if (parent?.type === 'ImportDeclaration' || parent?.type === 'ExportNamedDeclaration' || parent?.type === 'ExportAllDeclaration') return { kind: 'ignored', at };
  return { kind: 'string', at };
}

/** `module.exports = { name }` and `exports.name = name` export the function; they call nothing. */
function exportsObject(tree: JsTree, property: N): boolean {
  const object = tree.parents.get(property);
  const assignment = object && tree.parents.get(object);
  return assignment?.type === 'AssignmentExpression' && assignment.right === object && isExportsTarget(assignment.left);
}

function isExportsTarget(node: N): boolean {
  if (node.type === 'Identifier') return node.name === 'exports';
  if (node.type !== 'MemberExpression') return false;
  const object = node.object;
  if (object.type === 'Identifier') return object.name === 'exports' || (object.name === 'module' && node.property.type === 'Identifier' && node.property.name === 'exports');
  return isExportsTarget(object);
}

function textOfCallee(ref: N): string | undefined {
  if (ref.type === 'Identifier') return ref.name;
  if (ref.type === 'MemberExpression' && ref.property.type === 'Identifier') {
    const object = ref.object.type === 'Identifier' ? ref.object.name : ref.object.type === 'ThisExpression' ? 'this' : '…';
    return `${object}.${ref.property.name}`;
  }
  return undefined;
}

/** Offset of the identifier that names a function: its own id, the variable, method or property holding it. */
export function definitionNameAt(tree: JsTree, fn: N): number | undefined {
  if ('id' in fn && fn.id && fn.id.type === 'Identifier') return fn.id.range[0];
  const parent = tree.parents.get(fn);
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.range[0];
  if ((parent?.type === 'MethodDefinition' || parent?.type === 'Property' || parent?.type === 'PropertyDefinition') && parent.key.type === 'Identifier') return parent.key.range[0];
  return storedUnder(parent, fn)?.range[0];
}

/** `exports.verify = function …`, `module.exports.verify = …`: the property a function is stored under, which names it. */
function storedUnder(parent: N | undefined, fn: N): TSESTree.Identifier | undefined {
  if (parent?.type !== 'AssignmentExpression' || parent.right !== fn || parent.left.type !== 'MemberExpression' || parent.left.computed) return undefined;
  return parent.left.property.type === 'Identifier' ? parent.left.property : undefined;
}

function functionName(tree: JsTree, fn: N): string | undefined {
  if ('id' in fn && fn.id && fn.id.type === 'Identifier') return fn.id.name;
  const parent = tree.parents.get(fn);
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent?.type === 'MethodDefinition' || parent?.type === 'Property') && parent.key.type === 'Identifier') return parent.key.name;
  return storedUnder(parent, fn)?.name;
}

const PROMISE_COMBINATORS = new Set(['all', 'allSettled', 'race', 'any', 'resolve']);

/** `f().then(...)`, `return f()` from an async function, `Promise.all([f()])`, `void f()`: the promise is taken care of. */
function promiseHandled(tree: JsTree, call: N, fn: N | undefined): boolean {
  const parent = tree.parents.get(call);
  if (!parent) return false;
  if (parent.type === 'MemberExpression' && parent.object === call && parent.property.type === 'Identifier' && ['then', 'catch', 'finally'].includes(parent.property.name)) return true;
  if (parent.type === 'UnaryExpression' && parent.operator === 'void') return true;
  const isAsyncFn = !!fn && 'async' in fn && fn.async;
  if (parent.type === 'ReturnStatement' && isAsyncFn) return true;
  if (parent.type === 'ArrowFunctionExpression' && parent.body === call && parent.async) return true;
  const list = parent.type === 'ArrayExpression' ? tree.parents.get(parent) : parent;
  if (list?.type === 'CallExpression' && list.callee.type === 'MemberExpression' && list.callee.object.type === 'Identifier' && list.callee.object.name === 'Promise') {
    return list.callee.property.type === 'Identifier' && PROMISE_COMBINATORS.has(list.callee.property.name);
  }
  return false;
}

/** Short names of async functions in a parsed file, with their counts. */
export function asyncFunctionNames(context: Pick<FixContext, 'memo'>, text: string, file: string): Map<string, number> {
  const names = new Map<string, number>();
  if (!/\basync\b/.test(text)) return names;
  const tree = cachedTree(context, text, file);
  if (!tree) return names;
  for (const node of tree.parents.keys()) {
    if ((node.type !== 'FunctionDeclaration' && node.type !== 'FunctionExpression' && node.type !== 'ArrowFunctionExpression') || !node.async) continue;
    const at = definitionNameAt(tree, node);
    if (at === undefined) continue;
    const name = /^[\w$]+/.exec(text.slice(at))?.[0];
    if (name) names.set(name, (names.get(name) ?? 0) + 1);
  }
  return names;
}
