import type { Node, Tree } from 'web-tree-sitter';
import type { Span } from '../../model';
import { eolOf } from '../../fixes/style';
import { perObject } from '../../fixes/memo';

/** An edit inside the file being fixed (the file name is added by the caller). */
export interface LocalEdit {
  span: Span;
  newText: string;
}

type Wanted = { kind: 'import'; module: string } | { kind: 'from'; module: string; name: string };

function parseStatement(statement: string): Wanted | undefined {
  let m = /^import\s+([\w.]+)\s*$/.exec(statement.trim());
  if (m) return { kind: 'import', module: m[1] };
  m = /^from\s+([\w.]+)\s+import\s+(\w+)\s*$/.exec(statement.trim());
  if (m) return { kind: 'from', module: m[1], name: m[2] };
  return undefined;
}

const importsOfTree = new WeakMap<Tree, Node[]>();

function topLevelImports(tree: Tree): Node[] {
  return perObject(importsOfTree, tree, () =>
    tree.rootNode.namedChildren.filter(
      (n): n is Node => n !== null && (n.type === 'import_statement' || n.type === 'import_from_statement' || n.type === 'future_import_statement'),
    ),
  );
}

/** Names an import binds without an alias: `import a.b` → `a.b`; `from m import x` → `x`. */
function plainNames(statement: Node): string[] {
  return statement
    .childrenForFieldName('name')
    .filter((c): c is Node => c !== null && c.type === 'dotted_name')
    .map((c) => c.text.replace(/\s+/g, ''));
}

/** True when `statement` (e.g. `import asyncio`) is already in effect at module level. */
export function hasImport(tree: Tree, statement: string): boolean {
  const wanted = parseStatement(statement);
  if (!wanted) return tree.rootNode.text.includes(statement.trim());
  return topLevelImports(tree).some((n) => {
    if (wanted.kind === 'import') return n.type === 'import_statement' && plainNames(n).includes(wanted.module);
    return n.type === 'import_from_statement' && n.childForFieldName('module_name')?.text === wanted.module && plainNames(n).includes(wanted.name);
  });
}

/** Where new top-level code goes: after the last top-level import, else after the docstring, else at the top. */
export function importAnchor(tree: Tree, text: string): { offset: number; leading: boolean } {
  const imports = topLevelImports(tree);
  if (imports.length > 0) {
    const last = imports[imports.length - 1];
    let end = text.indexOf('\n', last.endIndex);
    if (end < 0) end = text.length;
    else if (text[end - 1] === '\r') end--;
    return { offset: end, leading: true };
  }
  const first = tree.rootNode.namedChildren.find((n) => n !== null && n.type !== 'comment');
  if (first && first.type === 'expression_statement' && first.firstNamedChild?.type === 'string') {
    let end = text.indexOf('\n', first.endIndex);
    if (end < 0) return { offset: text.length, leading: true };
    return { offset: end + 1, leading: false };
  }
  // Skip a shebang / encoding comment block at the very top.
  let offset = 0;
  while (/^#(!|.*coding[:=])/.test(text.slice(offset))) {
    const end = text.indexOf('\n', offset);
    if (end < 0) return { offset: text.length, leading: true };
    offset = end + 1;
  }
  return { offset, leading: false };
}

/**
 * Edits adding each missing import once: merged into an existing one-line
 * `from m import a, b` when there is one, else as new lines after the last
 * top-level import, in the file's line ending.
 */
export function importEdits(tree: Tree, text: string, statements: readonly string[]): LocalEdit[] {
  const eol = eolOf(text);
  const edits: LocalEdit[] = [];
  const added = new Set<string>();
  const lines: string[] = [];
  for (const statement of statements) {
    const key = statement.trim();
    if (added.has(key) || hasImport(tree, key)) continue;
    added.add(key);
    const wanted = parseStatement(key);
    if (wanted?.kind === 'from') {
      const host = topLevelImports(tree).find(
        (n) => n.type === 'import_from_statement' && n.childForFieldName('module_name')?.text === wanted.module && !n.text.includes('(') && !n.text.includes('\\') && !n.text.includes('*'),
      );
      if (host) {
        edits.push({ span: { start: host.endIndex, end: host.endIndex }, newText: `, ${wanted.name}` });
        continue;
      }
    }
    lines.push(key);
  }
  if (lines.length > 0) {
    const anchor = importAnchor(tree, text);
    const block = lines.join(eol);
    edits.push({ span: { start: anchor.offset, end: anchor.offset }, newText: anchor.leading ? `${eol}${block}` : `${block}${eol}${eol}` });
  }
  return edits;
}

/** Name of an existing module-level `X = ...ProcessPoolExecutor(...)`, if any. */
export function existingProcessPool(text: string): string | undefined {
  return /^([A-Za-z_]\w*)\s*=\s*(?:[\w.]*\.)?ProcessPoolExecutor\(/m.exec(text)?.[1];
}
