import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { ensureNamed, ensureNamespace, type JsStyle, type LocalEdit } from './imports';
import { needsParens, soleUseBinding, textOf, type JsTree } from './ast';

/** fs methods whose `fs.promises` twin takes the same arguments and resolves to the same value. */
const FS_TWINS = new Set([
  'readFile', 'writeFile', 'appendFile', 'readdir', 'stat', 'lstat', 'mkdir', 'rm', 'rmdir', 'unlink', 'rename',
  'copyFile', 'access', 'realpath', 'readlink', 'symlink', 'chmod', 'chown', 'utimes', 'mkdtemp', 'truncate', 'cp', 'link',
]);
const ZLIB = new Set(['gzip', 'gunzip', 'deflate', 'inflate', 'deflateRaw', 'inflateRaw', 'unzip', 'brotliCompress', 'brotliDecompress']);
const CRYPTO: Record<string, string> = { pbkdf2Sync: 'pbkdf2', scryptSync: 'scrypt', randomBytes: 'randomBytes', randomFillSync: 'randomFill', generateKeyPairSync: 'generateKeyPair' };
const BCRYPT: Record<string, string> = { hashSync: 'hash', compareSync: 'compare', genSaltSync: 'genSalt' };

export interface TwinInput {
  call: TSESTree.CallExpression;
  name: string;
  text: string;
  tree: JsTree;
  style: JsStyle;
}

export interface TwinRewrite {
  title: string;
  edits: LocalEdit[];
  safe: boolean;
  notes: string[];
}

/**
 * `X.fooSync` → `X.foo` (same object); an imported `fooSync` → an import of
 * `foo`, in place of `fooSync` when this call was its only use (left behind,
 * it fails `noUnusedLocals` and lint).
 */
function sibling(input: TwinInput, module: string, twin: string): { expr: string; edits: LocalEdit[] } {
  const callee = input.call.callee;
  if (callee.type === 'MemberExpression' && !callee.computed) return { expr: `${textOf(input.text, callee.object)}.${twin}`, edits: [] };
  const named = ensureNamed(input.tree, input.style, module, twin);
  const binding = callee.type === 'Identifier' ? soleUseBinding(input.tree, callee) : undefined;
  if (!binding) return named;
  // The twin already imported: drop the old name; else rename it where it is imported.
  return named.edits.length === 0 ? { expr: named.expr, edits: [removal(input, binding)] } : { expr: twin, edits: [{ span: { start: binding.range[0], end: binding.range[1] }, newText: twin }] };
}

/**
 * The call's arguments as written between its parentheses: from the first
 * argument to the last would cut a parenthesized one in half (`((p: any):
 * string)` in Flow, `(p)`), and the rewrite would not parse.
 */
function argsText(input: TwinInput): string {
  const { call, text } = input;
  const open = openParenOf(text, call);
  const close = call.range[1] - 1;
  if (open !== undefined && text[close] === ')') return text.slice(open + 1, close);
  const args = call.arguments;
  return args.length === 0 ? '' : text.slice(args[0].range[0], args[args.length - 1].range[1]);
}

/** Where the call's `(` is: after its callee and type arguments, past blanks, comments and `?.`. */
function openParenOf(text: string, call: TSESTree.CallExpression): number | undefined {
  let at = (call.typeArguments ?? call.callee).range[1];
  while (at < call.range[1]) {
    if (text[at] === '(') return at;
    if (/\s/.test(text[at])) at++;
    else if (text.startsWith('?.', at)) at += 2;
    else if (text.startsWith('//', at) || text.startsWith('/*', at)) {
      const end = text.startsWith('//', at) ? text.indexOf('\n', at) : text.indexOf('*/', at + 2) + 1;
      if (end <= at) return undefined;
      at = end + 1;
    } else return undefined;
  }
  return undefined;
}

function awaited(input: TwinInput, expr: string, member = ''): string {
  const body = `await ${expr}`;
  if (member) return `(${body})${member}`;
  return needsParens(input.tree, input.call) ? `(${body})` : body;
}

/** The awaited async twin of a sync Node API call, or undefined when there is none. */
export function jsTwin(input: TwinInput): TwinRewrite | undefined {
  const [module, method] = splitName(input.name);
  if (!method) return undefined;
  const args = argsText(input);
  const replace = (newText: string, edits: LocalEdit[], title: string, safe = true, notes: string[] = []): TwinRewrite => ({
    title,
    edits: [...edits, { span: { start: input.call.range[0], end: input.call.range[1] }, newText }],
    safe,
    notes,
  });
  if (module === 'fs') {
    const base = method.replace(/Sync$/, '');
    if (method === 'existsSync') {
      const fsp = fsPromises(input, 'access');
      return replace(awaited(input, `${fsp.expr}(${args}).then(() => true, () => false)`), fsp.edits, 'Await fs.promises.access(...) instead of existsSync');
    }
    if (!method.endsWith('Sync') || !FS_TWINS.has(base)) return undefined;
    const fsp = fsPromises(input, base);
    return replace(awaited(input, `${fsp.expr}(${args})`), fsp.edits, `Await fs.promises.${base}(...)`);
  }
  if (module === 'child_process' && (method === 'execSync' || method === 'execFileSync')) {
    const twin = method.replace(/Sync$/, '');
    const fn = sibling(input, 'child_process', twin);
    const promisify = ensureNamed(input.tree, input.style, 'util', 'promisify');
    const hasEncoding = input.call.arguments.some((a) => a.type === 'ObjectExpression' && a.properties.some((p) => p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === 'encoding'));
    const notes = hasEncoding ? [] : [`${method} returned a Buffer; the promisified ${twin} resolves to a string`];
    return replace(awaited(input, `${promisify.expr}(${fn.expr})(${args})`, '.stdout'), [...promisify.edits, ...fn.edits], `Await promisify(${twin})(...).stdout`, hasEncoding, notes);
  }
  if (module === 'zlib' && method.endsWith('Sync') && ZLIB.has(method.slice(0, -4))) {
    return promisified(input, 'zlib', method.slice(0, -4), args, replace);
  }
  if (module === 'crypto' && CRYPTO[method]) {
    if (method === 'randomBytes' && input.call.arguments.length !== 1) return undefined;
    return promisified(input, 'crypto', CRYPTO[method], args, replace);
  }
  if ((module === 'bcrypt' || module === 'bcryptjs') && BCRYPT[method]) {
    const fn = sibling(input, module, BCRYPT[method]);
    return replace(awaited(input, `${fn.expr}(${args})`), fn.edits, `Await ${module}.${BCRYPT[method]}(...)`);
  }
  return undefined;
}

function promisified(input: TwinInput, module: string, twin: string, args: string, replace: (t: string, e: LocalEdit[], title: string) => TwinRewrite): TwinRewrite {
  const fn = sibling(input, module, twin);
  const promisify = ensureNamed(input.tree, input.style, 'util', 'promisify');
  return replace(awaited(input, `${promisify.expr}(${fn.expr})(${args})`), [...promisify.edits, ...fn.edits], `Await promisify(${module}.${twin})(...)`);
}

/**
 * How to reach `fs/promises`: the file's own `fs/promises` import when it has
 * one (namespace or named list), else `<fs binding>.promises`, else a new
 * namespace import.
 */
function fsPromises(input: TwinInput, method: string): { expr: string; edits: LocalEdit[] } {
  const existing = existingImport(input.tree, 'fs/promises');
  if (existing === 'namespace') {
    const ns = ensureNamespace(input.tree, input.style, 'fs/promises', 'fsPromises');
    return { expr: `${ns.expr}.${method}`, edits: ns.edits };
  }
  if (existing === 'named') return ensureNamed(input.tree, input.style, 'fs/promises', method);
  const callee = input.call.callee;
  if (callee.type === 'MemberExpression' && !callee.computed) return { expr: `${textOf(input.text, callee.object)}.promises.${method}`, edits: [] };
  const ns = ensureNamespace(input.tree, input.style, 'fs/promises', 'fsPromises');
  return { expr: `${ns.expr}.${method}`, edits: ns.edits };
}

function existingImport(tree: JsTree, module: string): 'namespace' | 'named' | undefined {
  const same = (source: string) => source.replace(/^node:/, '') === module;
  for (const s of tree.program.body) {
    if (s.type === 'ImportDeclaration' && same(s.source.value) && s.importKind !== 'type') {
      if (s.specifiers.some((x) => x.type === 'ImportNamespaceSpecifier' || x.type === 'ImportDefaultSpecifier')) return 'namespace';
      if (s.specifiers.some((x) => x.type === 'ImportSpecifier')) return 'named';
    }
    if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations) {
        const init = d.init;
        if (init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require' && init.arguments[0]?.type === 'Literal' && same(String(init.arguments[0].value))) {
          return d.id.type === 'Identifier' ? 'namespace' : 'named';
        }
      }
    }
  }
  return undefined;
}

/** `fs.readFileSync` → [`fs`, `readFileSync`]; `node:fs.x` and `fs/promises` spellings are normalised. */
export function splitName(name: string): [string, string | undefined] {
  const clean = name.replace(/^node:/, '');
  const dot = clean.lastIndexOf('.');
  if (dot < 0) return [clean, undefined];
  return [clean.slice(0, dot), clean.slice(dot + 1)];
}

/**
 * The edit removing an import specifier or destructured property, with the
 * comma that joins it to its list; the whole statement and its line when it
 * is the only one there.
 */
function removal(input: TwinInput, node: TSESTree.ImportSpecifier | TSESTree.Property): LocalEdit {
  const { text, tree } = input;
  const list = tree.parents.get(node);
  const statement = list?.type === 'ObjectPattern' ? tree.parents.get(tree.parents.get(list) ?? list) : list;
  const alone = list?.type === 'ObjectPattern' ? list.properties.length === 1 && statement?.type === 'VariableDeclaration' && statement.declarations.length === 1 : list?.type === 'ImportDeclaration' && list.specifiers.length === 1;
  if (alone && statement) {
    // With the line break before it, so an import added after it (at its end) does not overlap.
    const start = text.slice(0, statement.range[0]).endsWith('\r\n') ? statement.range[0] - 2 : text[statement.range[0] - 1] === '\n' ? statement.range[0] - 1 : statement.range[0];
    return { span: { start, end: statement.range[1] }, newText: '' };
  }
  const after = /^\s*,\s*/.exec(text.slice(node.range[1]));
  if (after) return { span: { start: node.range[0], end: node.range[1] + after[0].length }, newText: '' };
  const before = /,\s*$/.exec(text.slice(0, node.range[0]));
  return { span: { start: node.range[0] - (before?.[0].length ?? 0), end: node.range[1] }, newText: '' };
}
