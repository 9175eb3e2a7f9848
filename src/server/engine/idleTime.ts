import * as v8 from 'v8';
import * as vm from 'vm';

/**
 * The analysis worker's idle time. The editor debounces typing (300 ms), so
 * the worker sits idle between two analyses; what would otherwise land on
 * the next keystroke is done there: the work the engine's languages left
 * for later (`onIdle`: TypeScript trees brought up to date), then a
 * young-generation collection. Each edit of a large file allocates
 * megabytes (a re-parse, the moved copy of every position after the edit),
 * and V8 scavenged when its nursery filled, in the middle of whichever edit
 * came next: 5-15 ms on top of that edit. Collected while idle, what one
 * edit kept alive is dead by the next idle scavenge instead of surviving a
 * second one, so less of it is promoted to the old generation.
 */

/** Quiet this long after the last answer before collecting: a burst of requests (findings, lenses, hovers) ends first. */
const IDLE_MS = 10;
/** A nursery holding less than this is left to V8: collecting it would cost more than it saves. */
const MIN_YOUNG_BYTES = 4 * 1024 * 1024;

type Collect = (options: { type: 'minor' }) => void;

let collect: Collect | undefined;
let timer: NodeJS.Timeout | undefined;
/** Requests not answered yet: when none is left, the worker is idle. */
let unanswered = 0;

/** How many idle scavenges this thread made (tests read it). */
export const idleCollections = { count: 0 };

/** What runs first when the worker is idle. */
const tasks: Array<() => void> = [];

/** Runs `task` each time the worker is idle, before the collection. */
export function onIdle(task: () => void): void {
  tasks.push(task);
}

/**
 * Makes V8's `gc` available to this thread. Called before any bundle loads:
 * the flag is part of the hash V8 checks code caches against, so setting it
 * later would make the worker's TypeScript cache miss every time.
 */
export function enableIdleCollection(): void {
  try {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as Collect;
  } catch {
    collect = undefined;
  }
}

/** The worker took a request (`requestAnswered` when it answered it). */
export function requestArrived(): void {
  unanswered++;
  busy();
}

/** The worker answered a request: when it was the last, it is idle. */
export function requestAnswered(): void {
  if (--unanswered === 0) idle();
}

/** Neither idle work nor a collection until the worker is idle again. */
export function busy(): void {
  if (timer) clearTimeout(timer);
  timer = undefined;
}

/**
 * The worker has answered everything: soon, unless another request comes
 * first, do the idle work and collect the nursery (`minYoungBytes`: what it
 * must hold to be worth collecting).
 */
export function idle(minYoungBytes = MIN_YOUNG_BYTES): void {
  if (!collect && tasks.length === 0) return;
  busy();
  timer = setTimeout(whenIdle, IDLE_MS, minYoungBytes);
  timer.unref();
}

function whenIdle(minYoungBytes: number): void {
  timer = undefined;
  for (const task of tasks) {
    try {
      task();
    } catch {
      // Idle work is an optimisation: the next edit does it if it must.
    }
  }
  collectYoung(minYoungBytes);
}

function collectYoung(minYoungBytes: number): void {
  const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  if (!collect || !young || young.space_used_size < minYoungBytes) return;
  collect({ type: 'minor' });
  idleCollections.count++;
}
