import * as assert from 'assert';
import { findSuppressions } from '../../src/core/javascript/suppressions';
import { mayBacktrackExponentially, regexVerdict } from '../../src/core/javascript/patterns/redos';
import { analyze, fn, handlerFn } from './helpers';
import { rangeOfSite } from '../helpers/siteRange';

const HANDLER = "import express from 'express';\nconst app = express();\n";

describe('javascript: structural patterns', () => {
  it('finds busy-wait loops on the clock, not loops that await', () => {
    const model = analyze(`${HANDLER}
app.get('/x', async (req, res) => {
  const end = Date.now() + 5;
  while (Date.now() < end) {}
  do ; while (new Date() - start < 5);
  for (let t = performance.now(); performance.now() - t < 5; ) {}
  while (Date.now() < end) { await sleep(1); }
  while (queue.length) { queue.pop(); }
});`);
    assert.deepStrictEqual(handlerFn(model).patterns.map((p) => [p.ruleId, rangeOfSite(model, p).line]), [
      ['js/busy-wait', 6], ['js/busy-wait', 7], ['js/busy-wait', 8],
    ]);
  });

  it('keeps regexes on input or parameters that may backtrack exponentially for the checker, not plain ones or literal subjects', () => {
    assert.strictEqual(regexVerdict('^(a+)+$', ''), true);
    assert.strictEqual(regexVerdict('^(\\w+\\s?)*$', ''), true);
    assert.strictEqual(regexVerdict('^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$', ''), false);
    assert.strictEqual(regexVerdict('^> ## Index\\n(?:> [^\\n]*\\n)*', ''), false, 'a repeated group recheck proves linear');
    assert.strictEqual(regexVerdict('\\s*,\\s*', ''), false, 'polynomial patterns are not reported');
    assert.strictEqual(regexVerdict('(', ''), false, 'invalid patterns stay silent');
    const model = analyze(`${HANDLER}
const BAD = /^(a+)+$/;
app.get('/x', (req, res) => {
  BAD.test(req.query.q);
  req.body.name.match(new RegExp('^(a|a)*$'));
  BAD.test('literal');
  /^\\d+$/.test(req.params.id);
  const { q } = req.query;
  q.replace(/^(a+)+$/, '');
});`);
    assert.deepStrictEqual(handlerFn(model).patterns.map((p) => [p.ruleId, rangeOfSite(model, p).line, p.regex?.pattern]), [
      ['js/redos', 6, '^(a+)+$'], ['js/redos', 7, '^(a|a)*$'], ['js/redos', 11, '^(a+)+$'],
    ]);
  });

  it('flags JSON of whole request bodies and file reads only', () => {
    const model = analyze(`${HANDLER}
import { readFile } from 'fs/promises';
app.post('/x', async (req, res) => {
  JSON.parse(req.body);
  JSON.parse(await req.text());
  const raw = await readFile('big.json', 'utf8');
  JSON.parse(raw);
  JSON.stringify({ ok: true });
  JSON.parse('{}');
});`);
    const patterns = handlerFn(model).patterns;
    assert.deepStrictEqual(patterns.map((p) => [p.ruleId, rangeOfSite(model, p).line]), [
      ['js/json-large-payload', 6], ['js/json-large-payload', 7], ['js/json-large-payload', 9],
    ]);
    const tagged = handlerFn(model).calls.filter((c) => c.tags?.length).map((c) => c.tags);
    assert.deepStrictEqual(tagged, [['request-input'], ['request-input'], ['file-content']]);
  });

  it('reports unknown *Sync calls only when nothing better is known', () => {
    const model = analyze(`
import { globSync } from 'glob';
import fs from 'fs';
const store = makeStore();
export function f(db) {
  db.querySync('x');
  store.loadSync();
  globSync('*.ts');
  fs.readFileSync('a');
  this.helperSync();
}`);
    assert.deepStrictEqual(fn(model, 'f').patterns.map((p) => p.text), ['db.querySync', 'store.loadSync', 'glob.globSync']);
  });

  it('reads suppressions for all rules or a list, on the line and the line after a lone marker', () => {
    const map = findSuppressions([
      'a(); // unblock: ignore',
      'b(); // unblock: ignore[js/sync-fs, js/redos]',
      '// unblock: ignore[js/sync-zlib]',
      'c();',
      'd(); /* unblock: ignore */',
    ].join('\n'));
    assert.deepStrictEqual([...map].map(([line, ids]) => [line, ids && [...ids].sort()]), [
      [1, null], [2, ['js/redos', 'js/sync-fs']], [3, ['js/sync-zlib']], [4, ['js/sync-zlib']], [5, null],
    ]);
  });
});

describe('ReDoS pre-filter', () => {
  it('sends only patterns with a repeated group over a repeating or branching body to the checker', () => {
    for (const risky of ['(a+)+$', '(a|a)*b', '^(\\w+\\s?)*$', '(x)+(a+)+', '^(([a-z])+.)+[A-Z]([a-z])+$']) {
      assert.strictEqual(mayBacktrackExponentially(risky), true, risky);
    }
    for (const plain of ['\\s*,\\s*', '^\\d{3}-\\d{4}$', '(ab){2,}', '^[a-z]+@[a-z]+\\.com$']) {
      assert.strictEqual(mayBacktrackExponentially(plain), false, plain);
    }
  });
});
