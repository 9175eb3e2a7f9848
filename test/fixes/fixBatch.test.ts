/**
 * A batch of fixes (a whole-workspace `--format json`) frees the parse trees
 * findings stopped using and finds the files that mention a name through a
 * word index: neither may change a single fix.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../src/core/engine';
import { memoScope, perText } from '../../src/core/fixes/memo';
import { filesMentioning, identifierPattern } from '../../src/core/fixes/mentions';
import { initPythonParser, parsePython } from '../../src/core/python/parse';
import { walkFiles } from '../../src/core/files/walk';
import { SOURCE_EXTENSIONS } from '../../src/core/languages';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');
async function sources(dir: string): Promise<Array<{ file: string; text: string }>> {
  const walked = await walkFiles([dir], { extensions: SOURCE_EXTENSIONS });
  return walked.files.map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
}

async function loadedEngine(files: Array<{ file: string; text: string }>): Promise<Engine> {
  const engine = await Engine.create([EXAMPLES]);
  await engine.setFiles(files);
  return engine;
}

describe('fix batches', function () {
  this.timeout(300_000);
  before(() => initPythonParser());

  it('give every finding of the examples the fixes it gets in a batch of its own', async () => {
    const files = await sources(EXAMPLES);
    const batched = await loadedEngine(files);
    const alone = await loadedEngine(files);
    const all = batched.withFixes(batched.findings({ fixes: false }));
    const single = alone.findings({ fixes: false }).map((finding) => alone.withFixes([finding])[0]);
    assert.ok(all.length > 30, `the examples have findings (${all.length})`);
    assert.ok(all.some((f) => f.fixes.some((fix) => fix.edits.length > 1)), 'some fix edits more than one place');
    assert.deepStrictEqual(all.map((f) => JSON.stringify(f.fixes)), single.map((f) => JSON.stringify(f.fixes)));
  });

  it('release a text\'s value once 8 items have not used it, and the rest when the batch ends', () => {
    const scope = memoScope();
    const context = { memo: scope.memo };
    const released: string[] = [];
    const texts = ['def a():\n    pass\n', 'def b():\n    pass\n', 'def c():\n    pass\n'];
    const parse = (text: string) => perText(context, 'tree', text, () => parsePython(text), (tree) => {
      released.push(tree.rootNode.text);
      tree.delete();
    });
    const first = parse(texts[0]);
    scope.itemDone();
    for (let item = 0; item < 8; item++) {
      assert.strictEqual(parse(texts[1]).rootNode.text, texts[1]);
      scope.itemDone();
    }
    assert.deepStrictEqual(released, [texts[0]], 'the text no item used for 8 items is released');
    assert.notStrictEqual(parse(texts[0]), first, 'and parsed again when asked');
    assert.strictEqual(parse(texts[1]), parse(texts[1]), 'a text in use keeps its tree');
    parse(texts[2]);
    scope.release();
    assert.deepStrictEqual([...released].sort(), [texts[0], ...texts].sort());
  });

  it('find the files mentioning a name through the word index exactly as a scan of every text does', () => {
    const texts = new Map<string, string>([
      ['/p/a.py', 'from helpers import fetch_user\n\ndef view():\n    return fetch_user(1)\n'],
      ['/p/helpers.py', 'def fetch_user(uid):\n    return requests.get(f"/u/{uid}")\n\ndef fetch_users():\n    pass\n'],
      ['/p/b.js', 'const $load = require("./x");\nexport const café = () => $load(1);\nconst x = 1fetch_user;\n'],
      ['/p/c.ts', '// fetch_user_by_id only, and obj.fetch_user as a property\nobj.fetch_user();\n'],
      ['/p/d.py', 'x = "fetch_user"\n'],
    ]);
    const scope = memoScope();
    const context = { memo: scope.memo, files: () => [...texts.keys()], text: (file: string) => texts.get(file) };
    const scanned = (name: string) => [...texts.keys()].filter((file) => identifierPattern(name).test(texts.get(file)!));
    const names = ['fetch_user', 'fetch_users', 'requests', '$load', 'café', 'view', 'uid', 'missing', 'x', 'obj', 'fetch_user_by_id'];
    // Two rounds: the first lookups scan, the later ones read the index.
    for (const name of [...names, ...names]) {
      assert.deepStrictEqual(filesMentioning(context, name), scanned(name), name);
    }
    assert.deepStrictEqual(scanned('fetch_user'), ['/p/a.py', '/p/helpers.py', '/p/c.ts', '/p/d.py']);
  });
});
