import type { RunCondition } from '../../model';
import type { FileContext, FileHandler, FileMatcher } from './types';

const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const SCRIPT = '\\.(js|jsx|ts|tsx|mjs|cjs|mts|cts)$';
const PAGES_API = new RegExp(`(^|/)pages/(api/.*)${SCRIPT}`);
const PAGES = new RegExp(`(^|/)pages/(.*)${SCRIPT}`);
const APP_ROUTE = new RegExp(`(^|/)app/(.*/)?route${SCRIPT}`);
const APP_PAGE = new RegExp(`(^|/)app/(.*/)?page${SCRIPT}`);
const MIDDLEWARE = new RegExp(`(^|/)(src/)?(middleware|proxy)${SCRIPT}`);

/**
 * Whether Next.js renders an app route's GET once instead of on every request,
 * from the file's route segment config: `dynamic = 'force-static'` (or
 * `'error'`) renders it at build time; `revalidate = N` (or `false`) too, and
 * again at most every N s, unless the handler reads the request (a parameter,
 * `cookies()`/`headers()`), which makes it dynamic again. Otherwise (Next 15
 * on) GET runs on every request, as other methods always do.
 */
function staticRendering(file: FileContext): RunCondition | undefined {
  const dynamic = file.exportedLiteral('dynamic');
  const revalidate = file.exportedLiteral('revalidate');
  const forced = dynamic === 'force-static' || dynamic === 'error';
  const readsRequest = (file.exportedParamCount('GET') ?? 1) > 0 || file.imports.has('next/headers');
  if (dynamic === 'force-dynamic' || (!forced && readsRequest)) return undefined;
  if (typeof revalidate === 'number' && revalidate > 0) {
    return { kind: 'once', scope: 'ttl', reason: `\`export const revalidate = ${revalidate}\`: Next.js serves the cached response and renders the route again at most every ${revalidate} s` };
  }
  if (!forced && revalidate !== false) return undefined;
  const config = forced ? `dynamic = '${dynamic}'` : 'revalidate = false';
  return { kind: 'once', scope: 'process', reason: `\`export const ${config}\`: Next.js renders the route once, at build time` };
}

/**
 * Whether Next.js renders an app page (a server component) on every request:
 * `dynamic = 'force-dynamic'` or `revalidate = 0`, or a page that reads the
 * request (`searchParams`, `cookies()`/`headers()` from `next/headers`).
 * Other pages are rendered at build time or regenerated in the background
 * (ISR), so their code is not on a request's path.
 */
function pageRendersPerRequest(file: FileContext): boolean {
  const dynamic = file.exportedLiteral('dynamic');
  if (file.useClient || dynamic === 'force-static' || dynamic === 'error') return false;
  return dynamic === 'force-dynamic' || file.exportedLiteral('revalidate') === 0 || file.imports.has('next/headers') || file.mentions('searchParams');
}

/** `app/(shop)/items/[id]` → `/items/[id]`: route groups `(marketing)` and parallel-route slots `@modal` are not part of the URL. */
function appRouteOf(dir: string | undefined): string {
  return routeOf((dir ?? '').replace(/\/$/, '').split('/').filter((s) => !/^\(.*\)$|^@/.test(s)).join('/'));
}

/** `pages/api/users/[id].ts` → `/api/users/[id]`; `index` drops out. */
function routeOf(rest: string): string {
  return `/${rest.replace(/(^|\/)index$/, '')}`.replace(/\/$/, '') || '/';
}

/**
 * Next.js, by file path: `pages/api/**` default exports, `getServerSideProps`,
 * `app/**\/route.ts` method exports, `app/**\/page.tsx` server components
 * rendered per request, root `middleware.ts`/`proxy.ts`, and
 * server actions (`'use server'` files and inline directives).
 */
export const next: FileMatcher = {
  framework: 'nextjs',
  match(file: FileContext): FileHandler[] {
    const out: FileHandler[] = [];
    const path = file.relativePath;
    const add = (exportName: string, route: string | null, methods?: string[], runCondition?: RunCondition) => {
      const ref = file.exports.get(exportName);
      if (ref) out.push({ ref, framework: 'nextjs', route, methods, ...(runCondition ? { runCondition } : {}) });
    };
    const api = PAGES_API.exec(path);
    if (api) add('default', routeOf(api[2]), undefined);
    else if (PAGES.test(path)) add('getServerSideProps', `getServerSideProps ${routeOf(PAGES.exec(path)![2])}`);
    const appRoute = APP_ROUTE.exec(path);
    if (appRoute) {
      const route = appRouteOf(appRoute[2]);
      for (const method of ROUTE_METHODS) add(method, route, [method], method === 'GET' ? staticRendering(file) : undefined);
    }
    const appPage = APP_PAGE.exec(path);
    if (appPage && pageRendersPerRequest(file)) add('default', appRouteOf(appPage[2]), ['GET']);
    const middleware = MIDDLEWARE.exec(path);
    // At the project root by path; deeper (a monorepo app scanned from above) only when it uses next/server.
    const atRoot = middleware && (middleware.index === 0 || file.imports.has('next/server'));
    if (middleware && atRoot) {
      if (file.exports.has('default')) add('default', middleware[3]);
      else add(middleware[3], middleware[3]);
    }
    if (file.useServer) {
      for (const [name] of file.exports) if (file.isLocalFunction(name)) add(name, 'server action');
    }
    for (const name of file.inlineServerActions) out.push({ ref: { module: null, name }, framework: 'nextjs', route: 'server action' });
    return out;
  },
};
