/**
 * Runs the real scanner on every fixture under test/fixtures/py and
 * test/fixtures/js and compares its findings, line by line, with the
 * `expect:` markers written in the fixture (see test/helpers/expectations.ts).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scan } from '../src/core/scan';
import { packageDir } from '../src/core/paths';
import { compareFindings, parseFixture } from './helpers/expectations';

const FIXTURE_EXTENSIONS = new Set(['.py', '.js', '.ts', '.mjs', '.cjs', '.jsx', '.tsx']);

/** Fixture files of one language folder, sorted (files in sub-folders belong to multi-file fixtures). */
export function fixtureFiles(language: 'py' | 'js'): string[] {
  const dir = path.join(packageDir(), 'test', 'fixtures', language);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && FIXTURE_EXTENSIONS.has(path.extname(e.name)))
    .map((e) => path.join(dir, e.name))
    .sort();
}

for (const language of ['py', 'js'] as const) {
  describe(`fixtures: ${language}`, () => {
    const files = fixtureFiles(language);

    if (language === 'py') {
      it('has fixture files', () => assert.ok(files.length > 0, 'no Python fixtures found'));
    }

    for (const file of files) {
      const name = path.basename(file);
      it(`${language}/${name} produces exactly its expected findings`, async () => {
        const text = fs.readFileSync(file, 'utf8');
        const spec = parseFixture(text);
        assert.deepStrictEqual(spec.problems, [], `malformed markers in ${name}`);
        const result = await scan([file], {
          scope: spec.options.scope,
          maxDepth: spec.options.maxDepth,
          disabledRules: spec.options.disabledRules,
        });
        const errors = result.errors.filter((e) => path.resolve(e.file) === file);
        assert.deepStrictEqual(errors, [], `analysis errors in ${name}`);
        const findings = result.findings.filter((f) => path.resolve(f.file) === file);
        const mismatches = compareFindings(spec, findings);
        assert.ok(mismatches.length === 0, `${name}:\n  ${mismatches.join('\n  ')}`);
      });
    }
  });
}
