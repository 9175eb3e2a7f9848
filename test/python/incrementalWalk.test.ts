import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { completeModel, python, walkCounts } from '../../src/core/python/index';
import { analyzeTree } from '../../src/core/python/analyze';
import { parsePython } from '../../src/core/python/parse';
import { RuleCatalog } from '../../src/core/rules/catalog';
import type { FileModel } from '../../src/core/model';
import { rangeOfSite, withText } from '../helpers/siteRange';
import { prng, canonical } from '../helpers/edits';

const rules = RuleCatalog.builtin();

/** What a walk of the whole text gives, with no kept tree or walk involved. */
function freshModel(file: string, root: string, text: string): FileModel {
  const tree = parsePython(text);
  try {
    return completeModel(analyzeTree(tree, file, root, text, rules));
  } finally {
    tree.delete();
  }
}

/** Offsets inside indented lines (function and method bodies, mostly), where typing happens. */
function bodyOffsets(text: string): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    const indent = line.search(/\S/);
    if (indent >= 4) for (let i = indent; i <= line.length; i += 3) offsets.push(at + i);
    at += line.length + 1;
  }
  return offsets;
}

/** Analyses `text` as the editor's open file (when given), then `next`; the new model must be a fresh walk's. Says how `next` was walked. */
function editTo(file: string, text: string | undefined, next: string): { model: FileModel; walked: 'edited function' | 'whole file' } {
  if (text !== undefined) python.analyze({ file, text, root: FIXTURES, keepWalk: true }, rules);
  const edited = walkCounts.edited;
  const model = python.analyze({ file, text: next, root: FIXTURES, keepWalk: true }, rules);
  assert.strictEqual(canonical(model), canonical(freshModel(file, FIXTURES, next)));
  return { model, walked: walkCounts.edited > edited ? 'edited function' : 'whole file' };
}

const TYPED = ['x', ' ', '\n        ', '(', ')', '"', '#', 'é', '😀', 'await ', 'time.sleep(1)', 'requests.get(url)', '\n        y = open("f").read()', ''];

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'py');

describe('Python function-level re-analysis (the editor path)', () => {
  before(() => python.init());

  it('gives the model a fresh walk gives after each of 400 random edits inside function bodies, and takes the short path for most', () => {
    const sources = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.py')).sort();
    const random = prng(11);
    const before = { ...walkCounts };
    let checked = 0;
    for (const name of sources.slice(0, 40)) {
      const file = path.join(FIXTURES, name);
      let text = fs.readFileSync(file, 'utf8');
      python.analyze({ file, text, root: FIXTURES, keepWalk: true }, rules);
      for (let i = 0; i < 10; i++) {
        const offsets = bodyOffsets(text);
        if (offsets.length === 0) break;
        const at = offsets[Math.floor(random() * offsets.length)];
        const typed = TYPED[Math.floor(random() * TYPED.length)];
        let next = typed === '' ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + typed + text.slice(at);
        // Never split a surrogate pair: editors do not either.
        if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(next)) next = `${text}\n`;
        const incremental = python.analyze({ file, text: next, root: FIXTURES, keepWalk: true }, rules);
        assert.strictEqual(canonical(incremental), canonical(freshModel(file, FIXTURES, next)), `${name}, edit ${i}: ${JSON.stringify(typed)} at ${at}`);
        text = next;
        checked++;
      }
    }
    const edited = walkCounts.edited - before.edited;
    assert.ok(checked >= 380, `only ${checked} edits checked`);
    assert.ok(edited >= checked / 2, `the edited function alone was walked for ${edited} of ${checked} edits`);
  });

  it('leaves the model of the text before the edit as it was', () => {
    const file = path.join(FIXTURES, 'time-sleep.py');
    const text = `import time\n\n\nasync def first():\n    time.sleep(1)\n\n\nasync def second():\n    time.sleep(2)\n`;
    const model = python.analyze({ file, text, root: FIXTURES, keepWalk: true }, rules);
    const snapshot = canonical(model);
    const next = text.replace('time.sleep(1)', 'time.sleep(1)\n    time.sleep(3)');
    const after = editTo(file, undefined, next);
    assert.strictEqual(after.walked, 'edited function');
    assert.strictEqual(canonical(model), snapshot);
    // The second function moved down a line: its call did too.
    const second = after.model.functions.find((f) => f.name === 'second')!;
    assert.strictEqual(next.slice(second.calls[0].span.start, second.calls[0].span.end), 'time.sleep(2)');
    assert.deepStrictEqual([second.range.line, rangeOfSite(withText(after.model, next), second.calls[0]).line], [9, 10]);
  });

  it('walks a body alone when a space is typed after its last statement, and the whole file when more than blanks change after it', () => {
    const file = path.join(FIXTURES, 'last-statement.py');
    const text = ['import time', '', '', 'class View:', '    def get(self):', '        a = 1', '        return a', '', '    def post(self):', '        time.sleep(1)', '        return 2', ''].join('\n');
    let next = text;
    for (const typed of [' ', '+', ' ', '1']) {
      // The end of the line: where a person writes the statement.
      const at = next.indexOf('\n', next.indexOf('return a'));
      const edited = next.slice(0, at) + typed + next.slice(at);
      assert.strictEqual(editTo(file, next, edited).walked, 'edited function', `typing ${JSON.stringify(typed)} after the last statement`);
      next = edited;
    }
    assert.match(next, /return a \+ 1\n/);
    // A space after the last method of a class that the next statement follows at once is still inside the class.
    const last = next.indexOf('return 2') + 'return 2'.length;
    assert.strictEqual(editTo(file, next, `${next.slice(0, last)}  ${next.slice(last)}`).walked, 'edited function');
    // A new statement after the body, outside it: the whole file.
    assert.strictEqual(editTo(file, next, next.replace('\n\n    def post', '\nx = 1\n\n    def post')).walked, 'whole file');
  });

  it('re-walks a method alone when later methods write attributes it does not read, and not when it reads one', () => {
    const file = path.join(FIXTURES, 'later-attrs.py');
    const text = [
      'import requests',
      '',
      '',
      'class Report:',
      '    def __init__(self):',
      '        self.client = requests.Session()',
      '',
      '    def load(self):',
      '        return self.client.get("https://example.com")',
      '',
      '    def render(self):',
      '        self.page = open("report.html").read()',
      '        return self.page',
      '',
    ].join('\n');
    // `load` reads `client` only; `render`, after it, adds `page`.
    const loads = text.replace('return self.client.get(', 'return self.client.post(');
    assert.strictEqual(editTo(file, text, loads).walked, 'edited function');
    // Now `load` reads `page`, which `render` sets after it: a fresh walk does not see it there, so neither may the re-walk.
    assert.strictEqual(editTo(file, undefined, loads.replace('return self.client.post("https://example.com")', 'return self.page.strip()')).walked, 'whole file');
  });

  it('records again the calls of a nested function\'s parameter annotations, whose nodes the new tree may reuse', () => {
    const file = path.join(FIXTURES, 'nested-annotations.py');
    const text = [
      'from typing import Annotated',
      'from fastapi import Depends, FastAPI',
      '',
      'app = FastAPI()',
      '',
      '',
      'def get_db():',
      '    return open("db.txt")',
      '',
      '',
      'def make_routes():',
      '    @app.get("/items")',
      '    def items(db: Annotated[object, Depends(get_db)]):',
      '        return db.read()',
      '    return items',
      '',
    ].join('\n');
    const { model, walked } = editTo(file, text, text.replace('    return items', '    print("routes")\n    return items'));
    assert.strictEqual(walked, 'edited function');
    assert.ok(model.functions.find((f) => f.name === 'make_routes')!.calls.some((c) => c.text === 'Depends'));
  });

  it('walks the whole file when the edited body writes what another body reads', () => {
    const file = path.join(FIXTURES, 'attrs.py');
    const text = [
      'import requests',
      '',
      '',
      'class Client:',
      '    def __init__(self):',
      '        self.session = None',
      '',
      '    def fetch(self):',
      '        return self.session.get("https://example.com")',
      '',
    ].join('\n');
    const { model, walked } = editTo(file, text, text.replace('self.session = None', 'self.session = requests.Session()'));
    assert.strictEqual(walked, 'whole file');
    assert.ok(model.functions.find((f) => f.name === 'Client.fetch')!.calls.some((c) => c.target.kind === 'external' && c.target.name === 'requests.Session().get'));
  });
});
