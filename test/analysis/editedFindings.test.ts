import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../src/core/engine';
import { walkFiles } from '../../src/core/files/walk';
import { SOURCE_EXTENSIONS } from '../../src/core/languages';
import { walkCounts } from '../../src/core/python/index';

/** Deterministic pseudo-random numbers, so a failure repeats. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');
const TYPED = ['x', '\n        ', '(', 'time.sleep(1)', '\n        data = open("f").read()', 'requests.get(url)', ''];

/** What the findings and handlers of a workspace say, in one comparable text. */
async function report(engine: Engine): Promise<string> {
  return JSON.stringify({ findings: engine.findings({ fixes: false }), handlers: engine.handlers() });
}

describe('Findings after edits inside function bodies (the editor path, end to end)', () => {
  it('are the findings a fresh engine gives for the same texts, after each of 60 edits across the example apps', async function () {
    this.timeout(300000);
    const random = prng(5);
    const before = walkCounts.edited;
    let checked = 0;
    for (const app of ['flask-sync', 'fastapi-app', 'flask-gevent']) {
      const root = path.join(EXAMPLES, app);
      const files = (await walkFiles([root], { extensions: SOURCE_EXTENSIONS })).files;
      const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
      const engine = await Engine.create([root]);
      await engine.setFiles([...texts].map(([file, text]) => ({ file, text })));
      const python = files.filter((f) => f.endsWith('.py'));
      for (let i = 0; i < 20; i++) {
        const file = python[Math.floor(random() * python.length)];
        const text = texts.get(file)!;
        const lines = text.split('\n');
        const offsets: number[] = [];
        let at = 0;
        for (const line of lines) {
          const indent = line.search(/\S/);
          if (indent >= 4) offsets.push(at + indent + Math.floor(random() * (line.length - indent)));
          at += line.length + 1;
        }
        if (offsets.length === 0) continue;
        const where = offsets[Math.floor(random() * offsets.length)];
        const typed = TYPED[Math.floor(random() * TYPED.length)];
        const next = typed === '' ? text.slice(0, where) + text.slice(where + 1) : text.slice(0, where) + typed + text.slice(where);
        // The file open in the editor: analysed once as it is (a fresh engine below analyses every file again), then edited.
        engine.setFile(file, text);
        texts.set(file, next);
        engine.setFile(file, next);
        const fresh = await Engine.create([root]);
        await fresh.setFiles([...texts].map(([f, t]) => ({ file: f, text: t })));
        assert.strictEqual(await report(engine), await report(fresh), `${app}: ${path.relative(root, file)}, edit ${i}: ${JSON.stringify(typed)} at ${where}`);
        checked++;
      }
    }
    assert.ok(checked >= 50, `only ${checked} edits checked`);
    assert.ok(walkCounts.edited - before >= checked / 3, `the edited function alone was walked for ${walkCounts.edited - before} of ${checked} edits`);
  });
});
