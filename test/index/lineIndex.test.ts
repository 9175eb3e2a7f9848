/**
 * Call sites keep only their spans; findings derive line and column from the
 * file's text. The derivation must give what each parser gives its nodes,
 * whatever ends the lines.
 */
import * as assert from 'assert';
import * as ts from 'typescript';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Node } from 'web-tree-sitter';
import { LineIndex } from '../../src/core/lines';
import { python } from '../../src/core/python';
import { javascript } from '../../src/core/javascript';
import { initPythonParser, parsePython, parserSource } from '../../src/core/python/parse';
import { rangeOf as pythonRange, spanOf as pythonSpan } from '../../src/core/python/ranges';
import { parseJavaScript } from '../../src/core/javascript/parse';
import { rangeOf as jsRange, spanOf as jsSpan } from '../../src/core/javascript/location';

const PY = 'import requests\n\nasync def a():\n    s = "café 😀"; requests.get("x")\n    return requests.get(\n        "y")\n';
const JS = "const fs = require('fs');\napp.get('/a', (req, res) => {\n  const s = 'café 😀'; fs.readFileSync('x');\n  res.send(fs.readFileSync(\n    'y'));\n});\n";

/** The text with its line ends replaced: every end, or (`only`) the n-th. */
function withEnds(text: string, end: string, only?: number): string {
  let n = 0;
  return text.replace(/\n/g, (lf) => (only === undefined || n++ === only ? end : lf));
}

const VARIANTS: Array<[string, (text: string) => string]> = [
  ['LF', (t) => t],
  ['CRLF', (t) => withEnds(t, '\r\n')],
  ['lone CR', (t) => withEnds(t, '\r')],
  ['CR in one place', (t) => withEnds(t, '\r', 2)],
  ['CR then CRLF', (t) => withEnds(t, '\r\r\n', 1)],
];

function pythonCalls(node: Node, out: Node[] = []): Node[] {
  if (node.type === 'call') out.push(node);
  for (const child of node.namedChildren) if (child) pythonCalls(child, out);
  return out;
}

function jsCalls(node: unknown, out: TSESTree.Node[] = []): TSESTree.Node[] {
  if (!node || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    for (const item of node) jsCalls(item, out);
    return out;
  }
  const n = node as TSESTree.Node;
  if (n.type === 'CallExpression') out.push(n);
  for (const [key, value] of Object.entries(n)) if (key !== 'parent' && key !== 'loc' && key !== 'range') jsCalls(value, out);
  return out;
}

/** Every Python call's position, derived from its span, is the one tree-sitter gives it; returns how many calls. */
function checkPythonCalls(text: string): number {
  const tree = parsePython(parserSource(text));
  try {
    const calls = pythonCalls(tree.rootNode);
    const index = new LineIndex(text, python.lineBreaks);
    for (const call of calls) assert.deepStrictEqual(index.rangeOf(pythonSpan(call)), pythonRange(call), call.text);
    return calls.length;
  } finally {
    tree.delete();
  }
}

/** Every JS call's position, derived from its span, is the one TypeScript gives (typescript-estree's `loc` was TypeScript's); returns how many calls. */
function checkJsCalls(text: string): number {
  const calls = jsCalls(parseJavaScript(text, '/p/app.js').program);
  const index = new LineIndex(text, javascript.lineBreaks);
  const sourceFile = ts.createSourceFile('/p/app.js', text, ts.ScriptTarget.Latest);
  const position = (offset: number) => {
    const { line, character } = ts.getLineAndCharacterOfPosition(sourceFile, offset);
    return { line: line + 1, column: character + 1 };
  };
  for (const call of calls) {
    const start = position(call.range[0]);
    const end = position(call.range[1]);
    assert.deepStrictEqual(jsRange(index, call), { line: start.line, column: start.column, endLine: end.line, endColumn: end.column });
    assert.deepStrictEqual(index.rangeOf(jsSpan(call)), jsRange(index, call));
  }
  return calls.length;
}

describe('line index: ranges derived from spans', () => {
  before(() => initPythonParser());

  for (const [name, variant] of VARIANTS) {
    it(`gives tree-sitter's positions for Python calls (${name})`, () => {
      assert.strictEqual(checkPythonCalls(variant(PY)), 2);
    });

    it(`gives TypeScript's positions for JS calls (${name})`, () => {
      assert.strictEqual(checkJsCalls(variant(JS)), 5);
    });
  }

  it('breaks JS lines at U+2028 and U+2029 as TypeScript does, and Python lines not', () => {
    checkJsCalls(JS.replace('\n  res.send', '\u2028  res.send').replace('\n    ', '\u2029    '));
    checkPythonCalls(PY.replace('\n    return', '\u2028    return'));
  });
});
