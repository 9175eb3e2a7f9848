/**
 * `npm run bench -- [dirs...] [--files N] [--runs N] [--threads N] [--no-peers] [--edit-file F]`:
 * how fast Unblock is, next to the tools people already run on the same files.
 * Without dirs it generates a deterministic Python + JS/TS tree (`--files`,
 * default 3,000). Per language: files, MB, cold and warm scans (`--scope
 * handlers` and `async`), files/s, MB/s, peak RSS, the per-phase split, the
 * parser alone, ruff's ASYNC rules (@astral-sh/ruff-wasm-nodejs) on the
 * Python files and ESLint with eslint-plugin-n's `n/no-sync` on the JS/TS
 * files, with ratios; then 100 one-character edits of a 5,000-line Python file and of a 5,000-line TypeScript one
 * (or of `--edit-file`, a file of each dir: a space at the end of lines in
 * its function bodies), 100 outside function bodies of the Python one
 * (or of that file) and 100 Enter keystrokes in bodies, through the extension's worker. For a real app, the handlers found by
 * framework and kind (to set next to a hand count of its routes). Each figure
 * comes from a child process of its own (scripts/bench/measure.ts), and each
 * scan figure is the median of `--runs` rounds (default 3). Prints figures;
 * asserts nothing.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { walkFiles } from '../src/core/files/walk';
import { SOURCE_EXTENSIONS } from '../src/core/languages';
import { generateTree, largePythonFile, largeTypeScriptFile } from './bench/generate';
import type { Job, Measurement } from './bench/measure';
import { handlerLines } from './bench/handlerTable';
import { scan } from '../src/core/scan';
import { plural } from '../src/core/report/common';
import { SCAN_ISOLATE_FLAGS } from '../src/cli/heap';

const MB = 1024 * 1024;
const MEASURE = path.join(__dirname, 'bench', 'measure.js');

function measure(kind: string, job: Job): Measurement | { error: string } {
  const jobFile = path.join(os.tmpdir(), `unblock-bench-${process.pid}-${kind}.json`);
  fs.writeFileSync(jobFile, JSON.stringify(job));
  // The CLI's own stack size: parsers recurse on deeply nested code. Our scans get the heap the CLI gives its scan thread.
  const heapFlags = kind === 'unblock' ? SCAN_ISOLATE_FLAGS : [];
  const child = spawnSync(process.execPath, ['--stack-size=65500', ...heapFlags, MEASURE, kind, jobFile], { encoding: 'utf8', maxBuffer: 64 * MB });
  fs.rmSync(jobFile, { force: true });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Measurement | { error: string };
  } catch {
    return { error: `${kind} exited ${child.status}: ${child.stderr.slice(-2000)}` };
  }
}

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function line(label: string, m: Measurement | { error: string }, extra = ''): void {
  if ('error' in m) {
    console.log(`  ${label.padEnd(28)}failed: ${m.error.split('\n')[0]}`);
    return;
  }
  const rate = `${(m.files / (m.wallMs / 1000)).toFixed(0)} files/s, ${(m.bytes / MB / (m.wallMs / 1000)).toFixed(2)} MB/s`;
  console.log(`  ${label.padEnd(28)}${secs(m.wallMs).padStart(9)} wall ${secs(m.cpuMs).padStart(9)} cpu  ${rate.padEnd(28)} ${m.rssMB.toFixed(0).padStart(5)} MB peak${extra}`);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function phases(m: Measurement | { error: string }): string {
  if ('error' in m || !m.phases) return '';
  const names: Record<string, string> = { walk: 'walk', read: 'read', analyze: 'parse+analyze', deployment: 'deployment', handlers: 'index/summaries', findings: 'findings', reused: 'stored result checked' };
  return Object.entries(m.phases).map(([k, v]) => `${names[k] ?? k} ${secs(v)}`).join(', ');
}

type Result = Measurement | { error: string };

/** What a scan without fixes did not analyse, since nothing imports it: why it can be faster than the parser alone. */
function leftOutText(m: Measurement): string {
  const parts = [...(m.leftOut?.tests ? [plural(m.leftOut.tests, 'test file')] : []), ...(m.leftOut?.migrations ? [plural(m.leftOut.migrations, 'migration')] : [])];
  return parts.length > 0 ? ` (left out: ${parts.join(', ')} nothing imports)` : '';
}

/** The run with the median wall time (an error only when every run failed), so every figure printed for it comes from one real run. */
function medianRun(results: Result[]): Result {
  const ok = results.filter((r): r is Measurement => !('error' in r));
  if (ok.length === 0) return results[0];
  const wall = percentile(ok.map((r) => r.wallMs), 50);
  return ok.find((r) => r.wallMs === wall)!;
}

/**
 * Each round runs every tool once, one after the other, so that a change of
 * load on a shared machine hits both sides of a ratio: a ratio is the median
 * of the rounds' own ratios, printed with their range.
 */
function roundRatios(ours: Result[], theirs: Result[]): Array<{ wall: number; cpu: number }> {
  return ours.flatMap((o, i) => {
    const t = theirs[i];
    return 'error' in o || !t || 'error' in t ? [] : [{ wall: o.wallMs / t.wallMs, cpu: o.cpuMs / t.cpuMs }];
  });
}

function pairedRatio(ours: Result[], theirs: Result[]): string {
  const rounds = roundRatios(ours, theirs);
  if (rounds.length === 0) return 'n/a';
  const walls = rounds.map((r) => r.wall);
  const range = rounds.length > 1 ? ` (rounds ${Math.min(...walls).toFixed(2)}-${Math.max(...walls).toFixed(2)})` : '';
  return `${percentile(walls, 50).toFixed(2)} wall, ${percentile(rounds.map((r) => r.cpu), 50).toFixed(2)} cpu${range}`;
}

/** Runs `work` with an empty cache folder of its own, removed after. */
function withCacheDir(work: (cacheDir: string) => void): void {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'unblock-bench-cache-'));
  try {
    work(cacheDir);
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

/** Runs `work` with a comment added at the end of `file`, then puts the file back. */
function withOneFileEdited<T>(file: string, work: () => T): T {
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, `${text}\n${file.endsWith('.py') ? '#' : '//'} edited by the bench\n`);
  try {
    return work();
  } finally {
    fs.writeFileSync(file, text);
  }
}

async function benchLanguage(label: string, root: string, files: string[], peer: 'ruff' | 'eslint', options: { threads?: number; peers: boolean; runs: number; editable: boolean }): Promise<void> {
  if (files.length === 0) return;
  const bytes = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  console.log(`\n${label}: ${files.length} files, ${(bytes / MB).toFixed(2)} MB (median of ${options.runs} rounds)`);
  const base: Job = { files, root, threads: options.threads };
  const runs: Record<'cold' | 'warm' | 'edited' | 'fixes' | 'async' | 'parse' | 'peer', Result[]> = { cold: [], warm: [], edited: [], fixes: [], async: [], parse: [], peer: [] };
  for (let round = 0; round < options.runs; round++) {
    withCacheDir((cacheDir) => {
      runs.cold.push(measure('unblock', { ...base, scope: 'handlers', cacheDir }));
      runs.warm.push(measure('unblock', { ...base, scope: 'handlers', cacheDir }));
      // The generated tree is ours to touch: one file edited, so the stored result cannot be reused and the
      // per-file caches (models, each root's findings) do the work.
      if (options.editable) runs.edited.push(withOneFileEdited(files[Math.floor(files.length / 2)], () => measure('unblock', { ...base, scope: 'handlers', cacheDir })));
      // What `--format json|sarif|markdown` computes besides: every finding's fixes.
      runs.fixes.push(measure('unblock', { ...base, scope: 'handlers', fixes: true }));
      runs.async.push(measure('unblock', { ...base, scope: 'async' }));
      runs.parse.push(measure('parse', base));
      if (options.peers) runs.peer.push(measure(peer, base));
    });
  }
  const [cold, warm, coldAsync, parse] = [runs.cold, runs.warm, runs.async, runs.parse].map(medianRun);
  line('unblock --scope handlers', cold, 'error' in cold ? '' : `  ${cold.results} findings${leftOutText(cold)}`);
  const warmShares = roundRatios(runs.warm, runs.cold).map((r) => r.wall);
  line('  warm (cached)', warm, warmShares.length > 0 ? `  ${(100 * percentile(warmShares, 50)).toFixed(0)}% of cold` : '');
  if (runs.edited.length > 0) {
    const editedShares = roundRatios(runs.edited, runs.cold).map((r) => r.wall);
    line('  warm, one file edited', medianRun(runs.edited), editedShares.length > 0 ? `  ${(100 * percentile(editedShares, 50)).toFixed(0)}% of cold` : '');
  }
  const fixesShares = roundRatios(runs.fixes, runs.cold).map((r) => r.wall);
  line('  every fix (json/sarif)', medianRun(runs.fixes), fixesShares.length > 0 ? `  ${percentile(fixesShares, 50).toFixed(2)}x cold` : '');
  line('unblock --scope async', coldAsync, 'error' in coldAsync ? '' : `  ${coldAsync.results} findings`);
  line('parser alone', parse);
  const peerName = peer === 'ruff' ? 'ruff-wasm ASYNC' : 'ESLint n/no-sync';
  const other = runs.peer.length > 0 ? medianRun(runs.peer) : undefined;
  if (other) line(peerName, other, 'error' in other ? '' : `  ${other.results} diagnostics`);
  console.log(`  phases (cold handlers): ${phases(cold)}`);
  console.log(`  phases (warm handlers): ${phases(warm)}`);
  if (runs.edited.length > 0) console.log(`  phases (one file edited): ${phases(medianRun(runs.edited))}`);
  if (other) {
    console.log(`  ratio handlers / ${peerName}: ${pairedRatio(runs.cold, runs.peer)}  (target ${peer === 'ruff' ? '<= 1.0' : '<= 0.33'})`);
    console.log(`  ratio async    / ${peerName}: ${pairedRatio(runs.async, runs.peer)}`);
  }
}

/**
 * 100 one-character edits of `file` (`text`: its unsaved content) through the
 * language server's worker, and a code action after them; `runs` rounds, each
 * in a process of its own. The round with the median p95 is printed (its
 * figures come from one real run), with the range of the rounds': a p95 of
 * 100 edits is their fifth slowest, which a shared machine moves most.
 */
function benchEditor(root: string, file: string, text: string | undefined, what: string, keys: { outside?: boolean; enter?: boolean }, runs: number): void {
  const rounds: Measurement[] = [];
  let failed: string | undefined;
  for (let round = 0; round < runs; round++) {
    const edits = measure('editor', { files: [], root, largeFile: file, largeText: text, ...keys });
    if ('error' in edits) failed = edits.error;
    else rounds.push(edits);
  }
  if (rounds.length === 0) {
    console.log(`\neditor (${what}): failed: ${(failed ?? '').split('\n')[0]}`);
    return;
  }
  const p95s = rounds.map((r) => percentile(r.latencies ?? [], 95));
  const edits = rounds[p95s.indexOf(percentile(p95s, 50))];
  const l = edits.latencies ?? [];
  const warm = edits.warmup ?? [];
  const range = (values: number[]): string => (values.length > 1 ? ` (rounds ${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)})` : '');
  console.log(`\neditor (100 ${keys.enter ? 'Enter keystrokes in' : 'one-character edits of'} ${what}, setFile + findings without fixes through the worker; the median of ${rounds.length} rounds by p95):`);
  console.log(`  p50 ${percentile(l, 50).toFixed(1)} ms${range(rounds.map((r) => percentile(r.latencies ?? [], 50)))}, p95 ${percentile(l, 95).toFixed(1)} ms${range(p95s)}, max ${Math.max(...l).toFixed(1)} ms (worker with the whole workspace loaded, ${edits.rssMB.toFixed(0)} MB peak)`);
  console.log(`  the ${warm.length} edits before them (the JIT compiling the analysis code): p50 ${percentile(warm, 50).toFixed(1)} ms, max ${Math.max(...warm).toFixed(1)} ms`);
  console.log(`  then a code action on one finding (findings, then that finding's fixes): ${edits.fixesMs?.toFixed(1)} ms`);
}

/** The whole folder in one scan, both languages, cold, as `unblock scan <folder>` runs it: the peak-memory target (400 MB for 10,000 files) is this one's. */
function benchWholeTree(root: string, files: string[], runs: number): void {
  if (!files.some((f) => f.endsWith('.py')) || files.every((f) => f.endsWith('.py'))) return;
  const bytes = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  console.log(`
whole tree, both languages: ${files.length} files, ${(bytes / MB).toFixed(2)} MB (median of ${runs} rounds)`);
  const results: Result[] = [];
  for (let round = 0; round < runs; round++) withCacheDir((cacheDir) => results.push(measure('unblock', { files, root, scope: 'handlers', cacheDir })));
  const cold = medianRun(results);
  const peaks = results.flatMap((r) => ('error' in r ? [] : [r.rssMB]));
  line('unblock --scope handlers', cold, peaks.length > 1 ? `  (peaks ${Math.min(...peaks).toFixed(0)}-${Math.max(...peaks).toFixed(0)} MB; target 400 MB for 10,000 files)` : '');
  console.log(`  phases: ${phases(cold)}`);
}

async function main(argv: string[]): Promise<number> {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const threads = flag('--threads') !== undefined ? Number(flag('--threads')) : undefined;
  const peers = !argv.includes('--no-peers');
  const runs = Math.max(1, Number(flag('--runs') ?? 3));
  const flagValues = new Set(['--files', '--threads', '--runs', '--edit-file'].map(flag));
  const editFile = flag('--edit-file');
  let dirs = argv.filter((a, i) => !a.startsWith('--') && !(flagValues.has(a) && argv[i - 1]?.startsWith('--')));
  let largeFile: string | undefined;
  let generated: string | undefined;
  if (dirs.length === 0) {
    generated = path.join(os.tmpdir(), 'unblock-bench-tree');
    const tree = generateTree(generated, Number(flag('--files') ?? 3000));
    console.log(`generated ${tree.files} files under ${tree.root} (seed 1)`);
    dirs = [tree.root];
    largeFile = tree.largeFile;
  }
  console.log(`unblock bench: node ${process.version}, ${os.availableParallelism()} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const dir of dirs) {
    const root = path.resolve(dir);
    const walked = await walkFiles([root], { extensions: SOURCE_EXTENSIONS });
    const python = walked.files.filter((f) => f.endsWith('.py'));
    const js = walked.files.filter((f) => !f.endsWith('.py'));
    console.log(`\n== ${root}`);
    const editable = generated !== undefined;
    await benchLanguage('Python', root, python, 'ruff', { threads, peers, runs, editable });
    await benchLanguage('JS/TS', root, js, 'eslint', { threads, peers, runs, editable });
    benchWholeTree(root, walked.files, runs);
    // A real app: which handlers were found, to set next to a hand count of its routes.
    if (!generated) {
      const result = await scan([root], { scope: 'handlers', fixes: false });
      console.log('\nhandlers found (by framework and kind):');
      for (const [label, value] of handlerLines(result.handlers)) console.log(`  ${label.padEnd(14)}${value}`);
    }
    // The editor: 5,000-line modules in this workspace (FastAPI, then Express in TypeScript; unsaved, as an editor's
    // buffer, unless the generated tree has the Python one), or the app's own file given, edited one character at a time.
    const real = editFile !== undefined ? path.resolve(root, editFile) : undefined;
    const largePython = { file: largeFile ?? path.join(root, 'unblock_bench_large.py'), text: largeFile ? undefined : largePythonFile() };
    const realLines = real && `${path.relative(root, real)} (${fs.readFileSync(real, 'utf8').split('\n').length} lines)`;
    const largeTypeScript = { file: path.join(root, generated ? 'js/src/routes' : '', 'unblock_bench_large.ts'), text: largeTypeScriptFile() };
    const edited: Array<{ file: string; text?: string; what: string; outside?: boolean; enter?: boolean }> = real
      ? [
          { file: real, what: `${realLines}, a space at the end of lines in function bodies` },
          // Class attributes, decorators, module statements: the index keeps what it built when only positions moved.
          { file: real, what: `${realLines}, a space at the end of lines outside function bodies`, outside: true },
          // A line added moves every line after it: the handlers there, their findings and registrations move with them.
          { file: real, what: `${realLines}, at the end of lines in function bodies`, enter: true },
        ]
      : [
          { ...largePython, what: 'a 5,000-line Python file' },
          { ...largePython, what: 'a 5,000-line Python file, a space at the end of lines outside function bodies (decorators, module statements)', outside: true },
          { ...largePython, what: 'a 5,000-line Python file, in function bodies', enter: true },
          { ...largeTypeScript, what: 'a 5,000-line TypeScript file' },
          { ...largeTypeScript, what: 'a 5,000-line TypeScript file, in function bodies', enter: true },
          // The common keystroke of a large workspace: a small module many handlers reach, where no handler is registered.
          ...(generated ? [{ file: path.join(root, 'py/app/services/helpers_0.py'), what: 'a helper module (no handlers; the views reach it), a space at the end of lines in function bodies' }] : []),
        ];
    for (const { file, text, what, outside, enter } of edited) benchEditor(root, file, text, what, { outside, enter }, runs);
  }
  console.log('\nActivation time needs VS Code: the integration suite measures it (test/integration).');
  if (generated) fs.rmSync(generated, { recursive: true, force: true });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 2;
  },
);
