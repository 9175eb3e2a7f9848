import type { AppReadiness, Finding, ScanResult } from '../model';

export type { AppReadiness };

/** Sync WSGI frameworks and what an ASGI move would be for each. */
const ASGI_MOVE: Record<string, string> = {
  flask: 'Quart (Flask\'s API on asyncio) or FastAPI',
  django: 'Django under an ASGI server (uvicorn, daphne)',
};

/**
 * The article's other advice, per app: an app whose views are mostly async
 * and I/O-bound gains from an ASGI framework (one event loop instead of a
 * private loop per request); one that is mostly sync gains more from gevent
 * workers. Says what would change; migrates nothing.
 */
export function readinessOf(
  result: ScanResult,
  appRootOf: (file: string) => string,
  cooperative: (file: string) => boolean = () => false,
  /** The ASGI server the app is already served by (`granian`, `uvicorn`), if the deployment says so. */
  asgiServer: (file: string) => string | undefined = () => undefined,
): AppReadiness[] {
  const apps = new Map<string, { framework: string; views: number; asyncViews: number; findings: Finding[]; cooperative: boolean; asgi?: string }>();
  for (const h of result.handlers) {
    // An example or test app is not the app being judged.
    if (h.testCode) continue;
    const framework = h.framework.toLowerCase();
    if (!ASGI_MOVE[framework]) continue;
    const key = `${appRootOf(h.file)}\0${framework}`;
    const app = apps.get(key) ?? { framework, views: 0, asyncViews: 0, findings: [], cooperative: cooperative(h.file), asgi: asgiServer(h.file) };
    app.views++;
    if (h.kind === 'async') app.asyncViews++;
    apps.set(key, app);
  }
  for (const f of result.findings) {
    if (!f.handler || f.category === 'config') continue;
    const app = apps.get(`${appRootOf(f.handler.file)}\0${f.handler.framework.toLowerCase()}`);
    if (app) app.findings.push(f);
  }
  return [...apps.entries()].map(([key, app]) => {
    const appRoot = key.split('\0')[0];
    const counts = new Map<string, number>();
    for (const f of app.findings) if (f.category !== 'cpu') counts.set(leafCall(f), (counts.get(leafCall(f)) ?? 0) + 1);
    const syncLibraries = [...counts.entries()].map(([call, count]) => ({ call, count })).sort((a, b) => b.count - a.count || a.call.localeCompare(b.call));
    const cpuCalls = app.findings.filter((f) => f.category === 'cpu').length;
    return { appRoot, framework: app.framework, views: app.views, asyncViews: app.asyncViews, syncLibraries, cpuCalls, verdict: verdictOf(app.framework, app.views, app.asyncViews, syncLibraries.length, cpuCalls, app.cooperative, app.asgi) };
  }).sort((a, b) => a.appRoot.localeCompare(b.appRoot) || a.framework.localeCompare(b.framework));
}

function leafCall(f: Finding): string {
  return f.chain.length > 0 ? f.chain[f.chain.length - 1].name : f.call;
}

function verdictOf(framework: string, views: number, asyncViews: number, syncLibraries: number, cpuCalls: number, cooperative: boolean, asgi?: string): string {
  const move = ASGI_MOVE[framework];
  if (asgi && framework === 'django') {
    // Already there: Django under an ASGI server runs each sync view in a thread, each async one on the server's loop.
    const cpu = cpuCalls > 0 ? `; its ${cpuCalls} CPU-bound call${cpuCalls === 1 ? '' : 's'} hold${cpuCalls === 1 ? 's' : ''} a thread (or, in an async view, the loop) and belong${cpuCalls === 1 ? 's' : ''} in a process pool or a task queue` : '';
    const async = asyncViews > 0 ? `, ${asyncViews} async view${asyncViews === 1 ? '' : 's'} on the server's event loop, where each blocking call listed stalls every request` : '';
    return `Already served by ${asgi} (ASGI): ${views - asyncViews} sync view${views - asyncViews === 1 ? '' : 's'} each in a thread of its own${async}; no server move is needed${cpu}`;
  }
  const calls = `${cpuCalls} CPU-bound call${cpuCalls === 1 ? '' : 's'}`;
  if (asyncViews * 2 >= views && asyncViews > 0) {
    const twins = syncLibraries > 0 ? '; the blocking calls listed would then need their async twins (httpx, asyncpg, aiofiles...) or an offload, or they would stall the shared loop' : '';
    const cpu = cpuCalls > 0 ? `; its ${calls} would block that loop too: move them to a process pool first` : '';
    return `Mostly async (${asyncViews} of ${views} views): ${move} would run them on one event loop per worker instead of a private loop per request${twins}${cpu}`;
  }
  const cpu = cpuCalls > 0 ? `; its ${calls} need${cpuCalls === 1 ? 's' : ''} a process pool or a task queue either way` : '';
  const sync = `Mostly sync (${views - asyncViews} of ${views} views)`;
  if (cooperative) return `${sync} and already served cooperatively by gevent: a move to ${move} would mean rewriting the views as async for little gain${cpu}`;
  return `${sync}: gevent workers (the server fix offered above) buy more than a move to ${move}, which would mean rewriting the views as async${cpu}`;
}
