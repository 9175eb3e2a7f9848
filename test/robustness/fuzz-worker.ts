/**
 * Runs in a worker thread with the same large stack the CLI and the editor
 * use: analyses every fuzz file with the real engine, timing each, then
 * checks that the untouched example files report exactly what they report
 * alone. Posts a summary back; never lets an exception escape unrecorded.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parentPort, workerData } from 'worker_threads';
import { Engine } from '../../src/core/engine';
import { readSourceFile } from '../../src/core/files/read';
import { scan } from '../../src/core/scan';
import type { Finding } from '../../src/core/model';

export interface FuzzReport {
  tried: number;
  crashes: Array<{ name: string; error: string }>;
  slowest: { name: string; ms: number };
  overBudget: Array<{ name: string; ms: number }>;
  changedBaseline: string[];
  scanErrors: number;
  scanMs: number;
}

const { root, examples, fuzzDir, budgetMs } = workerData as { root: string; examples: string; fuzzDir: string; budgetMs: number };

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

const key = (f: Finding) => `${path.relative(root, f.file)}:${f.range.line}:${f.range.column}:${f.rule}:${f.severity}:${f.message}`;

async function run(): Promise<FuzzReport> {
  const report: FuzzReport = { tried: 0, crashes: [], slowest: { name: '', ms: 0 }, overBudget: [], changedBaseline: [], scanErrors: 0, scanMs: 0 };
  const exampleFiles = listFiles(examples).filter((f) => /\.(py|js|ts|tsx)$/.test(f));

  const alone = await Engine.create([root]);
  for (const file of exampleFiles) alone.setFile(file, fs.readFileSync(file, 'utf8'));
  const baseline = alone.findings().map(key).sort();

  const engine = await Engine.create([root]);
  for (const file of exampleFiles) engine.setFile(file, fs.readFileSync(file, 'utf8'));
  for (const file of listFiles(fuzzDir)) {
    const name = path.basename(file);
    report.tried++;
    const started = process.hrtime.bigint();
    try {
      const read = readSourceFile(file);
      if ('text' in read) {
        engine.setFile(file, read.text);
        // Findings with fixes for this file: the editor's per-file path, fixes included.
        engine.findingsFor(file);
      }
    } catch (error) {
      report.crashes.push({ name, error: String((error as Error)?.stack ?? error).split('\n').slice(0, 3).join(' | ') });
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (ms > report.slowest.ms) report.slowest = { name, ms };
    if (ms > budgetMs) report.overBudget.push({ name, ms });
  }
  try {
    const combined = new Set(engine.findings({ fixes: false }).filter((f) => !f.file.startsWith(fuzzDir)).map(key));
    const base = new Set(baseline);
    report.changedBaseline = [...baseline.filter((k) => !combined.has(k)).map((k) => `lost ${k}`), ...[...combined].filter((k) => !base.has(k)).map((k) => `new ${k}`)];
  } catch (error) {
    report.crashes.push({ name: '(whole project)', error: String(error) });
  }
  // The real scan over everything: walker (symlink loop), reader, deployment, reports.
  const started = Date.now();
  try {
    const result = await scan([root], { fixes: true });
    report.scanErrors = result.errors.length;
  } catch (error) {
    report.crashes.push({ name: '(scan)', error: String((error as Error)?.stack ?? error) });
  }
  report.scanMs = Date.now() - started;
  return report;
}

run().then(
  (report) => parentPort?.postMessage(report),
  (error) => parentPort?.postMessage({ fatal: String((error as Error)?.stack ?? error) }),
);
