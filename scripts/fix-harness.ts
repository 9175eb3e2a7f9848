/**
 * `npm run harness:fix -- <app dirs...>`: runs `unblock scan --fix` on a copy
 * of each app and checks what it did, independently of the fixer's own check:
 * every changed file parses and compiles (py_compile when python3 is there,
 * TypeScript's syntax check), no call of a project async function is left
 * un-awaited that was not so before (an analysis of every call of every async
 * function of the project), the handlers are the same, nothing outside the
 * copy was written, and encodings, BOMs, line endings and symlinks are kept.
 * Prints a table; exits 1 when a check fails. `--scope async|all` widens
 * what is fixed.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import * as ts from 'typescript';
import { scan } from '../src/core/scan';
import { LANGUAGES, languageForFile } from '../src/core/languages';
import { decodeBytes } from '../src/core/files/encoding';
import { memoScope } from '../src/core/fixes/memo';
import { usesInFiles } from '../src/core/fixes/callers';

const SKIP = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__', 'dist', 'build']);

export interface HarnessRow {
  app: string;
  files: number;
  findings: number;
  applied: number;
  skipped: number;
  rolledBack: number;
  changed: number;
  compileFailures: string[];
  newUnawaited: string[];
  handlersLost: string[];
  outsideWrites: string[];
  encodingChanges: string[];
  symlinkChanges: string[];
}

function listTree(dir: string, out: Map<string, { hash?: string; link?: string }> = new Map(), base = dir): Map<string, { hash?: string; link?: string }> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    const rel = path.relative(base, full);
    if (entry.isSymbolicLink()) out.set(rel, { link: fs.readlinkSync(full) });
    else if (entry.isDirectory()) listTree(full, out, base);
    else if (entry.isFile()) out.set(rel, { hash: crypto.createHash('sha1').update(fs.readFileSync(full)).digest('hex') });
  }
  return out;
}

/** Calls of project async functions that are neither awaited nor handed to something that awaits them, counted per `file name`. */
function unawaitedCalls(root: string): Map<string, number> {
  const files = [...listTree(root).keys()].map((rel) => path.join(root, rel)).filter((f) => languageForFile(f) !== undefined);
  const scope = memoScope();
  const found = new Map<string, number>();
  try {
    const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
    for (const language of LANGUAGES) {
      const check = language.fixCheck;
      if (!check) continue;
      const mine = files.filter((f) => language.extensions.includes(path.extname(f)));
      const names = new Set<string>();
      for (const f of mine) for (const name of check.asyncNames(f, texts.get(f)!, scope.memo).keys()) names.add(name);
      const finder = check.uses(scope.memo);
      for (const name of names) {
        for (const { file, uses } of usesInFiles(mine, (f) => texts.get(f), name, finder)) {
          for (const use of uses ?? []) {
            if (use.kind !== 'call' || use.awaited || use.handled) continue;
            const key = `${path.relative(root, file)} ${name}`;
            found.set(key, (found.get(key) ?? 0) + 1);
          }
        }
      }
    }
  } finally {
    scope.release();
  }
  return found;
}

function compileProblem(file: string, text: string): string | undefined {
  if (file.endsWith('.py')) {
    const python = ['python3', 'python'].find((cmd) => spawnSync(cmd, ['--version']).status === 0);
    if (!python) return undefined;
    const run = spawnSync(python, ['-c', 'import sys; compile(sys.stdin.read(), sys.argv[1], "exec")', file], { input: text, encoding: 'utf8' });
    return run.status === 0 ? undefined : run.stderr.trim().split('\n').slice(-1)[0];
  }
  if (/\.[cm]?[jt]sx?$/.test(file)) {
    const out = ts.transpileModule(text, { fileName: file, reportDiagnostics: true, compilerOptions: { jsx: ts.JsxEmit.Preserve, allowJs: true } });
    const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
    return errors.length ? ts.flattenDiagnosticMessageText(errors[0].messageText, ' ') : undefined;
  }
  return undefined;
}

const lineEndings = (bytes: Buffer) => {
  const text = bytes.toString('latin1');
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  return crlf > lf ? 'crlf' : 'lf';
};

export async function runHarness(appDir: string, cli: string, extraArgs: readonly string[] = []): Promise<HarnessRow> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'unblock-harness-'));
  const copy = path.join(work, 'app');
  const outside = path.join(work, 'outside');
  fs.cpSync(appDir, copy, { recursive: true, verbatimSymlinks: true, filter: (src) => !SKIP.has(path.basename(src)) });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'sentinel.py'), 'import time\n\ndef f():\n    time.sleep(1)\n');
  const beforeTree = listTree(copy);
  const outsideBefore = listTree(outside);
  const scope = extraArgs.includes('--scope') ? (extraArgs[extraArgs.indexOf('--scope') + 1] as 'handlers' | 'async' | 'all') : undefined;
  const before = await scan([copy], { fixes: false, scope });
  const unawaitedBefore = unawaitedCalls(copy);
  const run = spawnSync(process.execPath, [cli, 'scan', '.', '--fix', '--exit-zero', ...extraArgs], { cwd: copy, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const summary = /(Applied) (\d+) fix\(es\) in (\d+) file\(s\); skipped (\d+)/.exec(run.stdout);
  const after = await scan([copy], { fixes: false, scope });
  const afterTree = listTree(copy);
  const row: HarnessRow = {
    app: path.basename(appDir),
    files: before.filesScanned,
    findings: before.findings.length,
    applied: Number(summary?.[2] ?? 0),
    skipped: Number(summary?.[4] ?? 0),
    rolledBack: (run.stdout.match(/rolled back:/g) ?? []).length,
    changed: 0,
    compileFailures: [],
    newUnawaited: [...unawaitedCalls(copy)].filter(([key, n]) => n > (unawaitedBefore.get(key) ?? 0)).map(([key, n]) => `${key} (${n - (unawaitedBefore.get(key) ?? 0)} more)`),
    handlersLost: [],
    outsideWrites: [],
    encodingChanges: [],
    symlinkChanges: [],
  };
  if (run.status !== 0) row.compileFailures.push(`unblock exited ${run.status}: ${run.stderr.trim().split('\n').slice(-1)[0]}`);
  for (const [rel, entry] of beforeTree) {
    const now = afterTree.get(rel);
    if (entry.link !== undefined) {
      if (now?.link !== entry.link) row.symlinkChanges.push(rel);
      continue;
    }
    if (!now || now.hash === entry.hash) continue;
    row.changed++;
    const file = path.join(copy, rel);
    const bytes = fs.readFileSync(file);
    const problem = compileProblem(file, decodeBytes(bytes, file).text);
    if (problem) row.compileFailures.push(`${rel}: ${problem}`);
    const original = fs.readFileSync(path.join(appDir, rel));
    {
      const was = decodeBytes(original, file).encoding;
      const is = decodeBytes(bytes, file).encoding;
      if (was.name !== is.name || was.bom !== is.bom || lineEndings(original) !== lineEndings(bytes)) row.encodingChanges.push(rel);
    }
  }
  for (const rel of afterTree.keys()) if (!beforeTree.has(rel)) row.changed++;
  const handlerKeys = (r: typeof before) => new Set(r.handlers.map((h) => `${path.relative(copy, h.file)}#${h.name}`));
  const afterHandlers = handlerKeys(after);
  row.handlersLost = [...handlerKeys(before)].filter((k) => !afterHandlers.has(k));
  const outsideAfter = listTree(outside);
  for (const [rel, entry] of outsideBefore) if (outsideAfter.get(rel)?.hash !== entry.hash) row.outsideWrites.push(rel);
  fs.rmSync(work, { recursive: true, force: true });
  return row;
}

function failures(row: HarnessRow): number {
  return row.compileFailures.length + row.newUnawaited.length + row.handlersLost.length + row.outsideWrites.length + row.encodingChanges.length + row.symlinkChanges.length;
}

async function main(): Promise<void> {
  // `--scope async|all` is passed on to `unblock scan --fix`: more code in scope, more fixes tried.
  const args = process.argv.slice(2);
  const at = args.indexOf('--scope');
  const extra = at >= 0 ? args.splice(at, 2) : [];
  const dirs = args;
  if (dirs.length === 0) {
    console.error('usage: npm run harness:fix -- <app dir> [...]');
    process.exit(2);
  }
  const cli = path.resolve(__dirname, '../../bin/unblock.js');
  const rows: HarnessRow[] = [];
  for (const dir of dirs) {
    const started = Date.now();
    const row = await runHarness(path.resolve(dir), cli, extra);
    rows.push(row);
    console.log(`${row.app}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const [label, list] of Object.entries({ compile: row.compileFailures, unawaited: row.newUnawaited, handlers: row.handlersLost, outside: row.outsideWrites, encoding: row.encodingChanges, symlinks: row.symlinkChanges })) {
      for (const item of list.slice(0, 10)) console.log(`  ${label}: ${item}`);
    }
  }
  console.log('\n| app | files | findings | fixes applied | skipped | rolled back | files changed | compile failures | new un-awaited calls | handlers lost | written outside | encoding/EOL changed | symlinks changed |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.app} | ${r.files} | ${r.findings} | ${r.applied} | ${r.skipped} | ${r.rolledBack} | ${r.changed} | ${r.compileFailures.length} | ${r.newUnawaited.length} | ${r.handlersLost.length} | ${r.outsideWrites.length} | ${r.encodingChanges.length} | ${r.symlinkChanges.length} |`);
  }
  process.exitCode = rows.some((r) => failures(r) > 0) ? 1 : 0;
}

if (require.main === module) void main();
