import * as v8 from 'v8';
import * as vm from 'vm';

let gc: (() => void) | undefined;

/** A full garbage collection, without `--expose-gc` on the test command: the flag set at run time makes `gc` in a new context. */
export function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}
