import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseFixture } from './helpers/expectations';
import { REPO, runCli } from './cli/run-cli';

/** Every source file of the bundled examples, with the findings its `expect:` markers promise. */
function expectedFindings(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      // .cache/unblock: what earlier scans of examples/ cached, not an example.
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.endsWith('.json')) {
        const { expected, problems } = parseFixture(fs.readFileSync(full, 'utf8'));
        assert.deepStrictEqual(problems, [], `${full}: malformed expect markers`);
        for (const [line, items] of expected) {
          for (const item of items) out.push(`${path.relative(REPO, full).split(path.sep).join('/')}:${line} ${item.rule}`);
        }
      }
    }
  };
  walk(dir);
  return out.sort();
}

describe('examples: the README quick start', () => {
  it('`unblock scan examples --format json` reports exactly the marked blocking spots, and none elsewhere', () => {
    const run = runCli(['scan', 'examples', '--format', 'json']);
    assert.strictEqual(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepStrictEqual(report.errors, []);
    const actual = (report.findings as Array<{ file: string; line: number; rule: string }>)
      .map((f) => `examples/${f.file}:${f.line} ${f.rule}`)
      .sort();
    assert.deepStrictEqual(actual, expectedFindings(path.join(REPO, 'examples')));
    // examples/ is the scan root here, so it is production code, not test code (src/core/testCode.ts).
    assert.strictEqual(report.testFindingsHidden, 0);
  });

  it('finds a handler in every example app', () => {
    const report = JSON.parse(runCli(['scan', 'examples', '--format', 'json']).stdout);
    const apps = new Set((report.handlers as Array<{ file: string }>).map((h) => h.file.split('/')[0]));
    const dirs = fs.readdirSync(path.join(REPO, 'examples')).filter((d) => !d.startsWith('.') && fs.statSync(path.join(REPO, 'examples', d)).isDirectory());
    assert.deepStrictEqual([...apps].sort(), dirs.sort());
  });
});
