/**
 * An editing engine keeps its last deduplication of the roots' findings and
 * patches it with the roots whose findings an edit changed (keptDedupe.ts),
 * and when an edit touched no registration it starts from the last compute's
 * roots and asks only the roots whose findings changed (WorkspaceIndex
 * `rootLists`). Both must give exactly what deduplicating everything again
 * gives: the same findings, in the same order, the same one of equals (which
 * handler's chain a finding several handlers reach shows).
 */
import * as assert from 'assert';
import * as path from 'path';
import { Engine } from '../../src/core/engine';
import { KeptDedupe } from '../../src/core/index/keptDedupe';
import { dedupeFindings } from '../../src/core/index/findings';
import type { Finding, Severity } from '../../src/core/model';
import { scan } from '../../src/core/scan';
import { makeTree, removeTree } from '../files/tree';

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');

/** A small deterministic generator: the same sequence on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

async function examplesFindings(): Promise<Finding[]> {
  return (await scan([EXAMPLES], { fixes: false })).findings;
}

describe('kept deduplication (keptDedupe.ts)', function () {
  this.timeout(120_000);

  it('patched through 400 changes of the roots\' lists, equals deduplicating them all again', async () => {
    // Real findings (the example apps'), and copies of them that tie or compete: another severity, another chain.
    const pool = await examplesFindings();
    assert.ok(pool.length >= 30, `the examples give ${pool.length} findings`);
    const next = random(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const severities: Severity[] = ['error', 'warning', 'info'];
    const variant = (f: Finding): Finding => {
      const r = next();
      if (r < 0.3) return { ...f, severity: pick(severities) };
      if (r < 0.6) return { ...f, chain: f.chain.slice(0, Math.floor(next() * (f.chain.length + 1))) };
      if (r < 0.8) return { ...f, chain: [...f.chain, ...f.chain] };
      // An equal: same severity and chain length, another object (the tie goes to the first list holding it).
      return { ...f };
    };
    const list = (): Finding[] => Array.from({ length: Math.floor(next() * 6) }, () => (next() < 0.5 ? pick(pool) : variant(pick(pool))));
    let lists: Finding[][] = Array.from({ length: 60 }, list);
    const kept = new KeptDedupe();
    let patched = 0;
    for (let step = 0; step < 400; step++) {
      const r = next();
      if (r < 0.7) {
        // A keystroke: a few roots' findings change (new lists), the rest are the same lists.
        lists = lists.slice();
        for (let n = 1 + Math.floor(next() * 3); n > 0; n--) lists[Math.floor(next() * lists.length)] = list();
        patched++;
      } else if (r < 0.8) {
        lists = [...lists, list()];
      } else if (r < 0.9) {
        lists = lists.filter((_, i) => i !== Math.floor(next() * lists.length));
      } else {
        lists = lists.map((l) => (next() < 0.5 ? list() : l));
      }
      const expected = dedupeFindings(lists.flat());
      const got = kept.update(lists);
      assert.strictEqual(got.length, expected.length, `step ${step}: ${got.length} findings, expected ${expected.length}`);
      got.forEach((f, i) => assert.ok(f === expected[i], `step ${step}: finding ${i} is another object (${f.file}:${f.range.line} ${f.rule})`));
    }
    assert.ok(patched > 200);
  });

  it('gives the last result itself when no list changed', async () => {
    const pool = await examplesFindings();
    const lists = Array.from({ length: 8 }, (_, i) => pool.slice(i * 3, i * 3 + 6));
    const kept = new KeptDedupe();
    const first = kept.update(lists);
    assert.strictEqual(kept.update(lists.slice()), first);
    // A new list holding the same findings decides the same winners: the result stays the same object.
    const copied = lists.slice();
    copied[1] = [...lists[1]];
    assert.strictEqual(kept.update(copied), first);
  });
});

const APP: Record<string, string> = {
  'app/__init__.py': '',
  'app/helpers.py': ['import time', '', '', 'def slow():', '    time.sleep(1)', '    return 1', '', '', 'def other():', '    return 2', '', '', 'def checked():', '    time.sleep(5)', ''].join('\n'),
  'app/views.py': [
    'from flask import Flask',
    'from app.helpers import slow, other',
    '',
    'app = Flask(__name__)',
    '',
    '',
    '@app.route("/a")',
    'def a():',
    '    return slow()',
    '',
    '',
    '@app.route("/b")',
    'def b():',
    '    return slow()',
    '',
    '',
    '@app.route("/c")',
    'def c():',
    '    return other()',
    '',
  ].join('\n'),
  'app/unrelated.py': ['def untouched():', '    return 3', ''].join('\n'),
  'tests/__init__.py': '',
  // A test app's handler: what only it reaches is a test finding.
  'tests/test_views.py': ['from flask import Flask', 'from app.helpers import checked, slow', '', 'test_app = Flask(__name__)', '', '', '@test_app.route("/t")', 'def t():', '    checked()', '    return slow()', ''].join('\n'),
};

interface Edit {
  file: string;
  from: string;
  to: string;
}

const EDITS: Edit[] = [
  // An edit in a file no registration reads: the last compute's roots, no root asked again.
  { file: 'app/unrelated.py', from: '    return 3', to: '    return 4' },
  // The helper two handlers reach starts blocking in another way, then stops.
  { file: 'app/helpers.py', from: '    return 2', to: '    time.sleep(2)\n    return 2' },
  { file: 'app/helpers.py', from: '    time.sleep(1)\n', to: '' },
  // Suppressed where it is, then not.
  { file: 'app/helpers.py', from: '    time.sleep(2)\n', to: '    time.sleep(2)  # noqa\n' },
  { file: 'app/helpers.py', from: '  # noqa', to: '' },
  // What only the test app reaches.
  { file: 'app/helpers.py', from: '    time.sleep(5)', to: '    time.sleep(5)\n    open("/tmp/x").read()' },
  // Typing on a line of the helper (positions after it move).
  { file: 'app/helpers.py', from: 'def slow():', to: 'def slow():  ' },
  { file: 'app/helpers.py', from: '    return 1', to: '    time.sleep(3)\n    return 1' },
  // A handler's own body.
  { file: 'app/views.py', from: '    return other()', to: '    import time\n    time.sleep(1)\n    return other()' },
  { file: 'app/unrelated.py', from: '    return 4', to: '    return 5' },
];

function summary(engine: Engine, root: string): string {
  const line = (f: Finding) => `${path.relative(root, f.file)}:${f.range.line}:${f.range.column} ${f.rule} ${f.severity} ${f.handler?.name ?? ''} [${f.chain.map((h) => `${h.name}@${h.line}`).join(' > ')}]`;
  return JSON.stringify({ findings: engine.findings({ fixes: false }).map(line), test: engine.testFindings().map(line) }, null, 1);
}

describe('an editing engine\'s compute after an edit equals a fresh engine\'s, in order', function () {
  this.timeout(60_000);
  let root: string;
  before(() => {
    root = makeTree(APP, 'unblock-kept-dedupe-');
  });
  after(() => removeTree(root));

  it('through edits of a helper, its suppressions, a handler and an unrelated file', async () => {
    const texts = new Map(Object.entries(APP).map(([rel, text]) => [path.join(root, rel), text]));
    const kept = await Engine.create([root], undefined, { editing: true });
    for (const [file, text] of texts) kept.setFile(file, text, { open: true });
    const fresh = async () => {
      const engine = await Engine.create([root]);
      for (const [file, text] of texts) engine.setFile(file, text);
      return summary(engine, root);
    };
    assert.strictEqual(summary(kept, root), await fresh());
    const results = new Set<string>();
    for (const [i, edit] of EDITS.entries()) {
      const file = path.join(root, edit.file);
      const text = texts.get(file)!;
      assert.ok(text.includes(edit.from), `edit ${i}: ${edit.file} holds ${JSON.stringify(edit.from)}`);
      texts.set(file, text.replace(edit.from, edit.to));
      const built = kept.stats.rootsBuilt;
      kept.setFile(file, texts.get(file)!, { open: true });
      const now = summary(kept, root);
      assert.strictEqual(now, await fresh(), `edit ${i} (${edit.file})`);
      if (edit.file === 'app/unrelated.py') assert.strictEqual(kept.stats.rootsBuilt, built, `edit ${i}: no root's findings built again`);
      results.add(now);
    }
    // The sequence changed the findings along the way, test ones included.
    assert.ok(results.size >= 4, `only ${results.size} distinct results`);
    assert.ok([...results].some((r) => JSON.parse(r).test.length > 0), 'a test reaches the helper');
  });
});
