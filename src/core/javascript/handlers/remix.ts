import type { FileContext, FileHandler, FileMatcher } from './types';

/**
 * Remix and React Router framework mode: a route module's `loader` and
 * `action` run on the server for every request of their route (`clientLoader`
 * runs in the browser). Route modules are the files under `app/routes/` and
 * `app/root`; the route is spelled from the file name (flat routes: `.` for
 * `/`, `$id` for `:id`, `_index` for the index, `+` folders).
 */
const ROUTE_MODULE = /(^|\/)app\/(routes\/.+|root)\.(js|jsx|ts|tsx)$/;
const SERVER_EXPORTS: Array<[string, string]> = [['loader', 'GET'], ['action', 'POST']];

function routeOf(module: string): string {
  if (module === 'root') return '/';
  const segments = module
    .replace(/^routes\//, '')
    .replace(/\/route$/, '')
    .split(/[./]/)
    .map((s) => s.replace(/\+$/, ''))
    // `_index` and pathless layouts (`_auth`) add nothing; `$id` is a parameter, a trailing `_` only escapes nesting.
    .filter((s) => s !== '' && s !== '_index' && !s.startsWith('_'))
    .map((s) => (s === '$' ? '*' : s.replace(/^\$/, ':').replace(/_$/, '')));
  return `/${segments.join('/')}`;
}

export const remix: FileMatcher = {
  framework: 'remix',
  match(file: FileContext): FileHandler[] {
    const module = ROUTE_MODULE.exec(file.relativePath);
    if (!module) return [];
    const route = routeOf(module[2]);
    const out: FileHandler[] = [];
    for (const [name, method] of SERVER_EXPORTS) {
      const ref = file.exports.get(name);
      if (ref) out.push({ ref, framework: 'remix', route, methods: [method] });
    }
    return out;
  },
};
