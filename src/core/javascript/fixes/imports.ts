import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Span } from '../../model';
import { eolOf } from '../../fixes/style';
import type { JsTree } from './ast';

export interface LocalEdit {
  span: Span;
  newText: string;
}

/** The file's import habits: ESM or CommonJS, `node:` prefixes, quotes, semicolons. */
export interface JsStyle {
  esm: boolean;
  nodePrefix: boolean;
  quote: '"' | "'";
  semi: string;
  eol: string;
}

export function jsStyle(tree: JsTree, text: string, file: string): JsStyle {
  const body = tree.program.body;
  const imports = body.filter((s): s is TSESTree.ImportDeclaration => s.type === 'ImportDeclaration');
  const esm = imports.length > 0 || /\.(mjs|mts|ts|tsx)$/.test(file) || /^\s*export\s/m.test(text);
  const sources = [...imports.map((i) => i.source.value), ...[...text.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1])];
  const nodePrefix = sources.some((s) => s.startsWith('node:'));
  const quoteSample = imports[0] ? text[imports[0].source.range[0]] : /require\(\s*(['"])/.exec(text)?.[1];
  const semicolons = (text.match(/;\s*(\r?\n|$)/g) ?? []).length;
  return { esm, nodePrefix, quote: quoteSample === '"' ? '"' : "'", semi: semicolons > 0 ? ';' : '', eol: eolOf(text) };
}

const bare = (m: string) => m.replace(/^node:/, '');

function requireSource(node: TSESTree.Node | null | undefined): string | undefined {
  if (node?.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
    return String(node.arguments[0].value);
  }
  return undefined;
}

/** Top-level `const x = require(...)` declarators. */
function requires(tree: JsTree): Array<{ statement: TSESTree.VariableDeclaration; declarator: TSESTree.VariableDeclarator; source: string }> {
  const out = [];
  for (const statement of tree.program.body) {
    if (statement.type !== 'VariableDeclaration') continue;
    for (const declarator of statement.declarations) {
      const source = requireSource(declarator.init);
      if (source) out.push({ statement, declarator, source });
    }
  }
  return out;
}

/** Where new import lines go: after the last import/require, else after a directive prologue, else the top. */
function anchor(tree: JsTree): { offset: number; leading: boolean } {
  const body = tree.program.body;
  let last: TSESTree.Node | undefined;
  for (const s of body) if (s.type === 'ImportDeclaration') last = s;
  for (const r of requires(tree)) if (!last || r.statement.range[1] > last.range[1]) last = r.statement;
  if (!last) for (const s of body) if (s.type === 'ExpressionStatement' && s.directive) last = s;
  return last ? { offset: last.range[1], leading: true } : { offset: 0, leading: false };
}

function newLine(tree: JsTree, style: JsStyle, line: string): LocalEdit {
  const at = anchor(tree);
  return at.leading ? { span: { start: at.offset, end: at.offset }, newText: `${style.eol}${line}` } : { span: { start: 0, end: 0 }, newText: `${line}${style.eol}` };
}

function specifier(style: JsStyle, module: string): string {
  const m = style.nodePrefix && !module.startsWith('node:') ? `node:${module}` : module;
  return `${style.quote}${m}${style.quote}`;
}

/**
 * An expression naming `name` exported by `module` (`promisify`, `util.promisify`),
 * reusing the file's imports, adding to a named import list, or adding a line.
 */
export function ensureNamed(tree: JsTree, style: JsStyle, module: string, name: string): { expr: string; edits: LocalEdit[] } {
  for (const s of tree.program.body) {
    if (s.type !== 'ImportDeclaration' || bare(s.source.value) !== bare(module) || s.importKind === 'type') continue;
    for (const spec of s.specifiers) {
      if (spec.type === 'ImportSpecifier' && spec.imported.type === 'Identifier' && spec.imported.name === name) return { expr: spec.local.name, edits: [] };
      if (spec.type === 'ImportNamespaceSpecifier' || spec.type === 'ImportDefaultSpecifier') return { expr: `${spec.local.name}.${name}`, edits: [] };
    }
    const named = s.specifiers.filter((x) => x.type === 'ImportSpecifier');
    if (named.length > 0) {
      const lastSpec = named[named.length - 1];
      return { expr: name, edits: [{ span: { start: lastSpec.range[1], end: lastSpec.range[1] }, newText: `, ${name}` }] };
    }
  }
  for (const r of requires(tree)) {
    if (bare(r.source) !== bare(module)) continue;
    if (r.declarator.id.type === 'Identifier') return { expr: `${r.declarator.id.name}.${name}`, edits: [] };
    if (r.declarator.id.type === 'ObjectPattern') {
      const props = r.declarator.id.properties;
      for (const p of props) if (p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === name && p.value.type === 'Identifier') return { expr: p.value.name, edits: [] };
      const lastProp = props[props.length - 1];
      if (lastProp && lastProp.type === 'Property') return { expr: name, edits: [{ span: { start: lastProp.range[1], end: lastProp.range[1] }, newText: `, ${name}` }] };
    }
  }
  const line = style.esm ? `import { ${name} } from ${specifier(style, module)}${style.semi}` : `const { ${name} } = require(${specifier(style, module)})${style.semi}`;
  return { expr: name, edits: [newLine(tree, style, line)] };
}

/** A namespace binding for `module` (`fsPromises`), reusing one if the file has it. */
export function ensureNamespace(tree: JsTree, style: JsStyle, module: string, local: string): { expr: string; edits: LocalEdit[] } {
  for (const s of tree.program.body) {
    if (s.type !== 'ImportDeclaration' || bare(s.source.value) !== bare(module)) continue;
    for (const spec of s.specifiers) if (spec.type === 'ImportNamespaceSpecifier' || spec.type === 'ImportDefaultSpecifier') return { expr: spec.local.name, edits: [] };
  }
  for (const r of requires(tree)) if (bare(r.source) === bare(module) && r.declarator.id.type === 'Identifier') return { expr: r.declarator.id.name, edits: [] };
  const line = style.esm ? `import * as ${local} from ${specifier(style, module)}${style.semi}` : `const ${local} = require(${specifier(style, module)})${style.semi}`;
  return { expr: local, edits: [newLine(tree, style, line)] };
}
