import { builtinModules } from 'module';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { derivedStep, external, joinName, type Value } from './values';
import { lookupTable } from '../lookup';

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));

/** A Node core module by its qualified-name prefix (`fs`, `fs.promises`). */
export function isBuiltinModule(mod: string): boolean {
  const dot = mod.indexOf('.');
  return BUILTINS.has(dot < 0 ? mod : mod.slice(0, dot));
}

/** True for specifiers that name a project file: `./x`, `../x`, `/abs/x`. */
export function isRelative(spec: string): boolean {
  return spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/');
}

/**
 * The qualified-name prefix for a library specifier: `node:` is stripped and
 * builtin `x/promises` subpaths become `x.promises`, so `fs/promises`,
 * `fs.promises` and `require('fs').promises` all read `fs.promises`.
 */
export function moduleName(spec: string): string {
  const bare = spec.startsWith('node:') ? spec.slice(5) : spec;
  const slash = bare.indexOf('/');
  if (slash > 0 && BUILTINS.has(bare.slice(0, slash))) return bare.replace(/\//g, '.');
  return bare;
}

/**
 * The value an import binding denotes. `exported` is the imported name,
 * `default` for default imports and `*` for namespaces / `require()` results.
 * A library's default export is the module itself (CommonJS interop:
 * `import fs from 'fs'` and `import Database from 'better-sqlite3'`).
 */
export function importValue(spec: string, exported: string): Value {
  if (isRelative(spec)) {
    return { kind: 'project', ref: { module: spec, name: exported === '*' ? '' : exported } };
  }
  const mod = moduleName(spec);
  return external(exported === '*' || exported === 'default' ? mod : joinName(mod, exported));
}

/** The string value of a literal or a template without substitutions. */
export function staticString(node: TSESTree.Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked ?? undefined;
  return undefined;
}

/** `require('x')` → `'x'`; anything else → undefined. */
export function requireSpecifier(node: TSESTree.Node): string | undefined {
  if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'require') return undefined;
  return node.arguments.length === 1 ? staticString(node.arguments[0]) : undefined;
}

/** Local name → value for every binding of an `import` declaration. */
export function importBindings(decl: TSESTree.ImportDeclaration): Array<[string, Value]> {
  if (decl.importKind === 'type') return [];
  const spec = decl.source.value;
  const out: Array<[string, Value]> = [];
  for (const s of decl.specifiers) {
    if (s.type === 'ImportDefaultSpecifier') out.push([s.local.name, importValue(spec, 'default')]);
    else if (s.type === 'ImportNamespaceSpecifier') out.push([s.local.name, importValue(spec, '*')]);
    else if (s.importKind !== 'type') {
      const imported = s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
      out.push([s.local.name, importValue(spec, imported)]);
    }
  }
  return out;
}

/** Bindings of `import type` declarations and specifiers: names usable in type annotations only. */
export function typeImportBindings(decl: TSESTree.ImportDeclaration): Array<[string, Value]> {
  const spec = decl.source.value;
  const out: Array<[string, Value]> = [];
  for (const s of decl.specifiers) {
    if (decl.importKind !== 'type' && !(s.type === 'ImportSpecifier' && s.importKind === 'type')) continue;
    if (s.type === 'ImportDefaultSpecifier') out.push([s.local.name, importValue(spec, 'default')]);
    else if (s.type === 'ImportNamespaceSpecifier') out.push([s.local.name, importValue(spec, '*')]);
    else out.push([s.local.name, importValue(spec, s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value))]);
  }
  return out;
}

/** Members of a request that give one of its parts: `get` is Express's `req.get(name)` and Koa's `ctx.get(field)`, a header. */
const REQUEST_PARTS = lookupTable<'cookie' | 'header' | 'body'>({ cookies: 'cookie', cookie: 'cookie', signedCookies: 'cookie', headers: 'header', header: 'header', get: 'header', body: 'body' });
/** Request methods that give the body parsed (`await request.json()`, Hono's `c.req.valid('json')`, `c.req.parseBody()`): its fields are bounded by it. */
export const PARSED_BODY_METHODS = new Set(['json', 'valid', 'parseBody', 'formData']);
/** Members of a raw body that still give the whole of it (`req.body.toString()`). */
const WHOLE_BODY_MEMBERS = new Set(['toString', 'valueOf', 'toJSON', 'trim', 'normalize', 'slice', 'subarray']);

/** `args[1]` of a rest parameter `...args` at position 2: the argument at position 3. */
function restElement(value: Extract<Value, { kind: 'param' }>, member: string): Value | undefined {
  if (!value.slot || !/^\d+$/.test(member)) return undefined;
  return { kind: 'param', slot: { fn: value.slot.fn, index: value.slot.index + Number(member), path: '' } };
}

/** The value of `value.member` for library and project values. */
export function memberValue(value: Value | undefined, member: string): Value | undefined {
  if (!value) return undefined;
  switch (value.kind) {
    case 'external':
      return external(joinName(value.name, member));
    case 'project':
      return { kind: 'project', ref: { module: value.ref.module, name: joinName(value.ref.name, member) } };
    case 'instance':
      return { kind: 'project', ref: { module: value.ref.module, name: joinName(value.ref.name, member) } };
    case 'input':
      // Cookies and headers are capped at a few kilobytes by servers: the cost model reads `part`.
      if (!value.part && REQUEST_PARTS[member]) return { ...value, part: REQUEST_PARTS[member] };
      // One field of a body the framework already parsed (`req.body.history`): the parser's size limit bounds it.
      if (value.part === 'body' && !WHOLE_BODY_MEMBERS.has(member)) return { ...value, part: 'body-field' };
      return value;
    case 'returned':
    case 'derived':
      return derivedStep(value, `.${member}`);
    case 'param':
      if (value.rest) return restElement(value, member);
      if (value.field) return { ...value, slot: value.slot && { ...value.slot, path: joinName(value.slot.path, member) }, field: { ...value.field, path: `${value.field.path}.${member}` } };
      return value.slot ? { kind: 'param', slot: { ...value.slot, path: joinName(value.slot.path, member) }, ...(value.declared ? { declared: value.declared } : {}) } : value;
    default:
      return undefined;
  }
}

/**
 * Bindings introduced by a destructuring pattern whose source has `value`:
 * `const { readFileSync: rf, promises } = require('fs')`.
 */
export function patternBindings(pattern: TSESTree.Node, value: Value | undefined, out: Array<[string, Value | undefined]>): void {
  switch (pattern.type) {
    case 'Identifier':
      out.push([pattern.name, value]);
      return;
    case 'ObjectPattern':
      for (const prop of pattern.properties) {
        if (prop.type === 'RestElement') {
          patternBindings(prop.argument, value?.kind === 'input' ? value : undefined, out);
          continue;
        }
        const key = prop.computed ? staticString(prop.key) : prop.key.type === 'Identifier' ? prop.key.name : staticString(prop.key);
        patternBindings(prop.value, key === undefined ? undefined : memberValue(value, key), out);
      }
      return;
    case 'ArrayPattern':
      pattern.elements.forEach((el, i) => {
        if (el) patternBindings(el, value?.kind === 'input' ? value : value?.kind === 'param' && value.rest ? restElement(value, String(i)) : undefined, out);
      });
      return;
    case 'AssignmentPattern':
      patternBindings(pattern.left, value, out);
      return;
    case 'RestElement':
      patternBindings(pattern.argument, value?.kind === 'input' || (value?.kind === 'param' && value.rest) ? value : undefined, out);
      return;
    case 'TSParameterProperty':
      patternBindings(pattern.parameter, value, out);
      return;
    default:
      return;
  }
}
