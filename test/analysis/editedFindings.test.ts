import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
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

/** An offset inside an indented line (a function body, mostly), where typing happens. */
function bodyOffset(text: string, random: () => number): number | undefined {
  const offsets: number[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    const indent = line.search(/\S/);
    if (indent >= 4) offsets.push(at + indent + Math.floor(random() * (line.length - indent)));
    at += line.length + 1;
  }
  return offsets.length > 0 ? offsets[Math.floor(random() * offsets.length)] : undefined;
}

describe('Findings after edits inside function bodies (the editor path, end to end)', () => {
  let worker: Worker;
  before(() => {
    worker = new Worker(path.join(__dirname, '..', 'helpers', 'freshEngineWorker.js'), { resourceLimits: { stackSizeMb: 256 } });
  });
  after(() => worker.terminate());

  /** What a fresh engine (in its own thread) finds in the same texts. */
  const fresh = (root: string, texts: Map<string, string>) =>
    new Promise<string>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage({ root, texts: [...texts] });
    });

  it('are a fresh engine\'s after each of 45 edits in a row, keeping the roots that read only what lies before the edit', async function () {
    this.timeout(300000);
    const random = prng(5);
    const walked = walkCounts.edited;
    let checked = 0;
    let kept = 0;
    for (const app of ['flask-sync', 'fastapi-app', 'flask-gevent']) {
      const root = path.join(EXAMPLES, app);
      const files = (await walkFiles([root], { extensions: SOURCE_EXTENSIONS })).files;
      const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
      const engine = await Engine.create([root], undefined, { editing: true });
      await engine.setFiles([...texts].map(([file, text]) => ({ file, text })));
      // The largest Python file, open in the editor: edited again and again, findings asked after each edit.
      const file = files.filter((f) => f.endsWith('.py')).sort((a, b) => texts.get(b)!.length - texts.get(a)!.length)[0];
      engine.setFile(file, texts.get(file)!, { open: true });
      const total = engine.findings({ fixes: false }).length;
      for (let i = 0; i < 15; i++) {
        const text = texts.get(file)!;
        const at = bodyOffset(text, random);
        if (at === undefined) break;
        const typed = TYPED[Math.floor(random() * TYPED.length)];
        const next = typed === '' ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + typed + text.slice(at);
        texts.set(file, next);
        const built = engine.stats.rootsBuilt;
        engine.setFile(file, next, { open: true });
        const report = JSON.stringify({ findings: engine.findings({ fixes: false }), handlers: engine.handlers() });
        assert.strictEqual(report, await fresh(root, texts), `${app}: ${path.relative(root, file)}, edit ${i}: ${JSON.stringify(typed)} at ${at}`);
        if (engine.stats.rootsBuilt - built < engine.handlers().length) kept++;
        checked++;
      }
      assert.ok(total > 0, `${app} has findings`);
    }
    assert.ok(checked >= 40, `only ${checked} edits checked`);
    assert.ok(walkCounts.edited - walked >= checked / 3, `the edited function alone was walked for ${walkCounts.edited - walked} of ${checked} edits`);
    assert.ok(kept >= checked / 4, `roots were kept after ${kept} of ${checked} edits`);
  });
});
