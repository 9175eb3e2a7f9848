import * as path from 'path';
import { parse as parseJsonc } from 'jsonc-parser';
import type { ModuleHost } from '../language';
import { nearestPackageJson, targetOf } from './packageImports';

/**
 * Packages of a monorepo imported by name (`@openstatus/utils`,
 * `@logto/cli/lib/connector/index.js`): the package.json of that name in the
 * scanned tree, when the importing package lists it among its dependencies
 * (pnpm and Yarn link only what is listed) or is that package itself. Its
 * entry point is read from `exports`, `source`, `types`, `module` and
 * `main`; one that names the build output (absent from a checkout) is
 * mapped back to the sources through the package's tsconfig `outDir` and
 * `rootDir` (`lib/index.js` → `src/index.ts`).
 */

interface PackageJson {
  name?: unknown;
  exports?: unknown;
  source?: unknown;
  types?: unknown;
  typings?: unknown;
  module?: unknown;
  main?: unknown;
  dependencies?: unknown;
  devDependencies?: unknown;
  peerDependencies?: unknown;
  optionalDependencies?: unknown;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

function readJson<T>(file: string, host: ModuleHost): T | undefined {
  const text = host.readConfig(file);
  if (text === undefined) return undefined;
  const parsed: unknown = parseJsonc(text, [], { allowTrailingComma: true });
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as T) : undefined;
}

/** `@scope/name/sub/path` → [`@scope/name`, `sub/path`]. */
export function splitPackageSpec(spec: string): { name: string; subpath: string } | undefined {
  const parts = spec.split('/');
  const count = spec.startsWith('@') ? 2 : 1;
  if (parts.length < count || parts.slice(0, count).some((p) => p === '' || p === '.' || p === '..')) return undefined;
  return { name: parts.slice(0, count).join('/'), subpath: parts.slice(count).join('/') };
}

function listsDependency(pkg: PackageJson, name: string): boolean {
  return DEPENDENCY_FIELDS.some((field) => {
    const deps = pkg[field];
    return !!deps && typeof deps === 'object' && Object.prototype.hasOwnProperty.call(deps, name);
  });
}

/** The target `exports` gives a subpath (`.` or `./lib/x.js`), through conditions and `*` patterns. */
function exportTarget(exports: unknown, subpath: string): string | undefined {
  const key = subpath === '' ? '.' : `./${subpath}`;
  if (typeof exports === 'string' || Array.isArray(exports)) return key === '.' ? targetOf(exports) : undefined;
  if (!exports || typeof exports !== 'object') return undefined;
  const map = exports as Record<string, unknown>;
  // Conditions at the top level (`{"import": ..., "default": ...}`) are the `.` entry.
  if (!Object.keys(map).some((k) => k.startsWith('.'))) return key === '.' ? targetOf(map) : undefined;
  if (key in map) return targetOf(map[key]);
  for (const pattern of Object.keys(map).filter((k) => k.includes('*')).sort((a, b) => b.length - a.length)) {
    const [prefix, suffix] = [pattern.slice(0, pattern.indexOf('*')), pattern.slice(pattern.indexOf('*') + 1)];
    if (!key.startsWith(prefix) || !key.endsWith(suffix) || key.length < prefix.length + suffix.length) continue;
    const target = targetOf(map[pattern]);
    if (target) return target.replace(/\*/g, key.slice(prefix.length, key.length - suffix.length));
  }
  return undefined;
}

/** `lib/x.js` under the package's tsconfig `outDir` → the same path under `rootDir` (default `src`). */
function sourceOfOutput(dir: string, target: string, host: ModuleHost): string | undefined {
  const options = readJson<{ compilerOptions?: { outDir?: unknown; rootDir?: unknown } }>(path.join(dir, 'tsconfig.json'), host)?.compilerOptions;
  const outDirs = [options?.outDir, 'lib', 'dist', 'build'].filter((d): d is string => typeof d === 'string');
  const rootDir = path.resolve(dir, typeof options?.rootDir === 'string' ? options.rootDir : 'src');
  for (const outDir of outDirs) {
    const out = path.resolve(dir, outDir);
    const relative = path.relative(out, target);
    if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
    return path.join(rootDir, relative.replace(/\.d\.(m|c)?ts$/, '.$1js'));
  }
  return undefined;
}

/**
 * The file a bare specifier names in a workspace package of the scanned
 * tree, tried by `firstFile` (extensions, index files, `.js` → `.ts`).
 */
export function workspacePackageFile(spec: string, fromFile: string, host: ModuleHost, firstFile: (base: string) => string | undefined): string | undefined {
  const split = splitPackageSpec(spec);
  const dir = split && host.packageDir?.(split.name);
  if (!split || !dir) return undefined;
  const importer = nearestPackageJson(fromFile, host);
  if (!importer || (importer.dir !== dir && !listsDependency(importer.pkg ?? {}, split.name))) return undefined;
  const pkg = readJson<PackageJson>(path.join(dir, 'package.json'), host) ?? {};
  const entries = split.subpath === ''
    ? [exportTarget(pkg.exports, ''), pkg.source, pkg.types, pkg.typings, pkg.module, pkg.main, 'index']
    : [exportTarget(pkg.exports, split.subpath), split.subpath];
  for (const entry of entries) {
    if (typeof entry !== 'string') continue;
    const target = path.resolve(dir, entry);
    const found = firstFile(target.replace(/\.d\.(m|c)?ts$/, '.$1js'));
    if (found) return found;
    const source = sourceOfOutput(dir, target, host);
    const fromSource = source && firstFile(source);
    if (fromSource) return fromSource;
  }
  return undefined;
}
