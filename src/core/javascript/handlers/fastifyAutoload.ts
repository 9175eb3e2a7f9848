import * as path from 'path';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyName, unwrap } from '../ast';

/**
 * `fastify.register(AutoLoad, { dir: path.join(__dirname, 'routes') })`:
 * @fastify/autoload registers every module under `dir` as a plugin, calling
 * its exported function with a Fastify instance (the layout `fastify-cli
 * generate` writes). Nothing in the project calls those functions, so the
 * folder is what says their first parameter is a Fastify instance.
 */
const AUTOLOAD = new Set(['@fastify/autoload', '@fastify/autoload.default', '@fastify/autoload.autoload', '@fastify/autoload.fastifyAutoload', 'fastify-autoload', 'fastify-autoload.default']);
const PATH_JOINS = new Set(['path.join', 'path.resolve']);

/** The folder an autoload registration loads, absolute; undefined for any other call or a folder not written statically. */
export function autoloadDir(call: TSESTree.CallExpression, file: string, externalName: (node: TSESTree.Node) => string | undefined): string | undefined {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'register' || call.arguments.length < 2) return undefined;
  const plugin = externalName(unwrap(call.arguments[0]));
  const options = unwrap(call.arguments[1]);
  if (plugin === undefined || !AUTOLOAD.has(plugin) || options.type !== 'ObjectExpression') return undefined;
  for (const prop of options.properties) {
    if (prop.type === 'Property' && propertyName(prop) === 'dir') return staticFolder(unwrap(prop.value), file, externalName);
  }
  return undefined;
}

/** `path.join(__dirname, 'routes')`, `join(import.meta.dirname, 'routes')`, `path.resolve(__dirname, '..', 'routes')`. */
function staticFolder(node: TSESTree.Node, file: string, externalName: (node: TSESTree.Node) => string | undefined): string | undefined {
  if (node.type !== 'CallExpression' || !PATH_JOINS.has((externalName(node.callee) ?? '').replace(/^node:/, ''))) return undefined;
  const parts: string[] = [];
  for (const [i, raw] of node.arguments.entries()) {
    const arg = unwrap(raw);
    if (i === 0 && isModuleFolder(arg)) parts.push(path.dirname(file));
    else if (arg.type === 'Literal' && typeof arg.value === 'string') parts.push(arg.value);
    else return undefined;
  }
  return parts.length > 1 && path.isAbsolute(parts[0]) ? path.join(...parts) : undefined;
}

function isModuleFolder(node: TSESTree.Node): boolean {
  if (node.type === 'Identifier') return node.name === '__dirname';
  return node.type === 'MemberExpression' && node.object.type === 'MetaProperty' && propertyName(node) === 'dirname';
}
