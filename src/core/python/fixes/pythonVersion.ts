import * as path from 'path';
import { pathExists } from '../../files/folders';
import { readConfigFile } from '../../fixes/configFiles';

/** Lowest Python 3 minor version a specifier allows: `>=3.8` → 8, `^3.7` → 7, `~=3.10` → 10. */
export function minimumMinor(specifier: string): number | undefined {
  const minors: number[] = [];
  for (const clause of specifier.split(/[,|]/)) {
    const m = /^\s*(>=|\^|~=|~|==|>)?\s*3\.(\d+)/.exec(clause.replace(/["']/g, ''));
    if (!m) continue;
    const op = m[1] ?? '==';
    if (op === '>') minors.push(Number(m[2]) + 1);
    else minors.push(Number(m[2]));
  }
  return minors.length > 0 ? Math.max(...minors) : undefined;
}

/** The `requires-python` / `python_requires` / poetry `python` value in one config file's text. */
export function requiresPythonIn(fileName: string, text: string): string | undefined {
  const base = path.basename(fileName);
  if (base === 'pyproject.toml') {
    return /^\s*requires-python\s*=\s*["']([^"']+)["']/m.exec(text)?.[1] ?? /^\s*python\s*=\s*["']([^"']+)["']/m.exec(text)?.[1];
  }
  if (base === 'setup.cfg') return /^\s*python_requires\s*=\s*(.+)$/m.exec(text)?.[1]?.trim();
  if (base === 'setup.py') return /python_requires\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
  // The interpreter the app is deployed with pins the version as surely as a specifier.
  if (base === '.python-version') return /^\s*(3\.\d+)/m.exec(text)?.[1];
  if (base === 'runtime.txt') return /^\s*python-(3\.\d+)/m.exec(text)?.[1];
  if (base === 'Dockerfile') return /^\s*FROM\s+(?:\S+\/)?python:(3\.\d+)/im.exec(text)?.[1];
  return undefined;
}

const CONFIGS = ['pyproject.toml', 'setup.cfg', 'setup.py', '.python-version', 'runtime.txt', 'Dockerfile'];

/**
 * Minimum Python 3 minor version declared by the nearest project config above
 * `file` (pyproject.toml, setup.cfg, setup.py), or undefined when none says.
 * Stops at a repository root (`.git`).
 */
export function minimumPythonMinor(file: string, read: (p: string) => string | undefined = readConfigFile): number | undefined {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    for (const name of CONFIGS) {
      const text = read(path.join(dir, name));
      const spec = text === undefined ? undefined : requiresPythonIn(name, text);
      const minor = spec === undefined ? undefined : minimumMinor(spec);
      if (minor !== undefined) return minor;
    }
    const parent = path.dirname(dir);
    if (parent === dir || pathExists(path.join(dir, '.git'))) return undefined;
    dir = parent;
  }
}
