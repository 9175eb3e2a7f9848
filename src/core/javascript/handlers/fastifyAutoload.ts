import * as path from 'path';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { FileModel, HandlerInfo } from '../../model';
import { isWithin } from '../../files/paths';
import { propertyName, unwrap } from '../ast';
import { FAMILY_SAMPLES } from './objects';

/** What a plugin's first parameter is seeded with. */
export const FASTIFY_INSTANCE = FAMILY_SAMPLES.find((s) => s.family === 'fastify')!.name;

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

/** The facts the analyzer leaves: folders @fastify/autoload loads. */
interface AutoloadFacts {
  autoloadDirs?: string[];
}

/** A module under an autoloaded folder: its default-exported function, and the route prefix autoload gives it. */
export interface AutoloadedPlugin {
  model: FileModel;
  fn: string;
  /** Its folder below the loaded one (`routes/users/index.ts` → `/users`; '' at the top). */
  prefix: string;
}

/** Every autoloaded plugin, by `file#fn` of its function. */
export function autoloadedPlugins(models: readonly FileModel[]): Map<string, AutoloadedPlugin> {
  const plugins = new Map<string, AutoloadedPlugin>();
  const dirs = models.flatMap((m) => (m.facts as AutoloadFacts | undefined)?.autoloadDirs ?? []);
  if (dirs.length === 0) return plugins;
  for (const model of models) {
    if (model.language !== 'javascript') continue;
    const dir = dirs.find((d) => isWithin(model.file, d));
    const plugin = dir === undefined ? undefined : model.exports.get('default');
    if (!dir || !plugin || plugin.module !== null) continue;
    const folder = path.relative(dir, path.dirname(model.file)).split(path.sep).join('/');
    plugins.set(`${model.file}#${plugin.name}`, { model, fn: plugin.name, prefix: folder ? `/${folder}` : '' });
  }
  return plugins;
}

/** A route registered in an autoloaded plugin, under the plugin's folder. */
export function withAutoloadPrefix(prefix: string | undefined, handler: HandlerInfo): HandlerInfo {
  if (!prefix || handler.route === null || !handler.route.startsWith('/')) return handler;
  return { ...handler, route: handler.route === '/' ? `${prefix}/` : `${prefix}${handler.route}` };
}

/**
 * Registrations the file makes itself inside an autoloaded plugin in a
 * sub-folder (on a parameter typed `FastifyInstance`), again with the
 * folder's prefix: the index takes these over the file's own.
 */
export function autoloadPrefixedHandlers(plugins: ReadonlyMap<string, AutoloadedPlugin>): Map<string, HandlerInfo[]> {
  const out = new Map<string, HandlerInfo[]>();
  for (const { model, fn, prefix } of plugins.values()) {
    const plugin = prefix ? model.functions.find((f) => f.name === fn) : undefined;
    if (!plugin) continue;
    const inside = model.handlers.filter((h) => h.location.line >= plugin.range.line && h.location.line <= plugin.range.endLine && h.route?.startsWith('/'));
    if (inside.length > 0) out.set(model.file, inside.map((h) => withAutoloadPrefix(prefix, h)));
  }
  return out;
}
