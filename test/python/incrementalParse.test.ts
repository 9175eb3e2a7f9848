import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { editBetween, initPythonParser, parsePython, parsePythonFile } from '../../src/core/python/parse';
import { prng } from '../helpers/edits';

const SNIPPETS = ['x', ' ', '\n', '    ', 'def ', ':', '(', ')', '"', "'''", '#', 'await ', 'é', '😀', '\r\n', 'time.sleep(1)\n', '\n\n@app.get("/y")\nasync def y():\n    return 1\n'];

describe('Python incremental parsing (the editor path)', () => {
  before(() => initPythonParser());

  it('gives the same tree as a full parse after every one of 300 random edits, with non-ASCII text and CRLF', () => {
    const file = path.join(__dirname, 'incremental-edits.py');
    const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'py');
    let text = fs
      .readdirSync(fixtures)
      .filter((f) => f.endsWith('.py'))
      .sort()
      .slice(0, 6)
      .map((f) => fs.readFileSync(path.join(fixtures, f), 'utf8'))
      .join('\n# é 😀\n');
    const random = prng(7);
    parsePythonFile(file, text).delete();
    for (let i = 0; i < 300; i++) {
      const at = Math.floor(random() * text.length);
      const removed = random() < 0.4 ? Math.floor(random() * 20) : 0;
      let next = text.slice(0, at) + SNIPPETS[Math.floor(random() * SNIPPETS.length)] + text.slice(at + removed);
      // Never split a surrogate pair: editors do not either.
      if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(next)) next = text;
      // The full parse first: afterwards `parsePython` would hand out the kept incremental tree itself.
      const full = parsePython(next);
      const incremental = parsePythonFile(file, next);
      try {
        assert.strictEqual(incremental.rootNode.toString(), full.rootNode.toString(), `edit ${i} at ${at}`);
        assert.strictEqual(incremental.rootNode.endIndex, full.rootNode.endIndex);
      } finally {
        incremental.delete();
        full.delete();
      }
      text = next;
    }
  });

  it('describes an edit by the common prefix and suffix, in code units with rows and columns', () => {
    assert.deepStrictEqual(editBetween('ab\ncd\nef', 'ab\ncXd\nef'), {
      startIndex: 4,
      oldEndIndex: 4,
      newEndIndex: 5,
      startPosition: { row: 1, column: 1 },
      oldEndPosition: { row: 1, column: 1 },
      newEndPosition: { row: 1, column: 2 },
    });
    // Long texts are halved by whole-string comparison: the same edit as a character loop finds, wherever it is.
    const naive = (before: string, after: string) => {
      const shorter = Math.min(before.length, after.length);
      let start = 0;
      while (start < shorter && before[start] === after[start]) start++;
      let suffix = 0;
      while (suffix < shorter - start && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
      return [start, before.length - suffix, after.length - suffix];
    };
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let i = 0; i < 300; i++) {
      const before = Array.from({ length: random(3000) }, () => 'ab\n😀 '[random(5)]).join('');
      const at = random(before.length + 1);
      const cut = Math.min(before.length - at, random(40));
      const after = before.slice(0, at) + 'ab😀'.slice(0, random(4)) + before.slice(at + cut);
      const edit = editBetween(before, after);
      assert.deepStrictEqual([edit.startIndex, edit.oldEndIndex, edit.newEndIndex], naive(before, after), `case ${i}`);
    }
    assert.deepStrictEqual(editBetween('aaa', 'aa'), {
      startIndex: 2,
      oldEndIndex: 3,
      newEndIndex: 2,
      startPosition: { row: 0, column: 2 },
      oldEndPosition: { row: 0, column: 3 },
      newEndPosition: { row: 0, column: 2 },
    });
  });
});
