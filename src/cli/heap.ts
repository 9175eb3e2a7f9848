import * as v8 from 'v8';
import * as vm from 'vm';

/**
 * How much V8 lets the old generation grow past what its last full
 * collection kept, in percent (V8 picks up to 300 on its own when its
 * collections are fast, as ours are). A scan keeps its models and summaries
 * to the end while allocating parse trees it drops file by file: with the
 * default a 10,000-file scan held 700-770 MB with 300 MB live; at 100 it
 * holds 620-640 MB for the same time (`npm run bench`). Process-wide, so
 * only the CLI sets it, before the scan's thread starts.
 */
const HEAP_GROWING_PERCENT = 100;

/**
 * The young generation's semi-space, in MB (V8's default is 16). A file's
 * parse tree and walk are garbage before the next file, so a smaller one
 * promotes little more; it takes 20-30 MB off the whole scan. Paired cold
 * scans of the bench's 3,000-file tree: Python 4.49 → 4.44 s (195 → 168 MB),
 * JS/TS 4.64 → 4.63 s (224 → 204 MB); the 10,000-file tree through the
 * CLI 380-398 → 351-381 MB, 25-35 s either way. V8 reads it only when it
 * makes an isolate's heap, so it is given before the scan's isolate exists.
 */
const SEMI_SPACE_MB = 8;

/** Flags an isolate that runs a scan is made with: the CLI's scan thread (`configureHeap`), the bench's measuring child (its command line). */
export const SCAN_ISOLATE_FLAGS: readonly string[] = [`--max-semi-space-size=${SEMI_SPACE_MB}`];

/**
 * The CLI's heap flags, set before any bundle is loaded and before the
 * scan's thread starts: V8's code cache holds a hash of the flags and
 * refuses a cache written under others, so `collectGarbage`'s `--expose-gc`
 * is set here too, not on its first call (the scan's bundle would otherwise
 * be compiled again on every run).
 */
export function configureHeap(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  for (const flag of SCAN_ISOLATE_FLAGS) v8.setFlagsFromString(flag);
  v8.setFlagsFromString('--expose-gc');
}

let gc: (() => void) | undefined;

/** Full collections `collectGarbage` makes at least, and at most. */
const MIN_COLLECTIONS = 3;
const MAX_COLLECTIONS = 5;
/** A collection that frees less than this ends the series. */
const SETTLED_BYTES = 1024 * 1024;

/**
 * Full collections now: between a scan's languages the last engine's
 * models are garbage, and the next pass would otherwise grow the heap on top
 * of them (the generated 10,000-file tree: a 503 MB peak instead of 341).
 * More than one: the engine goes in layers (what objects with finalizers
 * hold goes a collection later), and how many collections that takes varies
 * from run to run: in 7 of 10 CLI runs of that tree the second still left
 * 155 of the 180 MB, and the third freed them; with V8 left to collect it
 * later, while the next pass grew the heap, 3 of 19 runs peaked at 460-487
 * MB. So at least three, then until one frees under a megabyte. Swept on this thread: swept concurrently, the freed pages went
 * back to the system some 80 ms later (314 MB of RSS, then 165), while the
 * next pass was already taking new ones. `--expose-gc` (`configureHeap`)
 * gives `gc` to contexts made after it is set; the sweeping flag is put back
 * as it was, so the flags' hash is too.
 */
export function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  v8.setFlagsFromString('--no-concurrent-sweeping');
  try {
    let used = v8.getHeapStatistics().used_heap_size;
    for (let round = 1; round <= MAX_COLLECTIONS; round++) {
      gc();
      const freed = used - (used = v8.getHeapStatistics().used_heap_size);
      if (round >= MIN_COLLECTIONS && freed < SETTLED_BYTES) break;
    }
  } finally {
    v8.setFlagsFromString('--concurrent-sweeping');
  }
}
