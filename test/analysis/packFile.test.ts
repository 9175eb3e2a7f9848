import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readPackFile, writePackFile } from '../../src/core/analysis/packFile';

describe('pack files (the stored result and findings)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unblock-pack-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads back what it wrote, a large value included, and nothing once a byte is damaged', () => {
    const value = { format: 1, texts: Array.from({ length: 20_000 }, (_, i) => `finding ${i} `.repeat(20)), nested: new Map([['a', [1, 2, 3]]]) };
    const file = path.join(dir, 'sub', 'results.bin');
    assert.strictEqual(writePackFile(file, value), true);
    assert.deepStrictEqual(readPackFile(file), value);
    assert.deepStrictEqual(fs.readdirSync(path.dirname(file)), ['results.bin'], 'no temporary file is left');
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    fs.writeFileSync(file, bytes);
    assert.strictEqual(readPackFile(file), undefined);
  });

  it('says it could not write where no folder can be made, and leaves nothing behind', () => {
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'a file where the cache folder should be');
    assert.strictEqual(writePackFile(path.join(blocker, 'results.bin'), { format: 1 }), false);
    assert.deepStrictEqual(fs.readdirSync(dir), ['not-a-folder']);
  });
});
