import * as assert from 'assert';
import * as v8 from 'v8';
import { ByteSlabs } from '../../src/core/analysis/byteSlabs';

describe('byte slabs', () => {
  it('copies small arrays side by side into one buffer, starts another when it is full, and leaves large arrays alone', () => {
    const slabs = new ByteSlabs(1024);
    const values = Array.from({ length: 12 }, (_, i) => ({ name: `value ${i} `.padEnd(200, "."), list: [i, i * 2] }));
    const copies = values.map((value) => slabs.copy(v8.serialize(value)));
    assert.deepStrictEqual(copies.map((bytes) => v8.deserialize(bytes)), values);
    const buffers = [...new Set(copies.map((bytes) => bytes.buffer))];
    assert.ok(buffers.length >= 2 && buffers.length < copies.length, `${buffers.length} slabs for ${copies.length} arrays`);
    assert.ok(buffers.every((buffer) => buffer.byteLength === 1024));
    for (let i = 1; i < copies.length; i++) {
      if (copies[i].buffer === copies[i - 1].buffer) assert.strictEqual(copies[i].byteOffset, copies[i - 1].byteOffset + copies[i - 1].byteLength);
    }
    const large = new Uint8Array(2048).fill(7);
    assert.strictEqual(slabs.copy(large), large);
  });
});
