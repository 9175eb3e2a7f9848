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
 * The CLI's heap flags, set before any bundle is loaded: V8's code cache
 * holds a hash of the flags and refuses a cache written under others, so
 * `collectGarbage`'s `--expose-gc` is set here too, not on its first call
 * (the scan's bundle would otherwise be compiled again on every run).
 */
export function configureHeap(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  v8.setFlagsFromString('--expose-gc');
}

let gc: (() => void) | undefined;

/**
 * Full collections now: between a scan's languages the last engine's
 * models are garbage, and the next pass would otherwise grow the heap on top
 * of them (the generated 10,000-file tree: a 503 MB peak instead of 341).
 * Twice: after the first, 165 of the 175 MB were still there (what objects
 * with finalizers hold goes in the next one); after the second, 38. Swept
 * on this thread: swept concurrently, the freed pages went back to the
 * system some 80 ms later (314 MB of RSS, then 165), while the next pass
 * was already taking new ones. `--expose-gc` (`configureHeap`) gives `gc`
 * to contexts made after it is set; the sweeping flag is put back as it was,
 * so the flags' hash is too.
 */
export function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  v8.setFlagsFromString('--no-concurrent-sweeping');
  try {
    gc();
    gc();
  } finally {
    v8.setFlagsFromString('--concurrent-sweeping');
  }
}
