import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../src/core/engine';
import { walkFiles } from '../../src/core/files/walk';
import { SOURCE_EXTENSIONS } from '../../src/core/languages';
import { prng } from '../helpers/edits';
import { generateTree } from '../../scripts/bench/generate';
import { scratchDir } from '../helpers/scratch';

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');

/** What an edit types at the end of a line in a body: calls that add, move or drop caller sites, lines, and a character removed. */
const TYPED = {
  py: [' ', 'x', '\n    helper()', '; fetch_data()', '\n        pass', ''],
  js: [' ', 'x', ' helper();', ' loadUser(req);', '\n  ', ''],
};

/** Every function key of the engine's files, with the file and name `callersOf` takes. */
function functionsOf(engine: Engine, files: string[]): Array<{ file: string; name: string }> {
  return files.flatMap((file) => (engine.fileModel(file)?.functions ?? []).map((fn) => ({ file, name: fn.name })));
}

describe('caller index (callerIndex.ts): kept through edits, it equals a fresh engine\'s', function () {
  this.timeout(300_000);

  it('for every function of a generated tree and two example apps after each of 90 edits (bodies, renames, added callers), and goes through only the files an edit changed', async () => {
    const random = prng(23);
    let edits = 0;
    let built = 0;
    let files = 0;
    // The bench's generated tree: views and routes calling helper modules, which call each other (most callers are in other files).
    const generated = path.join(scratchDir('unblock-callers-'), 'tree');
    generateTree(generated, 90);
    for (const root of [generated, ...['fastapi-app', 'express-app'].map((app) => path.join(EXAMPLES, app))]) {
      const app = path.basename(root);
      const all = (await walkFiles([root], { extensions: SOURCE_EXTENSIONS })).files;
      const texts = new Map(all.map((f) => [f, fs.readFileSync(f, 'utf8')]));
      const kept = await Engine.create([root], undefined, { editing: true });
      await kept.setFiles([...texts].map(([file, text]) => ({ file, text })));
      const sources = all.filter((f) => /\.(py|[jt]sx?)$/.test(f));
      const editable = sources.filter((f) => /^[ \t]+\S/m.test(texts.get(f)!));
      for (const { file, name } of functionsOf(kept, sources)) kept.callersOf(file, name);
      for (let i = 0; i < 30; i++) {
        const file = editable[Math.floor(random() * editable.length)];
        const text = texts.get(file)!;
        const py = file.endsWith('.py');
        const defined = [...text.matchAll(py ? /^[ \t]*(?:async\s+)?def\s+(\w+)/gm : /\bfunction\s+(\w+)/g)];
        const kind = random();
        let next: string;
        let typed: string;
        if (kind < 0.15 && defined.length > 0) {
          // A function renamed: the calls other files made to it resolve no more (their sites change without their text).
          const name = defined[Math.floor(random() * defined.length)];
          const at = name.index! + name[0].length;
          typed = `rename ${name[1]}`;
          next = text.slice(0, at) + 'x' + text.slice(at);
        } else if (kind < 0.3 && defined.length > 0) {
          // A function added after the others: nothing moves, the new one calls one of them.
          const callee = defined[Math.floor(random() * defined.length)][1];
          typed = `add a caller of ${callee}`;
          next = text + (py ? `\n\ndef added_${i}():\n    return ${callee}()\n` : `\nexport function added${i}() {\n  return ${callee}();\n}\n`);
        } else {
          const indented = [...text.matchAll(/^[ \t]+\S.*$/gm)].map((m) => m.index! + m[0].length);
          const at = indented[Math.floor(random() * indented.length)];
          const choices = TYPED[py ? 'py' : 'js'];
          typed = choices[Math.floor(random() * choices.length)];
          next = typed === '' ? text.slice(0, at - 1) + text.slice(at) : text.slice(0, at) + typed + text.slice(at);
        }
        texts.set(file, next);
        kept.setFile(file, next, { open: true });
        // The editor asks for findings after each edit; a code action asks for callers after some.
        kept.findings({ fixes: false });
        const before = kept.stats.callerFilesBuilt;
        const fresh = await Engine.create([root]);
        await fresh.setFiles([...texts].map(([f, t]) => ({ file: f, text: t })));
        for (const { file: f, name } of functionsOf(fresh, sources)) {
          assert.deepStrictEqual(kept.callersOf(f, name), fresh.callersOf(f, name), `${app}, edit ${i} (${JSON.stringify(typed)} in ${path.relative(root, file)}): the callers of ${path.relative(root, f)}#${name}`);
        }
        built += kept.stats.callerFilesBuilt - before;
        files += sources.length;
        edits++;
      }
    }
    assert.ok(edits >= 90, `only ${edits} edits`);
    fs.rmSync(path.dirname(generated), { recursive: true, force: true });
    // An edit changes the edited file's sites and those of the files whose calls resolved through it: far from all.
    assert.ok(built * 3 <= files, `${built} files' caller sites made again in ${edits} edits, of ${files}`);
  });

  it('is one index per language: the callers of a TypeScript function go through the JS/TS files only, a Python edit leaves that index as it was', async () => {
    const generated = path.join(scratchDir('unblock-callers-languages-'), 'tree');
    generateTree(generated, 90);
    try {
      const all = (await walkFiles([generated], { extensions: SOURCE_EXTENSIONS })).files;
      const texts = new Map(all.map((f) => [f, fs.readFileSync(f, 'utf8')]));
      const engine = await Engine.create([generated], undefined, { editing: true });
      await engine.setFiles([...texts].map(([file, text]) => ({ file, text })));
      const ofLanguage = (language: string) => all.filter((f) => engine.fileModel(f)?.language === language);
      const [scripts, python] = [ofLanguage('javascript'), ofLanguage('python')];
      assert.ok(scripts.length >= 10 && python.length >= 10, `${scripts.length} JS/TS and ${python.length} Python files`);
      const [script, pythonFile] = [scripts, python].map((files) => files.find((f) => (engine.fileModel(f)?.functions.length ?? 0) > 0)!);
      const firstOf = (file: string) => engine.fileModel(file)!.functions[0].name;

      engine.callersOf(script, firstOf(script));
      assert.strictEqual(engine.stats.callerFilesBuilt, scripts.length, 'the first JS/TS question');
      engine.callersOf(pythonFile, firstOf(pythonFile));
      assert.strictEqual(engine.stats.callerFilesBuilt, scripts.length + python.length, 'then the first Python one');

      // A Python edit that adds a caller: the JS/TS index answers without going through a file; the Python one sees the caller.
      const callee = firstOf(pythonFile);
      const module = path.basename(pythonFile, '.py');
      const edited = `${texts.get(pythonFile)!}\n\ndef added_caller():\n    return ${callee}()\n`;
      engine.setFile(pythonFile, edited, { open: true });
      engine.findings({ fixes: false });
      const built = engine.stats.callerFilesBuilt;
      engine.callersOf(script, firstOf(script));
      assert.strictEqual(engine.stats.callerFilesBuilt, built, 'a JS/TS question after a Python edit');
      const sites = engine.callersOf(pythonFile, callee);
      assert.ok(sites.some((site) => site.caller === 'added_caller'), `${module}.${callee}: ${JSON.stringify(sites)}`);
      assert.ok(engine.stats.callerFilesBuilt > built && engine.stats.callerFilesBuilt - built < python.length, 'the Python index goes through the edited file, not every file');
    } finally {
      fs.rmSync(path.dirname(generated), { recursive: true, force: true });
    }
  });
});
