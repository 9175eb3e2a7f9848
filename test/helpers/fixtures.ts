/**
 * Fixture cases and their check, shared by the rule fixtures
 * (test/fixtures.test.ts) and the precision shapes (test/precision/).
 *
 * A fixture is a file (`blocking-sleep.py`, `blocking-http.flask.py`) or a
 * folder scanned as one project (`config-gevent-preload/` with a Procfile and
 * app.py); in a folder every file may carry markers, in any `#` or `//`
 * comment, and unmarked lines of every file must stay silent.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Finding } from '../../src/core/model';
import { scan } from '../../src/core/scan';
import { packageDir } from '../../src/core/paths';
import { compareFindings, parseFixture, type FixtureOptions } from './expectations';

const SOURCE_EXTENSIONS = new Set(['.py', '.js', '.ts', '.mjs', '.cjs', '.jsx', '.tsx']);

export interface FixtureCase {
  /** Shown in the test title: `py/blocking-sleep.py`, `py/config-gevent-preload/`. */
  name: string;
  /** What is handed to `scan`. */
  target: string;
  /** Every file whose findings are checked. */
  files: string[];
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full) : e.isFile() ? [full] : [];
  });
}

/** The fixtures of one language folder, sorted. Loose non-source files (requirements.txt) are shared project files, not fixtures. */
export function fixtureCases(language: 'py' | 'js'): FixtureCase[] {
  return fixtureCasesIn(path.join(packageDir(), 'test', 'fixtures', language), language);
}

/** The fixtures directly under `dir` (files and folders), named `<label>/<entry>`. */
export function fixtureCasesIn(dir: string, label: string): FixtureCase[] {
  if (!fs.existsSync(dir)) return [];
  const cases: FixtureCase[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) cases.push({ name: `${label}/${entry.name}/`, target: full, files: filesUnder(full).sort() });
    else if (entry.isFile() && SOURCE_EXTENSIONS.has(path.extname(entry.name))) cases.push({ name: `${label}/${entry.name}`, target: full, files: [full] });
  }
  return cases.sort((a, b) => a.name.localeCompare(b.name));
}

function mergeOptions(all: FixtureOptions[]): FixtureOptions {
  return Object.assign({}, ...all);
}

export async function checkFixture(fixture: FixtureCase): Promise<void> {
  const specs = new Map(fixture.files.map((file) => [file, parseFixture(fs.readFileSync(file, 'utf8'))]));
  const problems = [...specs].flatMap(([file, spec]) => spec.problems.map((p) => `${path.basename(file)} ${p}`));
  assert.deepStrictEqual(problems, [], 'malformed markers');

  const options = mergeOptions([...specs.values()].map((s) => s.options));
  const result = await scan([fixture.target], { scope: options.scope, maxDepth: options.maxDepth, disabledRules: options.disabledRules });
  const inside = (file: string) => specs.has(path.resolve(file));
  assert.deepStrictEqual(result.errors.filter((e) => inside(e.file)), [], 'analysis errors');

  // Deployment checks read the whole scan root, so a single-file fixture may
  // also surface findings of a sibling folder fixture: those are checked there.
  const byFile = new Map<string, Finding[]>();
  for (const finding of result.findings.filter((f) => inside(f.file))) {
    const file = path.resolve(finding.file);
    byFile.set(file, [...(byFile.get(file) ?? []), finding]);
  }
  const mismatches = [...specs].flatMap(([file, spec]) =>
    compareFindings(spec, byFile.get(file) ?? []).map((m) => `${path.relative(path.dirname(fixture.target), file)} ${m}`),
  );
  assert.ok(mismatches.length === 0, `${fixture.name} differs from its markers:\n  ${mismatches.join('\n  ')}`);
}

