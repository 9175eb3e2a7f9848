import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type * as TreeSitter from 'web-tree-sitter';
import { scratchDir } from '../helpers/scratch';

/**
 * The bundles carry web-tree-sitter with its node marshalling rewritten
 * (scripts/build/webTreeSitter.cjs). Here the same rewrite is applied to
 * the installed library, and both copies parse the same real files: every
 * node's type, span, positions, children and field children must agree.
 */
const REPO = path.resolve(__dirname, '../../..');
const LIBRARY = path.join(REPO, 'node_modules', 'web-tree-sitter');
const GRAMMAR = path.join(REPO, 'node_modules', 'tree-sitter-python', 'tree-sitter-python.wasm');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { patchWebTreeSitter } = require(path.join(REPO, 'scripts', 'build', 'webTreeSitter.cjs')) as { patchWebTreeSitter: (source: string, file: string) => string };

type Library = typeof TreeSitter;

async function pythonParser(library: Library, runtimeWasm: string): Promise<{ parser: TreeSitter.Parser; fields: readonly (string | null)[] }> {
  await library.Parser.init({ locateFile: () => runtimeWasm });
  const language = await library.Language.load(GRAMMAR);
  const parser = new library.Parser();
  parser.setLanguage(language);
  return { parser, fields: language.fields };
}

function pythonFiles(dir: string, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) pythonFiles(file, found);
    else if (entry.name.endsWith('.py')) found.push(file);
  }
  return found;
}

/** Node by node, what a walk reads: the first difference, or undefined. */
function difference(a: TreeSitter.Node, b: TreeSitter.Node, fields: readonly (string | null)[], where: string): string | undefined {
  const facts = (n: TreeSitter.Node) => [n.type, n.startIndex, n.endIndex, n.startPosition.row, n.startPosition.column, n.endPosition.row, n.endPosition.column, n.childCount, n.namedChildCount, n.hasError, n.isMissing].join(' ');
  if (facts(a) !== facts(b)) return `${where}: ${facts(a)} | ${facts(b)}`;
  for (const field of fields) {
    if (!field) continue;
    const [x, y] = [a.childForFieldName(field), b.childForFieldName(field)];
    if ((x && facts(x)) !== (y && facts(y))) return `${where}.${field}`;
  }
  if ((a.parent && facts(a.parent)) !== (b.parent && facts(b.parent))) return `${where}: parent`;
  const [xs, ys] = [a.children, b.children];
  for (let i = 0; i < xs.length; i++) {
    const found = difference(xs[i]!, ys[i]!, fields, `${where}/${i}:${xs[i]!.type}`);
    if (found) return found;
  }
  return undefined;
}

describe('web-tree-sitter with the bundles\' marshalling', function () {
  this.timeout(120_000);
  let patched: Library;
  let dir: string;

  before(() => {
    dir = scratchDir('unblock-marshal-');
    const source = fs.readFileSync(path.join(LIBRARY, 'tree-sitter.cjs'), 'utf8');
    fs.writeFileSync(path.join(dir, 'tree-sitter.cjs'), patchWebTreeSitter(source, 'tree-sitter.cjs'));
    patched = require(path.join(dir, 'tree-sitter.cjs')) as Library;
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads every node of the examples and Python fixtures as the library does, errors included', async () => {
    const runtime = path.join(LIBRARY, 'tree-sitter.wasm');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const original = await pythonParser(require('web-tree-sitter') as Library, runtime);
    const rewritten = await pythonParser(patched, runtime);
    const files = [...pythonFiles(path.join(REPO, 'examples')), ...pythonFiles(path.join(REPO, 'test', 'fixtures', 'py'))];
    assert.ok(files.length > 20, `found ${files.length} Python files`);
    const texts = files.map((file) => fs.readFileSync(file, 'utf8'));
    // Broken code too: ERROR and MISSING nodes cross the same buffer.
    texts.push('def f(:\n    return [1, 2\nclass C(\n', 'x = {"a": (1,\n');
    let nodes = 0;
    for (const [i, text] of texts.entries()) {
      const [a, b] = [original.parser.parse(text)!, rewritten.parser.parse(text)!];
      assert.strictEqual(difference(a.rootNode, b.rootNode, original.fields, files[i] ?? `broken #${i}`), undefined);
      nodes += a.rootNode.descendantCount;
      a.delete();
      b.delete();
    }
    assert.ok(nodes > 10_000, `compared ${nodes} nodes`);
  });

  it('fails the build on a library whose marshalling reads differently', () => {
    const source = fs.readFileSync(path.join(LIBRARY, 'tree-sitter.cjs'), 'utf8');
    assert.throws(() => patchWebTreeSitter(source.replace('function unmarshalNode(tree, address = TRANSFER_BUFFER) {', 'function unmarshalNode(tree, address) {'), 'x.cjs'), /unmarshalNode once, found it 0 times/);
  });
});
