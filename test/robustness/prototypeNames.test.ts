/**
 * Code whose names are Object.prototype's (`toString`, `constructor`,
 * `valueOf`, `__proto__`): tables the analyzer looks such names up in must
 * not find JavaScript's own members. logto's `req.body.toString()` once made
 * `Object.prototype.toString` a request part, and that file's model could no
 * longer be cached (it held a function).
 */
import * as assert from 'assert';
import * as path from 'path';
import * as v8 from 'v8';
import { scan } from '../../src/core/scan';
import { Engine } from '../../src/core/engine';
import { canonicalName } from '../../src/core/python/types';
import { coroutineAwareDecorator } from '../../src/core/python/fixes/asyncDecorators';
import { makeTree, removeTree } from '../files/tree';

const EXPRESS = [
  "const express = require('express');",
  'const app = express();',
  "app.post('/parse', (req, res) => {",
  '  const data = JSON.parse(req.body.toString()) + JSON.parse(req.toString()) + JSON.parse(req.valueOf());',
  '  const kind = req.constructor.name + req.valueOf() + req.hasOwnProperty("x");',
  '  res.json({ data, kind, proto: req.__proto__ });',
  '});',
  'app.listen(3000);',
  '',
].join('\n');

const FLASK = [
  'import time',
  'from flask import Flask',
  '',
  'app = Flask(__name__)',
  '',
  '',
  'def constructor(f):',
  '    return f',
  '',
  '',
  '@app.route("/")',
  '@constructor',
  'def index():',
  '    app.toString(index)',
  '    app.constructor(index)',
  '    toString()',
  '    time.sleep(1)',
  '    return "ok"',
  '',
].join('\n');

describe('names of Object.prototype members in analysed code', () => {
  let root: string;
  beforeEach(() => {
    root = makeTree({ 'web/server.js': EXPRESS, 'web/package.json': '{"name":"web","dependencies":{"express":"4"}}', 'app/app.py': FLASK, 'app/requirements.txt': 'flask\n' });
  });
  afterEach(() => removeTree(root));

  it('leave every file model plain data (cacheable), and the findings as usual', async () => {
    const engine = await Engine.create([root]);
    for (const file of ['web/server.js', 'app/app.py']) engine.setFile(path.join(root, file), file.endsWith('.js') ? EXPRESS : FLASK);
    for (const file of engine.files()) {
      const model = engine.fileModel(file)!;
      for (const [field, value] of Object.entries(model)) assert.doesNotThrow(() => v8.serialize(value), `${path.relative(root, file)}: ${field}`);
    }
    const result = await scan([root], { fixes: false });
    assert.ok(result.findings.some((f) => f.call === 'time.sleep' && f.handler?.name === 'index'), JSON.stringify(result.findings.map((f) => f.call)));
  });

  it('are names like any other for the lookups by name', () => {
    for (const name of ['toString', 'constructor', 'valueOf', '__proto__', 'hasOwnProperty']) {
      assert.strictEqual(canonicalName(name), name);
      assert.strictEqual(coroutineAwareDecorator(name, 'import functools\n'), false);
    }
  });
});
