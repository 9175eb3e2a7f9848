/**
 * One measurement of `npm run bench`, run in a child process of its own so
 * that its peak RSS and CPU time are its own: `node out/scripts/bench/measure.js
 * <kind> <job.json>` prints one JSON line. Every kind reads the same file
 * list and times from before it loads its tool to the last result.
 */
import { requireBundle } from '../../src/core/codeCache';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { collectGarbage, configureHeap } from '../../src/cli/heap';

export interface Job {
  files: string[];
  root: string;
  scope?: 'handlers' | 'async';
  /** Compute every finding's fixes, as the JSON, SARIF and Markdown reports do. */
  fixes?: boolean;
  cacheDir?: string;
  threads?: number;
  largeFile?: string;
  largeText?: string;
  /** Editor: type outside every function body (`typingPlaces`). */
  outside?: boolean;
  /** Editor: press Enter instead (a line break and the line's indentation, as editors insert it), moving every line after it. */
  enter?: boolean;
}

export interface Measurement {
  wallMs: number;
  cpuMs: number;
  rssMB: number;
  files: number;
  bytes: number;
  results?: number;
  /** A scan without fixes: the test files and migrations it left out, since nothing imports them (src/core/unimported.ts). */
  leftOut?: { tests: number; migrations: number };
  phases?: Record<string, number>;
  cacheHits?: number;
  latencies?: number[];
  /** Editor: the edits before the measured ones, while the JIT compiles the analysis code. */
  warmup?: number[];
  /** Editor: a code action's fixes (one finding of the edited file), after the edits. */
  fixesMs?: number;
  note?: string;
}

const started = performance.now();
const cpuStart = process.cpuUsage();

function finish(extra: Omit<Measurement, 'wallMs' | 'cpuMs' | 'rssMB'>): Measurement {
  const cpu = process.cpuUsage(cpuStart);
  return {
    wallMs: performance.now() - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssMB: (process.resourceUsage().maxRSS * 1024) / (1024 * 1024),
    ...extra,
  };
}

function readAll(files: string[]): { texts: Array<{ file: string; text: string }>; bytes: number } {
  const texts: Array<{ file: string; text: string }> = [];
  let bytes = 0;
  for (const file of files) {
    try {
      const text = fs.readFileSync(file, 'utf8');
      texts.push({ file, text });
      bytes += Buffer.byteLength(text);
    } catch {
      // Gone since the walk: skipped by every tool alike.
    }
  }
  return { texts, bytes };
}

/** The CLI's own bundle when built (what users run: one file to load, through V8's code cache as the CLI loads it), else the compiled sources. */
function loadScan(): typeof import('../../src/core/scan').scan {
  const compiled = () => require('../../src/core/scan') as typeof import('../../src/core/scan');
  const loaded = requireBundle('scanCommand.js', compiled, path.join(__dirname, '..', '..', '..', 'dist')) as { scan?: typeof import('../../src/core/scan').scan };
  return loaded.scan ?? compiled().scan;
}

async function unblockScan(job: Job): Promise<Measurement> {
  // As the CLI runs its scans.
  configureHeap();
  const scan = loadScan();
  const timings: Record<string, number> = {};
  const result = await scan(job.files, { scope: job.scope, fixes: job.fixes ?? false, cacheDir: job.cacheDir, reuseResult: true, threads: job.threads, timings, afterLanguage: collectGarbage });
  const bytes = job.files.reduce((sum, f) => sum + (fs.statSync(f, { throwIfNoEntry: false })?.size ?? 0), 0);
  const leftOut = { tests: result.testFilesNotAnalysed ?? 0, migrations: result.migrationsNotAnalysed ?? 0 };
  return finish({ files: result.filesScanned, bytes, results: result.findings.length, phases: timings, ...(leftOut.tests + leftOut.migrations > 0 ? { leftOut } : {}) });
}

async function parseOnly(job: Job): Promise<Measurement> {
  const { initPythonParser, parsePython } = await import('../../src/core/python/parse');
  const { parseJavaScript } = await import('../../src/core/javascript/parse');
  await initPythonParser();
  const { texts, bytes } = readAll(job.files);
  for (const { file, text } of texts) {
    if (file.endsWith('.py')) parsePython(text).delete();
    else parseJavaScript(text, file);
  }
  return finish({ files: texts.length, bytes });
}

async function ruff(job: Job): Promise<Measurement> {
  const { Workspace, PositionEncoding } = await import('@astral-sh/ruff-wasm-nodejs');
  const workspace = new Workspace({ lint: { select: ['ASYNC'] } }, PositionEncoding.Utf16);
  const { texts, bytes } = readAll(job.files);
  let results = 0;
  for (const { text } of texts) {
    try {
      results += (workspace.check(text) as unknown[]).length;
    } catch {
      // ruff rejects some inputs (invalid syntax): counted, like our parse errors.
    }
  }
  return finish({ files: texts.length, bytes, results });
}

async function eslint(job: Job): Promise<Measurement> {
  const { Linter } = await import('eslint');
  const n = (await import('eslint-plugin-n')).default;
  // Its type declarations need node16 module resolution; the value is all ESLint needs.
  const typescriptEslint = require('@typescript-eslint/parser') as { parseForESLint: (code: string, options: unknown) => Record<string, unknown>; meta: unknown };
  // Untyped linting, as most projects run it: without a TS program n/no-sync must not see half-built parser services (it throws).
  const tsParser = { meta: typescriptEslint.meta, parseForESLint: (code: string, options: unknown) => ({ ...typescriptEslint.parseForESLint(code, options), services: undefined }) };
  const linter = new Linter({ configType: 'flat' });
  const rules = { 'n/no-sync': 'error' } as const;
  const config = [
    { files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx'], plugins: { n }, rules, languageOptions: { ecmaVersion: 'latest' as const, sourceType: 'module' as const, parserOptions: { ecmaFeatures: { jsx: true } } } },
    { files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'], plugins: { n }, rules, languageOptions: { parser: tsParser, ecmaVersion: 'latest' as const, sourceType: 'module' as const } },
  ];
  const { texts, bytes } = readAll(job.files);
  let results = 0;
  for (const { file, text } of texts) results += linter.verify(text, config as never, path.relative(job.root, file)).length;
  return finish({ files: texts.length, bytes, results });
}

/** Edits timed apart before the 100 measured ones: the first edits of a session compile the analysis code. */
const WARMUP_EDITS = 10;
/**
 * Time between one edit's diagnostics and the next edit. The extension
 * debounces typing (`DEBOUNCE_MS`, 300 ms), so between two analyses the
 * worker is idle that long less an analysis; the bench waits less than that,
 * to stay quick, which leaves the worker less idle time than an editor does.
 */
const EDIT_PAUSE_MS = 50;

/**
 * Where the editor benchmark types: into the comment that opens each
 * generated handler (Python or TypeScript), or in a real file (`npm run bench -- <app> --edit-file
 * <file>`) a space at the end of each line of a Python `def` body, so every
 * edit stays inside one body and parses. `outside`: a space at the end of
 * the lines outside every function body (Python: class attributes,
 * decorators, module statements; JS/TS: unindented statements ending in `;`
 * or `)`), the edits the index must tell from changes (positionOnlyEdit.ts).
 */
function typingPlaces(text: string, python: boolean, outside = false): { anchors: number[]; typed: string } {
  const generated = [...text.matchAll(/(?:#|\/\/) the handler of route \d+/g)].map((m) => m.index! + m[0].length);
  if (generated.length > 0 && !outside) return { anchors: generated, typed: 'x' };
  const anchors: number[] = [];
  let at = 0;
  let bodyIndent = -1;
  for (const line of text.split('\n')) {
    const indent = line.search(/\S/);
    const isDef = python && /^\s*(async\s+)?def\s/.test(line);
    if (isDef) bodyIndent = indent;
    else if (indent >= 0 && indent <= bodyIndent) bodyIndent = -1;
    const inBody = bodyIndent >= 0 && indent > bodyIndent;
    if (!isDef && indent >= 0 && !/^\s*(#|\/\/|\*|\/\*)/.test(line)) {
      if (!outside && inBody) anchors.push(at + line.length);
      if (outside && !inBody && (python ? !/[\\'"]$/.test(line) : indent === 0 && /[;)]$/.test(line))) anchors.push(at + line.length);
    }
    at += line.length + 1;
  }
  return { anchors, typed: ' ' };
}

/** 100 one-character edits of a large file through the language server's worker protocol (what the editor sends after the debounce); then the first code action's fixes. */
async function editor(job: Job): Promise<Measurement> {
  const { EngineClient } = await import('../../src/server/engine/engineClient');
  // The worker the extension ships (dist/, built by `npm run bench`), as the scans use dist/scanCommand.js.
  const bundled = path.join(__dirname, '..', '..', '..', 'dist', 'worker.js');
  const workerFile = fs.existsSync(bundled) ? bundled : path.join(__dirname, '..', '..', 'src', 'server', 'engine', 'worker.js');
  let indexed: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (indexed = resolve));
  const client = new EngineClient(workerFile, (event) => {
    if (event.type === 'indexed') indexed();
  }, () => undefined);
  await client.configure({ roots: [job.root], severity: {}, disabledRules: [], ignore: [], ruleFiles: [], trusted: true });
  await client.request({ type: 'handlers' });
  await ready;
  const file = job.largeFile!;
  let text = job.largeText ?? fs.readFileSync(file, 'utf8');
  let version = 1;
  const edit = async (): Promise<number> => {
    const t = performance.now();
    await client.request({ type: 'setFile', file, text, version: version++, virtual: false });
    // What the editor asks after an edit: findings without fixes (code actions compute those).
    await client.request({ type: 'findings', files: [file], fixes: false });
    return performance.now() - t;
  };
  await edit();
  const latencies: number[] = [];
  const warmup: number[] = [];
  // Type one character at a time at places spread over the file, as a person editing would. The
  // first edits of a session run the analysis code cold (the JIT compiles it): they are timed apart.
  const { anchors, typed } = typingPlaces(text, file.endsWith('.py'), job.outside);
  if (anchors.length === 0) throw new Error(`${file}: no ${job.outside ? 'line outside function bodies' : 'function body'} to type in`);
  for (let i = 0; i < WARMUP_EDITS + 100; i++) {
    const slot = (i * 37) % anchors.length;
    const at = anchors[slot];
    const keyed = job.enter ? `\n${/^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', at - 1) + 1))![0]}` : typed;
    text = `${text.slice(0, at)}${keyed}${text.slice(at)}`;
    for (let k = 0; k < anchors.length; k++) if (anchors[k] > at || k === slot) anchors[k] += keyed.length;
    (i < WARMUP_EDITS ? warmup : latencies).push(await edit());
    await new Promise((resolve) => setTimeout(resolve, EDIT_PAUSE_MS));
  }
  const t = performance.now();
  // A code action asks for the fixes of the findings under the cursor: one here, in the middle of the file.
  const { byFile } = await client.request<{ byFile: Record<string, unknown[]> }>({ type: 'findings', files: [file], fixes: false });
  await client.request({ type: 'findings', files: [file], fixes: true, indexes: [Math.floor((byFile[file]?.length ?? 0) / 2)] });
  const fixesMs = performance.now() - t;
  client.dispose();
  return finish({ files: 1, bytes: Buffer.byteLength(text), latencies, warmup, fixesMs });
}

const KINDS: Record<string, (job: Job) => Promise<Measurement>> = { unblock: unblockScan, parse: parseOnly, ruff, eslint, editor };

if (require.main === module) {
  const [kind, jobFile] = process.argv.slice(2);
  const job = JSON.parse(fs.readFileSync(jobFile, 'utf8')) as Job;
  KINDS[kind](job).then(
    (m) => process.stdout.write(`${JSON.stringify(m)}\n`),
    (error: Error) => {
      process.stdout.write(`${JSON.stringify({ error: error?.stack ?? String(error) })}\n`);
      process.exitCode = 1;
    },
  );
}
