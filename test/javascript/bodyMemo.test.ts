import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { javascript } from '../../src/core/javascript/index';
import { bodyWalks } from '../../src/core/javascript/bodyMemo';
import type { CallSite, FileModel } from '../../src/core/model';
import { RuleCatalog } from '../../src/core/rules/catalog';
import { canonical, prng } from '../helpers/edits';

const rules = RuleCatalog.builtin();
const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'js');
const ROOT = '/project';

/** An Express app with what function bodies read around them and leave for the index: outer names, class fields, JSDoc types, feeds, route calls, guards. */
function app(routes: number): string {
  const out = [
    `import express from 'express';`,
    `import fs from 'fs';`,
    `import { execSync } from 'child_process';`,
    `import { Store } from './store';`,
    `import { Pool } from 'pg';`,
    `import Database from 'better-sqlite3';`,
    `const DEBUG = process.env.NODE_ENV !== 'production';`,
    `const shouldCache = process.env.NODE_ENV === 'production';`,
    `const cache = new Map();`,
    `let client = new Pool();`,
    `export const router = express.Router();`,
    '',
    `class Reports {`,
    `  store = new Store();`,
    `  constructor(db) { this.db = db; }`,
    `  build(id) { return this.store.read(id) + this.db.query(id); }`,
    `  static render(x) { return execSync('render ' + x); }`,
    `}`,
    '',
    `/** @param {Store} store */`,
    `function fromStore(store, id) { return store.read(id); }`,
    '',
    `function cached(key) {`,
    `  if (shouldCache && cache.has(key)) return cache.get(key);`,
    `  const value = fs.readFileSync(key);`,
    `  cache.set(key, value);`,
    `  return value;`,
    `}`,
    '',
    `export function mount(app) {`,
    `  app.get('/mounted', (req, res) => res.send(fs.readFileSync('/tmp/m')));`,
    `  return app;`,
    `}`,
    '',
  ];
  for (let i = 0; i < routes; i++) {
    out.push(
      `function helper${i}(req, res) {`,
      `  if (DEBUG) fs.readFileSync('/tmp/debug${i}');`,
      `  return client.query(req.params.id);`,
      `}`,
      '',
      `router.get('/r/${i}', async (req, res) => {`,
      `  // route ${i}`,
      `  const rows = helper${i}(req, res);`,
      `  new Reports(client).build(req.query.id);`,
      `  res.json(fromStore(new Store(), rows), cached(req.path));`,
      `});`,
      '',
    );
  }
  return out.join('\n');
}

/** The model of `text` as an open document (from its last walk), checked against a fresh walk. */
function analyseAsEditor(file: string, text: string, label: string): FileModel {
  const kept = javascript.analyze({ file, text, root: ROOT, keepWalk: true }, rules);
  const fresh = javascript.analyze({ file, text, root: ROOT }, rules);
  assert.strictEqual(canonical(kept), canonical(fresh), label);
  return kept;
}

/** `text` with `typed` inserted at the start of the line `random` picks. */
function typeAtLineStart(text: string, typed: string, random: () => number): string {
  const at = text.lastIndexOf('\n', Math.floor(random() * text.length)) + 1;
  return text.slice(0, at) + typed + text.slice(at);
}

function callOf(model: FileModel, fn: string, text: string): CallSite {
  const call = model.functions.find((f) => f.name === fn)?.calls.find((c) => c.text === text);
  assert.ok(call, `no call ${text} in ${fn}`);
  return call;
}

describe("JS/TS function bodies an edit left as they were (an editor's open document)", () => {
  it('replays them, moved, instead of walking them, and gives the model a fresh walk gives after each of 200 edits', () => {
    const file = path.join(ROOT, 'routes.js');
    const random = prng(5);
    const typed = [' ', '\n', '// note\n', 'fs.readFileSync("/tmp/x");\n', '\t', '\n\n'];
    let text = app(40);
    analyseAsEditor(file, text, 'first walk');
    const before = { ...bodyWalks };
    for (let i = 0; i < 200; i++) {
      const next = typeAtLineStart(text, typed[Math.floor(random() * typed.length)], random);
      const model = analyseAsEditor(file, next, `edit ${i}`);
      // A statement typed between a call's arguments breaks the syntax: the next edit starts from the text before.
      if (model.errors.length === 0) text = next;
    }
    const replayed = bodyWalks.replayed - before.replayed;
    const recorded = bodyWalks.recorded - before.recorded;
    // 84 named functions, about 77 of them replayable (the constructor assigns a field, `mount` registers a route): an edit
    // walks the one it is in, and its statement's.
    assert.ok(replayed > 200 * 60, `${replayed} bodies replayed, ${recorded} walked and kept`);
    assert.ok(recorded < replayed / 10, `${replayed} bodies replayed, ${recorded} walked and kept`);
  });

  it('walks a body again when a name it reads around it is bound to something else', () => {
    const file = path.join(ROOT, 'client.js');
    const text = app(3);
    assert.deepStrictEqual(callOf(analyseAsEditor(file, text, 'first walk'), 'helper2', 'client.query').target, { kind: 'external', name: 'pg.Pool().query' });
    // The binding's statement changes; helper2's does not, and its node is the same.
    const rebound = analyseAsEditor(file, text.replace('let client = new Pool();', 'let client = new Database();'), 'rebound');
    assert.deepStrictEqual(callOf(rebound, 'helper2', 'client.query').target, { kind: 'external', name: 'better-sqlite3().query' });
  });

  it('walks a body again when what its registration hands its parameters changed (the object registered on is bound to another library)', () => {
    const file = path.join(ROOT, 'socket.js');
    const text = [`import { Server } from 'socket.io';`, `import express from 'express';`, `const io = new Server();`, `io.use((socket, next) => {`, `  socket.join('room');`, `  next();`, `});`, ''].join('\n');
    const handler = '<handler>';
    assert.deepStrictEqual(callOf(analyseAsEditor(file, text, 'first walk'), handler, 'socket.join').target, { kind: 'external', name: 'socket.io.Socket().join' });
    const rebound = analyseAsEditor(file, text.replace('const io = new Server();', 'const io = express();'), 'rebound');
    assert.deepStrictEqual(callOf(rebound, handler, 'socket.join').target, { kind: 'unknown', name: 'socket.join' });
  });

  it("walks a body again when a top-level constant its guard reads changed, or the file's imports did", () => {
    const file = path.join(ROOT, 'guard.js');
    const text = app(3);
    assert.strictEqual(callOf(analyseAsEditor(file, text, 'first walk'), 'cached', 'fs.readFileSync').condition?.kind, 'once');
    const constant = analyseAsEditor(file, text.replace("const shouldCache = process.env.NODE_ENV === 'production';", 'const shouldCache = true;'), 'constant');
    assert.strictEqual(callOf(constant, 'cached', 'fs.readFileSync').condition, undefined);
    const imported = analyseAsEditor(file, text.replace(`import fs from 'fs';`, `import fs from 'graceful-fs';`), 'import');
    assert.deepStrictEqual(callOf(imported, 'helper1', 'fs.readFileSync').target, { kind: 'external', name: 'graceful-fs.readFileSync' });
  });

  it('keeps what a body adds to the file (feeds, route calls), and walks every time a body that registers a route', () => {
    const file = path.join(ROOT, 'mount.js');
    let text = app(5);
    const first = analyseAsEditor(file, text, 'first walk');
    const before = { ...bodyWalks };
    text = text.replace('// route 4', '// route 4, edited');
    const edited = analyseAsEditor(file, text, 'comment');
    assert.strictEqual(bodyWalks.replayed - before.replayed, first.functions.length - 3, 'all but the edited handler, `mount` (it registers a route) and the constructor (it assigns a field)');
    const added = (model: FileModel) => model.facts as { routeCalls?: unknown[]; feeds?: unknown[] };
    assert.ok(added(first).routeCalls?.length && added(first).feeds?.length, 'the bodies call helpers with their parameters');
    assert.deepStrictEqual(added(edited).routeCalls, added(first).routeCalls);
    assert.deepStrictEqual(added(edited).feeds, added(first).feeds);
  });

  it('replays the other methods of a class one method of which was edited (TypeScript parses the whole class again), moved where they moved', () => {
    const file = path.join(ROOT, 'service.ts');
    const methods = Array.from({ length: 12 }, (_, i) => [`  async list${i}(id: string) {`, `    // method ${i}`, `    return fs.readFileSync(this.path + id) + this.db.query(id);`, `  }`].join('\n'));
    let text = [`import fs from 'fs';`, `import { Pool } from 'pg';`, `export class Service {`, `  db = new Pool();`, `  path = '/tmp/';`, ...methods, `}`, ''].join('\n');
    analyseAsEditor(file, text, 'first walk');
    for (const [i, typed] of [[3, ' more'], [7, '\n    fs.statSync(id);'], [0, '\n\n']] as const) {
      const before = { ...bodyWalks };
      text = text.replace(`// method ${i}`, `// method ${i}${typed}`);
      const edited = analyseAsEditor(file, text, `method ${i}`);
      assert.strictEqual(bodyWalks.replayed - before.replayed, 11, `the methods but list${i}`);
      assert.strictEqual(edited.functions.length, 12);
    }
  });

  it('gives the model a fresh walk gives after edits of the fixtures, syntax errors on the way included', () => {
    const sources = fs.readdirSync(FIXTURES).filter((f) => /\.(js|ts|tsx|jsx|mjs)$/.test(f)).sort();
    const random = prng(11);
    const typed = [' ', '\n', 'x', '}', '{', 'this.db = db;', 'const fs = 1;', '/** @param {Store} s */\n', ''];
    for (const name of sources) {
      const file = path.join(FIXTURES, name);
      let text = fs.readFileSync(file, 'utf8');
      analyseAsEditor(file, text, `${name}: first walk`);
      for (let i = 0; i < 12; i++) {
        const at = Math.floor(random() * text.length);
        const insert = typed[Math.floor(random() * typed.length)];
        text = insert === '' ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + insert + text.slice(at);
        analyseAsEditor(file, text, `${name}, edit ${i}: ${JSON.stringify(insert)} at ${at}`);
      }
    }
  });
});
