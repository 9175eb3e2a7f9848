/**
 * Helpers that take coroutine objects and await them for the caller:
 * `await asyncio.gather(client.get(a), client.get(b))`. A call passed
 * directly to one of these counts as awaited (it is an async API).
 */
const AWAITING_FUNCTIONS: ReadonlySet<string> = new Set([
  'asyncio.gather',
  'asyncio.create_task',
  'asyncio.ensure_future',
  'asyncio.wait_for',
  'asyncio.shield',
  'asyncio.wait',
  'asyncio.as_completed',
  'asyncio.run',
  'asyncio.run_coroutine_threadsafe',
]);

/** On any receiver: `loop.create_task(coro)`, `tg.create_task(coro)` (TaskGroup). */
const AWAITING_METHODS: ReadonlySet<string> = new Set(['create_task', 'run_until_complete']);

export function awaitsArguments(name: string): boolean {
  if (AWAITING_FUNCTIONS.has(name)) return true;
  const dot = name.lastIndexOf('.');
  return dot > 0 && AWAITING_METHODS.has(name.slice(dot + 1));
}
