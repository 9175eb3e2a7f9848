import * as assert from 'assert';
import * as path from 'path';
import { Engine } from '../../src/core/engine';
import { javascript } from '../../src/core/javascript/index';
import type { FileModel } from '../../src/core/model';
import { RuleCatalog } from '../../src/core/rules/catalog';
import { makeTree, removeTree } from '../files/tree';
import { collectGarbage } from '../helpers/gc';

const rules = RuleCatalog.builtin();
const ROOT = path.join(__dirname, 'edited-function');
const FILE = path.join(ROOT, 'routes.ts');

const ROUTES = [
  "import express from 'express';",
  "import fs from 'fs';",
  '',
  'const router = express.Router();',
  '',
  'export function first(req: express.Request, res: express.Response) {',
  "  res.send(fs.readFileSync('/tmp/a', 'utf8'));",
  '}',
  '',
  'export async function second(req: express.Request, res: express.Response) {',
  '  const value = req.query.id;',
  '  res.send(new Reports().build(String(value)));',
  '}',
  '',
  'class Reports {',
  '  build(id: string) {',
  "    return fs.readFileSync(`/tmp/${id}`, 'utf8');",
  '  }',
  '}',
  '',
  'export function adminRoutes() {',
  '  const admin = express.Router();',
  "  admin.get('/stats', async (req, res) => {",
  "    res.send(fs.readFileSync('/tmp/stats', 'utf8'));",
  '  });',
  '  return admin;',
  '}',
  '',
  "router.get('/a', first);",
  "router.get('/b', second);",
  "router.get('/c', (req, res) => res.send(new Reports().build('c')));",
  'export default router;',
  '',
].join('\n');

/** The model of `text` as an editor's document after `previous` (analysed first), and the edit `editOf` finds between them. */
function edited(previous: string, text: string): { before: FileModel; after: FileModel; edit: ReturnType<NonNullable<typeof javascript.editOf>> } {
  const before = javascript.analyze({ file: FILE, text: previous, root: ROOT, keepWalk: true }, rules);
  const after = javascript.analyze({ file: FILE, text, root: ROOT, keepWalk: true }, rules);
  return { before, after, edit: javascript.editOf!(after, before) };
}

function typedAt(text: string, after: string, typed: string): string {
  const at = text.indexOf(after) + after.length;
  assert.ok(at >= after.length, `${after} is in the text`);
  return text.slice(0, at) + typed + text.slice(at);
}

/** An engine's findings and handlers, to compare with another's. */
function report(engine: Engine): string {
  return JSON.stringify({ findings: engine.findings({ fixes: false }), handlers: engine.handlers() });
}

/**
 * A project of `routes.ts` holding `text`, open in an editing engine that has
 * computed its findings; `fresh(later)` is a new engine given a later text.
 */
async function openRoutes(text: string, prefix: string): Promise<{ root: string; file: string; engine: Engine; fresh(later: string): Promise<Engine> }> {
  const root = makeTree({ 'package.json': '{"dependencies":{"express":"^4"}}', 'routes.ts': text }, prefix);
  const file = path.join(root, 'routes.ts');
  const engine = await Engine.create([root], rules, { editing: true });
  engine.setFile(file, text, { open: true });
  engine.findings({ fixes: false });
  const fresh = async (later: string): Promise<Engine> => {
    const other = await Engine.create([root], rules);
    other.setFile(file, later);
    return other;
  };
  return { root, file, engine, fresh };
}

describe('JS/TS edits inside one function (the new model compared with the last one)', () => {
  it('finds the function typed in; the functions before it stay the same objects, the ones after are paired with their moved copies', () => {
    const { before, after, edit } = edited(ROUTES, typedAt(ROUTES, 'const value = req.query.id;', ' fs.readFileSync(String(value));'));
    assert.ok(edit);
    assert.strictEqual(edit.fn, 'second');
    // Against another model of the same text (another engine's), none.
    assert.strictEqual(javascript.editOf!(after, javascript.analyze({ file: FILE, text: ROUTES, root: ROOT }, rules)), undefined);
    assert.strictEqual(edit.moved.delta, ' fs.readFileSync(String(value));'.length);
    const named = (model: FileModel, name: string) => model.functions.find((f) => f.name === name)!;
    assert.strictEqual(named(after, 'first'), named(before, 'first'));
    const build = named(after, 'Reports.build');
    assert.notStrictEqual(build, named(before, 'Reports.build'));
    assert.strictEqual(edit.moved.objects.get(named(before, 'Reports.build')), build);
    assert.strictEqual(edit.moved.objects.get(named(before, 'Reports.build').calls[0]), build.calls[0]);
    assert.strictEqual(build.span.start, named(before, 'Reports.build').span.start + edit.moved.delta);
    // Module code before the edit keeps its call sites; the ones after it moved.
    const firstSite = before.moduleCode.calls[0];
    assert.ok(firstSite.span.end < edit.start);
    assert.strictEqual(after.moduleCode.calls[0], firstSite);
    assert.strictEqual(edit.moved.objects.get(before.moduleCode.calls.at(-1)!), after.moduleCode.calls.at(-1));
    assert.ok(named(after, 'second').calls.some((c) => c.text === 'fs.readFileSync'));
  });

  it('finds it in a document with CRLF line ends too, and an engine kept through such edits agrees with a fresh one', async () => {
    const crlf = ROUTES.replace(/\n/g, '\r\n');
    const typed = typedAt(crlf, 'const value = req.query.id;', ' fs.readFileSync(String(value));');
    assert.strictEqual(edited(crlf, typed).edit?.fn, 'second');
    const { root, file, engine, fresh } = await openRoutes(crlf, 'unblock-edited-crlf-');
    try {
      let text = crlf;
      for (const [after, insert] of [
        ['const value = req.query.id;', ' fs.readFileSync(String(value));'],
        ["return fs.readFileSync(`/tmp/${id}`, 'utf8');", ' '],
        ["res.send(fs.readFileSync('/tmp/a', 'utf8'));", '\r\n  void 0;'],
      ]) {
        text = typedAt(text, after, insert);
        engine.setFile(file, text, { open: true });
        assert.strictEqual(JSON.stringify(engine.findings({ fixes: false })), JSON.stringify((await fresh(text)).findings({ fixes: false })), JSON.stringify(insert));
      }
    } finally {
      removeTree(root);
    }
  });

  it('takes the innermost function typed in: an inline handler, a method, a handler a router factory registers', () => {
    const nested = edited(ROUTES, typedAt(ROUTES, "res.send(fs.readFileSync('/tmp/stats', 'utf8'));", ' '));
    assert.ok(nested.edit?.fn.startsWith('<handler'), nested.edit?.fn);
    assert.strictEqual(nested.after.functions.find((f) => f.name === nested.edit!.fn)?.parent, 'adminRoutes');
    assert.strictEqual(edited(ROUTES, typedAt(ROUTES, "new Reports().build('c')", ' ')).edit?.fn.startsWith('<handler'), true);
    assert.strictEqual(edited(ROUTES, typedAt(ROUTES, "return fs.readFileSync(`/tmp/${id}`, 'utf8');", ' // why')).edit?.fn, 'Reports.build');
  });

  it('declines what changes more than one body: a header, a registration, module code, a syntax error, a suppression', () => {
    const declined = {
      header: typedAt(ROUTES, 'export ', 'async ').replace('export async async', 'export async'),
      registration: typedAt(ROUTES, "  const value = req.query.id;", "\n  router.get('/d', first);"),
      moduleCode: typedAt(ROUTES, "router.get('/a', first);", ' // why'),
      syntaxError: typedAt(ROUTES, '  const value = req.query.id;', ' ('),
      suppression: typedAt(ROUTES, "  res.send(fs.readFileSync('/tmp/a', 'utf8'));", ' // unblock: ignore'),
    };
    for (const [what, text] of Object.entries(declined)) assert.strictEqual(edited(ROUTES, text).edit, undefined, what);
  });

  it('keeps the names of the functions a line added above moves: inline handlers are named by their order, not their line', () => {
    const { before, after, edit } = edited(ROUTES, typedAt(ROUTES, '  const value = req.query.id;', '\n  const other = 1;'));
    assert.strictEqual(edit?.fn, 'second');
    const handlers = (model: FileModel) => model.functions.filter((f) => f.name.startsWith('<handler')).map((f) => f.name);
    assert.ok(handlers(before).length >= 2, JSON.stringify(handlers(before)));
    assert.deepStrictEqual(handlers(after), handlers(before));
    // What the index kept of the handlers after the line is moved, not built again: their infos are paired.
    const moved = after.functions.filter((f) => f.name.startsWith('<handler') && f.range.line > before.functions.find((g) => g.name === 'second')!.range.line);
    assert.ok(moved.length >= 1 && moved.every((f) => [...edit.moved.objects.values()].includes(f)), JSON.stringify(moved.map((f) => f.name)));
  });

  it('gives handlers moved by an added line their own findings, as a fresh engine does, and builds only the edited one again', async () => {
    // One-line handlers on consecutive lines: a line added above moves each to the line the one above it had.
    const oneLiners = [
      "router.get('/r1', (req, res) => res.send(fs.readFileSync('/tmp/1', 'utf8')));",
      "router.get('/r2', (req, res) => res.send('two'));",
      "router.get('/r3', (req, res) => res.send(fs.readFileSync('/tmp/3', 'utf8')));",
      "router.get('/r4', (req, res) => res.send('four'));",
    ].join('\n');
    const text = ROUTES.replace("router.get('/a', first);", `${oneLiners}\nrouter.get('/a', first);`);
    const { root, file, engine, fresh } = await openRoutes(text, 'unblock-edited-renamed-');
    try {
      let current = text;
      const handlers = engine.handlers().length;
      for (let i = 0; i < 3; i++) {
        const before = engine.stats;
        current = typedAt(current, '  const value = req.query.id;', '\n  void 0;');
        engine.setFile(file, current, { open: true });
        assert.strictEqual(report(engine), report(await fresh(current)), `edit ${i}`);
        // The handlers after the line keep their names, so their registrations and roots move instead of being made again
        // (before: 6 of the 8 registrations resolved again and 7 roots built again on each edit).
        const after = engine.stats;
        assert.strictEqual(after.registrationsResolved - before.registrationsResolved, 0, `edit ${i}: registrations resolved again`);
        assert.ok(after.rootsBuilt - before.rootsBuilt <= 2, `edit ${i}: ${after.rootsBuilt - before.rootsBuilt} of ${handlers} roots built again`);
      }
    } finally {
      removeTree(root);
    }
  });

  it('compares only with the same document analysed for the editor: a bulk analysis, another root or another catalog finds no edit', () => {
    const text = typedAt(ROUTES, 'const value = req.query.id;', ' ');
    const kept = (code: string, options: { root?: string; catalog?: RuleCatalog; keep?: boolean } = {}) =>
      javascript.analyze({ file: FILE, text: code, root: options.root ?? ROOT, keepWalk: options.keep ?? true }, options.catalog ?? rules);
    let held = kept(ROUTES);
    assert.strictEqual(javascript.editOf!(kept(text, { keep: false }), held), undefined);
    held = kept(ROUTES, { root: path.dirname(ROOT) });
    assert.strictEqual(javascript.editOf!(kept(text), held), undefined);
    held = kept(ROUTES);
    assert.strictEqual(javascript.editOf!(kept(text, { catalog: RuleCatalog.builtin() }), held), undefined);
    // The same again, in the same catalog: found.
    held = kept(ROUTES);
    assert.ok(javascript.editOf!(kept(text), held));
  });

  it('keeps no model of a document but its last: an edit names the model it was found against by number', async () => {
    const kept = (code: string) => javascript.analyze({ file: FILE, text: code, root: ROOT, keepWalk: true }, rules);
    let text = ROUTES;
    let held = kept(text);
    const earlier: Array<WeakRef<FileModel>> = [];
    for (let i = 0; i < 5; i++) {
      text = typedAt(text, 'const value = req.query.id;', ' ');
      const next = kept(text);
      assert.ok(javascript.editOf!(next, held), `edit ${i}`);
      earlier.push(new WeakRef(held));
      held = next;
    }
    // A WeakRef made in this turn keeps its target until the turn ends.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    assert.deepStrictEqual(earlier.map((ref) => ref.deref() === undefined), [true, true, true, true, true]);
  });

  it('is taken by an engine only against the model it holds: two engines editing one file agree with a fresh one', async () => {
    const root = makeTree({ 'package.json': '{"dependencies":{"express":"^4"}}', 'routes.ts': ROUTES }, 'unblock-edited-function-');
    try {
      const file = path.join(root, 'routes.ts');
      // One catalog for all: a model is compared only with one the same catalog made.
      const engines = [await Engine.create([root], rules, { editing: true }), await Engine.create([root], rules, { editing: true })];
      for (const engine of engines) engine.setFile(file, ROUTES, { open: true });
      // Each engine's edit follows the other's analysis of the same text: the kept model is the other engine's.
      const texts = [typedAt(ROUTES, "res.send(fs.readFileSync('/tmp/a', 'utf8'));", ' ')];
      texts.push(typedAt(texts[0], 'const value = req.query.id;', ' fs.readFileSync(String(value));'));
      texts.push(typedAt(texts[1], "return fs.readFileSync(`/tmp/${id}`, 'utf8');", ' '));
      const fresh = await Engine.create([root], rules);
      for (const text of texts) {
        fresh.setFile(file, text);
        for (const engine of engines) {
          engine.setFile(file, text, { open: true });
          assert.strictEqual(report(engine), report(fresh));
        }
      }
      assert.ok(fresh.findings({ fixes: false }).some((f) => f.range.line === 11), 'the read typed in is found');
      assert.ok(fresh.findings({ fixes: false }).some((f) => f.range.line === 17), 'the method is found');
    } finally {
      removeTree(root);
    }
  });
});
