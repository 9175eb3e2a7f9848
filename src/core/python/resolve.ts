import * as path from 'path';
import type { ModuleHost } from '../language';

function candidates(base: string, parts: string[]): string[] {
  if (parts.length === 0) return [path.join(base, '__init__.py')];
  const joined = path.join(base, ...parts);
  return [`${joined}.py`, path.join(joined, '__init__.py'), `${joined}.pyi`];
}

const ordered = new WeakMap<readonly string[], Map<string, string[]>>();

/**
 * The import roots in the order `fromFile`'s own process searches them: the
 * roots its app lives under first, nearest first, then the others. Two apps
 * of a monorepo that both have an `app` package each import their own.
 */
function rootsFor(fromFile: string, roots: readonly string[]): string[] {
  let byDir = ordered.get(roots);
  if (!byDir) ordered.set(roots, (byDir = new Map()));
  const dir = path.dirname(fromFile);
  let list = byDir.get(dir);
  if (!list) {
    const inside = (root: string) => dir === root || dir.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
    const own = roots.filter(inside).sort((a, b) => b.length - a.length);
    list = [...own, ...roots.filter((r) => !inside(r))];
    byDir.set(dir, list);
  }
  return list;
}

/**
 * A module as written in `fromFile` → a project file. Relative specs
 * (`.services`, `..pkg.mod`, `.`) start at the file's package; absolute
 * ones (`app.services`) are tried under each project root.
 */
export function resolveModule(spec: string, fromFile: string, host: ModuleHost): string | undefined {
  const dots = /^\.*/.exec(spec)![0].length;
  const rest = spec.slice(dots);
  const parts = rest ? rest.split('.') : [];
  if (parts.some((p) => !/^\w+$/.test(p))) return undefined;
  if (dots > 0) {
    let base = path.dirname(fromFile);
    for (let i = 1; i < dots; i++) base = path.dirname(base);
    return candidates(base, parts).find((c) => host.hasFile(c));
  }
  if (parts.length === 0) return undefined;
  for (const root of rootsFor(fromFile, host.roots)) {
    const found = candidates(root, parts).find((c) => host.hasFile(c));
    if (found) return found;
  }
  return undefined;
}

/**
 * `pkg.mod.f` → `[{pkg.mod, f}, {pkg, mod.f}]`, longest module first. A
 * module is never split after an instance (`app.svc.Report().build` →
 * `{app.svc, Report.build}`, `{app, svc.Report.build}`): the `()` are dropped
 * from the symbol, which is then `Class.method`.
 */
/** `.X` / `..X` as `from . import X` binds it: the package `.` and its name `X`. */
export function packageMember(spec: string): { module: string; name: string } | undefined {
  const match = /^(\.+)([A-Za-z_]\w*)$/.exec(spec);
  return match ? { module: match[1], name: match[2] } : undefined;
}

export function splitQualifiedName(name: string): Array<{ module: string; name: string }> {
  const segments = name.split('.');
  const firstInstance = segments.findIndex((s) => s.endsWith(')'));
  const maxModuleLength = Math.min(segments.length - 1, firstInstance < 0 ? segments.length - 1 : firstInstance);
  const result: Array<{ module: string; name: string }> = [];
  for (let length = maxModuleLength; length >= 1; length--) {
    const rest = segments.slice(length);
    // Only a class instance (one `()`) maps to project code: return values are not tracked.
    if (rest.filter((s) => s.endsWith(')')).length > 1) continue;
    const symbol = rest.map((s) => s.replace(/\(\)$/, '')).join('.');
    if (!symbol || symbol.includes('(')) continue;
    result.push({ module: segments.slice(0, length).join('.'), name: symbol });
  }
  return result;
}
