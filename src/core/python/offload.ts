/**
 * Offload helpers: a lambda or nested def handed to one of these runs off the
 * event loop (framework facts, "Offload helpers"). Framework knowledge, not
 * rule-catalog API names, so it lives with the language.
 */

/** Matched on the resolved qualified name. */
export const OFFLOAD_FUNCTIONS: ReadonlySet<string> = new Set([
  'asyncio.to_thread',
  'starlette.concurrency.run_in_threadpool',
  'fastapi.concurrency.run_in_threadpool',
  'anyio.to_thread.run_sync',
  'quart.utils.run_sync',
  'asgiref.sync.sync_to_async',
  'trio.to_thread.run_sync',
  // A decorator: the method runs in `self.executor` and returns a future the handler yields.
  'tornado.concurrent.run_on_executor',
  // A thread or process of its own: `Thread(target=lambda: ...)`.
  'threading.Thread',
  'threading.Timer',
  'multiprocessing.Process',
]);

/** Matched on the last name segment, whatever the receiver or import (`loop.run_in_executor`, a bare `run_sync`). */
export const OFFLOAD_LAST_SEGMENTS: ReadonlySet<string> = new Set([
  'to_thread',
  'run_in_executor',
  'run_in_threadpool',
  'run_sync',
  'sync_to_async',
  'apply_async',
  'map_async',
  'starmap_async',
]);

/** Pool/executor methods: offload only when the receiver looks like a pool or executor. */
export const POOL_METHODS: ReadonlySet<string> = new Set(['submit', 'map', 'starmap', 'imap', 'imap_unordered', 'apply']);
export const POOL_RECEIVER = /(executor|pool)/i;

/** Wrappers that carry the offloaded callable through (`run_in_executor(None, partial(f, x))`). */
export const OFFLOAD_PASSTHROUGH: ReadonlySet<string> = new Set(['functools.partial']);

export function isOffloadHelper(name: string): boolean {
  if (OFFLOAD_FUNCTIONS.has(name)) return true;
  // `anyio.from_thread.run_sync` / `trio.from_thread.run_sync` go the other way: back onto the loop.
  if (name.includes('from_thread')) return false;
  const dot = name.lastIndexOf('.');
  const last = name.slice(dot + 1);
  if (OFFLOAD_LAST_SEGMENTS.has(last)) return true;
  return dot > 0 && POOL_METHODS.has(last) && POOL_RECEIVER.test(name.slice(0, dot));
}

/**
 * Responses that take an iterator and, given a sync one, iterate it in a
 * worker thread (Starlette's `iterate_in_threadpool`, Django's
 * `sync_to_async`, Litestar's sync-to-thread wrapper): a sync generator
 * handed to one runs off the event loop.
 */
const THREAD_ITERATED_RESPONSES: ReadonlySet<string> = new Set([
  'starlette.responses.StreamingResponse',
  'fastapi.responses.StreamingResponse',
  'sse_starlette.EventSourceResponse',
  'sse_starlette.sse.EventSourceResponse',
  'django.http.StreamingHttpResponse',
  'django.http.response.StreamingHttpResponse',
  'litestar.response.Stream',
  'litestar.response.ServerSentEvent',
]);

export function iteratesInThread(name: string): boolean {
  return THREAD_ITERATED_RESPONSES.has(name);
}
