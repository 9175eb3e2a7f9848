/**
 * Shared pieces of the fix tests: temp copies of fixtures, applying a fix in
 * memory, syntax checks (tree-sitter, py_compile, TypeScript transpile).
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import * as ts from 'typescript';
import { withoutFlowTypes } from '../../src/core/javascript/flow';
import type { Fix, TextEdit } from '../../src/core/model';
import { applyEdits, editsByFile } from '../../src/core/fixes/edits';
import { initPythonParser, parsePython } from '../../src/core/python/parse';
import { syntaxErrorCount } from '../../src/core/python/fixes/syntax';
import { parseJavaScript } from '../../src/core/javascript/parse';
import { packageDir } from '../../src/core/paths';
import { scratchDir } from '../helpers/scratch';

export const SOURCE = /\.(py|js|mjs|cjs|jsx|ts|mts|cts|tsx)$/;
export const isPython = (file: string) => file.endsWith('.py');

/** A fresh temp folder with a `.git` marker, so config look-ups never climb out of it. */
export function tempProject(prefix = 'unblock-fix-'): string {
  const dir = scratchDir(prefix);
  fs.mkdirSync(path.join(dir, '.git'));
  return dir;
}

export function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

export interface FixCase {
  name: string;
  /** Folder copied as the project. */
  source: string;
  /** Relative path scanned inside the copy (a file or '.'). */
  target: string;
}

/** Every fixture file/folder under test/fixtures/{py,js}, with the shared non-source files, plus each examples/ project. */
export function fixCases(): FixCase[] {
  const root = packageDir();
  const cases: FixCase[] = [];
  for (const language of ['py', 'js']) {
    const dir = path.join(root, 'test', 'fixtures', language);
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) cases.push({ name: `${language}/${entry.name}/`, source: path.join(dir, entry.name), target: '.' });
      else if (SOURCE.test(entry.name)) cases.push({ name: `${language}/${entry.name}`, source: dir, target: entry.name });
    }
  }
  const examples = path.join(root, 'examples');
  if (fs.existsSync(examples)) {
    for (const entry of fs.readdirSync(examples, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory() && !entry.name.startsWith('.')) cases.push({ name: `examples/${entry.name}/`, source: path.join(examples, entry.name), target: '.' });
    }
  }
  return cases;
}

/**
 * Copies a case to a temp project. Single-file fixtures bring only their own
 * file and the folder's non-source files (requirements.txt, package.json).
 */
export function materialize(c: FixCase, into: string): string {
  if (c.target === '.') {
    copyTree(c.source, into);
    return into;
  }
  for (const entry of fs.readdirSync(c.source, { withFileTypes: true })) {
    if (entry.isFile() && (!SOURCE.test(entry.name) || entry.name === c.target)) fs.copyFileSync(path.join(c.source, entry.name), path.join(into, entry.name));
  }
  return path.join(into, c.target);
}

/** File texts after applying one fix (new files start empty). */
export function applyFix(fix: Fix, read: (file: string) => string): Map<string, { before: string; after: string }> {
  const out = new Map<string, { before: string; after: string }>();
  for (const [file, edits] of editsByFile(fix.edits as TextEdit[])) {
    const before = fs.existsSync(file) ? read(file) : '';
    out.set(file, { before, after: applyEdits(before, edits) });
  }
  return out;
}

export async function parsesCleanly(file: string, text: string, before: string): Promise<string | undefined> {
  if (isPython(file)) {
    await initPythonParser();
    const added = syntaxErrorCount(parsePython(text)) - syntaxErrorCount(parsePython(before));
    return added > 0 ? `${added} new ERROR/MISSING node(s)` : undefined;
  }
  if (SOURCE.test(file)) return parseJavaScript(text, file).error;
  return undefined;
}

let python: string | null | undefined;
/** `python3` when it runs here, else null (CI without Python skips that one check). */
export function pythonCommand(): string | null {
  if (python === undefined) {
    const probe = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8' });
    python = probe.status === 0 ? 'python3' : null;
  }
  return python;
}

/** `python3 -m py_compile` on a scratch copy; undefined when it compiles. */
export function pyCompile(text: string, scratch: string): string | undefined {
  const cmd = pythonCommand();
  if (!cmd) return undefined;
  const file = path.join(scratch, `check_${process.hrtime.bigint()}.py`);
  fs.writeFileSync(file, text);
  const run = spawnSync(cmd, ['-m', 'py_compile', file], { encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  return run.status === 0 ? undefined : (run.stderr || run.stdout).trim().split('\n').slice(-2).join(' ');
}

/** TypeScript's syntactic diagnostics for a JS/TS file (transpileModule); a Flow file must pass Flow's parser first. */
export function tsSyntax(file: string, text: string): string | undefined {
  // A Flow file must pass Flow's parser, and what it blanks is JavaScript TypeScript checks.
  const flow = /\.(c|m)?jsx?$/.test(file) ? withoutFlowTypes(text) : undefined;
  if (flow && 'error' in flow) return flow.error;
  const out = ts.transpileModule(flow?.text ?? text, {
    fileName: path.basename(file).replace(/\.(c|m)?js$/, '.$1js'),
    reportDiagnostics: true,
    compilerOptions: { allowJs: true, jsx: ts.JsxEmit.Preserve, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  return errors.length ? errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; ') : undefined;
}

/** Maps an offset of the old text through the edits (edits at or after it do not move it). */
export function mapOffset(offset: number, edits: readonly TextEdit[]): number {
  let shift = 0;
  for (const e of edits) if (e.span.end <= offset && !(e.span.start === e.span.end && e.span.start === offset)) shift += e.newText.length - (e.span.end - e.span.start);
  return offset + shift;
}

export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
