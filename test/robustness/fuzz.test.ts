/**
 * Fuzz suite: deterministic hostile inputs (truncations, byte flips, NUL,
 * invalid UTF-8, CR/CRLF, deep nesting, 1,000-term expressions, 32k-character
 * identifiers, minified and huge files, binary with source extensions, a
 * symlink loop) next to the real example apps. No exception may escape, each
 * file must stay under a time budget, and the untouched files must report
 * exactly what they report alone. Set FUZZ_CASES to try more.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { REPO } from '../cli/run-cli';
import { fuzzCases, seedSources } from './fuzz-cases';
import type { FuzzReport } from './fuzz-worker';
import { scratchDir } from '../helpers/scratch';

const CASES = Number(process.env.FUZZ_CASES ?? 130);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
/** Per file, analysis plus fixes: generous for a loaded 2-core CI machine, far below what a quadratic shape takes. */
const BUDGET_MS = 3000;

describe('fuzz: hostile input never stops a scan', function () {
  this.timeout(Math.max(300_000, CASES * 2_000));
  let report: FuzzReport;

  before(async () => {
    const root = scratchDir('unblock-fuzz-');
    const examples = path.join(root, 'examples');
    fs.cpSync(path.join(REPO, 'examples'), examples, { recursive: true });
    const fuzzDir = path.join(root, 'fuzz');
    fs.mkdirSync(fuzzDir);
    for (const c of fuzzCases(seedSources(examples), CASES, SEED)) fs.writeFileSync(path.join(fuzzDir, c.name), c.bytes);
    fs.symlinkSync('.', path.join(fuzzDir, 'loop'));
    report = await new Promise<FuzzReport>((resolve, reject) => {
      const worker = new Worker(path.join(__dirname, 'fuzz-worker.js'), {
        workerData: { root, examples, fuzzDir, budgetMs: BUDGET_MS },
        resourceLimits: { stackSizeMb: 256 },
      });
      worker.once('message', (m: FuzzReport & { fatal?: string }) => (m.fatal ? reject(new Error(m.fatal)) : resolve(m)));
      worker.once('error', reject);
    });
    console.log(`      fuzz: ${report.tried} files, ${report.crashes.length} crashes, slowest ${report.slowest.name} ${report.slowest.ms.toFixed(0)} ms, whole scan ${report.scanMs} ms`);
  });

  it('lets no exception escape', () => {
    assert.deepStrictEqual(report.crashes, []);
    assert.ok(report.tried >= CASES, `tried ${report.tried}`);
  });

  it('keeps every file under the time budget', () => {
    assert.deepStrictEqual(report.overBudget, []);
  });

  it('does not change what the untouched files report', () => {
    assert.deepStrictEqual(report.changedBaseline, []);
  });
});
