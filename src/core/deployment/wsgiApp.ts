import * as path from 'path';
import type { ReadText } from './requirements';

const FLASK_APP = /^(\w+)\s*(?::\s*\w+\s*)?=\s*(?:flask\.)?Flask\s*\(/m;
const FACTORY = /^def\s+(create_app|make_app)\s*\(\s*\)/m;
const DJANGO_WSGI = /^(\w+)\s*=\s*get_wsgi_application\s*\(/m;

/**
 * The `module:object` gunicorn should load for an app folder, read from the
 * code: Django's `wsgi.py`, a module-level `Flask(...)` object, or an
 * argument-less `create_app()` factory. Modules nearest the app root win.
 */
export function wsgiAppSpec(appRoot: string, pythonFiles: readonly string[], readText: ReadText): string | undefined {
  const bases = [appRoot, path.join(appRoot, 'src')];
  const moduleName = (file: string) => {
    const base = bases.filter((b) => file.startsWith(b + path.sep)).pop();
    if (!base) return undefined;
    const parts = path.relative(base, file).replace(/\.py$/, '').split(path.sep);
    if (parts[parts.length - 1] === '__init__') parts.pop();
    return parts.every((p) => /^[A-Za-z_]\w*$/.test(p)) && parts.length > 0 ? parts.join('.') : undefined;
  };
  const byDepth = [...pythonFiles]
    .filter((f) => !/(^|[\\/])(tests?|migrations)[\\/]/.test(path.relative(appRoot, f)))
    .sort((a, b) => a.split(path.sep).length - b.split(path.sep).length || a.localeCompare(b));
  for (const pattern of [DJANGO_WSGI, FLASK_APP, FACTORY]) {
    for (const file of byDepth) {
      const text = readText(file);
      const match = text === undefined ? null : pattern.exec(text);
      const module = match ? moduleName(file) : undefined;
      if (!match || !module) continue;
      return pattern === FACTORY ? `${module}:${match[1]}()` : `${module}:${match[1]}`;
    }
  }
  return undefined;
}
