/**
 * Runs the real scanner on every fixture under test/fixtures/py and
 * test/fixtures/js and compares its findings, line by line, with the
 * `expect:` markers written in the fixture (see test/helpers/expectations.ts
 * and test/helpers/fixtures.ts).
 */
import * as assert from 'assert';
import { checkFixture, fixtureCases } from './helpers/fixtures';

for (const language of ['py', 'js'] as const) {
  describe(`fixtures: ${language}`, () => {
    const cases = fixtureCases(language);
    if (language === 'py') {
      it('has fixtures', () => assert.ok(cases.length > 0, 'no Python fixtures found'));
    }
    for (const fixture of cases) {
      it(`${fixture.name} produces exactly its expected findings`, () => checkFixture(fixture));
    }
  });
}
