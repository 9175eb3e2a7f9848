import * as assert from 'assert';
import * as v8 from 'v8';
import { collectGarbage } from '../../src/cli/heap';

/** Full collections V8 made while `work` ran, and the heap each left. */
function fullCollections(work: () => void): Array<{ usedAfter: number }> {
  const profiler = new v8.GCProfiler();
  profiler.start();
  work();
  const { statistics } = profiler.stop();
  return statistics.filter((gc) => gc.gcType === 'MarkSweepCompact').map((gc) => ({ usedAfter: gc.afterGC.heapStatistics.usedHeapSize }));
}

describe('CLI heap: collecting between a scan\'s languages', () => {
  it('collects at least three times (a released engine can outlive two), and stops once a collection frees under a megabyte', () => {
    const collections = fullCollections(collectGarbage);
    assert.ok(collections.length >= 3 && collections.length <= 5, `${collections.length} full collections`);
    const [beforeLast, last] = collections.slice(-2);
    assert.ok(collections.length === 5 || beforeLast.usedAfter - last.usedAfter < 1024 * 1024, 'the series ended while collections still freed memory');
  });

  it('frees a structure dropped before it', async () => {
    let dropped: Array<{ index: number; text: string }> | undefined = Array.from({ length: 100_000 }, (_, index) => ({ index, text: `value ${index}` }));
    const reference = new WeakRef(dropped);
    dropped = undefined;
    // A WeakRef keeps its target to the end of the task that made it.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    assert.strictEqual(reference.deref(), undefined);
  });
});
