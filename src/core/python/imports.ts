import type { Node } from 'web-tree-sitter';
import type { SymbolRef } from '../model';
import { ext, type Value } from './types';

/** One name an import statement binds. */
export interface ImportBinding {
  local: string;
  value: Value;
  /** What importers of this file get under `local` (re-exports); absent for plain `import x`. */
  export?: SymbolRef;
}

export interface ImportInfo {
  /** Modules as written, in statement order (`gevent.monkey`, `.services`). */
  modules: string[];
  bindings: ImportBinding[];
  /** `from m import *` modules. */
  star: string[];
}

function dotted(node: Node): string {
  return node.text.replace(/\s+/g, '');
}

/** `.services`, `..`, `pkg.mod` as written in `from X import ...`. */
function fromModule(node: Node): string {
  return node.type === 'relative_import' ? dotted(node) : dotted(node);
}

/** A symbol imported from a relative module is project code; from an absolute one, a qualified name. */
function importedSymbol(module: string, name: string): Value {
  if (module.startsWith('.')) {
    // `from . import services` / `from .. import x`: the name may be a submodule.
    if (/^\.+$/.test(module)) return { kind: 'projmod', module: `${module}${name}` };
    return { kind: 'proj', ref: { module, name }, instance: false };
  }
  return ext(`${module}.${name}`);
}

/** The names an `import` or `from ... import` statement binds. */
export function readImport(node: Node): ImportInfo {
  const info: ImportInfo = { modules: [], bindings: [], star: [] };
  if (node.type === 'import_statement') {
    for (const child of node.childrenForFieldName('name')) {
      if (!child) continue;
      if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name');
        const alias = child.childForFieldName('alias');
        if (!name || !alias) continue;
        const module = dotted(name);
        info.modules.push(module);
        info.bindings.push({ local: alias.text, value: ext(module) });
      } else {
        const module = dotted(child);
        info.modules.push(module);
        const root = module.split('.')[0];
        info.bindings.push({ local: root, value: ext(root) });
      }
    }
    return info;
  }
  // import_from_statement / future_import_statement
  const moduleNode = node.childForFieldName('module_name');
  const module = node.type === 'future_import_statement' ? '__future__' : moduleNode ? fromModule(moduleNode) : '';
  if (!module) return info;
  info.modules.push(module);
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'wildcard_import') info.star.push(module);
  }
  for (const child of node.childrenForFieldName('name')) {
    if (!child) continue;
    let name: string;
    let local: string;
    if (child.type === 'aliased_import') {
      const nameNode = child.childForFieldName('name');
      const alias = child.childForFieldName('alias');
      if (!nameNode || !alias) continue;
      name = dotted(nameNode);
      local = alias.text;
    } else {
      name = dotted(child);
      local = name;
    }
    const value = importedSymbol(module, name);
    // A submodule re-export names the whole module: importers continue inside it.
    const exported = value.kind === 'projmod' ? { module: value.module, name: '' } : { module, name };
    info.bindings.push({ local, value, export: exported });
  }
  return info;
}
