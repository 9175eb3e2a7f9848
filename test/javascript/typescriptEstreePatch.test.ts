import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { TSESTreeOptions } from '@typescript-eslint/typescript-estree';
import { javascriptFiles } from '../helpers/javascriptFiles';

/**
 * dist/typescript.js carries typescript-estree without its `loc` work and
 * with TypeScript's exports taken as they are (scripts/build/typescriptEstree.cjs). Here the same patch is applied to a
 * copy of the installed library, and both copies parse the same real files:
 * the trees must be equal but for `loc`, and a syntax error must say the
 * same line and column.
 */
const REPO = path.resolve(__dirname, '../../..');
const LIBRARY = path.join(REPO, 'node_modules', '@typescript-eslint', 'typescript-estree');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { patchTypescriptEstree } = require(path.join(REPO, 'scripts', 'build', 'typescriptEstree.cjs')) as { patchTypescriptEstree: (source: string, file: string) => string | undefined };

type Parse = (text: string, options: TSESTreeOptions) => unknown;

/** The tree as JSON, without `loc`. */
function withoutLoc(tree: unknown): string {
  return JSON.stringify(tree, (key, value: unknown) => (key === 'loc' ? undefined : value));
}

function errorOf(parse: Parse, text: string, options: TSESTreeOptions): string {
  try {
    parse(text, options);
    return 'parsed';
  } catch (error) {
    const e = error as { message: string; lineNumber?: number; column?: number };
    return `${e.lineNumber}:${e.column} ${e.message}`;
  }
}

describe('typescript-estree as dist/typescript.js carries it', function () {
  this.timeout(120_000);
  let patched: Parse;
  // Under out/, so that the copy's own requires (typescript, the visitor keys) resolve to the installed packages.
  const copy = path.join(REPO, 'out', 'patched', 'typescript-estree');

  before(() => {
    fs.rmSync(copy, { recursive: true, force: true });
    fs.cpSync(path.join(LIBRARY, 'dist'), path.join(copy, 'dist'), { recursive: true });
    fs.copyFileSync(path.join(LIBRARY, 'package.json'), path.join(copy, 'package.json'));
    const patchedFiles: string[] = [];
    for (const file of fs.readdirSync(path.join(copy, 'dist'), { recursive: true, encoding: 'utf8' }).map((name) => path.join(copy, 'dist', name)).filter((f) => f.endsWith('.js'))) {
      const text = patchTypescriptEstree(fs.readFileSync(file, 'utf8'), file);
      if (text === undefined) continue;
      fs.writeFileSync(file, text);
      patchedFiles.push(path.relative(path.join(copy, 'dist'), file));
    }
    // The loc patches, and every module that imports TypeScript.
    assert.ok(patchedFiles.includes('convert.js') && patchedFiles.includes('ast-converter.js'), patchedFiles.join(', '));
    assert.ok(patchedFiles.length > 10, `${patchedFiles.length} files patched`);
    assert.ok(patchedFiles.every((name) => !fs.readFileSync(path.join(copy, 'dist', name), 'utf8').includes('__importStar(require("typescript"))')));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    patched = (require(path.join(copy, 'dist', 'index.js')) as { parse: Parse }).parse;
  });

  after(() => fs.rmSync(path.dirname(copy), { recursive: true, force: true }));

  it('makes the same trees as the library from the examples and fixtures, but for loc', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse } = require('@typescript-eslint/typescript-estree') as { parse: Parse };
    const files = [...javascriptFiles(path.join(REPO, 'examples')), ...javascriptFiles(path.join(REPO, 'test', 'fixtures', 'js')), ...javascriptFiles(path.join(REPO, 'src', 'core', 'javascript'))];
    assert.ok(files.length > 40, `found ${files.length} files`);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const options: TSESTreeOptions = { loc: false, range: true, jsx: /x$/.test(file), filePath: file, jsDocParsingMode: 'none', suppressDeprecatedPropertyWarnings: true, allowInvalidAST: true };
      const mine = errorOf(patched, text, options) === 'parsed' ? withoutLoc(patched(text, options)) : errorOf(patched, text, options);
      const theirs = errorOf(parse, text, options) === 'parsed' ? withoutLoc(parse(text, options)) : errorOf(parse, text, options);
      assert.ok(mine === theirs, `${path.relative(REPO, file)}: the trees differ`);
    }
  });

  it('keeps the deprecated aliases hidden and equal, as plain properties instead of getters', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse } = require('@typescript-eslint/typescript-estree') as { parse: Parse };
    const text = [
      "import a from './a' with { type: 'json' };",
      "export * from './b';",
      "export { c } from './c';",
      'export enum E { A = 1, B }',
      'type M = { [K in keyof E]: K };',
      "type I = import('./d').T<string>;",
      "const lazy = import('./e');",
    ].join('\n');
    const options: TSESTreeOptions = { loc: false, range: true, filePath: 'aliases.ts', suppressDeprecatedPropertyWarnings: true, allowInvalidAST: true };
    /** Each node's non-enumerable own properties (the aliases), with their values as JSON, and whether any is a getter. */
    const hiddenOf = (tree: unknown) => {
      const found: string[] = [];
      let getters = 0;
      const visit = (node: unknown): void => {
        if (!node || typeof node !== 'object') return;
        if (Array.isArray(node)) return node.forEach(visit);
        for (const key of Object.getOwnPropertyNames(node)) {
          const descriptor = Object.getOwnPropertyDescriptor(node, key)!;
          if (!descriptor.enumerable) {
            found.push(`${(node as { type: string }).type}.${key}=${withoutLoc((node as Record<string, unknown>)[key])}`);
            if (descriptor.get) getters++;
          } else if (key !== 'loc') visit(descriptor.value);
        }
      };
      visit(tree);
      return { found, getters };
    };
    const mine = hiddenOf(patched(text, options));
    const theirs = hiddenOf(parse(text, options));
    assert.deepStrictEqual(mine.found, theirs.found);
    assert.ok(theirs.found.length >= 6 && theirs.getters === theirs.found.length, `the library's aliases: ${theirs.found.join(', ')}`);
    assert.strictEqual(mine.getters, 0);
  });

  it('reports a syntax error at the same line and column', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse } = require('@typescript-eslint/typescript-estree') as { parse: Parse };
    const options: TSESTreeOptions = { loc: false, range: true, filePath: 'broken.ts', allowInvalidAST: false };
    for (const text of ['const a = ;\n', 'function f(x: number {\n  return x;\n}\n', 'type T<> = 1;\n']) {
      const theirs = errorOf(parse, text, options);
      assert.notStrictEqual(theirs, 'parsed');
      assert.strictEqual(errorOf(patched, text, options), theirs);
    }
  });

  it('refuses a library whose text differs from what the patch expects', () => {
    assert.throws(() => patchTypescriptEstree('"use strict";\nexports.x = 1;\n', '/x/typescript-estree/dist/convert.js'), /update scripts\/build\/typescriptEstree\.cjs/);
    assert.strictEqual(patchTypescriptEstree('x', '/x/typescript-estree/dist/parser.js'), undefined);
  });
});
