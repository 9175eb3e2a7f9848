import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../src/core/engine';
import { reachedFindings, tempProject } from './helpers';

/**
 * A `require()` inside a function reads and compiles its module the first
 * time it runs, unless the module is in Node's cache already: loaded at the
 * top level of the handler's file, of the file registering it, or of what
 * those load at their top level (they ran before the handler could serve),
 * or a Node builtin (no file to read).
 */

/** NodeBB's shape: routes load the controllers and the modules everything uses; a controller requires some of them lazily. */
const APP = {
  'package.json': '{ "dependencies": { "express": "4", "pdfkit": "0.14" } }',
  'app.js': "const express = require('express');\nconst routes = require('./routes');\nconst app = express();\nroutes(app);\napp.listen(3000);\n",
  'routes.js': `const controllers = require('./controllers');
const meta = require('./meta');
module.exports = (app) => {
  app.get('/config', controllers.config);
  app.get('/upload', controllers.upload);
  app.get('/report', controllers.report);
  app.get('/exec', controllers.exec);
};
`,
  'meta.js': "const settings = require('./settings');\nexports.config = { title: 'x', settings };\n",
  'settings.js': 'exports.theme = "dark";\n',
  'uploads.js': 'exports.clear = () => 1;\n',
  'controllers.js': `exports.config = (req, res) => {
  const meta = require('./meta');
  const settings = require('./settings');
  res.json({ ...meta.config, theme: settings.theme });
};
exports.upload = (req, res) => {
  require('./uploads').clear();
  res.end();
};
exports.report = (req, res) => {
  const PDFDocument = require('pdfkit');
  new PDFDocument().pipe(res);
};
exports.exec = (req, res) => {
  const { execFile } = require('child_process');
  const fsp = require('node:fs/promises');
  execFile('ls', () => fsp.readFile('x').then(() => res.end()));
};
`,
};

describe('require() in a handler of a module loaded before any request', () => {
  it('reports only the modules nothing the handler depends on loaded at its top level, and no Node builtin', async () => {
    const root = tempProject(APP);
    assert.deepStrictEqual(await reachedFindings(root, { withCall: true }), [
      'report → controllers.js:11 require',
      'upload → controllers.js:7 require',
    ]);
  });

  it("answers per handler: a second process's handler loading a module only the main app loads at startup is still reported", async () => {
    const root = tempProject({
      ...APP,
      'install.js': `const express = require('express');
const app = express();
app.get('/install', (req, res) => {
  const meta = require('./meta');
  res.json(meta.config);
});
app.listen(4567);
`,
    });
    const found = await reachedFindings(root, { withCall: true });
    assert.ok(found.some((f) => f.endsWith('install.js:4 require')), found.join('\n'));
  });

  it('reports the require again when an edit takes the top-level load away, and not once it is back', async () => {
    const root = tempProject(APP);
    const files = Object.keys(APP).filter((f) => f.endsWith('.js')).map((f) => path.join(root, f));
    const engine = await Engine.create([root], undefined, { editing: true });
    await engine.setFiles(files.map((file) => ({ file, text: fs.readFileSync(file, 'utf8') })));
    const lazyRequires = () =>
      engine
        .findings({ fixes: false })
        .filter((f) => f.rule === 'js/require-in-handler')
        .map((f) => `${path.basename(f.file)}:${f.range.line}`)
        .sort();
    assert.deepStrictEqual(lazyRequires(), ['controllers.js:11', 'controllers.js:7']);
    const routes = path.join(root, 'routes.js');
    const text = fs.readFileSync(routes, 'utf8');
    engine.setFile(routes, text.replace("const meta = require('./meta');\n", ''), { open: true });
    assert.deepStrictEqual(lazyRequires(), ['controllers.js:11', 'controllers.js:2', 'controllers.js:3', 'controllers.js:7']);
    engine.setFile(routes, text, { open: true });
    assert.deepStrictEqual(lazyRequires(), ['controllers.js:11', 'controllers.js:7']);
  });
});
