/**
 * Runs inside the extension host (loaded by src/extension/testHook.ts, or by
 * @vscode/test-electron through `run()`): mocha over the compiled
 * `*.test.js` files next to this one, results written as JSON for the runner
 * outside the editor.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export interface IntegrationResults {
  passed: number;
  failed: number;
  skipped: number;
  failures: { title: string; error: string }[];
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; millis?: number }[];
  /** Lines tests printed with `report()` (timings). */
  notes: string[];
}

const notes: string[] = [];

/** Records a line (e.g. a measured timing) that the runner prints after the results. */
export function report(line: string): void {
  notes.push(line);
  console.log(`[unblock-integration] ${line}`);
}

export async function run(resultsFile?: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 90_000, color: false, reporter: 'spec' });
  const only = process.env.UNBLOCK_INTEGRATION_GREP;
  if (only) mocha.grep(only);
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  const results: IntegrationResults = { passed: 0, failed: 0, skipped: 0, failures: [], tests: [], notes };
  // Written after every test too, so a runner that gives up can still show what ran.
  const save = (file: string, done: boolean) => {
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ ...results, done }, null, 2));
    fs.renameSync(tmp, file);
  };
  const partial = resultsFile && `${resultsFile}.partial`;
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test) => {
      results.passed++;
      results.tests.push({ title: test.fullTitle(), state: 'passed', millis: test.duration });
    });
    runner.on('fail', (test, error: Error) => {
      results.failed++;
      results.failures.push({ title: test.fullTitle(), error: String(error?.stack ?? error) });
      results.tests.push({ title: test.fullTitle(), state: 'failed', millis: test.duration });
    });
    runner.on('pending', (test) => {
      results.skipped++;
      results.tests.push({ title: test.fullTitle(), state: 'pending' });
    });
    runner.on('test end', () => partial && save(partial, false));
  });
  if (resultsFile) save(resultsFile, true);
  else if (results.failed > 0) {
    // @vscode/test-electron: a rejected run() fails the process.
    throw new Error(`${results.failed} integration tests failed`);
  }
}
