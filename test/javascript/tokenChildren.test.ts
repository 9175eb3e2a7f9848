import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { parse } from '@typescript-eslint/typescript-estree';
import { releaseTokenChildren } from '../../src/core/javascript/tokenChildren';
import { parseJavaScript, parseOptions } from '../../src/core/javascript/parse';
import { javascriptFiles } from '../helpers/javascriptFiles';

const REPO = path.resolve(__dirname, '../../..');

/** TypeScript's children cache (internal: `getChildren` reads it), asked directly. */
const cached = (node: ts.Node, sourceFile: ts.SourceFile): unknown => (ts as unknown as { getNodeChildren(node: ts.Node, sourceFile: ts.SourceFile): unknown }).getNodeChildren(node, sourceFile);

describe('the token children TypeScript caches for a parsed tree', () => {
  const text = "import { a } from './a';\nexport default function f() { return a; }\nexport const b = 1;\n";

  it('are dropped once released, and the tree still answers getChildren', () => {
    const sourceFile = ts.createSourceFile('released.ts', text, ts.ScriptTarget.Latest, true);
    const children = sourceFile.getChildren(sourceFile);
    assert.strictEqual(cached(sourceFile, sourceFile), children, 'TypeScript caches them (the internals this module relies on)');
    releaseTokenChildren(sourceFile);
    assert.strictEqual(cached(sourceFile, sourceFile), undefined);
    assert.deepStrictEqual(sourceFile.getChildren(sourceFile).map((c) => c.kind), children.map((c) => c.kind));
  });

  it('are dropped for every released tree, not only the last', () => {
    const first = ts.createSourceFile('first.ts', text, ts.ScriptTarget.Latest, true);
    const second = ts.createSourceFile('second.ts', text, ts.ScriptTarget.Latest, true);
    const [firstStatement, secondStatement] = [first.statements[1], second.statements[1]];
    firstStatement.getChildren(first);
    secondStatement.getChildren(second);
    releaseTokenChildren(first);
    releaseTokenChildren(second);
    assert.strictEqual(cached(firstStatement, first), undefined);
    assert.strictEqual(cached(secondStatement, second), undefined);
  });

  it('a file parsed from the tree it makes itself gives the program typescript-estree makes from its text (a Flow file: with its types blanked), for every example and fixture', () => {
    const files = [...javascriptFiles(path.join(REPO, 'examples')), ...javascriptFiles(path.join(REPO, 'test', 'fixtures', 'js'))];
    assert.ok(files.length > 40, `found ${files.length} files`);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const mine = parseJavaScript(text, file);
      let theirs: string;
      try {
        // A Flow file is read with its types blanked (flow.ts), which typescript-estree parses as it is.
        theirs = JSON.stringify(parse(mine.parsedText ?? text, parseOptions(file)));
      } catch {
        theirs = 'syntax error';
      }
      assert.strictEqual(mine.program ? JSON.stringify(mine.program) : 'syntax error', theirs, path.relative(REPO, file));
    }
  });

  it('leave the programs parsed as before (exports and their keywords found through them)', () => {
    const program = parseJavaScript(text, 'released.ts').program!;
    assert.deepStrictEqual(program.body.map((s) => [s.type, s.range[0]]), [
      ['ImportDeclaration', 0],
      ['ExportDefaultDeclaration', 25],
      ['ExportNamedDeclaration', 67],
    ]);
  });
});
