import * as assert from 'assert';
import * as v8 from 'v8';
import { busy, enableIdleCollection, idle, idleCollections, onIdle } from '../../src/server/engine/idleTime';

const youngBytes = (): number => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!.space_used_size;
const quiet = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Thresholds under what V8 scavenges on its own as soon as the event loop
 * turns (this process's nursery is small, unlike the worker's 96 MB).
 */
const WORTH = 1024 * 1024;
const FILLED = 2 * 1024 * 1024;

/** Short-lived objects until the nursery holds at least `bytes`. */
function fillNursery(bytes: number): void {
  let kept: unknown[] = [];
  while (youngBytes() < bytes) {
    kept.push({ a: kept.length, b: `item ${kept.length}` });
    if (kept.length > 10_000) kept = [];
  }
}

describe('idle-time work and scavenges of the analysis worker', () => {
  /** Times the idle task ran. */
  let idleWork = 0;
  before(() => {
    enableIdleCollection();
    onIdle(() => idleWork++);
  });
  afterEach(() => busy());

  it('collects a full nursery once the worker has been idle a moment', async () => {
    fillNursery(FILLED);
    const before = idleCollections.count;
    const young = youngBytes();
    idle(WORTH);
    await quiet(60);
    assert.strictEqual(idleCollections.count, before + 1);
    assert.ok(youngBytes() < young / 2, `nursery ${youngBytes()} bytes after, ${young} before`);
  });

  it('does neither the idle work nor a collection when a request arrives before the worker is idle long enough', async () => {
    fillNursery(FILLED);
    const before = { collections: idleCollections.count, work: idleWork };
    idle(WORTH);
    busy();
    await quiet(60);
    assert.deepStrictEqual({ collections: idleCollections.count, work: idleWork }, before);
  });

  it('does the idle work once per idle time, before a collection and without one', async () => {
    const before = idleWork;
    idle(FILLED * 4);
    await quiet(60);
    idle(FILLED * 4);
    await quiet(60);
    assert.strictEqual(idleWork, before + 2);
  });

  it('leaves a nursery holding less than is worth collecting to V8', async () => {
    fillNursery(FILLED);
    const before = idleCollections.count;
    idle(FILLED * 4);
    await quiet(60);
    assert.strictEqual(idleCollections.count, before);
  });
});
