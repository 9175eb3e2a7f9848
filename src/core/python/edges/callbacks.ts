import type { ArgRecord, CallRecord } from '../syntax';
import type { Value } from '../types';

/**
 * Calls that run a function handed to them on the same thread or loop, now
 * or later (framework facts, not rule-catalog API names): the callback's
 * blocking calls block the loop as if called directly. Offload helpers
 * (`offload.ts`) are the opposite and end the chain.
 */

/**
 * Matched on the last name segment, whatever the receiver, with the position
 * of the callback among the positional arguments: `loop.call_soon(cb)`,
 * `loop.call_later(delay, cb)`, `loop.add_signal_handler(signum, cb)`.
 */
const CALLBACK_METHODS: ReadonlyMap<string, number> = new Map([
  // asyncio event loop and futures
  ['call_soon', 0], ['call_soon_threadsafe', 0], ['call_later', 1], ['call_at', 1], ['add_done_callback', 0],
  ['add_signal_handler', 1], ['add_reader', 1], ['add_writer', 1],
  // Tornado's IOLoop
  ['add_callback', 0], ['add_callback_from_signal', 0], ['spawn_callback', 0], ['add_timeout', 1], ['add_future', 1],
]);

/** Matched on the qualified name: library functions that call what they are given (position as above; none: keywords only). */
const CALLBACK_FUNCTIONS: ReadonlyMap<string, number | undefined> = new Map([
  ['builtins.map', 0], ['builtins.filter', 0], ['builtins.sorted', undefined], ['builtins.min', undefined], ['builtins.max', undefined],
  ['functools.reduce', 0], ['tornado.ioloop.PeriodicCallback', 0], ['itertools.starmap', 0], ['itertools.takewhile', 0],
  ['itertools.dropwhile', 0], ['itertools.groupby', 1],
]);

/** Keyword arguments that hold a callback (`sorted(xs, key=f)`). */
const CALLBACK_KEYWORDS: ReadonlySet<string> = new Set(['key', 'callback']);

/**
 * The arguments of a call that it runs as callbacks: the positional argument
 * in the callback's slot when it may be a project callable (the others are
 * delays, signal numbers or the callback's own arguments), and callback
 * keywords. `undefined` when the call runs nothing it is given.
 */
export function callbackArgs(name: string, record: CallRecord): ArgRecord[] | undefined {
  const last = name.slice(name.lastIndexOf('.') + 1);
  let slot: number | undefined;
  if (CALLBACK_FUNCTIONS.has(name)) slot = CALLBACK_FUNCTIONS.get(name);
  else if (name.includes('.') && CALLBACK_METHODS.has(last)) slot = CALLBACK_METHODS.get(last);
  else return undefined;
  const found: ArgRecord[] = [];
  const positional = slot === undefined ? undefined : record.positional[slot];
  if (positional && mayBeProjectCallable(positional.value)) found.push(positional);
  for (const [key, arg] of record.keywords) if (CALLBACK_KEYWORDS.has(key)) found.push(arg);
  return found;
}

/**
 * A project function or bound method, a member of a value the workspace
 * evaluates, or a name imported by absolute path that the index may find in
 * the project (`from app.tasks import flush`).
 */
export function mayBeProjectCallable(value: Value): boolean {
  if (value.kind === 'proj') return !value.instance;
  // A member of a value the workspace evaluates (`self.repo.reload`): a callable only if it names one.
  if (value.kind === 'returned') return !value.path.endsWith('()');
  return value.kind === 'ext' && !value.name.startsWith('builtins.') && (value.name.match(/\(\)/g) ?? []).length <= 1;
}

/** How the chain names a callback handed to `name`. */
export function callbackLabel(name: string): string {
  const short = name.replace(/^builtins\./, '');
  return `callback passed to ${short.slice(short.lastIndexOf('.') + 1)}`;
}
