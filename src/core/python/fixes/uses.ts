import type { Node } from 'web-tree-sitter';
import type { FixContext } from '../../fixes/types';
import type { NameUse, UseFinder } from '../../fixes/callers';
import { parsedText } from './trees';
import { enclosingFunction, isAsyncDef, needsParens } from './syntax';
import { awaitsArguments } from '../awaiting';

const IMPORTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);
const PARAMETERS = new Set(['parameters', 'lambda_parameters', 'list_splat_pattern', 'dictionary_splat_pattern', 'typed_parameter']);
const NAMED_PARAMETERS = new Set(['default_parameter', 'typed_default_parameter']);

/** Every use of a name in a Python file, found from the text and classified on the tree. */
export function pythonUses(context: Pick<FixContext, 'memo'>): UseFinder {
  return (file, text, name) => {
    const tree = parsedText(context, text);
    const uses: NameUse[] = [];
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const m of text.matchAll(new RegExp(`(?<![\\w])${escaped}(?![\\w])`, 'g'))) {
      const at = m.index ?? 0;
      const node = tree.rootNode.descendantForIndex(at, at + name.length);
      if (!node) continue;
      if (node.type === 'identifier' && node.startIndex === at && node.endIndex === at + name.length) uses.push(classifyIdentifier(file, node));
      else if (node.type === 'string_content' && node.text === name) uses.push(classifyString(node));
      // Anything else is a comment or a longer string: not a reference.
    }
    return uses;
  };
}

function classifyIdentifier(file: string, id: Node): NameUse {
  const at = id.startIndex;
  const parent = id.parent;
  if (!parent) return { kind: 'value', at };
  if (parent.type === 'function_definition' && parent.childForFieldName('name')?.id === id.id) {
    return { kind: 'definition', at, method: isMethod(parent) };
  }
  if (parent.type === 'class_definition' && parent.childForFieldName('name')?.id === id.id) return { kind: 'ignored', at };
  for (let n: Node | null = parent; n; n = n.parent) {
    if (IMPORTS.has(n.type)) return { kind: 'ignored', at };
    if (n.type === 'block' || n.type === 'module') break;
  }
  if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id) return { kind: 'ignored', at };
  if (PARAMETERS.has(parent.type)) return { kind: 'ignored', at };
  if (NAMED_PARAMETERS.has(parent.type) && parent.childForFieldName('name')?.id === id.id) return { kind: 'ignored', at };
  if (parent.type === 'global_statement' || parent.type === 'nonlocal_statement') return { kind: 'ignored', at };

  // `x.name` is the reference when the name is the attribute; as the object (`name.cache_clear`) it is a value.
  const ref = parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id ? parent : id;
  const holder = ref.parent;
  if (holder && (holder.type === 'assignment' || holder.type === 'augmented_assignment') && holder.childForFieldName('left')?.id === ref.id) {
    // A rebinding of the name; what is assigned is seen as its own use.
    return { kind: 'ignored', at };
  }
  if (holder?.type === 'call' && holder.childForFieldName('function')?.id === ref.id) {
    const fn = enclosingFunction(holder);
    return {
      kind: 'call',
      at,
      callSpan: { start: holder.startIndex, end: holder.endIndex },
      callee: ref.text,
      awaited: holder.parent?.type === 'await',
      handled: passedToAwaitingHelper(holder),
      enclosing: fn ? { async: fn.type === 'function_definition' && isAsyncDef(fn), lambda: fn.type === 'lambda', name: fn.childForFieldName('name')?.text } : undefined,
      awaitEdits: needsParens(holder)
        ? [
            { file, span: { start: holder.startIndex, end: holder.startIndex }, newText: '(await ' },
            { file, span: { start: holder.endIndex, end: holder.endIndex }, newText: ')' },
          ]
        : [{ file, span: { start: holder.startIndex, end: holder.startIndex }, newText: 'await ' }],
    };
  }
  return { kind: 'value', at };
}

function classifyString(content: Node): NameUse {
  const at = content.startIndex;
  const string = content.parent;
  // `__all__ = ["name"]` exports the name; it calls nothing.
  for (let n = string?.parent; n; n = n.parent) {
    if (n.type === 'assignment' || n.type === 'augmented_assignment') {
      if (n.childForFieldName('left')?.text === '__all__') return { kind: 'ignored', at };
      break;
    }
    if (n.type === 'block' || n.type === 'module') break;
  }
  return { kind: 'string', at };
}

function isMethod(def: Node): boolean {
  let n = def.parent;
  if (n?.type === 'decorated_definition') n = n.parent;
  return n?.type === 'block' && n.parent?.type === 'class_definition';
}

/** `asyncio.gather(f(), g())`, `loop.create_task(f())`: the helper awaits the coroutine. */
function passedToAwaitingHelper(call: Node): boolean {
  const args = call.parent?.type === 'keyword_argument' ? call.parent.parent : call.parent;
  const outer = args?.type === 'argument_list' ? args.parent : undefined;
  const callee = outer?.type === 'call' ? outer.childForFieldName('function')?.text : undefined;
  return !!callee && awaitsArguments(callee);
}

/** Short names of `async def`s in a parsed file, with their counts. */
export function asyncDefinitionNames(context: Pick<FixContext, 'memo'>, text: string): Map<string, number> {
  const names = new Map<string, number>();
  if (!/\basync\s+def\b/.test(text)) return names;
  for (const def of parsedText(context, text).rootNode.descendantsOfType('function_definition')) {
    if (!def || !isAsyncDef(def)) continue;
    const name = def.childForFieldName('name')?.text;
    if (name) names.set(name, (names.get(name) ?? 0) + 1);
  }
  return names;
}
