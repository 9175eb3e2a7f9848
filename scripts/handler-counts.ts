/**
 * `npm run bench:handlers -- <dirs...> [--no-interprocedural]`: for each app, how fast
 * a full scan is, how much of it is parsing, and which handlers were found
 * (by framework and kind). Prints figures; asserts nothing.
 */
import * as path from 'path';
import { performance } from 'perf_hooks';
import { Engine } from '../src/core/engine';
import { DeploymentModel } from '../src/core/deployment';
import { LANGUAGES, SOURCE_EXTENSIONS } from '../src/core/languages';
import type { HandlerReport, LanguageId } from '../src/core/model';
import { countBy, handlerLines, kindLines } from './bench/handlerTable';
import { handlerKindOf } from '../src/core/handlerKind';
import { RuleCatalog } from '../src/core/rules/catalog';
import { walkFiles } from '../src/core/files/walk';
import { readSourceFile, readTextOrUndefined } from '../src/core/files/read';
import { initPythonParser, parsePython } from '../src/core/python/parse';
import { parseJavaScript } from '../src/core/javascript/parse';

const MB = 1024 * 1024;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function languageOf(file: string): LanguageId | undefined {
  const ext = path.extname(file).toLowerCase();
  return LANGUAGES.find((l) => l.extensions.includes(ext))?.id;
}

function row(label: string, value: string): void {
  console.log(`${label.padEnd(18)}${value}`);
}

/**
 * One edit as the editor sends it: the file most chains pass through (else the
 * largest) gets a comment appended; time re-analysis of it plus fresh findings.
 */
function measureIncremental(
  engine: Engine,
  texts: Map<string, string>,
  findings: ReturnType<Engine['findings']>,
): { file: string; ms: number } | undefined {
  const hits = new Map<string, number>();
  for (const f of findings) for (const hop of f.chain.slice(1, -1)) hits.set(hop.file, (hits.get(hop.file) ?? 0) + 1);
  const byHits = [...hits.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const largest = [...texts.entries()].sort((a, b) => b[1].length - a[1].length)[0]?.[0];
  const file = byHits ?? largest;
  if (!file) return undefined;
  const comment = languageOf(file) === 'python' ? '#' : '//';
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    engine.setFile(file, `${texts.get(file)}\n${comment} edit ${i}\n`);
    engine.findingsFor(file);
    times.push(performance.now() - start);
  }
  return { file, ms: times.sort((a, b) => a - b)[2] };
}

/**
 * Handlers as the engine serves them (one per function, what a hand count of
 * an app's routes compares with), those in test code apart, and the
 * registrations the per-file matchers saw outside test code.
 */
function printHandlers(engine: Engine, handlers: HandlerReport[]): void {
  const registrations = engine.files().filter((file) => !engine.isTestCode(file)).flatMap((file) => engine.fileModel(file)?.handlers ?? []);
  const lines = [...handlerLines(handlers), ...kindLines('registrations', countBy(registrations.map((h) => ({ framework: h.framework, kind: handlerKindOf(h) }))))];
  for (const [label, value] of lines) row(label, value);
}

async function main(argv: string[]): Promise<number> {
  const dirs = argv.filter((a) => !a.startsWith('--'));
  if (dirs.length === 0) {
    console.error('usage: node out/scripts/bench.js <dirs...> [--no-interprocedural]');
    return 2;
  }
  const interprocedural = !argv.includes('--no-interprocedural');
  for (const [i, dir] of dirs.entries()) {
    if (i > 0) console.log('');
    await benchOne(path.resolve(dir), interprocedural, dirs.length > 1);
  }
  return 0;
}

async function benchOne(root: string, interprocedural: boolean, several: boolean): Promise<void> {

  const t0 = performance.now();
  const walked = await walkFiles([root], { extensions: SOURCE_EXTENSIONS });
  const t1 = performance.now();
  const texts = new Map<string, string>();
  let bytes = 0;
  for (const file of walked.files) {
    const read = readSourceFile(file);
    if ('text' in read) {
      texts.set(file, read.text);
      bytes += Buffer.byteLength(read.text);
    }
  }
  const t2 = performance.now();
  const engine = await Engine.create([root], RuleCatalog.builtin(), { scope: 'handlers', interprocedural });
  const t3 = performance.now();
  const perFile: Array<{ file: string; ms: number }> = [];
  for (const [file, text] of texts) {
    const start = performance.now();
    engine.setFile(file, text);
    perFile.push({ file, ms: performance.now() - start });
  }
  // Deployment facts as `unblock scan` applies them (gevent, gunicorn, ASGI servers).
  const deployment = await DeploymentModel.discover([root], [...texts.keys()], (file) => texts.get(file) ?? readTextOrUndefined(file));
  engine.setRefiner(deployment);
  engine.setExtraFindings((e) => deployment.configFindings(e.handlers()));
  const t4 = performance.now();
  const findings = engine.findings();
  const handlers = engine.handlers();
  const t5 = performance.now();
  const total = t5 - t0;
  const peakRss = process.resourceUsage().maxRSS * 1024;

  // Parse alone, on the same texts, per language: what the analysis adds on top.
  const parseTimes = new Map<LanguageId, { ms: number; files: number; bytes: number }>();
  await initPythonParser();
  for (const [file, text] of texts) {
    const language = languageOf(file);
    if (!language) continue;
    const start = performance.now();
    if (language === 'python') parsePython(text).delete();
    else parseJavaScript(text, file);
    const entry = parseTimes.get(language) ?? { ms: 0, files: 0, bytes: 0 };
    entry.ms += performance.now() - start;
    entry.files++;
    entry.bytes += Buffer.byteLength(text);
    parseTimes.set(language, entry);
  }

  const perLanguage = [...parseTimes.entries()].map(([id, e]) => `${id} ${e.files}`).join(', ');
  console.log(`unblock bench: ${root} (interprocedural ${interprocedural ? 'on' : 'off'})`);
  row('files', `${texts.size}${perLanguage ? ` (${perLanguage})` : ''}${walked.errors.length ? `, ${walked.errors.length} walk errors` : ''}`);
  row('size', `${(bytes / MB).toFixed(2)} MB`);
  row(
    'full scan',
    `${seconds(total)} (walk ${seconds(t1 - t0)}, read ${seconds(t2 - t1)}, init ${seconds(t3 - t2)}, ` +
      `analyze + deployment ${seconds(t4 - t3)}, findings ${seconds(t5 - t4)})`,
  );
  row('throughput', `${(texts.size / (total / 1000)).toFixed(0)} files/s, ${(bytes / MB / (total / 1000)).toFixed(2)} MB/s`);
  row('results', `${findings.length} findings, ${handlers.length} handlers, ${engine.stats.parses} parses`);
  row('peak RSS', `${(peakRss / MB).toFixed(0)} MB${several ? ' (whole process so far)' : ''}`);
  for (const [id, e] of parseTimes) {
    row(`parse ${id}`, `${seconds(e.ms)} (${e.files} files, ${(e.bytes / MB / (e.ms / 1000 || 1)).toFixed(2)} MB/s)`);
  }
  const slowest = perFile.sort((a, b) => b.ms - a.ms).slice(0, 5);
  for (const [i, { file, ms }] of slowest.entries()) {
    row(i === 0 ? 'slowest analyze' : '', `${seconds(ms)}  ${path.relative(root, file)}`);
  }
  const incremental = measureIncremental(engine, texts, findings);
  if (incremental) row('incremental', `${incremental.ms.toFixed(1)} ms median of 5 (edit ${path.relative(root, incremental.file)}, re-analyze it, that file's findings with fixes)`);
  printHandlers(engine, handlers);
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
