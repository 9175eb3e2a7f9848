import * as assert from 'assert';
import * as path from 'path';
import { readSourceFile, readSourceFileAsync } from '../../src/core/files/read';
import { makeTree, removeTree } from './tree';

describe('readSourceFile', () => {
  let root: string;
  before(() => {
    const lateNul = Buffer.concat([Buffer.from('x = 1\n'.repeat(1500)), Buffer.from([0])]);
    root = makeTree({
      'bom.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('import time\n')]),
      'plain.py': 'print("héllo")\n',
      'binary.py': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]),
      'late-nul.py': lateNul,
      'big.js': 'a'.repeat(5000),
    });
  });
  after(() => removeTree(root));

  it('reads UTF-8 text and strips the BOM', () => {
    assert.deepStrictEqual(readSourceFile(path.join(root, 'bom.py')), { text: 'import time\n' });
    assert.deepStrictEqual(readSourceFile(path.join(root, 'plain.py')), { text: 'print("héllo")\n' });
  });

  it('refuses binary files (NUL in the first 8 KB only)', () => {
    assert.deepStrictEqual(readSourceFile(path.join(root, 'binary.py')), { error: 'skipped: binary file (NUL bytes in the first 8 KB)' });
    assert.ok('text' in readSourceFile(path.join(root, 'late-nul.py')));
  });

  it('refuses files over the size limit with their size', () => {
    const result = readSourceFile(path.join(root, 'big.js'), { maxBytes: 4096 });
    assert.deepStrictEqual(result, { error: 'skipped: file is 4.9 KB, over the 4.0 KB limit' });
    assert.ok('text' in readSourceFile(path.join(root, 'big.js')));
  });

  it('turns read failures into messages', () => {
    assert.deepStrictEqual(readSourceFile(path.join(root, 'missing.py')), { error: 'cannot read: no such file' });
    assert.deepStrictEqual(readSourceFile(root), { error: 'cannot read: is a directory' });
  });

  it('has an async twin with the same results', async () => {
    for (const name of ['bom.py', 'binary.py', 'missing.py']) {
      assert.deepStrictEqual(await readSourceFileAsync(path.join(root, name)), readSourceFile(path.join(root, name)));
    }
  });
});
