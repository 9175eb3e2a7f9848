import * as path from 'path';
import type { ModuleHost } from '../language';
import { builtinModules } from 'module';
import { parse as parseJsonc } from 'jsonc-parser';
import { isRelative } from './imports';
import { packageImportTarget } from './packageImports';
import { workspacePackageFile } from './workspacePackages';

const BUILTINS = new Set(builtinModules);

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** TS ESM writes the output extension: `import './x.js'` means `x.ts` in the sources. */
const SOURCE_TWINS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/** Candidate files for a path without knowing whether it names a file or a folder. */
function candidates(base: string): string[] {
  const out = [base];
  const ext = path.extname(base);
  for (const twin of SOURCE_TWINS[ext] ?? []) out.push(base.slice(0, -ext.length) + twin);
  for (const e of EXTENSIONS) out.push(base + e);
  for (const e of EXTENSIONS) out.push(path.join(base, `index${e}`));
  return out;
}

function firstFile(base: string, host: ModuleHost): string | undefined {
  return candidates(base).find((c) => host.hasFile(c));
}

interface PathsConfig {
  baseUrl?: string;
  paths: Array<{ prefix: string; suffix: string; wildcard: boolean; targets: string[] }>;
}

/** Reads `compilerOptions.baseUrl/paths`, following relative `extends`; paths resolve against the config that declares them. */
function readPathsConfig(configFile: string, host: ModuleHost, depth = 0): PathsConfig | undefined {
  const text = host.readConfig(configFile);
  if (text === undefined || depth > 4) return undefined;
  // tsconfig.json is JSON with comments and trailing commas.
  const parsed: unknown = parseJsonc(text, [], { allowTrailingComma: true });
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const config = parsed as { extends?: string; compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } };
  const dir = path.dirname(configFile);
  let inherited: PathsConfig | undefined;
  if (typeof config.extends === 'string' && isRelative(config.extends)) {
    const parent = path.resolve(dir, config.extends);
    inherited = readPathsConfig(parent.endsWith('.json') ? parent : `${parent}.json`, host, depth + 1);
  }
  const options = config.compilerOptions ?? {};
  const baseUrl = options.baseUrl !== undefined ? path.resolve(dir, options.baseUrl) : inherited?.baseUrl;
  let paths = inherited?.paths ?? [];
  if (options.paths) {
    const from = baseUrl ?? dir;
    paths = Object.entries(options.paths).map(([pattern, targets]) => {
      const star = pattern.indexOf('*');
      return {
        prefix: star < 0 ? pattern : pattern.slice(0, star),
        suffix: star < 0 ? '' : pattern.slice(star + 1),
        wildcard: star >= 0,
        targets: targets.map((t) => path.resolve(from, t)),
      };
    });
  }
  return { baseUrl, paths };
}

/** How far above a scanned folder its path mappings may be declared (a monorepo's root tsconfig over `packages/api`). */
const MAX_LEVELS_ABOVE_ROOT = 3;

/**
 * The nearest tsconfig.json / jsconfig.json above `fromFile`, also above the
 * project roots (a scan of `outline/server`, whose `@server/*` paths the
 * repository's root tsconfig declares) when it maps paths.
 */
function nearestConfig(fromFile: string, host: ModuleHost): string | undefined {
  let dir = path.dirname(fromFile);
  let above = -1;
  for (;;) {
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const file = path.join(dir, name);
      // TypeScript takes the nearest config, mappings or not (one that `extends` the root's has them).
      if (host.readConfig(file) !== undefined) return above < 0 || mapsPaths(pathsConfigFor(file, host)) ? file : undefined;
    }
    if (above < 0 && host.roots.includes(dir)) above = 0;
    if (above >= 0 && ++above > MAX_LEVELS_ABOVE_ROOT) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function mapsPaths(config: PathsConfig | undefined): boolean {
  return config !== undefined && (config.paths.length > 0 || config.baseUrl !== undefined);
}

/** Parsed path mappings, by config file and its text (a changed tsconfig is re-read). */
const configCache = new Map<string, { text: string; config: PathsConfig | undefined }>();

function pathsConfigFor(configFile: string, host: ModuleHost): PathsConfig | undefined {
  const text = host.readConfig(configFile) ?? '';
  const cached = configCache.get(configFile);
  if (cached && cached.text === text) return cached.config;
  const config = readPathsConfig(configFile, host);
  configCache.set(configFile, { text, config });
  return config;
}

function resolveWithPaths(spec: string, config: PathsConfig, host: ModuleHost): string | undefined {
  // Longest prefix wins, as in TypeScript.
  const matches = config.paths
    .filter((p) => (p.wildcard ? spec.startsWith(p.prefix) && spec.endsWith(p.suffix) && spec.length >= p.prefix.length + p.suffix.length : spec === p.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  for (const m of matches) {
    const star = m.wildcard ? spec.slice(m.prefix.length, spec.length - m.suffix.length) : '';
    for (const target of m.targets) {
      const found = firstFile(target.replace('*', star), host);
      if (found) return found;
    }
  }
  if (config.baseUrl) return firstFile(path.resolve(config.baseUrl, spec), host);
  return undefined;
}

/**
 * Node/TypeScript resolution of a specifier to a project file: relative
 * paths with extensions, `index` files and the `.js`→`.ts` source mapping;
 * package.json `imports`, then tsconfig/jsconfig `paths` and `baseUrl`, then
 * the monorepo's own packages (workspacePackages.ts). Packages in
 * node_modules are not followed.
 */
export function resolveJavaScriptModule(spec: string, fromFile: string, host: ModuleHost): string | undefined {
  if (spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0])) return undefined;
  if (isRelative(spec)) return firstFile(path.resolve(path.dirname(fromFile), spec), host);
  // package.json `imports` often map to the build output (`#src/*` → `./build/*`), absent from a checkout: tsconfig `paths` then name the source.
  const subpath = packageImportTarget(spec, fromFile, host);
  const imported = subpath && firstFile(subpath, host);
  if (imported) return imported;
  const configFile = nearestConfig(fromFile, host);
  const config = configFile ? pathsConfigFor(configFile, host) : undefined;
  return (config && resolveWithPaths(spec, config, host)) ?? workspacePackageFile(spec, fromFile, host, (base) => firstFile(base, host));
}

/**
 * `pkg.sub.fn` → module/name splits, most specific module first. Module
 * names may hold dots (`socket.io`) and slashes (`@/lib/db`); parenthesised
 * instance segments never belong to the module.
 */
export function splitJavaScriptName(name: string): Array<{ module: string; name: string }> {
  const out: Array<{ module: string; name: string }> = [];
  const firstCall = name.indexOf('(');
  const limit = firstCall < 0 ? name.length : firstCall;
  for (let i = limit - 1; i > 0; i--) {
    if (name[i] !== '.') continue;
    out.push({ module: name.slice(0, i), name: name.slice(i + 1) });
  }
  // A default import by a bare specifier (`import Posts from '@/components/posts'`) is named by its module alone: the least specific split.
  if (firstCall < 0) out.push({ module: name, name: 'default' });
  return out;
}
