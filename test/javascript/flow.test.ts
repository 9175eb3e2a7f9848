/**
 * Flow-typed JavaScript (src/core/javascript/flow.ts): files whose opening
 * comments name `@flow` are read without their types when TypeScript's
 * parser rejects Flow's own syntax, every position where it is in the file.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isFlowFile } from '../../src/core/javascript/flow';
import { parseJavaScript } from '../../src/core/javascript/parse';
import { scan } from '../../src/core/scan';
import { Engine } from '../../src/core/engine';
import { scratchDir } from '../helpers/scratch';
import { lines } from '../helpers/engineProject';
import { applyEdits } from '../../src/core/fixes/edits';
import { tempProject } from '../fixes/harness';

/** The first call of `name` in `program`, found by walking it. */
function callOf(program: TSESTree.Program, name: string): TSESTree.CallExpression | undefined {
  let found: TSESTree.CallExpression | undefined;
  const visit = (node: unknown): void => {
    if (found || !node || typeof node !== 'object') return;
    const n = node as TSESTree.Node;
    if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && n.callee.property.type === 'Identifier' && n.callee.property.name === name) found = n;
    for (const [key, value] of Object.entries(n)) if (key !== 'parent') Array.isArray(value) ? value.forEach(visit) : visit(value);
  };
  visit(program);
  return found;
}

// Maybe types, an exact object, casts, `import typeof`, variance: Flow's own syntax. A non-ASCII string comes first, so
// a position counted in bytes (as Flow's parser counts) would land after the call.
const FLOW_ONLY = `// @flow
import typeof FS from 'fs';
const fs = require('fs');
const greeting = 'héllo 😀';
type Options = {| encoding: 'utf8' |};
class Reader { +root: string; constructor(root: string) { this.root = root; } }
export function read(name: ?string, options: Options): string {
  return fs.readFileSync(((name: any): string), options);
}
`;

describe('javascript: Flow-typed files', () => {
  it('tells a Flow file by the pragma in its opening comments, as Flow does', () => {
    assert.ok(isFlowFile('// @flow\nconst a = 1;'));
    assert.ok(isFlowFile('/**\n * Server entry.\n *\n * @flow strict\n */\n'));
    assert.ok(isFlowFile('#!/usr/bin/env node\n// @flow\n'));
    assert.ok(isFlowFile('/* @noflow */\n'));
    assert.ok(!isFlowFile("const a = 1; // @flow\n"), 'after code');
    assert.ok(!isFlowFile("'use strict';\n// @flow\n"), 'after a directive');
    assert.ok(!isFlowFile('/* @flowtype */\n'));
    assert.ok(!isFlowFile('/* unterminated @flow'));
  });

  it("parses Flow's own syntax with every position where it is in the file", () => {
    const parsed = parseJavaScript(FLOW_ONLY, 'src/read.js');
    assert.strictEqual(parsed.error, undefined);
    const call = callOf(parsed.program!, 'readFileSync')!;
    assert.strictEqual(FLOW_ONLY.slice(call.range[0], call.range[1]), 'fs.readFileSync(((name: any): string), options)');
    // The same text is an error without the pragma, and in a TypeScript file (Flow only ever types JavaScript).
    const plain = FLOW_ONLY.replace('// @flow', '//');
    assert.match(parseJavaScript(plain, 'src/read.js').error ?? '', /^syntax error at line 2, column \d+: /);
    assert.ok(parseJavaScript(FLOW_ONLY, 'src/read.ts').error);
  });

  it("gives Flow's own message for a Flow file neither parser reads", () => {
    const broken = '// @flow\nfunction f(x: ?string {\n  return x;\n}\n';
    assert.strictEqual(parseJavaScript(broken, 'src/broken.js').error, 'syntax error at line 2, column 23: Unexpected token `{`, expected the token `,` (Flow)');
    assert.match(parseJavaScript(broken.replace('@flow', 'plain'), 'src/broken.js').error ?? '', /^syntax error at line 2, column \d+: .*expected\.$/);
  });

  it('parses an open Flow document on each edit', () => {
    const file = 'src/open-flow.js';
    const first = parseJavaScript(FLOW_ONLY, file, { keep: true });
    assert.ok(first.program, first.error);
    const edited = FLOW_ONLY.replace('options);', 'options) + (greeting: string);');
    const second = parseJavaScript(edited, file, { keep: true });
    assert.ok(second.program, second.error);
    const call = callOf(second.program!, 'readFileSync')!;
    assert.strictEqual(edited.slice(call.range[0], call.range[1]), 'fs.readFileSync(((name: any): string), options)');
  });

  it('keeps an open Flow document\'s findings right as it is edited, as a fresh engine finds them', async () => {
    const dir = scratchDir('unblock-flow-');
    const file = path.join(dir, 'app.js');
    let text = `// @flow
const express = require('express');
const fs = require('fs');
const app = express();
app.get('/a', (req: $Request, res) => {
  res.send(fs.readFileSync(((req.query.p: any): string)));
});
app.listen(3000);
`;
    fs.writeFileSync(file, text);
    const engine = await Engine.create([dir], undefined, { editing: true });
    engine.setFile(file, text, { open: true });
    // Typing in the body (a Flow cast stays), then a new handler with Flow's own syntax, then a syntax error and its repair.
    const edits = [
      (t: string) => t.replace('res.send(', 'const size: ?number = 1;\n  res.send('),
      (t: string) => t.replace('app.listen', "app.get('/b', (req, res) => { const o: {| a: number |} = { a: 1 }; res.send(fs.statSync(String(o.a))); });\napp.listen"),
      (t: string) => t.replace('const size: ?number = 1;', 'const size: ?number = ;'),
      (t: string) => t.replace('const size: ?number = ;', 'const size: ?number = 2;'),
    ];
    for (const edit of edits) {
      text = edit(text);
      engine.setFile(file, text, { open: true });
      const fresh = await Engine.create([dir]);
      fresh.setFile(file, text);
      assert.deepStrictEqual(lines(engine.findingsFor(file), dir), lines(fresh.findingsFor(file), dir));
    }
    assert.deepStrictEqual(lines(engine.findingsFor(file), dir), ['app.js:7 js/sync-fs error', 'app.js:9 js/sync-fs error']);
  });

  it("reports a Flow app's blocking calls and fixes them in the text as written, its types kept and made async", async () => {
    const dir = tempProject();
    const file = path.join(dir, 'app.js');
    fs.writeFileSync(path.join(dir, 'package.json'), '{"dependencies":{"express":"^4.21.0"}}');
    const text = `// @flow
import type { $Request, $Response } from 'express';
const express = require('express');
const fs = require('fs');

const app = express();

function load(name: string): ?string {
  return fs.readFileSync(name, 'utf8');
}

app.get('/config', (req: $Request, res: $Response): void => {
  const data: ?string = fs.readFileSync(((req.query.path: any): string), 'utf8');
  res.json(JSON.parse(data ?? '{}'));
});

app.get('/other', async (req: $Request, res: $Response): Promise<void> => {
  res.send(await load('x'));
});

app.listen(3000);
`;
    fs.writeFileSync(file, text);
    // Flow's library definitions are declarations: never scanned.
    fs.mkdirSync(path.join(dir, 'flow-typed', 'npm'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'flow-typed', 'npm', 'express_v4.js'), "declare module 'express' {\n  declare module.exports: any;\n}\n");
    const result = await scan([dir]);
    assert.deepStrictEqual(result.errors, []);
    assert.strictEqual(result.filesScanned, 1);
    const fixed = (line: number): string => {
      const finding = result.findings.find((f) => f.call === 'fs.readFileSync' && f.range.line === line);
      assert.ok(finding, `findings: ${result.findings.map((f) => `${f.call}:${f.range.line}`).join(', ')}`);
      const fix = finding.fixes.find((f) => f.kind === 'make-async');
      assert.ok(fix && !fix.unavailable, `fixes: ${finding.fixes.map((f) => `${f.kind} ${f.unavailable ?? ''}`).join(' | ')}`);
      const out = applyEdits(text, fix.edits.filter((e) => e.file === file));
      assert.ok(parseJavaScript(out, file).program, `does not parse:\n${out}`);
      return out;
    };
    // The handler: \`next\` after the last parameter's type, the return type a promise, the cast kept whole.
    const handler = fixed(13);
    assert.match(handler, /app\.get\('\/config', async \(req: \$Request, res: \$Response, next\): Promise<void> => \{\n  try \{\n/);
    assert.match(handler, /const data: \?string = await fs\.promises\.readFile\(\(\(req\.query\.path: any\): string\), 'utf8'\);/);
    // The helper, awaited by its one caller already.
    assert.match(fixed(9), /async function load\(name: string\): Promise<\?string> \{\n  return await fs\.promises\.readFile\(name, 'utf8'\);/);
  });
});
