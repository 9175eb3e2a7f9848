import * as assert from 'assert';
import * as path from 'path';
import { scan } from '../../src/core/scan';
import { analyze, edges, externalNames, fn, tempProject } from './helpers';

describe('javascript: call edges that are no call by name', () => {
  it('records project functions handed by name to timers, promises, emitters and array methods', () => {
    const model = analyze(`
import { EventEmitter } from 'node:events';
import { flush } from './jobs';
function toRow(x) { return x; }
class Queue {
  drain() {}
  start(bus) {
    bus.on('tick', this.drain.bind(this));
    queueMicrotask(this.drain);
  }
}
export function handler(items, promise, bus) {
  setImmediate(flush);
  setTimeout(flush, 10);
  process.nextTick(toRow);
  promise.then(toRow).catch(flush);
  items.map(toRow).forEach(flush);
  items.map((x) => x * 2);
  bus.once('done', flush);
}
`);
    assert.deepStrictEqual(edges(model, 'handler'), [
      'callback passed to setImmediate → project:./jobs#flush',
      'callback passed to setTimeout → project:./jobs#flush',
      'callback passed to process.nextTick → project:#toRow',
      'callback passed to then → project:#toRow',
      'callback passed to catch → project:./jobs#flush',
      'callback passed to map → project:#toRow',
      'callback passed to forEach → project:./jobs#flush',
      'callback passed to once → project:./jobs#flush',
    ]);
    assert.deepStrictEqual(
      edges(model, 'Queue.start').filter((e) => e.startsWith('callback')),
      ['callback passed to on → project:#Queue.drain', 'callback passed to queueMicrotask → project:#Queue.drain'],
    );
  });

  it('records the components a function renders (`<Posts />`; a bare import for the index to resolve), not host elements or local inline components', () => {
    const model = analyze(`
import { Posts } from './posts';
import Sidebar from '@/components/sidebar';
import { Suspense } from 'react';
function Header() { return <h1>Blog</h1>; }
export default async function Page() {
  const Inline = () => <p>inline</p>;
  return (
    <main>
      <Header />
      <Suspense fallback={<div>loading</div>}>
        <Posts limit={10} />
      </Suspense>
      <Sidebar />
      <Inline />
      <section>text</section>
    </main>
  );
}
`, 'app/blog/page.tsx');
    assert.deepStrictEqual(edges(model, 'Page'), [
      'rendered → project:#Header',
      'rendered → external:react.Suspense',
      'rendered → project:./posts#Posts',
      'rendered → external:@/components/sidebar',
    ]);
  });

  it('a require of a module the file already requires at its top level is a module-cache lookup (`require[cached]`), not the rule\'s call', () => {
    const model = analyze(`
const plugins = require('./plugins');
const { config } = require('./meta').settings;
function allowed() {
  const sharp = require('sharp');
  return [require('./plugins').hooks, require('./meta'), sharp];
}
module.exports = { allowed };
`, 'src/image.js');
    assert.deepStrictEqual(externalNames(model, 'allowed'), ['require', 'require[cached]', 'require[cached]']);
  });

  it("a require inside a function of a module that the required module loads at its top level (a circular import broken lazily) is no finding; one of a module nothing loaded is", async () => {
    const root = tempProject({
      'package.json': '{ "dependencies": { "express": "4" } }',
      'api/index.js': "const users = require('./users');\nmodule.exports = { users, version: 3 };\n",
      'api/users.js': `
exports.get = async (req, res) => {
  const api = require('.');
  const report = require('../report');
  res.json({ version: api.version, report: report.make() });
};
`,
      'report.js': 'exports.make = () => 1;\n',
      'app.js': "const express = require('express');\nconst api = require('./api');\nconst app = express();\napp.get('/users', api.users.get);\n",
    });
    const result = await scan([root], { fixes: false });
    assert.deepStrictEqual(
      result.findings.map((f) => `${f.rule} ${path.relative(root, f.file)}:${f.range.line}`),
      ['js/require-in-handler api/users.js:4'],
    );
  });

  it('does not treat functions handed to worker threads as callbacks on the loop', () => {
    const model = analyze(`
import { Worker } from 'node:worker_threads';
function work() {}
export function handler() {
  new Worker(work);
}
`);
    assert.deepStrictEqual(edges(model, 'handler'), []);
  });

  it('marks getters, reads of this and instance members, and method calls that may be overridden', () => {
    const model = analyze(`
class Store {
  constructor(db) { this.db = db; }
  get config() { return 1; }
  set config(v) {}
  load() { return this.config + this.db; }
}
export function handler() {
  const store = new Store();
  store.other = 1;
  store.load();
  return store.config;
}
`);
    assert.strictEqual(fn(model, 'Store.config').accessor, 'getter');
    assert.deepStrictEqual(edges(model, 'Store.load'), ['getter → project:#Store.config']);
    assert.deepStrictEqual(edges(model, 'handler'), ['getter → project:#Store.config']);
    assert.strictEqual(fn(model, 'handler').calls.find((c) => c.text === 'store.load')?.dispatch, true);
    assert.deepStrictEqual(model.classes?.map((c) => c.name), ['Store']);
  });
});
