/**
 * Calls that run a function handed to them on the same event loop, now or
 * later (runtime facts, not rule-catalog API names): a project function
 * passed by name runs its blocking calls on the loop. Function literals need
 * no edge: their calls already count where they are written.
 */

/** Resolved global or library names. */
const CALLBACK_FUNCTIONS: ReadonlySet<string> = new Set([
  'setTimeout', 'setImmediate', 'setInterval', 'queueMicrotask', 'process.nextTick', 'Promise', 'Array.from',
  'timers.setTimeout', 'timers.setImmediate', 'timers.setInterval',
]);

/** Array methods whose callback gets the array's elements (`reduce` an accumulator first). */
export const ELEMENT_METHODS: ReadonlySet<string> = new Set([
  'map', 'forEach', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap',
]);

/** Methods on any receiver: promises, event emitters, arrays. */
const CALLBACK_METHODS: ReadonlySet<string> = new Set([
  'then', 'catch', 'finally',
  'on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener',
  ...ELEMENT_METHODS, 'reduce', 'reduceRight', 'sort',
]);

/** The name the chain gives a callback handed to this call, or undefined when it runs no callback. */
export function callbackApi(externalName: string | undefined, method: string | undefined): string | undefined {
  if (externalName !== undefined && CALLBACK_FUNCTIONS.has(externalName)) return externalName.replace(/^timers\./, '');
  if (method !== undefined && CALLBACK_METHODS.has(method)) return method;
  return undefined;
}
