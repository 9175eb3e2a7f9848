import * as path from 'path';
import type { ModuleHost } from '../language';

/** Condition names tried in order when a target is an object (`{"import": ..., "default": ...}`). */
const CONDITIONS = ['source', 'types', 'import', 'require', 'node', 'default'];
const MAX_NESTING = 4;

/** The first string target of a `imports` entry, through condition objects and arrays. */
export function targetOf(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return value;
  if (depth > MAX_NESTING || !value || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = targetOf(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const record = value as Record<string, unknown>;
  for (const condition of CONDITIONS) {
    const found = condition in record ? targetOf(record[condition], depth + 1) : undefined;
    if (found) return found;
  }
  return undefined;
}

/**
 * The nearest package.json above `fromFile` (inside the project roots), with
 * its folder; `pkg` is undefined when it does not parse. It is the file's
 * package: Node looks no further.
 */
export function nearestPackageJson(fromFile: string, host: ModuleHost): { dir: string; pkg: Record<string, unknown> | undefined } | undefined {
  let dir = path.dirname(fromFile);
  for (;;) {
    const text = host.readConfig(path.join(dir, 'package.json'));
    if (text !== undefined) {
      try {
        const pkg: unknown = JSON.parse(text);
        return { dir, pkg: pkg && typeof pkg === 'object' && !Array.isArray(pkg) ? (pkg as Record<string, unknown>) : undefined };
      } catch {
        return { dir, pkg: undefined };
      }
    }
    if (host.roots.includes(dir)) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The `imports` map of the package `fromFile` belongs to, with its folder. */
function nearestImports(fromFile: string, host: ModuleHost): { dir: string; imports: Record<string, unknown> } | undefined {
  const found = nearestPackageJson(fromFile, host);
  const imports = found?.pkg?.imports;
  return found && imports && typeof imports === 'object' ? { dir: found.dir, imports: imports as Record<string, unknown> } : undefined;
}

/**
 * Node subpath imports: `#server/db` through the package's `imports`
 * (`"#server/*": "./src/server/*.ts"`, condition objects too), as the path
 * of the target; the caller tries extensions and source twins.
 */
export function packageImportTarget(spec: string, fromFile: string, host: ModuleHost): string | undefined {
  if (!spec.startsWith('#')) return undefined;
  const found = nearestImports(fromFile, host);
  if (!found) return undefined;
  const exact = targetOf(found.imports[spec]);
  if (exact) return path.resolve(found.dir, exact);
  // Patterns: the longest prefix before `*` wins, as in Node.
  const patterns = Object.keys(found.imports)
    .filter((key) => key.includes('*'))
    .map((key) => ({ key, prefix: key.slice(0, key.indexOf('*')), suffix: key.slice(key.indexOf('*') + 1) }))
    .filter((p) => spec.startsWith(p.prefix) && spec.endsWith(p.suffix) && spec.length >= p.prefix.length + p.suffix.length)
    .sort((a, b) => b.prefix.length - a.prefix.length);
  for (const pattern of patterns) {
    const target = targetOf(found.imports[pattern.key]);
    if (!target) continue;
    const star = spec.slice(pattern.prefix.length, spec.length - pattern.suffix.length);
    return path.resolve(found.dir, target.replace(/\*/g, star));
  }
  return undefined;
}
