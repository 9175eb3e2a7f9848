import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { TextEdit } from '../../src/core/model';
import { initPythonParser, parsePython } from '../../src/core/python/parse';
import { scratchDir } from '../helpers/scratch';

export const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'deployment');
export const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');

export function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A sync Flask view waiting on the network; the module must import `requests` first. */
export const FLASK_FETCH_VIEW = 'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route("/fetch")\ndef fetch():\n    return requests.get("https://example.com", timeout=5).text\n';

/** Writes a small project tree into a fresh temp dir; returns its path. */
export function tempTree(files: Record<string, string>): string {
  const dir = scratchDir('unblock-deploy-');
  for (const [name, text] of Object.entries(files)) {
    const full = path.join(dir, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  return dir;
}

/** Applies edits to one file's text (edits must not overlap). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) {
    out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  }
  return out;
}

/** Asserts the text parses without ERROR/MISSING nodes (tree-sitter) and compiles with CPython when available. */
export async function assertValidPython(text: string, name = 'fixed.py'): Promise<void> {
  await initPythonParser();
  const tree = parsePython(text);
  assert.strictEqual(tree.rootNode.hasError, false, `tree-sitter found errors in:\n${text}`);
  tree.delete();
  const dir = scratchDir('unblock-pyc-');
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  try {
    execFileSync('python3', ['-m', 'py_compile', file], { stdio: 'pipe' });
  } catch (error) {
    const e = error as { code?: string; stderr?: Buffer };
    if (e.code !== 'ENOENT') assert.fail(`py_compile failed:\n${e.stderr?.toString()}\n${text}`);
  }
}
