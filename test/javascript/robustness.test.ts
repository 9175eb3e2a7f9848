import * as assert from 'assert';
import { analyze, externalNames, fn } from './helpers';
import { parseJavaScript } from '../../src/core/javascript/parse';

describe('javascript: robustness', () => {
  it('reports a syntax error with its line and returns an empty but valid model', () => {
    const model = analyze("import fs from 'fs';\nfunction f() {\n  fs.readFileSync('a'\n}\n", 'src/broken.ts');
    assert.strictEqual(model.errors.length, 1);
    assert.strictEqual(model.errors[0].file, '/proj/src/broken.ts');
    assert.match(model.errors[0].message, /^syntax error at line 4, column \d+: /);
    assert.deepStrictEqual(model.functions, []);
    assert.deepStrictEqual(model.handlers, []);
    assert.deepStrictEqual(model.moduleCode.calls, []);
    assert.strictEqual(model.exports.size, 0);
  });

  it("analyses code only TypeScript's checker rejects, while a rewrite of it must pass typescript-estree's checks too", () => {
    // A second `default:` is a grammar error tsc reports from its checker; the file still has a shape to analyse.
    const text = "import fs from 'fs';\nexport function pick(k: string) {\n  switch (k) {\n    default: return fs.readFileSync('a');\n    default: return 1;\n  }\n}\n";
    const model = analyze(text, 'src/switch.ts');
    assert.deepStrictEqual(model.errors, []);
    assert.deepStrictEqual(externalNames(model, 'pick'), ['fs.readFileSync']);
    assert.ok(parseJavaScript(text, 'src/switch.ts').program);
    assert.match(parseJavaScript(text, 'src/switch.ts', { strict: true }).error ?? '', /default' clause cannot appear more than once/);
    // A syntax error is one either way.
    assert.ok(parseJavaScript('function f( {', 'src/x.ts').error);
  });

  it('keeps suppressions of a file that does not parse', () => {
    const model = analyze('x = ; // unblock: ignore\n', 'src/broken.js');
    assert.strictEqual(model.errors.length, 1);
    assert.deepStrictEqual([...model.suppressions], [[1, null]]);
  });

  it('handles empty and comment-only files', () => {
    for (const text of ['', '// nothing here\n', '\n\n']) {
      const model = analyze(text);
      assert.deepStrictEqual(model.errors, []);
      assert.deepStrictEqual(model.functions, []);
      assert.deepStrictEqual(model.moduleCode.calls, []);
    }
  });

  it('parses TS generics with JSX off, TSX with JSX on, and JSX inside .js files', () => {
    const ts = analyze("import fs from 'fs';\nexport const id = <T,>(x: T): T => x;\nexport function cast(y: unknown) { const z = <string>y; return fs.readFileSync(z); }", 'src/a.ts');
    assert.deepStrictEqual(ts.errors, []);
    assert.deepStrictEqual(externalNames(ts, 'cast'), ['fs.readFileSync']);
    const tsx = analyze("import fs from 'fs';\nexport default function P() { const t = fs.readFileSync('a'); return <div>{String(t)}</div>; }", 'src/p.tsx');
    assert.deepStrictEqual(tsx.errors, []);
    assert.ok(externalNames(tsx, 'P').includes('fs.readFileSync'));
    const jsx = analyze("export default function P() { return <div className='x'>hi</div>; }", 'src/p.js');
    assert.deepStrictEqual(jsx.errors, []);
    const legacyCast = analyze('var y = <any>x; module.exports = y;', 'src/old.js');
    assert.strictEqual(legacyCast.errors.length, 1, 'a TS cast is not valid JS');
  });

  it('analyzes a large file quickly and completely', () => {
    const parts = ["import fs from 'fs';"];
    for (let i = 0; i < 3000; i++) parts.push(`export function f${i}(x: number): string { return x > 1 ? fs.readFileSync('f${i}', 'utf8') : String(x); }`);
    const started = Date.now();
    const model = analyze(parts.join('\n'), 'src/huge.ts');
    const elapsed = Date.now() - started;
    assert.strictEqual(model.functions.length, 3000);
    assert.deepStrictEqual(externalNames(model, 'f2999'), ['fs.readFileSync']);
    assert.ok(elapsed < 20000, `took ${elapsed} ms`);
  });

  it('keeps a many-file throughput of well over a thousand TS files per minute', () => {
    const body = (i: number) => [
      "import express from 'express';",
      "import * as fs from 'node:fs';",
      `import { svc } from './svc${i}';`,
      'const router = express.Router();',
      ...Array.from({ length: 8 }, (_, j) => [
        `export interface T${j} { a: number; b: string }`,
        `export async function f${j}<T>(x: T, y: number): Promise<string> {`,
        '  const v = await svc.get<T>(x);',
        "  if (y > 2) return fs.readFileSync('a' + y, 'utf8');",
        "  return [1, 2, 3].map((k) => String(k + y)).join(',') + v;",
        '}',
        `router.get('/r${j}', async (req, res) => { res.json(await f${j}(req.query, 3)); });`,
      ].join('\n')),
    ].join('\n');
    const files = Array.from({ length: 200 }, (_, i) => body(i));
    const started = Date.now();
    for (const [i, text] of files.entries()) analyze(text, `src/f${i}.ts`);
    const perMinute = Math.round((files.length / Math.max(1, Date.now() - started)) * 60_000);
    // Several thousand per minute on an idle machine; the bound leaves room for loaded CI runners.
    assert.ok(perMinute > 1000, `${perMinute} files/min`);
  });

  it('survives deeply nested expressions and odd syntax', () => {
    const nested = `const v = ${'['.repeat(500)}1${']'.repeat(500)};`;
    assert.deepStrictEqual(analyze(nested, 'src/n.js').errors, []);
    const odd = analyze(`
label: for (const x of [1]) { continue label; }
class A { static { init(); } #p = 1; get q() { return this.#p; } }
export default class { m() {} }
const { a = 1, ...rest } = obj ?? {};
obj?.method?.();
new.target;
async function* gen() { yield* other(); for await (const y of z) {} }
`, 'src/odd.js');
    assert.deepStrictEqual(odd.errors, []);
    assert.ok(fn(odd, 'default.m'));
  });
});
