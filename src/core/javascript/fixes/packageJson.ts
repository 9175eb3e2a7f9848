import * as path from 'path';
import { pathExists } from '../../files/folders';
import { readConfigFile } from '../../fixes/configFiles';

/** The nearest package.json above `file` (parsed), stopping at a repository root. */
export function nearestPackageJson(file: string, read: (p: string) => string | undefined = readConfigFile): Record<string, unknown> | undefined {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    const text = read(path.join(dir, 'package.json'));
    if (text !== undefined) {
      try {
        return JSON.parse(text) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir || pathExists(path.join(dir, '.git'))) return undefined;
    dir = parent;
  }
}

/** Major version of a dependency as declared (`^4.18.2` → 4), or undefined. */
export function declaredMajor(pkg: Record<string, unknown> | undefined, name: string): number | undefined {
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
    const deps = pkg?.[field] as Record<string, string> | undefined;
    const spec = deps?.[name];
    if (typeof spec === 'string') {
      const m = /(\d+)/.exec(spec);
      return m ? Number(m[1]) : undefined;
    }
  }
  return undefined;
}
