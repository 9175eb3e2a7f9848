import * as assert from 'assert';
import * as ts from 'typescript';
import { releaseTokenChildren } from '../../src/core/javascript/tokenChildren';
import { parseJavaScript } from '../../src/core/javascript/parse';

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

  it('leave the programs parsed as before (exports and their keywords found through them)', () => {
    const program = parseJavaScript(text, 'released.ts').program!;
    assert.deepStrictEqual(program.body.map((s) => [s.type, s.range[0]]), [
      ['ImportDeclaration', 0],
      ['ExportDefaultDeclaration', 25],
      ['ExportNamedDeclaration', 67],
    ]);
  });
});
