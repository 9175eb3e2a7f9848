import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { javascript } from '../../src/core/javascript/index';
import { catchUpKeptTrees, parseCounts, parseJavaScript, parseOptions } from '../../src/core/javascript/parse';
import { isFlowFile } from '../../src/core/javascript/flow';
import { RuleCatalog } from '../../src/core/rules/catalog';
import { parse } from '@typescript-eslint/typescript-estree';
import { prng, canonical } from '../helpers/edits';
import { Engine } from '../../src/core/engine';
import { scratchDir } from '../helpers/scratch';
import { largeTypeScriptFile } from '../../scripts/bench/generate';

/** typescript-estree's program of `text`, parsed whole with the options `parseJavaScript` gives it; undefined on a syntax error. */
function freshProgram(text: string, file: string): unknown {
  try {
    return parse(text, parseOptions(file));
  } catch {
    return undefined;
  }
}

const rules = RuleCatalog.builtin();
const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'js');
/** The fixtures TypeScript's parser reads: a Flow file it rejects is parsed whole, its types blanked, on every edit (flow.ts). */
function typescriptFixtures(): string[] {
  return fs.readdirSync(FIXTURES).filter((f) => /\.(js|ts|tsx|jsx|mjs)$/.test(f) && !isFlowFile(fs.readFileSync(path.join(FIXTURES, f), 'utf8'))).sort();
}

const TYPED = ['x', ' ', '\n  ', '(', ')', '{', '}', "'", '`', '//', '/*', 'é', '😀', 'await ', 'fs.readFileSync(p)', '<div>', ';', ''];

describe("JS/TS incremental parse (an editor's open document)", () => {
  it('gives the model a fresh parse gives after each of 400 random edits, syntax errors on the way included', () => {
    const sources = typescriptFixtures();
    const random = prng(7);
    let broken = 0;
    let checked = 0;
    const before = { ...parseCounts };
    for (const name of sources.slice(0, 20)) {
      const file = path.join(FIXTURES, name);
      let text = fs.readFileSync(file, 'utf8');
      javascript.analyze({ file, text, root: FIXTURES, keepWalk: true }, rules);
      for (let i = 0; i < 20; i++) {
        const at = Math.floor(random() * text.length);
        const typed = TYPED[Math.floor(random() * TYPED.length)];
        let next = typed === '' ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + typed + text.slice(at);
        // Never split a surrogate pair: editors do not either.
        if (/[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(text.slice(at - 1, at + 1)) || /[\uDC00-\uDFFF]/.test(next.charAt(at))) next = text;
        const kept = javascript.analyze({ file, text: next, root: FIXTURES, keepWalk: true }, rules);
        const fresh = javascript.analyze({ file, text: next, root: FIXTURES }, rules);
        assert.strictEqual(canonical(kept), canonical(fresh), `${name}, edit ${i}: ${JSON.stringify(typed)} at ${at}`);
        if (kept.errors.length > 0) broken++;
        checked++;
        text = next;
      }
    }
    assert.strictEqual(checked, 400);
    // Each document's first text is parsed whole, every edit of it from the tree before.
    assert.deepStrictEqual({ whole: parseCounts.whole - before.whole, incremental: parseCounts.incremental - before.incremental }, { whole: 20, incremental: 400 });
    // The edits break the syntax and mend it again along the way (else the error path goes untested).
    assert.ok(broken > 20 && broken < 380, `${broken} of 400 edits left a syntax error`);
  });

  it('gives the program a fresh parse gives, every range and line included, after each of 720 edits that keep the syntax (line breaks of every kind, comments), converting only the statements TypeScript parsed again', () => {
    const sources = typescriptFixtures();
    const random = prng(13);
    const typed = [' ', '\n', '\r\n', '\r', '\u2028', '/* c */', '\n// c\n', '\t', '  \n\n'];
    const before = { ...parseCounts };
    let programs = 0;
    // The fixtures, and a file where the converter shares positions between nodes (a default import's specifier and its
    // name, a type predicate's annotation and its type) and puts several statements on one line.
    const inputs = sources.slice(0, 30).map((name) => ({ name, text: fs.readFileSync(path.join(FIXTURES, name), 'utf8'), edits: 20 }));
    inputs.push({ name: 'shared-positions.ts', text: sharedPositions(12), edits: 120 });
    for (const { name, text: original, edits } of inputs) {
      const file = path.join(FIXTURES, name);
      let text = original;
      parseJavaScript(text, file, { keep: true });
      for (let i = 0; i < edits; i++) {
        // Blanks go where blanks are (between tokens, in strings and comments too): the file still parses as it did.
        let at = Math.floor(random() * text.length);
        while (at < text.length && !/\s/.test(text[at])) at++;
        const next = text.slice(0, at) + typed[Math.floor(random() * typed.length)] + text.slice(at);
        const kept = parseJavaScript(next, file, { keep: true });
        assert.strictEqual(JSON.stringify(kept.program), JSON.stringify(freshProgram(next, file)), `${name}, edit ${i} at ${at}`);
        // A line break where none may be (before `=>`, inside a string) breaks the file: the next edit is made to the text before.
        if (kept.program) programs++;
        if (kept.program || !freshProgram(text, file)) text = next;
      }
    }
    assert.ok(programs >= 540, `${programs} of 720 edits parsed`);
    // Most top-level statements lie outside an edit: TypeScript reuses them, and so does the conversion.
    assert.ok(parseCounts.reusedStatements - before.reusedStatements > programs * 3, `${parseCounts.reusedStatements - before.reusedStatements} statements reused in ${programs} edits`);
  });

  it('moves the function bodies it left behind several edits when they are settled, as a fresh parse has them', () => {
    const file = path.join(FIXTURES, 'lagging.ts');
    const lines: string[] = [`import fs from 'fs';`, ''];
    for (let i = 0; i < 40; i++) {
      lines.push(`export function read${i}(p: string) {`, `  const text = fs.readFileSync(p, 'utf8');`, `  return (x: string) => text + x;`, `}`, `class Box${i} { get(k: string) { return k; } }`);
      // Two statements on a line: an edit of the first moves the columns of the second's body.
      lines.push(`const z${i} = 1; export function g${i}() { return z${i}; }`, '');
    }
    let text = lines.join('\n');
    parseJavaScript(text, file, { keep: true, lazy: true });
    const random = prng(23);
    const typed = ['\n', ' ', '\n\n', '// c\n', '\t'];
    let lagged = 0;
    for (let i = 0; i < 200; i++) {
      const at = text.lastIndexOf('\n', Math.floor(random() * text.length)) + 1;
      // A third of the edits take a line away (an empty one), or join a line to the one before it (the columns of its nodes move).
      const removing = random() < 0.33 ? text.indexOf('\n\n', at) : -1;
      const joining = random() < 0.2 ? text.indexOf('\n  return', at) : -1;
      if (removing >= 0) text = text.slice(0, removing) + text.slice(removing + 1);
      else if (joining >= 0) text = text.slice(0, joining) + text.slice(joining + 1);
      else text = text.slice(0, at) + typed[Math.floor(random() * typed.length)] + text.slice(at);
      const kept = parseJavaScript(text, file, { keep: true, lazy: true });
      assert.ok(kept.program && kept.lagging, `edit ${i}`);
      // Bodies lag behind a few edits at a time, then catch up; the functions themselves never lag.
      const fresh = JSON.parse(JSON.stringify(freshProgram(text, file))) as { body: Array<{ range: number[] }> };
      assert.deepStrictEqual(kept.program.body.map((s) => s.range), fresh.body.map((s) => s.range), `edit ${i}: statements`);
      if (i % 7 !== 6) {
        if (JSON.stringify(kept.program) !== JSON.stringify(fresh)) lagged++;
        continue;
      }
      kept.lagging.settleAll();
      assert.strictEqual(JSON.stringify(kept.program), JSON.stringify(fresh), `edit ${i} at ${at}, settled`);
    }
    assert.ok(lagged > 100, `${lagged} of the unsettled programs lagged behind`);
    // A line taken away above lagging bodies, then typing on the line where one of them now starts, before it (its columns move).
    const takeLineAbove = (t: string): string => {
      const blank = t.lastIndexOf('\n\n', t.indexOf('export function read30('));
      return t.slice(0, blank) + t.slice(blank + 1);
    };
    for (const step of [takeLineAbove, (t: string) => t.replace('const z31 = 1;', 'const z31 = 12;')]) {
      assert.notStrictEqual(step(text), text);
      text = step(text);
      parseJavaScript(text, file, { keep: true, lazy: true });
    }
    const kept = parseJavaScript(text, file, { keep: true, lazy: true });
    kept.lagging!.settleAll();
    assert.strictEqual(JSON.stringify(kept.program), JSON.stringify(freshProgram(text, file)), 'typed where a lagging body starts');
  });

  it("gives a code action after keystrokes the fixes a fresh engine gives: the bodies left behind catch up before the fixes read the document's program", async () => {
    const root = scratchDir('lagging-fixes');
    const file = path.join(root, 'app.ts');
    let text = largeTypeScriptFile(1200);
    fs.writeFileSync(file, text);
    const engine = await Engine.create([root], rules, { editing: true });
    await engine.setFiles([{ file, text }]);
    engine.setFile(file, text, { open: true });
    engine.findingsFor(file, { fixes: false });
    const random = prng(5);
    const fixEdits = (e: Engine) => JSON.stringify(e.findingsFor(file, { fixes: true }).map((f) => f.fixes.map((fix) => fix.edits)));
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 8; i++) {
        const anchors = [...text.matchAll(/\/\/ the handler of route \d+/g)].map((m) => m.index + m[0].length);
        const at = anchors[Math.floor(random() * anchors.length)];
        text = text.slice(0, at) + (random() < 0.3 ? '\n  ' : 'x') + text.slice(at);
        engine.setFile(file, text, { open: true });
        engine.findingsFor(file, { fixes: false });
      }
      const fresh = await Engine.create([root], rules);
      await fresh.setFiles([{ file, text }]);
      assert.strictEqual(fixEdits(engine), fixEdits(fresh), `round ${round}`);
    }
  });

  it("keeps a file's directives ('use strict') as a fresh parse has them through edits that make and unmake them, converting only the new statements otherwise", () => {
    const file = path.join(FIXTURES, 'strict.js');
    const lines = [`'use strict';`, `'use client';`, '', `const fs = require('fs');`, ''];
    for (let i = 0; i < 30; i++) lines.push(`function read${i}(p) {`, `  'not a directive here';`, `  return fs.readFileSync(p);`, `}`, `'a string statement, no directive';`, '');
    const random = prng(17);
    // Statements typed at a line start: a string one (a directive only at the top), a plain one, blanks.
    const typed = [`'use strict';\n`, `'x';\n`, 'read0(1);\n', '\n', ' ', '// c\n'];
    let text = lines.join('\n');
    parseJavaScript(text, file, { keep: true });
    const before = { ...parseCounts };
    for (let i = 0; i < 150; i++) {
      // The top lines half the time: that is where directives are made and unmade.
      const at = random() < 0.5 ? text.indexOf('\n', Math.floor(random() * 40)) + 1 : text.lastIndexOf('\n', Math.floor(random() * text.length)) + 1;
      text = text.slice(0, at) + typed[Math.floor(random() * typed.length)] + text.slice(at);
      const kept = parseJavaScript(text, file, { keep: true });
      assert.strictEqual(JSON.stringify(kept.program), JSON.stringify(freshProgram(text, file)), `edit ${i} at ${at}`);
    }
    assert.ok(parseCounts.reusedStatements - before.reusedStatements > 150 * 20, `${parseCounts.reusedStatements - before.reusedStatements} statements reused in 150 edits`);
  });

  it('parses an edit inside one top-level statement alone, and gives the program or the syntax error a fresh parse gives after each of 600 edits that change the syntax', () => {
    const sources = typescriptFixtures();
    // The fixtures, and files where a statement parsed alone could differ from the file's parse: no semicolons (where
    // the next line's `(` or `[` continues an expression), decorators before `export`, top-level `await (x)` in a module,
    // `import.meta`, directives.
    const inputs = [
      ...sources.slice(0, 20).map((name) => ({ name, text: fs.readFileSync(path.join(FIXTURES, name), 'utf8') })),
      { name: 'no-semicolons.js', text: noSemicolons() },
      { name: 'decorated.ts', text: fs.readFileSync(path.join(FIXTURES, '_nest.ts'), 'utf8') },
      { name: 'module.mjs', text: `import fs from 'fs'\nconst a = await (fs.promises.readFile('a'))\nconst u = new URL('.', import.meta.url)\nexport default async function handler(req, res) { res.end(await (a)) }\n` },
      { name: 'strict.js', text: `'use strict';\n'use client'\nconst fs = require('fs');\nmodule.exports = function (app) { app.get('/', (req, res) => res.send(fs.readFileSync('a'))); };\n` },
    ];
    const random = prng(29);
    const typed = ['x', ' ', '\n', '(', ')', '{', '}', '[', ']', "'", '`', ';', ' else b = {', '} else {', '\n(c)', '\n[1]', 'await ', '@d ', '.meta', '"use strict"\n', ''];
    const before = { ...parseCounts };
    let edits = 0;
    let broken = 0;
    for (const { name, text: original } of inputs) {
      const file = path.join(FIXTURES, name);
      let text = original;
      parseJavaScript(text, file, { keep: true });
      for (let i = 0; i < 25; i++) {
        // Inside a statement most of the time: where typing is.
        const at = Math.floor(random() * text.length);
        const key = typed[Math.floor(random() * typed.length)];
        const next = key === '' ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + key + text.slice(at);
        if (/[\uD800-\uDFFF]/.test(text.slice(at - 1, at + 1))) continue;
        const kept = parseJavaScript(next, file, { keep: true });
        const fresh = freshProgram(next, file);
        assert.strictEqual(JSON.stringify(kept.program), JSON.stringify(fresh), `${name}, edit ${i}: ${JSON.stringify(key)} at ${at}`);
        edits++;
        // A broken text is mended by the next edit: back to the text before (parsed from the broken one's tree).
        if (!fresh) broken++;
        else text = next;
      }
    }
    assert.ok(edits >= 580, `${edits} edits`);
    assert.ok(broken > 50 && broken < edits - 50, `${broken} of ${edits} edits left a syntax error`);
    const alone = parseCounts.statementAlone - before.statementAlone;
    assert.ok(alone > 40 && alone < edits - broken, `${alone} of ${edits} edits parsed one statement alone`);
  });

  it('parses a statement alone only where its parse in the file could not differ', () => {
    const file = path.join(FIXTURES, 'alone.js');
    const cases: Array<{ text: string; edit: [string, string]; alone: boolean }> = [
      // Inside a function body, the statement ending with `;`: parsed alone.
      { text: `const fs = require('fs');\napp.get('/', (req, res) => {\n  res.send(1);\n});\nfoo();\n`, edit: ['res.send(1)', 'res.send(12)'], alone: true },
      // Without semicolons, the next statement starting with a name: nothing can continue the edited one.
      { text: `app.get('/', (req, res) => {\n  res.send(1)\n})\nfoo()\n`, edit: ['res.send(1)', 'res.send(12)'], alone: true },
      // The next line starts with \`(\`: the edited statement could take it as a call.
      { text: `if (x) { a(1) } else { b = 2 }\n(c)()\n`, edit: ['else { b = 2 }', 'else b = { c: 2 }'], alone: false },
      // The last character, or the first token, typed on.
      { text: `foo(1);\nbar(2);\n`, edit: ['foo(1);', 'foo(1);;'], alone: false },
      { text: `foo(1);\nbar(2);\n`, edit: ['foo(1)', 'foox(1)'], alone: false },
      // A directive, and \`import.meta\`.
      { text: `'use strict';\nfoo(1);\n`, edit: [`'use strict'`, `'use strictx'`], alone: false },
      { text: `import x from 'x';\nconst u = new URL('a', import.meta.url);\n`, edit: [`'a'`, `'ab'`], alone: false },
      // Decorators before \`export\`: the statement parsed from the end of the one before it.
      { text: `import { Controller } from '@nestjs/common';\n@Controller('a')\nexport class A {\n  get() { return 1; }\n}\n`, edit: ['return 1', 'return 12'], alone: true },
      // Top-level \`await (x)\` in a module: an await expression, as in the file.
      { text: `import fs from 'fs';\nconst a = await (fs.promises.readFile('a'));\n`, edit: [`'a'`, `'ab'`], alone: true },
    ];
    for (const { text, edit, alone } of cases) {
      parseJavaScript(text, file, { keep: true });
      const next = text.replace(edit[0], edit[1]);
      const before = parseCounts.statementAlone;
      const kept = parseJavaScript(next, file, { keep: true });
      assert.strictEqual(JSON.stringify(kept.program), JSON.stringify(freshProgram(next, file)), next);
      assert.strictEqual(parseCounts.statementAlone - before, alone ? 1 : 0, next);
    }
  });

  it("brings the TypeScript tree statement-alone parses left behind up to date when idle, so that the next edit the tree parses re-parses only around itself", () => {
    const file = path.join(FIXTURES, 'catch-up.ts');
    const typeAt = (text: string, marker: string, typed: string): string => text.replace(marker, `${marker}${typed}`);
    for (const idle of [false, true]) {
      let text = largeTypeScriptFile(400);
      parseJavaScript(text, file, { keep: true });
      // Typing in a handler near the top and one near the bottom: each parsed alone.
      const before = { ...parseCounts };
      text = typeAt(text, '// the handler of route 2', 'x');
      parseJavaScript(text, file, { keep: true });
      text = typeAt(text, '// the handler of route 28', 'y');
      parseJavaScript(text, file, { keep: true });
      assert.strictEqual(parseCounts.statementAlone - before.statementAlone, 2);
      if (idle) catchUpKeptTrees();
      // A blank line between two statements in the middle: the tree parses it.
      const middle = text.indexOf('\nrouter.', text.length / 2);
      text = `${text.slice(0, middle)}\n${text.slice(middle)}`;
      const spanBefore = parseCounts.treeSpan;
      const kept = parseJavaScript(text, file, { keep: true });
      assert.strictEqual(JSON.stringify(kept.program), JSON.stringify(freshProgram(text, file)));
      const span = parseCounts.treeSpan - spanBefore;
      // Left behind, the tree re-parses from the first edit to the last; caught up, the blank line only.
      if (idle) assert.ok(span < 10, `${span} characters re-parsed`);
      else assert.ok(span > text.length / 2, `${span} characters re-parsed`);
    }
  });

  it("gives a code action's parse of the text just analysed that analysis's program, and parses anything else", () => {
    const file = path.join(FIXTURES, '_koa.js');
    const text = fs.readFileSync(file, 'utf8');
    const analysed = parseJavaScript(text, file, { keep: true }).program;
    assert.ok(analysed);
    assert.strictEqual(parseJavaScript(text, file).program, analysed);
    // A rewrite's check is strict, and another text is parsed: neither is the kept program.
    assert.notStrictEqual(parseJavaScript(text, file, { strict: true }).program, analysed);
    const other = parseJavaScript(`${text}\n`, file).program;
    assert.ok(other && other !== analysed);
    assert.strictEqual(JSON.stringify(other.body), JSON.stringify(analysed.body));
  });

  it('keeps the trees of the last two documents only, and parses a document afresh once its tree is gone', () => {
    const files = ['_koa.js', '_hono.ts', '_nest.ts'].map((name) => path.join(FIXTURES, name));
    const texts = files.map((file) => fs.readFileSync(file, 'utf8'));
    files.forEach((file, i) => javascript.analyze({ file, text: texts[i], root: FIXTURES, keepWalk: true }, rules));
    const parsed = (file: string, text: string): string => {
      const before = { ...parseCounts };
      const model = javascript.analyze({ file, text, root: FIXTURES, keepWalk: true }, rules);
      assert.strictEqual(canonical(model), canonical(javascript.analyze({ file, text, root: FIXTURES }, rules)));
      return parseCounts.whole > before.whole ? 'whole' : 'incremental';
    };
    // The last document's edit starts from its tree; the first document's tree was let go: its edit is parsed whole.
    assert.strictEqual(parsed(files[2], texts[2].replace('\n', '\n// typed\n')), 'incremental');
    assert.strictEqual(parsed(files[0], texts[0].replace('\n', '\n// typed\n')), 'whole');
  });
});

/** `count` blocks of top-level code whose ESTree shares ranges and positions between nodes, several statements to a line. */
function sharedPositions(count: number): string {
  const blocks: string[] = [];
  for (let i = 0; i < count; i++) {
    blocks.push(
      `import dep${i} from 'dep${i}';`,
      `import other${i}, { named${i} } from 'other${i}';`,
      `function isItem${i}(value: unknown): value is { id: string } { return typeof value === 'object'; }`,
      `const a${i} = dep${i}(); const b${i} = { a${i}, other${i} }; named${i}(b${i}, isItem${i});`,
      `export const c${i} = (x: string): x is 'y' => x === 'y'; const d${i} = \`\${a${i}} \${b${i}}\`;`,
      '',
    );
  }
  return blocks.join('\n');
}

/** An Express app without semicolons, where lines starting with `(`, `[` or a template continue the line before. */
function noSemicolons(): string {
  const lines = [`const express = require('express')`, `const fs = require('fs')`, `const app = express()`, ''];
  for (let i = 0; i < 6; i++) {
    lines.push(
      `app.get('/a${i}', (req, res) => {`,
      `  const data = fs.readFileSync('f${i}')`,
      `  res.send(data)`,
      `})`,
      `;[1, 2].forEach((n) => app.get(\`/n\${n}\`, (req, res) => res.end()))`,
      `const handler${i} = function (req, res) { res.end() }`,
      `app.post('/b${i}', handler${i})`,
      '',
    );
  }
  return lines.join('\n');
}
